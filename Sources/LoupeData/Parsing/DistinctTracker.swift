/// Counts distinct doubles up to `Column.distinctCountLimit`, then stops: telling a 0/1 label or
/// a small code list from a continuous column needs no more, and an exact count would not be cheap.
struct DistinctTracker {
    private var slots: [UInt64] = []
    private(set) var values: [Double] = []
    private(set) var overflowed = false

    /// 2 × the limit, rounded to a power of two, keeps the load factor at most 1/2.
    private static let capacity = 2048
    /// The table starts this small and doubles at half full: a wide file has a tracker per
    /// column per chunk, and 16 KB each made a million-column header cost 16 GB.
    private static let initialCapacity = 16

    /// The last two values seen: labels and codes repeat, so most inserts stop here.
    private var last: UInt64 = 0x7FF8_0000_0000_0001
    private var previous: UInt64 = 0x7FF8_0000_0000_0001

    @inline(__always)
    mutating func insert(_ value: Double) {
        let bits = value.bitPattern
        if overflowed || bits == last || bits == previous { return }
        previous = last
        last = bits
        insertSlow(value)
    }

    private mutating func insertSlow(_ value: Double) {
        if value.isNaN { return }
        let bits = (value == 0 ? 0.0 : value).bitPattern
        if slots.isEmpty { slots = Array(repeating: 0, count: DistinctTracker.initialCapacity) }
        if values.count * 2 >= slots.count && slots.count < DistinctTracker.capacity { grow() }
        // Slot value 0 means empty, so store bits + 1 (the pattern ~0 is a NaN and never stored).
        let stored = bits &+ 1
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let slot = slots[i]
            if slot == stored { return }
            if slot == 0 { break }
            i = (i &+ 1) & mask
        }
        if values.count >= Column.distinctCountLimit {
            markOverflowed()
            return
        }
        slots[i] = stored
        values.append(value)
    }

    /// Doubles the table and re-inserts the values seen.
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for value in values {
            let bits = (value == 0 ? 0.0 : value).bitPattern
            var i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while slots[i] != 0 { i = (i &+ 1) & mask }
            slots[i] = bits &+ 1
        }
    }

    /// Counts no more: `count` is over the limit from now on.
    mutating func markOverflowed() {
        overflowed = true
        slots = []
        values = []
    }

    /// Merges another chunk's tracker into this one.
    mutating func absorb(_ other: DistinctTracker) {
        if overflowed { return }
        if other.overflowed {
            markOverflowed()
            return
        }
        for value in other.values { insert(value) }
    }

    /// Slots in the hash table (for tests of its growth).
    var tableSize: Int { slots.count }

    /// Exact up to the limit, `limit + 1` beyond.
    var count: Int { overflowed ? Column.distinctCountLimit + 1 : values.count }
}
