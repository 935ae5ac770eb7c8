/// A fixed list of short texts (category names, dates) encoded once as UTF-8 in one contiguous
/// allocation, so the generators' inner loops copy them without touching reference counts.
final class ByteTable {
    /// Entry `i` is `storage[starts[i] ..< starts[i + 1]]`.
    let storage: UnsafeMutablePointer<UInt8>
    let starts: UnsafeMutablePointer<Int>
    let count: Int

    init(_ texts: [String]) {
        let encoded = texts.map { Array($0.utf8) }
        count = texts.count
        storage = .allocate(capacity: max(1, encoded.reduce(0) { $0 + $1.count }))
        starts = .allocate(capacity: texts.count + 1)
        var offset = 0
        for (i, bytes) in encoded.enumerated() {
            starts[i] = offset
            (storage + offset).initialize(from: bytes, count: bytes.count)
            offset += bytes.count
        }
        starts[texts.count] = offset
    }

    deinit {
        storage.deallocate()
        starts.deallocate()
    }
}
