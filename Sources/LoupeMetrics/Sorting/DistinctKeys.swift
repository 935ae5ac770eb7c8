/// Dense indices for the distinct keys (`RadixSort.key`) of a column that has few of them, found
/// in one pass by open addressing. A column of few distinct values (a 0/1 label, a count, dates)
/// is then counted rather than sorted; `index(of:)` gives up as soon as there are more than
/// `limit`, which for a continuous column happens within its first rows.
struct DistinctKeys {
    /// The keys in the order they were first seen; a key's index is its position here.
    private(set) var keys: [UInt64] = []
    let limit: Int
    /// Open addressing, at most half full: it starts small and doubles as keys arrive, so a
    /// column that turns out to have many distinct values costs little before it is given up.
    private var table: [UInt64]
    private var slotIndex: [Int32]
    private var shift: UInt64

    init(limit: Int) {
        precondition(limit > 0 && limit < Int(Int32.max) / 4)
        self.limit = limit
        table = [UInt64](repeating: 0, count: 64)
        slotIndex = [Int32](repeating: 0, count: 64)
        shift = 64 - 6
    }

    /// The index of `key`, adding it when new; `nil` when it would be key number `limit + 1`.
    /// `key` must not be 0 (no value's key is: it would be a NaN's).
    @inline(__always) mutating func index(of key: UInt64) -> Int? {
        var slot = slot(of: key)
        if table[slot] == key { return Int(slotIndex[slot]) }
        guard keys.count < limit else { return nil }
        if 2 * (keys.count + 1) > table.count {
            grow()
            slot = self.slot(of: key)
        }
        table[slot] = key
        slotIndex[slot] = Int32(keys.count)
        keys.append(key)
        return keys.count - 1
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always) private func slot(of key: UInt64) -> Int {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while table[slot] != key && table[slot] != 0 { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        table = [UInt64](repeating: 0, count: table.count * 2)
        slotIndex = [Int32](repeating: 0, count: table.count)
        shift -= 1
        for (i, key) in keys.enumerated() {
            let slot = slot(of: key)
            table[slot] = key
            slotIndex[slot] = Int32(i)
        }
    }

    /// The indices in ascending order of their keys.
    func ascending() -> [Int] {
        keys.indices.sorted { keys[$0] < keys[$1] }
    }
}
