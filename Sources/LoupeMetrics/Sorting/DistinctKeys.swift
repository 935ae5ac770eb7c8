/// Dense indices for the distinct keys (`RadixSort.key`) of a column that has few of them, found
/// in one pass by open addressing. A column of few distinct values (a 0/1 label, a count, dates)
/// is then counted rather than sorted; `index(of:)` gives up as soon as there are more than
/// `limit`, which for a continuous column happens within its first rows.
struct DistinctKeys {
    /// The keys in the order they were first seen; a key's index is its position here.
    private(set) var keys: [UInt64] = []
    let limit: Int
    private var table: [UInt64]
    private var slotIndex: [Int32]
    private let shift: UInt64

    init(limit: Int) {
        precondition(limit > 0 && limit < Int(Int32.max) / 4)
        self.limit = limit
        // A table at least four times the keys it may hold keeps the probes short.
        var bits = 4
        while 1 << bits < 4 * limit { bits += 1 }
        table = [UInt64](repeating: 0, count: 1 << bits)
        slotIndex = [Int32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The index of `key`, adding it when new; `nil` when it would be key number `limit + 1`.
    /// `key` must not be 0 (no value's key is: it would be a NaN's).
    @inline(__always) mutating func index(of key: UInt64) -> Int? {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let held = table[slot]
            if held == key { return Int(slotIndex[slot]) }
            if held == 0 { break }
            slot = (slot + 1) & mask
        }
        guard keys.count < limit else { return nil }
        table[slot] = key
        slotIndex[slot] = Int32(keys.count)
        keys.append(key)
        return keys.count - 1
    }

    /// The indices in ascending order of their keys.
    func ascending() -> [Int] {
        keys.indices.sorted { keys[$0] < keys[$1] }
    }
}
