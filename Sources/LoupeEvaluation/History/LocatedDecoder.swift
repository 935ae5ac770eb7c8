/// A `Decoder` over a `LocatedJSON` tree, used to explain why Foundation's decoder refused a
/// file: Foundation reports a number that does not fit its field (`"rowCount": 1.5`, `1e20`) as
/// "not valid JSON" with no path, while this decoder fails at the value itself, so the message
/// can name its line, column and field. Only the error matters; a decoded value is discarded.
struct LocatedDecoder: Decoder {
    let node: LocatedJSON
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The error decoding `type` from `tree` throws, or `nil` if it decodes.
    static func firstError<T: Decodable>(decoding type: T.Type, from tree: LocatedJSON) -> Error? {
        do {
            _ = try T(from: LocatedDecoder(node: tree, codingPath: []))
            return nil
        } catch {
            return error
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else { throw mismatch(node, "an object", codingPath) }
        return KeyedDecodingContainer(Keyed<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node.value else { throw mismatch(node, "an array", codingPath) }
        return Unkeyed(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(node: node, codingPath: codingPath)
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [(key: String, value: LocatedJSON)]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

        func contains(_ key: Key) -> Bool { members.contains { $0.key == key.stringValue } }

        private func member(_ key: Key) throws -> LocatedJSON {
            guard let found = members.last(where: { $0.key == key.stringValue }) else {
                throw DecodingError.keyNotFound(
                    key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing '\(key.stringValue)'"))
            }
            return found.value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .scalar("null") = try member(key).value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try LocatedDecoder.value(type, from: try member(key), codingPath: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try LocatedDecoder(node: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try LocatedDecoder(node: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            LocatedDecoder(node: LocatedJSON(value: .object(members), offset: 0), codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            LocatedDecoder(node: try member(key), codingPath: codingPath + [key])
        }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let elements: [LocatedJSON]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(elements: [LocatedJSON], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private mutating func next() throws -> (LocatedJSON, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "the array ends too early"))
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], codingPath + [IndexKey(index: currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, case .scalar("null") = elements[currentIndex].value else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, path) = try next()
            return try LocatedDecoder.value(type, from: node, codingPath: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            let (node, path) = try next()
            return try LocatedDecoder(node: node, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (node, path) = try next()
            return try LocatedDecoder(node: node, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (node, path) = try next()
            return LocatedDecoder(node: node, codingPath: path)
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let node: LocatedJSON
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool {
            if case .scalar("null") = node.value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try LocatedDecoder.value(type, from: node, codingPath: codingPath)
        }
    }

    private struct IndexKey: CodingKey {
        var stringValue: String { "Index \(intValue ?? 0)" }
        var intValue: Int?
        init(index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    /// Scalars by hand (so a number that does not fit fails where it stands); everything else
    /// through its own `init(from:)`.
    private static func value<T: Decodable>(_ type: T.Type, from node: LocatedJSON, codingPath: [any CodingKey]) throws
        -> T
    {
        func number() throws -> String {
            guard case .scalar(let text) = node.value, let first = text.first, first == "-" || first.isNumber else {
                throw mismatch(node, "a number", codingPath)
            }
            return text
        }
        func whole<I: FixedWidthInteger>(_: I.Type) throws -> I {
            let text = try number()
            if let exact = I(text) { return exact }
            let parsed = Double(text) ?? .nan
            if parsed.isFinite, parsed == parsed.rounded(), let exact = I(exactly: parsed) { return exact }
            let reason =
                parsed == parsed.rounded() ? "the number \(text) is out of range" : "expected a whole number, got \(text)"
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: reason))
        }
        switch type {
        case is Int.Type: return try whole(Int.self) as! T
        case is Int64.Type: return try whole(Int64.self) as! T
        case is UInt64.Type: return try whole(UInt64.self) as! T
        case is Int32.Type: return try whole(Int32.self) as! T
        case is UInt32.Type: return try whole(UInt32.self) as! T
        case is Double.Type:
            let text = try number()
            guard let parsed = Double(text), parsed.isFinite else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath, debugDescription: "the number \(text) is out of range"))
            }
            return parsed as! T
        case is Bool.Type:
            guard case .scalar(let text) = node.value, text == "true" || text == "false" else {
                throw mismatch(node, "true or false", codingPath)
            }
            return (text == "true") as! T
        case is String.Type:
            guard case .scalar(let text) = node.value, text.hasPrefix("\"") else { throw mismatch(node, "a string", codingPath) }
            return unescaped(String(text.dropFirst().dropLast())) as! T
        default:
            return try T(from: LocatedDecoder(node: node, codingPath: codingPath))
        }
    }

    /// A JSON string's content with its escapes decoded (a lone surrogate becomes U+FFFD).
    private static func unescaped(_ raw: String) -> String {
        guard raw.contains("\\") else { return raw }
        var out = ""
        var scalars = raw.unicodeScalars.makeIterator()
        var pendingHigh: UInt32? = nil
        while let scalar = scalars.next() {
            guard scalar == "\\", let escape = scalars.next() else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch escape {
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "b": out += "\u{8}"
            case "f": out += "\u{C}"
            case "u":
                var code: UInt32 = 0
                for _ in 0..<4 { code = code << 4 | UInt32(scalars.next().flatMap { Int(String($0), radix: 16) } ?? 0) }
                if (0xD800..<0xDC00).contains(code) {
                    pendingHigh = code
                    continue
                }
                if (0xDC00..<0xE000).contains(code), let high = pendingHigh {
                    code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                }
                pendingHigh = nil
                out.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: out.unicodeScalars.append(escape)
            }
        }
        return out
    }
}

private func mismatch(_ node: LocatedJSON, _ expected: String, _ codingPath: [any CodingKey]) -> DecodingError {
    DecodingError.typeMismatch(
        Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected)"))
}
