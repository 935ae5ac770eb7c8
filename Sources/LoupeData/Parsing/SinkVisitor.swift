/// Feeds JSON members of projected columns to their sinks.
struct SinkVisitor: JSONMemberHandler {
    /// Sink index per header field, -1 when the field is not projected.
    let slots: UnsafePointer<Int32>
    let fieldCount: Int
    let sinks: UnsafeMutablePointer<ColumnSink>
    /// JSON Lines only: the first object's keys, whose codes are the field indexes.
    var keys: ByteDictionary? = nil
    /// JSON Lines only: the object each field was last seen in, to fill absent keys and catch duplicates.
    var seenInObject: UnsafeMutablePointer<Int>? = nil
    var objectIndex = 0

    mutating func member(
        _ key: UnsafePointer<UInt8>, _ keyLength: Int, keyOffset: Int,
        value: JSONScalar, valueOffset: Int
    ) -> ParseFailure? {
        guard let code = keys?.lookup(key, keyLength), let seen = seenInObject else {
            return .unknownKey(
                String(decoding: UnsafeBufferPointer(start: key, count: keyLength), as: UTF8.self),
                offset: keyOffset)
        }
        let index = Int(code)
        if seen[index] == objectIndex {
            return .duplicateKey(
                String(decoding: UnsafeBufferPointer(start: key, count: keyLength), as: UTF8.self),
                offset: keyOffset)
        }
        seen[index] = objectIndex
        let slot = slots[index]
        guard slot >= 0 else { return nil }
        switch value {
        case .text(let p, let n), .number(let p, let n):
            sinks[Int(slot)].add(p, n, offset: valueOffset)
        case .bool(let flag):
            let word: StaticString = flag ? "true" : "false"
            sinks[Int(slot)].add(word.utf8Start, word.utf8CodeUnitCount, offset: valueOffset)
        case .null:
            sinks[Int(slot)].addMissing()
        }
        return nil
    }

    mutating func endObject() {
        if let seen = seenInObject {
            for index in 0..<fieldCount where seen[index] != objectIndex {
                let slot = slots[index]
                if slot >= 0 { sinks[Int(slot)].addMissing() }
            }
        }
        objectIndex += 1
    }
}
