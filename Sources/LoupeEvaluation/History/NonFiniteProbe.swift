/// Whether a value, encoded, would hold a `Double` or `Float` that is not finite: the walk an
/// `Encoder` makes, with nothing written and the walk stopped at the first such number.
///
/// results.json names every non-finite value in a warning, and finding where they stand takes
/// two full JSON encodings (`ResultsFile`), on one core, before the site can start. Almost every
/// build has none, and this walk (a small fraction of an encoding: no text, no key sorting) says
/// so, so the encodings are paid only when there is something to name. It sees exactly the
/// numbers `PrettyJSON` sees: every `Encodable` reaches its numbers through the containers
/// below, as it does through the encoder's.
enum NonFiniteProbe {
    /// True when encoding `value` meets a non-finite `Double` or `Float`.
    static func finds<T: Encodable>(in value: T) -> Bool {
        do {
            try value.encode(to: Walker())
            return false
        } catch is Found {
            return true
        } catch {
            // An encoding that fails fails again in `PrettyJSON`, which reports it.
            return true
        }
    }

    private struct Found: Error {}

    @inline(__always) fileprivate static func check(_ value: Double) throws {
        if !value.isFinite { throw Found() }
    }

    fileprivate struct Walker: Encoder {
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>())
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed() }
        func singleValueContainer() -> any SingleValueEncodingContainer { Single() }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil(forKey key: Key) {}
        mutating func encode(_ value: Bool, forKey key: Key) {}
        mutating func encode(_ value: String, forKey key: Key) {}
        mutating func encode(_ value: Double, forKey key: Key) throws { try check(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try check(Double(value)) }
        mutating func encode(_ value: Int, forKey key: Key) {}
        mutating func encode(_ value: Int8, forKey key: Key) {}
        mutating func encode(_ value: Int16, forKey key: Key) {}
        mutating func encode(_ value: Int32, forKey key: Key) {}
        mutating func encode(_ value: Int64, forKey key: Key) {}
        mutating func encode(_ value: UInt, forKey key: Key) {}
        mutating func encode(_ value: UInt8, forKey key: Key) {}
        mutating func encode(_ value: UInt16, forKey key: Key) {}
        mutating func encode(_ value: UInt32, forKey key: Key) {}
        mutating func encode(_ value: UInt64, forKey key: Key) {}
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: Walker()) }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>())
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { Unkeyed() }
        mutating func superEncoder() -> any Encoder { Walker() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { Walker() }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        /// Nothing reads it here: the walk writes nothing to count.
        var count: Int { 0 }
        mutating func encodeNil() {}
        mutating func encode(_ value: Bool) {}
        mutating func encode(_ value: String) {}
        mutating func encode(_ value: Double) throws { try check(value) }
        mutating func encode(_ value: Float) throws { try check(Double(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: Walker()) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey>
        {
            KeyedEncodingContainer(Keyed<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed() }
        mutating func superEncoder() -> any Encoder { Walker() }
    }

    private struct Single: SingleValueEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() {}
        mutating func encode(_ value: Bool) {}
        mutating func encode(_ value: String) {}
        mutating func encode(_ value: Double) throws { try check(value) }
        mutating func encode(_ value: Float) throws { try check(Double(value)) }
        mutating func encode(_ value: Int) {}
        mutating func encode(_ value: Int8) {}
        mutating func encode(_ value: Int16) {}
        mutating func encode(_ value: Int32) {}
        mutating func encode(_ value: Int64) {}
        mutating func encode(_ value: UInt) {}
        mutating func encode(_ value: UInt8) {}
        mutating func encode(_ value: UInt16) {}
        mutating func encode(_ value: UInt32) {}
        mutating func encode(_ value: UInt64) {}
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: Walker()) }
    }
}
