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
            throw LoupeError.input("\(path): missing '\(key.stringValue)' at \(codingPath(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LoupeError.input("\(path): wrong type at \(codingPath(context.codingPath)): \(context.debugDescription)")
        } catch DecodingError.dataCorrupted(let context) {
            throw LoupeError.input("\(path): not valid JSON (\(context.debugDescription))")
        } catch {
            throw LoupeError.input("\(path): cannot read the results (\(error))")
        }
    }

    private static func codingPath(_ path: [CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
