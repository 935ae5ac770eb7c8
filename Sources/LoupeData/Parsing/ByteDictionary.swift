import Foundation

/// An insertion-ordered set of byte strings, for dictionary-encoding a column without making a
/// `String` per field: open addressing over 64-bit hashes (slot from the high bits, load at most
/// 1/4, so a lookup rarely probes twice), keys packed into one byte arena.
struct ByteDictionary {
    private(set) var arena: [UInt8] = []
    /// End offset of each key in `arena`; key `i` starts where key `i - 1` ends.
    private(set) var ends: [Int] = []
    private var entries: [Entry] = []

    private struct Entry {
        var hash: UInt64
        var packed: UInt64
        var start: Int
        var length: Int
    }
    /// 0 = empty, otherwise key index + 1.
    private var slots: [UInt32]
    private var mask: Int

    init() {
        slots = Array(repeating: 0, count: 64)
        mask = 63
    }

    var count: Int { ends.count }

    /// Keys of up to 8 bytes (nearly every categorical value) are packed into one word, which
    /// both hashes them with one multiplication and compares them without `memcmp`.
    @inline(__always)
    static func pack(_ p: UnsafePointer<UInt8>, _ n: Int, readable: Int = 0) -> UInt64 {
        if readable >= 8 {
            // One load instead of a byte loop when eight bytes may be read past `p`.
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            return n >= 8 ? word : word & ((1 &<< (UInt64(truncatingIfNeeded: n) &* 8)) &- 1)
        }
        var word: UInt64 = 0
        var i = 0
        while i < n && i < 8 {
            word |= UInt64(p[i]) << (UInt64(truncatingIfNeeded: i) &* 8)
            i &+= 1
        }
        return word
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int, packed: UInt64) -> UInt64 {
        var h = (packed ^ UInt64(truncatingIfNeeded: n)) &* 0x9E37_79B9_7F4A_7C15
        if n > 8 {
            var i = 8
            while i < n {
                h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01b3
                i &+= 1
            }
        }
        return (h ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
    }

    /// The key's code (its index in insertion order), inserting it when new.
    @inline(__always)
    /// `readable`: bytes that may be read from `p` (at least `n`), for a faster key load.
    mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int, readable: Int = 0) -> UInt32 {
        let packed = ByteDictionary.pack(p, n, readable: readable)
        let h = ByteDictionary.hash(p, n, packed: packed)
        if let found = find(p, n, h, packed) { return found }
        return insert(p, n, h, packed)
    }

    /// The code of a buffer's bytes (which may be empty, with no base address).
    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let start = bytes.baseAddress else {
            return withUnsafePointer(to: UInt8(0)) { code($0, 0) }
        }
        return code(start, bytes.count)
    }

    /// The key's code, or `nil` when absent.
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        let packed = ByteDictionary.pack(p, n)
        return find(p, n, ByteDictionary.hash(p, n, packed: packed), packed)
    }

    /// The bytes of key `index`.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return arena[start..<ends[index]]
    }

    @inline(__always)
    private func find(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64, _ packed: UInt64) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                var i = Int(truncatingIfNeeded: h >> 32) & mask
                while true {
                    let slot = slots[i]
                    if slot == 0 { return nil }
                    let index = Int(slot &- 1)
                    let entry = entries[index]
                    if entry.hash == h && entry.packed == packed && entry.length == n {
                        if n <= 8
                            || arena.withUnsafeBufferPointer({ buffer in
                                guard let bytes = buffer.baseAddress else { return false }
                                return memcmp(bytes + entry.start, p, n) == 0
                            })
                        {
                            return UInt32(truncatingIfNeeded: index)
                        }
                    }
                    i = (i &+ 1) & mask
                }
            }
        }
    }

    private mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64, _ packed: UInt64) -> UInt32 {
        let index = ends.count
        entries.append(Entry(hash: h, packed: packed, start: arena.count, length: n))
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ends.append(arena.count)
        if (index + 1) * 4 > slots.count { grow() } else { place(index) }
        return UInt32(truncatingIfNeeded: index)
    }

    private mutating func place(_ index: Int) {
        var i = Int(truncatingIfNeeded: entries[index].hash >> 32) & mask
        while slots[i] != 0 { i = (i &+ 1) & mask }
        slots[i] = UInt32(truncatingIfNeeded: index &+ 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for index in 0..<ends.count { place(index) }
    }
}
