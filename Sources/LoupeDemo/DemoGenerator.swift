/// One entry point for `loupe generate --kind bench|credit|house --rows N --out FILE [--seed S]`.
public enum DemoGenerator {
    public enum Kind: String, CaseIterable, Sendable {
        /// The reference benchmark workload (`BenchWorkload`).
        case bench
        /// The credit-default data set of `loupe demo` (`CreditDemo`).
        case credit
        /// The house-price data set of `loupe demo`'s regression example (`HouseDemo`).
        case house

        public var defaultSeed: UInt64 {
            switch self {
            case .bench: return BenchWorkload.defaultSeed
            case .credit: return CreditDemo.defaultSeed
            case .house: return HouseDemo.defaultSeed
            }
        }

        public var defaultRows: Int {
            switch self {
            case .bench: return 1_000_000
            case .credit: return CreditDemo.defaultRows
            case .house: return HouseDemo.defaultRows
            }
        }
    }

    /// Writes `rows` rows of `kind` to `path` (the kind's default seed when `seed` is nil).
    public static func write(_ kind: Kind, rows: Int, seed: UInt64? = nil, to path: String) throws {
        switch kind {
        case .bench: try BenchWorkload.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .credit: try CreditDemo.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .house: try HouseDemo.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        }
    }
}
