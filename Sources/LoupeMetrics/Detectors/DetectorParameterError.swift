/// Why a detector's parameters could not be set from text. One sentence per case, naming the
/// detector and the parameter.
public enum DetectorParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `name` is not a parameter of `detector`; `valid` lists those that are, in River's order.
    case unknownParameter(detector: String, name: String, valid: [String])
    /// `value` is not acceptable for `name`; `expected` says what is.
    case invalidValue(detector: String, name: String, value: String, expected: String)
    /// The parameters are each valid but not together (EDDM's alpha below beta, say).
    case inconsistent(detector: String, reason: String)
    /// No detector has this name; `valid` lists the catalogue's names.
    case unknownDetector(name: String, valid: [String])

    public var description: String {
        switch self {
        case let .unknownParameter(detector, name, valid):
            return "\(detector): unknown parameter '\(name)'; valid parameters: \(valid.joined(separator: ", "))"
        case let .invalidValue(detector, name, value, expected):
            return "\(detector): parameter \(name) cannot be '\(value)'; expected \(expected)"
        case let .inconsistent(detector, reason):
            return "\(detector): \(reason)"
        case let .unknownDetector(name, valid):
            return "unknown drift detector '\(name)'; valid detectors: \(valid.joined(separator: ", "))"
        }
    }
}
