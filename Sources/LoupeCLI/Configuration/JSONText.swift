/// A parsed JSON value that remembers where it stood in its file, so configuration errors can
/// point at `config.json:LINE:COLUMN`. Objects keep their key order (the order of `scores`
/// decides the order of models). `//` and `/* */` comments are allowed, so `loupe init` can
/// write a commented starter config.
indirect enum JSONText: Equatable {
    case null
    case bool(Bool)
    case number(Double, text: String)
    case string(String)
    case array([Located])
    case object([(key: String, keyPosition: Position, value: Located)])

    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    struct Located: Equatable {
        var value: JSONText
        var position: Position
    }

    static func == (lhs: JSONText, rhs: JSONText) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a, _), .number(let b, _)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Parses a whole document; the error message carries `LINE:COLUMN: `.
    static func parse(_ text: String) throws(JSONTextError) -> Located {
        var parser = JSONTextParser(Array(text.utf8))
        let value = try parser.parseValue()
        try parser.skipSpaceAndComments()
        guard parser.atEnd else { throw parser.error("unexpected text after the end of the JSON value") }
        return value
    }

    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "true or false"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

struct JSONTextError: Error, Equatable {
    var position: JSONText.Position
    var message: String
}

/// A byte-level recursive-descent parser; nesting is bounded so hostile input cannot overflow the stack.
private struct JSONTextParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
    }

    var atEnd: Bool { index >= bytes.count }

    var position: JSONText.Position {
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        let column = bytes[lineStart..<min(index, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return JSONText.Position(line: line, column: column)
    }

    func error(_ message: String) -> JSONTextError {
        JSONTextError(position: position, message: message)
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    mutating func skipSpaceAndComments() throws(JSONTextError) {
        while !atEnd {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                advance()
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while !atEnd && bytes[index] != UInt8(ascii: "\n") { advance() }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                let start = position
                advance(); advance()
                while !atEnd
                    && !(bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"))
                {
                    advance()
                }
                guard !atEnd else { throw JSONTextError(position: start, message: "unterminated /* comment") }
                advance(); advance()
            } else {
                return
            }
        }
    }

    mutating func parseValue() throws(JSONTextError) -> JSONText.Located {
        try skipSpaceAndComments()
        guard !atEnd else { throw error("unexpected end of file, expected a value") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONText.Located(value: try parseObject(), position: start)
        case UInt8(ascii: "["): return JSONText.Located(value: try parseArray(), position: start)
        case UInt8(ascii: "\""): return JSONText.Located(value: .string(try parseString()), position: start)
        case UInt8(ascii: "t"): try expectWord("true"); return JSONText.Located(value: .bool(true), position: start)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONText.Located(value: .bool(false), position: start)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONText.Located(value: .null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONText.Located(value: try parseNumber(), position: start)
        default:
            throw error("unexpected character '\(String(decoding: [bytes[index]], as: UTF8.self))', expected a value")
        }
    }

    private mutating func expectWord(_ word: String) throws(JSONTextError) {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error("unexpected text, expected a value")
        }
        for _ in utf8 { advance() }
    }

    private mutating func enter() throws(JSONTextError) {
        depth += 1
        guard depth <= 64 else { throw error("nesting deeper than 64 levels") }
    }

    private mutating func parseObject() throws(JSONTextError) -> JSONText {
        try enter()
        defer { depth -= 1 }
        advance()
        var members: [(key: String, keyPosition: JSONText.Position, value: JSONText.Located)] = []
        try skipSpaceAndComments()
        if !atEnd && bytes[index] == UInt8(ascii: "}") { advance(); return .object(members) }
        while true {
            try skipSpaceAndComments()
            guard !atEnd, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let keyPosition = position
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw JSONTextError(position: keyPosition, message: "duplicate key '\(key)'")
            }
            try skipSpaceAndComments()
            guard !atEnd, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after key '\(key)'") }
            advance()
            members.append((key, keyPosition, try parseValue()))
            try skipSpaceAndComments()
            guard !atEnd else { throw error("unexpected end of file, expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") { advance(); continue }
            if bytes[index] == UInt8(ascii: "}") { advance(); return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(JSONTextError) -> JSONText {
        try enter()
        defer { depth -= 1 }
        advance()
        var elements: [JSONText.Located] = []
        try skipSpaceAndComments()
        if !atEnd && bytes[index] == UInt8(ascii: "]") { advance(); return .array(elements) }
        while true {
            elements.append(try parseValue())
            try skipSpaceAndComments()
            guard !atEnd else { throw error("unexpected end of file, expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") { advance(); continue }
            if bytes[index] == UInt8(ascii: "]") { advance(); return .array(elements) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(JSONTextError) -> String {
        let start = position
        advance()
        var out: [UInt8] = []
        while true {
            guard !atEnd else { throw JSONTextError(position: start, message: "unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { advance(); break }
            if byte < 0x20 { throw error("control character in string") }
            if byte == UInt8(ascii: "\\") {
                advance()
                guard !atEnd else { throw JSONTextError(position: start, message: "unterminated string") }
                let escaped = bytes[index]
                advance()
                switch escaped {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        advance(); advance()
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("invalid escape '\\\(String(decoding: [escaped], as: UTF8.self))'")
                }
            } else {
                out.append(byte)
                advance()
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func parseHex4() throws(JSONTextError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard !atEnd else { throw error("incomplete \\u escape") }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            advance()
        }
        return value
    }

    private mutating func parseNumber() throws(JSONTextError) -> JSONText {
        let start = index
        let startPosition = position
        while !atEnd, "+-0123456789.eE".utf8.contains(bytes[index]) { advance() }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw JSONTextError(position: startPosition, message: "'\(text)' is not a valid number")
        }
        return .number(number, text: text)
    }
}
