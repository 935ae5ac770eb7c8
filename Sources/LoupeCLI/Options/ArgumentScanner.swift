import LoupeEvaluation

/// Walks an argument list, handing out flag values with usage errors that name the flag.
struct ArgumentScanner {
    private var arguments: [String]
    private var index = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    mutating func next() -> String? {
        guard index < arguments.count else { return nil }
        defer { index += 1 }
        return arguments[index]
    }

    /// `--flag=value` → (`--flag`, `value`); `--flag` → (`--flag`, nil).
    static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }

    mutating func value(for flag: String, inline: String?) throws -> String {
        if let inline { return inline }
        guard let value = next(), !value.hasPrefix("--") || value == "--" else {
            throw LoupeError.usage("\(flag) needs a value")
        }
        return value
    }

    static func number(_ text: String, flag: String) throws -> Double {
        guard let number = Double(text), number.isFinite else {
            throw LoupeError.usage("\(flag): '\(text)' is not a number")
        }
        return number
    }

    static func integer(_ text: String, flag: String, atLeast minimum: Int) throws -> Int {
        guard let number = Int(text), number >= minimum else {
            throw LoupeError.usage("\(flag): '\(text)' is not a whole number of at least \(minimum)")
        }
        return number
    }
}
