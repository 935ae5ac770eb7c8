import Foundation
import LoupeResults

/// Reads and writes results.json: pretty-printed with sorted keys, so the same results give the
/// same bytes, and doubles written in their shortest exact form.
public enum ResultsFile {
    public static func encode(_ results: Results) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(results)) + [0x0A]
        } catch {
            throw LoupeError.output("cannot encode results.json (\(error))")
        }
    }

    public static func decode(path: String) throws -> Results {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoupeError.input("\(path): cannot read the results file")
        }
        do {
            let results = try JSONDecoder().decode(Results.self, from: data)
            guard results.schema == Results.schemaIdentifier else {
                throw LoupeError.input("\(path): schema '\(results.schema)' is not \(Results.schemaIdentifier)")
            }
            return results
        } catch let error as LoupeError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            let place = context.codingPath.isEmpty ? "" : " in \(codingPath(context.codingPath))"
            throw LoupeError.input("\(path): missing '\(key.stringValue)'\(place)")
        } catch let DecodingError.typeMismatch(type, context) {
            throw LoupeError.input("\(path): \(codingPath(context.codingPath)): expected \(kind(of: type))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw LoupeError.input("\(path): \(codingPath(context.codingPath)): expected \(kind(of: type)), found null")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            // A value of the right JSON type that is not allowed there (an unknown task name).
            throw LoupeError.input("\(path): \(codingPath(context.codingPath)): not an allowed value")
        } catch DecodingError.dataCorrupted {
            throw LoupeError.input("\(path): not valid JSON")
        } catch {
            throw LoupeError.input("\(path): cannot read the results (\(error))")
        }
    }

    /// `overall.candidate.roc_auc.value`, `slices[3].count`: the JSON path of a value, as jq writes it.
    static func codingPath(_ path: [CodingKey]) -> String {
        guard !path.isEmpty else { return "the top level" }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    /// What a Swift type is in JSON terms, for messages: `a number`, `a string`, `an object`.
    static func kind(of type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Float.Type, is Optional<Double>.Type, is Optional<Int>.Type: return "a number"
        case is String.Type, is Optional<String>.Type: return "a string"
        case is Bool.Type, is Optional<Bool>.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") || name.hasPrefix("[") { return "a list" }
            return "an object"
        }
    }
}
