import Foundation
import LoupeEvaluation

/// One key's value in a config file, with what its readers need to report errors at
/// `file:LINE:COLUMN` and to resolve relative paths.
struct ConfigValue {
    var key: String
    var json: JSONText.Located
    var file: String
    /// The config file's folder: relative paths are taken relative to it.
    var baseFolder: String

    func failure(_ message: String) -> LoupeError {
        ConfigFile.failure(file, json.position, message)
    }

    func string() throws -> String {
        guard case .string(let text) = json.value else {
            throw failure("'\(key)' must be a string, not \(json.value.kindName)")
        }
        return text
    }

    func path() throws -> String { ConfigFile.resolve(try string(), in: baseFolder) }

    func number() throws -> Double {
        guard case .number(let number, _) = json.value else {
            throw failure("'\(key)' must be a number, not \(json.value.kindName)")
        }
        return number
    }

    func integer(atLeast minimum: Int) throws -> Int {
        let number = try number()
        guard number == number.rounded(), number >= Double(minimum), number < 1e15 else {
            throw failure("'\(key)' must be a whole number of at least \(minimum)")
        }
        return Int(number)
    }
}
