import Foundation

/// An insertion-ordered set of byte strings, for dictionary-encoding a column without making a
/// `String` per field: open addressing over 64-bit hashes, keys packed into one byte arena.
struct ByteDictionary {
    private(set) var arena: [UInt8] = []
    /// End offset of each key in `arena`; key `i` starts where key `i - 1` ends.
    private(set) var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// 0 = empty, otherwise key index + 1.
    private var slots: [UInt32]
    private var mask: Int

    init() {
        slots = Array(repeating: 0, count: 64)
        mask = 63
    }

    var count: Int { ends.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = 0
        while i < n {
            h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01b3
            i &+= 1
        }
        return (h ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
    }

    /// The key's code (its index in insertion order), inserting it when new.
    @inline(__always)
    mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let h = ByteDictionary.hash(p, n)
        if let found = find(p, n, h) { return found }
        return insert(p, n, h)
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
        find(p, n, ByteDictionary.hash(p, n))
    }

    /// The bytes of key `index`.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return arena[start..<ends[index]]
    }

    @inline(__always)
    private func find(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64) -> UInt32? {
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            let index = Int(slot &- 1)
            if hashes[index] == h {
                let start = index == 0 ? 0 : ends[index - 1]
                if ends[index] - start == n {
                    let same = n == 0 || arena.withUnsafeBufferPointer { buffer in
                        memcmp(buffer.baseAddress! + start, p, n) == 0
                    }
                    if same { return UInt32(truncatingIfNeeded: index) }
                }
            }
            i = (i &+ 1) & mask
        }
    }

    private mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64) -> UInt32 {
        let index = ends.count
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ends.append(arena.count)
        hashes.append(h)
        if (index + 1) * 2 > slots.count { grow() } else { place(index) }
        return UInt32(truncatingIfNeeded: index)
    }

    private mutating func place(_ index: Int) {
        var i = Int(truncatingIfNeeded: hashes[index]) & mask
        while slots[i] != 0 { i = (i &+ 1) & mask }
        slots[i] = UInt32(truncatingIfNeeded: index &+ 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for index in 0..<ends.count { place(index) }
    }
}
