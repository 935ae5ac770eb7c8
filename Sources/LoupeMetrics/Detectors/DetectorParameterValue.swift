/// The value of one detector parameter, typed so it prints the way it was meant
/// (`30`, `0.002`, `true`, `both`) in results.json's `parameters`.
public enum DetectorParameterValue: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case flag(Bool)
    case choice(String)

    /// The value as text that `DetectorParameters.setting(_:to:)` reads back to the same value:
    /// integers in decimal, reals in Swift's shortest round-trip form (`0.002`, `50.0`),
    /// flags as `true`/`false`, choices verbatim.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .flag(let value): return value ? "true" : "false"
        case .choice(let value): return value
        }
    }
}

/// A parameter name with its effective value.
public struct DetectorParameterSetting: Sendable, Equatable {
    public var name: String
    public var value: DetectorParameterValue

    public init(name: String, value: DetectorParameterValue) {
        self.name = name
        self.value = value
    }
}
