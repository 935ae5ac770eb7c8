import Foundation
import LoupeMarkup
import LoupeResults

/// Reads and writes results.json: pretty-printed with sorted keys, so the same results give the
/// same bytes, and doubles written in their shortest exact form.
public enum ResultsFile {
    /// The file's bytes. A value that is not a finite number (a metric whose sums overflowed a
    /// double) is written as `null`, the contract's "undefined"; `nonFiniteWarnings` names them.
    public static func encode(_ results: Results) throws -> [UInt8] {
        do {
            return try encodeMarkingNonFinite(results).bytes
        } catch {
            throw LoupeError.output("cannot encode results.json (\(error))")
        }
    }

    /// One warning per value of `results` that is not a finite number, naming where it is in
    /// results.json (`overall.candidate.mse`) and why it is written as `null`.
    public static func nonFiniteWarnings(_ results: Results) -> [String] {
        guard NonFiniteProbe.finds(in: results), let marked = try? encodeMarkingNonFinite(results) else { return [] }
        // One warning per metric or list: `overall.m.r2` for its value and bounds, `….xEdges[…]`.
        var groups: [(name: String, kinds: [String], count: Int)] = []
        for item in marked.nonFinite {
            var name = item.path.replacing(/\[[0-9]+\]/, with: "[…]")
            for part in [".value", ".lower", ".upper"] where name.hasSuffix(part) { name.removeLast(part.count) }
            if let last = groups.indices.last, groups[last].name == name {
                groups[last].count += 1
                if !groups[last].kinds.contains(item.kind) { groups[last].kinds.append(item.kind) }
            } else {
                groups.append((name, [item.kind], 1))
            }
        }
        return groups.map { group in
            let what =
                group.count == 1
                ? "is \(group.kinds[0])" : "has \(group.count) values that are \(group.kinds.joined(separator: " or "))"
            return
                "\(group.name) \(what): the data's values are too large to compute it in double precision, so results.json records null (undefined) there"
        }
    }

    /// Encodes twice, with two placeholder strings of equal length for non-finite values: the two
    /// outputs differ exactly where a placeholder stands (a data string that happens to equal one
    /// is the same in both), so each placeholder is found without guessing and becomes `null`.
    private static func encodeMarkingNonFinite(_ results: Results) throws -> (
        bytes: [UInt8], nonFinite: [(path: String, kind: String)]
    ) {
        func encoded(_ tag: String) throws -> [UInt8] {
            let nonFinite = PrettyJSON.NonFinite(
                positiveInfinity: "\(marker)\(tag)+inf", negativeInfinity: "\(marker)\(tag)-inf", nan: "\(marker)\(tag)nan")
            return try PrettyJSON.encode(results, nonFinite: nonFinite) + [0x0A]
        }
        let first = try encoded("A")
        guard contains(first, Array(marker.utf8)) else { return (first, []) }
        let second = try encoded("B")
        guard first.count == second.count, first != second else { return (first, []) }
        var out: [UInt8] = []
        out.reserveCapacity(first.count)
        var found: [(path: String, kind: String)] = []
        var copied = 0
        let markerLength = marker.utf8.count
        var k = 0
        while k < first.count {
            guard first[k] != second[k] else {
                k += 1
                continue
            }
            // first[k] is the tag; the opening quote stands before the marker.
            let quote = k - markerLength - 1
            guard quote >= copied, let close = first[(k + 1)...].firstIndex(of: UInt8(ascii: "\"")) else {
                k += 1
                continue
            }
            let kind = String(decoding: first[(k + 1)..<close], as: UTF8.self)
            found.append((path(to: quote, in: first), kind == "nan" ? "not a number (NaN)" : "infinite (\(kind))"))
            out += first[copied..<quote]
            out += Array("null".utf8)
            copied = close + 1
            k = close + 1
        }
        out += first[copied...]
        return (out, found)
    }

    private static let marker = "loupe-non-finite-"

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let head = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        while let k = bytes[i...].firstIndex(of: head) {
            if k + needle.count <= bytes.count && bytes[k..<(k + needle.count)].elementsEqual(needle) { return true }
            i = k + 1
        }
        return false
    }

    /// The dotted path (`overall.candidate.mse.value`, `slices[3].count`) of the value starting at
    /// `offset` in JSON the encoder wrote.
    private static func path(to offset: Int, in bytes: [UInt8]) -> String {
        enum Frame {
            case object(key: String)
            case array(index: Int)
        }
        var stack: [Frame] = []
        var i = 0
        var lastString = ""
        while i < offset {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                var j = i + 1
                while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                lastString = String(decoding: bytes[(i + 1)..<min(j, bytes.count)], as: UTF8.self)
                i = j + 1
                continue
            case UInt8(ascii: "{"): stack.append(.object(key: ""))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ":"):
                if case .object = stack.last { stack[stack.count - 1] = .object(key: lastString) }
            case UInt8(ascii: ","):
                if case .array(let index) = stack.last { stack[stack.count - 1] = .array(index: index + 1) }
            default: break
            }
            i += 1
        }
        var text = ""
        for frame in stack {
            switch frame {
            case .object(let key): text += (text.isEmpty ? "" : ".") + key
            case .array(let index): text += "[\(index)]"
            }
        }
        return text
    }

    public static func decode(path: String) throws -> Results {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoupeError.input("\(path): cannot read the results file")
        }
        let bytes = Array(data)
        if let bad = SourceText.firstInvalidUTF8(bytes) {
            throw LoupeError.input("\(SourceText.location(path, offset: bad, in: bytes)): the results file is not UTF-8 text")
        }
        let results: Results
        do {
            results = try JSONDecoder().decode(Results.self, from: data)
        } catch {
            throw located(error, path: path, bytes: bytes)
        }
        guard results.schema == Results.schemaIdentifier else {
            throw failure(
                at: [ResultsKey("schema")], path: path, bytes: bytes,
                "schema '\(results.schema)' is not \(Results.schemaIdentifier)")
        }
        try validateCounts(results, path: path, bytes: bytes)
        return results
    }

    /// Counts are whole numbers that cannot be negative; the decoder checks only the first.
    private static func validateCounts(_ results: Results, path: String, bytes: [UInt8]) throws {
        func check(_ value: Int, _ keys: [ResultsKey]) throws {
            guard value < 0 else { return }
            throw failure(
                at: keys, path: path, bytes: bytes,
                "\(keys.map(\.description).joined().dropFirst()): expected a count (0 or more), got \(value)")
        }
        try check(results.rowCount, [ResultsKey("rowCount")])
        for (i, slice) in results.slices.enumerated() {
            try check(slice.count, [ResultsKey("slices"), ResultsKey(index: i), ResultsKey("count")])
        }
    }

    /// A decoding error as `file:line:column: path: what was expected, got what`; also used for
    /// other JSON inputs decoded into `type` (the data schema), which `what` names.
    static func located<T: Decodable>(
        _ error: Error, decoding type: T.Type = Results.self, path: String, bytes: [UInt8], what: String = "the results"
    ) -> LoupeError {
        let tree: LocatedJSON
        do {
            tree = try LocatedJSON.parse(bytes)
        } catch {
            return .input("\(SourceText.location(path, offset: error.offset, in: bytes)): not valid JSON: \(error.message)")
        }
        func at(_ codingPath: [any CodingKey], _ message: (LocatedJSON) -> String) -> LoupeError {
            let node = tree.resolve(codingPath)
            let name = codingPath.isEmpty ? "" : describe(codingPath) + ": "
            return .input(
                "\(SourceText.location(path, offset: node.offset, in: bytes)): \(name)\(TerminalText.quoted(message(node)))")
        }
        // Foundation says "not valid JSON", without a path, for a number that does not fit its
        // field; decoding the located tree again finds the value itself.
        switch LocatedDecoder.firstError(decoding: type, from: tree) ?? error {
        case DecodingError.keyNotFound(let key, let context):
            return at(context.codingPath) { _ in "missing '\(key.stringValue)'" }
        case DecodingError.valueNotFound(let type, let context):
            return at(context.codingPath) { _ in "expected \(expectation(type)), got null" }
        case DecodingError.typeMismatch(let type, let context):
            return at(context.codingPath) { node in
                let expected =
                    context.debugDescription.hasPrefix("expected ")
                    ? String(context.debugDescription.dropFirst(9)) : expectation(type)
                return "expected \(expected), got \(gotText(node))"
            }
        case DecodingError.dataCorrupted(let context):
            return at(context.codingPath) { node in
                context.codingPath.isEmpty ? "cannot read \(what) (\(context.debugDescription))" : context.debugDescription
            }
        default:
            return .input("\(path): cannot read \(what) (\(error))")
        }
    }

    private static func failure(at keys: [ResultsKey], path: String, bytes: [UInt8], _ message: String) -> LoupeError {
        let offset = (try? LocatedJSON.parse(bytes))?.resolve(keys).offset ?? 0
        return .input("\(SourceText.location(path, offset: offset, in: bytes)): \(TerminalText.quoted(message))")
    }

    private static func gotText(_ node: LocatedJSON) -> String {
        let text = node.text
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is UInt64.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a \(name)"
        }
    }

    private static func describe(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    /// A coding key for paths this file builds itself.
    private struct ResultsKey: CodingKey, CustomStringConvertible {
        var stringValue: String
        var intValue: Int?
        init(_ name: String) { (stringValue, intValue) = (name, nil) }
        init(index: Int) { (stringValue, intValue) = ("Index \(index)", index) }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { self.init(index: intValue) }
        var description: String { intValue.map { "[\($0)]" } ?? ".\(stringValue)" }
    }
}
