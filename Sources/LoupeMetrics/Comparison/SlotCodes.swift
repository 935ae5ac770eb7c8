/// The groups of several groupings ("slots"; `nil` is the whole data, one group) numbered as one
/// range, with every row's code in each slot packed into as few 64-bit words as fit, so a walk
/// in another order (by score) gathers one or two words per row instead of one code per grouping.
struct SlotCodes {
    /// Per slot: its groups and the global number of its first group.
    let groupCounts: [Int]
    let base: [Int]
    let totalGroups: Int
    let wordsPerRow: Int
    private let word: [Int], shift: [UInt64], mask: [UInt64]
    /// Row order: `wordsPerRow` words per row; a slot's field holds the code, or the slot's group
    /// count for a row in no group (codes at or above it, `Grouping.none` included).
    var packed: [UInt64]

    init(_ groupings: [Grouping?], rowCount n: Int) {
        var counts: [Int] = [], base: [Int] = []
        var total = 0
        for grouping in groupings {
            let count = grouping.map { max($0.groupCount, 0) } ?? 1
            counts.append(count)
            base.append(total)
            total += count
        }
        // The whole data needs no bits: its field is always 0.
        let fields = BitFields(
            widths: groupings.indices.map { groupings[$0] == nil ? 0 : BitFields.width(forCodesUpTo: counts[$0]) })
        let (word, shift) = (fields.word, fields.shift)
        groupCounts = counts
        self.base = base
        totalGroups = total
        wordsPerRow = fields.wordCount
        self.word = word
        self.shift = shift
        self.mask = fields.mask
        let words = fields.wordCount
        var packed = [UInt64](repeating: 0, count: n * words)
        packed.withUnsafeMutableBufferPointer { pk in
            for (s, grouping) in groupings.enumerated() {
                guard let grouping else { continue }
                let none = UInt32(truncatingIfNeeded: counts[s])
                let (ws, sh) = (word[s], shift[s])
                grouping.codes.withUnsafeBufferPointer { codes in
                    for i in 0..<n {
                        let c = codes[i]
                        pk[i &* words &+ ws] |= UInt64(c < none ? c : none) &<< sh
                    }
                }
            }
        }
        self.packed = packed
    }

    /// The global group of the row whose words start at `row`, in slot `s`, or −1 for none.
    @inline(__always) func group(_ row: UnsafePointer<UInt64>, slot s: Int) -> Int {
        let code = Int(truncatingIfNeeded: (row[word[s]] &>> shift[s]) & mask[s])
        return code < groupCounts[s] ? base[s] &+ code : -1
    }
}
