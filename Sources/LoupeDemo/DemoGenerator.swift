/// One entry point for `loupe generate --kind KIND --rows N --out FILE [--seed S]`.
public enum DemoGenerator {
    public enum Kind: String, CaseIterable, Sendable {
        /// The reference benchmark workload (`BenchWorkload`).
        case bench
        /// The credit-default data set of `loupe demo` (`CreditDemo`).
        case credit
        /// The house-price data set of `loupe demo`'s regression example (`HouseDemo`).
        case house
        /// The document-type data set of `loupe demo`'s multiclass example (`MulticlassDemo`).
        case documents
        /// The multiclass benchmark workload (`MulticlassBenchWorkload`).
        case benchMulticlass = "bench-multiclass"
        /// The data-drift benchmark's current data set (`BenchWorkload`, drifted); its reference
        /// is a `bench` file.
        case benchDrift = "bench-drift"

        public var defaultSeed: UInt64 {
            switch self {
            case .bench: return BenchWorkload.defaultSeed
            case .credit: return CreditDemo.defaultSeed
            case .house: return HouseDemo.defaultSeed
            case .documents: return MulticlassDemo.defaultSeed
            case .benchMulticlass: return MulticlassBenchWorkload.defaultSeed
            // Another stream than `bench`'s, so the current rows are not the reference's rows.
            case .benchDrift: return BenchWorkload.defaultSeed + 1
            }
        }

        public var defaultRows: Int {
            switch self {
            case .bench: return 1_000_000
            case .credit: return CreditDemo.defaultRows
            case .house: return HouseDemo.defaultRows
            case .documents: return MulticlassDemo.defaultRows
            case .benchMulticlass, .benchDrift: return 1_000_000
            }
        }
    }

    /// Writes `rows` rows of `kind` to `path` (the kind's default seed when `seed` is nil).
    public static func write(_ kind: Kind, rows: Int, seed: UInt64? = nil, to path: String) throws {
        switch kind {
        case .bench: try BenchWorkload.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .credit: try CreditDemo.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .house: try HouseDemo.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .documents: try MulticlassDemo.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .benchMulticlass: try MulticlassBenchWorkload.write(rows: rows, seed: seed ?? kind.defaultSeed, to: path)
        case .benchDrift: try BenchWorkload.write(rows: rows, seed: seed ?? kind.defaultSeed, drifted: true, to: path)
        }
    }
}
