/// Collects header names (CSV/TSV) or the first object's keys (JSON Lines) with their offsets.
struct HeaderVisitor: FieldVisitor, JSONMemberHandler {
    var names: [String] = []
    var offsets: [Int] = []
    var keyBytes: [[UInt8]] = []

    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int, offset: Int) {
        names.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        keyBytes.append(Array(UnsafeBufferPointer(start: p, count: n)))
        offsets.append(offset)
    }

    mutating func member(
        _ key: UnsafePointer<UInt8>, _ keyLength: Int, keyOffset: Int,
        value: JSONScalar, valueOffset: Int
    ) -> ParseFailure? {
        field(names.count, key, keyLength, offset: keyOffset)
        return nil
    }

    mutating func endObject() {}

    mutating func endRecord() {}
}
