/// An `Encoder` that writes what `JSONEncoder` writes with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` and `.convertToString` for non-finite numbers — the same bytes
/// (`PrettyJSONTests` compares them) — in a fraction of its time.
///
/// results.json is the largest single job of publishing a site (2.8 MB for the multiclass
/// benchmark: about 60 ms in `JSONEncoder`, which builds a dictionary per object and hashes every
/// key), and the pages wait for the core it takes. Here an object keeps its keys and values in
/// two arrays, sorted once when written, and numbers stay numbers until then.
///
/// The format, as swift-foundation's `JSONWriter` (non-Apple platforms) has it: two spaces per
/// level, `"key" : value`, an empty array or object as an open and a close bracket with an empty
/// line between; keys sorted by their UTF-8 bytes (a repeated key keeps its last value); a
/// floating-point number as its `description` without a trailing `.0`; in strings `"` and `\`
/// escaped, control characters as `\b \f \n \r \t` or `\u00XX`, everything else (`/` too) as is.
enum PrettyJSON {
    /// The strings non-finite numbers are written as (quoted, like any string).
    struct NonFinite {
        var positiveInfinity: String
        var negativeInfinity: String
        var nan: String
    }

    static func encode<T: Encodable>(_ value: T, nonFinite: NonFinite) throws -> [UInt8] {
        let encoder = ValueEncoder(nonFinite: nonFinite)
        try value.encode(to: encoder)
        var out = Output()
        out.bytes.reserveCapacity(1 << 16)
        out.write(encoder.value ?? .object(ObjectBox()), depth: 0)
        return out.bytes
    }

    /// A value as it will be written; objects and arrays are boxes, because their containers are
    /// handed out and filled after they are stored in their parent.
    fileprivate enum Value {
        case null
        case bool(Bool)
        case integer(Int64)
        case unsigned(UInt64)
        case double(Double)
        case float(Float)
        case string(String)
        case object(ObjectBox)
        case array(ArrayBox)
    }

    fileprivate final class ObjectBox {
        var keys: [String] = []
        var values: [Value] = []
    }

    fileprivate final class ArrayBox {
        var values: [Value] = []
    }

    /// One value's encoder: it ends up holding that value.
    fileprivate final class ValueEncoder: Encoder {
        let nonFinite: NonFinite
        var value: Value?
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(nonFinite: NonFinite) { self.nonFinite = nonFinite }

        /// A second request for a keyed (unkeyed) container adds to the first, as in `JSONEncoder`.
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let box) = value { return KeyedEncodingContainer(Keyed<Key>(box: box, nonFinite: nonFinite)) }
            let box = ObjectBox()
            value = .object(box)
            return KeyedEncodingContainer(Keyed<Key>(box: box, nonFinite: nonFinite))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let box) = value { return Unkeyed(box: box, nonFinite: nonFinite) }
            let box = ArrayBox()
            value = .array(box)
            return Unkeyed(box: box, nonFinite: nonFinite)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(nonFinite: nonFinite) { self.value = $0 }
        }
    }

    /// The value of a number or of any other `Encodable`.
    fileprivate static func value(_ x: Double, _ nonFinite: NonFinite) -> Value {
        if x.isFinite { return .double(x) }
        return .string(x.isNaN ? nonFinite.nan : x > 0 ? nonFinite.positiveInfinity : nonFinite.negativeInfinity)
    }

    fileprivate static func value(_ x: Float, _ nonFinite: NonFinite) -> Value {
        if x.isFinite { return .float(x) }
        return .string(x.isNaN ? nonFinite.nan : x > 0 ? nonFinite.positiveInfinity : nonFinite.negativeInfinity)
    }

    /// `Double?`'s type, looked up once (a generic type's metadata is otherwise found per call).
    private static let optionalDouble = ObjectIdentifier(Double?.self)

    /// The commonest element types (arrays of numbers and strings reach here one element at a
    /// time) are told by their type, without an encoder of their own: the values their
    /// `encode(to:)` would give.
    fileprivate static func value<T: Encodable>(_ x: T, _ nonFinite: NonFinite) throws -> Value {
        if T.self == Double.self { return value(unsafeBitCast(x, to: Double.self), nonFinite) }
        if ObjectIdentifier(T.self) == optionalDouble {
            return unsafeBitCast(x, to: Double?.self).map { value($0, nonFinite) } ?? .null
        }
        if T.self == String.self { return .string(unsafeBitCast(x, to: String.self)) }
        if T.self == Int.self { return .integer(Int64(unsafeBitCast(x, to: Int.self))) }
        let encoder = ValueEncoder(nonFinite: nonFinite)
        try x.encode(to: encoder)
        // A value that asked for no container is an empty object, as in `JSONEncoder`.
        return encoder.value ?? .object(ObjectBox())
    }

    fileprivate struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        let nonFinite: NonFinite
        var codingPath: [any CodingKey] { [] }

        private func add(_ value: Value, _ key: Key) {
            box.keys.append(key.stringValue)
            box.values.append(value)
        }

        mutating func encodeNil(forKey key: Key) { add(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) { add(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) { add(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) { add(PrettyJSON.value(value, nonFinite), key) }
        mutating func encode(_ value: Float, forKey key: Key) { add(PrettyJSON.value(value, nonFinite), key) }
        mutating func encode(_ value: Int, forKey key: Key) { add(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) { add(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) { add(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) { add(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) { add(.integer(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) { add(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) { add(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) { add(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) { add(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) { add(.unsigned(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            add(try PrettyJSON.value(value, nonFinite), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            add(.object(nested), key)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested, nonFinite: nonFinite))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            add(.array(nested), key)
            return Unkeyed(box: nested, nonFinite: nonFinite)
        }

        mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

        private func superEncoder(named name: String) -> any Encoder {
            let box = box, index = box.values.count
            box.keys.append(name)
            box.values.append(.null)
            return SlotEncoder(nonFinite: nonFinite) { box.values[index] = $0 }
        }
    }

    fileprivate struct Unkeyed: UnkeyedEncodingContainer {
        let box: ArrayBox
        let nonFinite: NonFinite
        var codingPath: [any CodingKey] { [] }
        var count: Int { box.values.count }

        mutating func encodeNil() { box.values.append(.null) }
        mutating func encode(_ value: Bool) { box.values.append(.bool(value)) }
        mutating func encode(_ value: String) { box.values.append(.string(value)) }
        mutating func encode(_ value: Double) { box.values.append(PrettyJSON.value(value, nonFinite)) }
        mutating func encode(_ value: Float) { box.values.append(PrettyJSON.value(value, nonFinite)) }
        mutating func encode(_ value: Int) { box.values.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) { box.values.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) { box.values.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) { box.values.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) { box.values.append(.integer(value)) }
        mutating func encode(_ value: UInt) { box.values.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) { box.values.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) { box.values.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) { box.values.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) { box.values.append(.unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { box.values.append(try PrettyJSON.value(value, nonFinite)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey>
        {
            let nested = ObjectBox()
            box.values.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested, nonFinite: nonFinite))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.values.append(.array(nested))
            return Unkeyed(box: nested, nonFinite: nonFinite)
        }

        mutating func superEncoder() -> any Encoder {
            let box = box, index = box.values.count
            box.values.append(.null)
            return SlotEncoder(nonFinite: nonFinite) { box.values[index] = $0 }
        }
    }

    /// A single value, handed to `set`.
    fileprivate struct Single: SingleValueEncodingContainer {
        let nonFinite: NonFinite
        let set: (Value) -> Void
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() { set(.null) }
        mutating func encode(_ value: Bool) { set(.bool(value)) }
        mutating func encode(_ value: String) { set(.string(value)) }
        mutating func encode(_ value: Double) { set(PrettyJSON.value(value, nonFinite)) }
        mutating func encode(_ value: Float) { set(PrettyJSON.value(value, nonFinite)) }
        mutating func encode(_ value: Int) { set(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) { set(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) { set(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) { set(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) { set(.integer(value)) }
        mutating func encode(_ value: UInt) { set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) { set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) { set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) { set(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) { set(.unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { set(try PrettyJSON.value(value, nonFinite)) }
    }

    /// A `superEncoder`'s encoder: its value goes to the slot its container reserved, which
    /// holds an empty object until something is encoded, as in `JSONEncoder`.
    fileprivate final class SlotEncoder: Encoder {
        let inner: ValueEncoder
        let store: (Value) -> Void
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(nonFinite: NonFinite, store: @escaping (Value) -> Void) {
            inner = ValueEncoder(nonFinite: nonFinite)
            self.store = store
            store(.object(ObjectBox()))
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let container = inner.container(keyedBy: type)
            if let value = inner.value { store(value) }
            return container
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let container = inner.unkeyedContainer()
            if let value = inner.value { store(value) }
            return container
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(nonFinite: inner.nonFinite, set: store) }
    }

    /// The writer: values to bytes, objects' keys sorted as they are written.
    fileprivate struct Output {
        var bytes: [UInt8] = []

        mutating func indent(_ depth: Int) {
            for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
        }

        mutating func write(_ value: Value, depth: Int) {
            switch value {
            case .null: append("null")
            case .bool(let x): append(x ? "true" : "false")
            case .integer(let x): append(x.description)
            case .unsigned(let x): append(x.description)
            case .double(let x): appendNumber(x.description)
            case .float(let x): appendNumber(x.description)
            case .string(let x): writeString(x)
            case .array(let box):
                bytes.append(0x5B)
                bytes.append(0x0A)
                for (i, element) in box.values.enumerated() {
                    if i > 0 { bytes.append(0x2C); bytes.append(0x0A) }
                    indent(depth + 1)
                    write(element, depth: depth + 1)
                }
                bytes.append(0x0A)
                indent(depth)
                bytes.append(0x5D)
            case .object(let box):
                bytes.append(0x7B)
                bytes.append(0x0A)
                // Sorted by the keys' bytes, stably, so that of a repeated key the last value wins.
                let order = box.keys.indices.sorted { a, b in
                    let precedes = box.keys[a].utf8.lexicographicallyPrecedes(box.keys[b].utf8)
                    return precedes || (!box.keys[b].utf8.lexicographicallyPrecedes(box.keys[a].utf8) && a < b)
                }
                var first = true
                for (position, i) in order.enumerated() {
                    if position + 1 < order.count && box.keys[order[position + 1]] == box.keys[i] { continue }
                    if !first { bytes.append(0x2C); bytes.append(0x0A) }
                    first = false
                    indent(depth + 1)
                    writeString(box.keys[i])
                    bytes += [0x20, 0x3A, 0x20]
                    write(box.values[i], depth: depth + 1)
                }
                bytes.append(0x0A)
                indent(depth)
                bytes.append(0x7D)
            }
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// A floating-point number's `description` without a trailing `.0`.
        mutating func appendNumber(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                let count = utf8.count
                let trimmed = count >= 2 && utf8[count - 2] == 0x2E && utf8[count - 1] == 0x30 ? count - 2 : count
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<trimmed]))
            }
        }

        mutating func writeString(_ text: String) {
            bytes.append(0x22)
            var text = text
            text.withUTF8 { utf8 in
                // Most strings need no escape: their bytes as they are.
                if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                    bytes.append(contentsOf: utf8)
                    return
                }
                for byte in utf8 {
                    switch byte {
                    case 0x22: bytes += [0x5C, 0x22]
                    case 0x5C: bytes += [0x5C, 0x5C]
                    case 0x08: bytes += [0x5C, 0x62]
                    case 0x0C: bytes += [0x5C, 0x66]
                    case 0x0A: bytes += [0x5C, 0x6E]
                    case 0x0D: bytes += [0x5C, 0x72]
                    case 0x09: bytes += [0x5C, 0x74]
                    case 0x00...0x1F:
                        let hex = Array("0123456789abcdef".utf8)
                        bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                    default: bytes.append(byte)
                    }
                }
            }
            bytes.append(0x22)
        }
    }
}
