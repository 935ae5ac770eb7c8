/// A small JSON reader that keeps where every value starts, so a results.json that Foundation's
/// decoder refuses can be reported as `results.json:12:5: rowCount: …` rather than "not valid
/// JSON". It is used only once decoding has failed (or a decoded value is out of range): the fast
/// path stays `JSONDecoder`.
struct LocatedJSON {
    indirect enum Value {
        case object([(key: String, value: LocatedJSON)])
        case array([LocatedJSON])
        /// A number, string, `true`, `false` or `null`, as its source text.
        case scalar(String)
    }

    /// What went wrong reading the text, and the byte offset where.
    struct SyntaxError: Error, Equatable {
        var message: String
        var offset: Int
    }

    var value: Value
    /// The byte offset where the value starts (`SourceText.position` turns it into line:column).
    var offset: Int

    /// Parses `bytes` (UTF-8 JSON, nesting at most `maxDepth` deep).
    static func parse(_ bytes: [UInt8], maxDepth: Int = 512) throws(SyntaxError) -> LocatedJSON {
        var reader = Reader(bytes: bytes, maxDepth: maxDepth)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw reader.failure("unexpected text after the JSON value") }
        return value
    }

    /// The value at a decoder's coding path (object members by name, array elements by index),
    /// as deep as the path can be followed.
    func resolve(_ path: [any CodingKey]) -> LocatedJSON {
        var node = self
        for key in path {
            switch node.value {
            case .object(let members):
                guard let member = members.last(where: { $0.key == key.stringValue }) else { return node }
                node = member.value
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return node }
                node = elements[index]
            case .scalar:
                return node
            }
        }
        return node
    }

    /// The source text of a scalar, else a word for the container.
    var text: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .scalar(let text): return text
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        var atEnd: Bool { index >= bytes.count }
        func failure(_ message: String) -> SyntaxError {
            SyntaxError(message: atEnd ? "the file ends early (\(message))" : message, offset: index)
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> LocatedJSON {
            guard depth < maxDepth else { throw failure("nested more than \(maxDepth) levels deep") }
            guard !atEnd else { throw failure("unexpected end of the file") }
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: LocatedJSON)] = []
                skipSpace()
                if !atEnd && bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return LocatedJSON(value: .object(members), offset: start)
                }
                while true {
                    skipSpace()
                    guard !atEnd, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    guard !atEnd, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
                    index += 1
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard !atEnd else { throw failure("unexpected end of the file inside an object") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}'") }
                    index += 1
                    return LocatedJSON(value: .object(members), offset: start)
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [LocatedJSON] = []
                skipSpace()
                if !atEnd && bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return LocatedJSON(value: .array(elements), offset: start)
                }
                while true {
                    skipSpace()
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard !atEnd else { throw failure("unexpected end of the file inside an array") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']'") }
                    index += 1
                    return LocatedJSON(value: .array(elements), offset: start)
                }
            case UInt8(ascii: "\""):
                let text = try string()
                return LocatedJSON(value: .scalar("\"" + text + "\""), offset: start)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
                    index += word.utf8.count
                    return LocatedJSON(value: .scalar(word), offset: start)
                }
                throw failure("unexpected word")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let begin = index
                if bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw failure("expected a digit") }
                if !atEnd && bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    guard digits() > 0 else { throw failure("expected a digit after '.'") }
                }
                if !atEnd && (bytes[index] | 0x20) == UInt8(ascii: "e") {
                    index += 1
                    if !atEnd && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
                    guard digits() > 0 else { throw failure("expected a digit in the exponent") }
                }
                return LocatedJSON(value: .scalar(String(decoding: bytes[begin..<index], as: UTF8.self)), offset: start)
            default:
                throw failure("unexpected character")
            }
        }

        private mutating func digits() -> Int {
            let begin = index
            while !atEnd && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - begin
        }

        /// A string's content (escapes decoded loosely: only their validity matters here).
        private mutating func string() throws(SyntaxError) -> String {
            index += 1
            let begin = index
            while true {
                guard !atEnd else { throw failure("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw failure("control character inside a string") }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard !atEnd else { throw failure("unterminated string") }
                    if bytes[index] == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            index += 1
                            guard !atEnd, Self.isHexDigit(bytes[index]) else { throw failure("invalid \\u escape") }
                        }
                    } else {
                        guard "\"\\/bfnrt".utf8.contains(bytes[index]) else { throw failure("invalid escape") }
                    }
                }
                index += 1
            }
            let text = String(decoding: bytes[begin..<index], as: UTF8.self)
            index += 1
            return text
        }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
    }
}
