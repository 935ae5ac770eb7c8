/// The parameters of one detector: River's names and defaults, settable by name from text.
///
/// `init()` gives the defaults; `setting(_:to:)` sets one parameter from its text; `validated()`
/// checks constraints between parameters; `settings` lists every parameter with its effective
/// value, in River's constructor order.
public protocol DetectorParameters: Sendable, Equatable {
    /// The detector's name on the command line and in results.json (`ddm`, `page_hinkley`).
    static var detectorName: String { get }
    /// The parameter names in River's constructor order.
    static var parameterNames: [String] { get }
    /// The defaults.
    init()
    /// Every parameter with its effective value, in `parameterNames` order.
    var settings: [DetectorParameterSetting] { get }
    /// Sets the parameter `name` from `text`, or throws naming the unknown parameter or the bad value.
    mutating func set(_ name: String, to text: String) throws(DetectorParameterError)
    /// Checks constraints that involve more than one parameter.
    func validate() throws(DetectorParameterError)
}

extension DetectorParameters {
    public func validate() throws(DetectorParameterError) {}

    /// The defaults with `pairs` applied in order (a later pair for the same name wins), then
    /// validated together.
    public init(parsing pairs: [(name: String, value: String)]) throws(DetectorParameterError) {
        self.init()
        for pair in pairs { try set(pair.name, to: pair.value) }
        try validate()
    }

    /// The error for a name that is not one of `parameterNames`.
    static func unknown(_ name: String) -> DetectorParameterError {
        .unknownParameter(detector: detectorName, name: name, valid: parameterNames)
    }

    /// An integer ≥ `minimum`.
    static func integer(_ name: String, _ text: String, atLeast minimum: Int) throws(DetectorParameterError) -> Int {
        guard let value = Int(text), value >= minimum else {
            throw .invalidValue(detector: detectorName, name: name, value: text, expected: "an integer ≥ \(minimum)")
        }
        return value
    }

    /// A finite real number for which `accepts` holds; `expected` describes the range.
    static func real(
        _ name: String, _ text: String, _ expected: String, _ accepts: (Double) -> Bool
    ) throws(DetectorParameterError) -> Double {
        guard let value = Double(text), value.isFinite, accepts(value) else {
            throw .invalidValue(detector: detectorName, name: name, value: text, expected: expected)
        }
        return value
    }

    /// `true` or `false`.
    static func flag(_ name: String, _ text: String) throws(DetectorParameterError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw .invalidValue(detector: detectorName, name: name, value: text, expected: "true or false")
        }
    }

    /// One of `choices`.
    static func choice(_ name: String, _ text: String, among choices: [String]) throws(DetectorParameterError) -> String {
        guard choices.contains(text) else {
            throw .invalidValue(
                detector: detectorName, name: name, value: text, expected: "one of " + choices.joined(separator: ", "))
        }
        return text
    }
}
