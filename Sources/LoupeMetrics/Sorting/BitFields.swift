/// Fields of given bit widths packed in order into 64-bit words, none straddling two words: where
/// each field sits, for packing a row's group codes into as few words as fit.
struct BitFields {
    /// Per field: its word, its shift within the word, and its mask (after shifting down).
    var word: [Int] = [], shift: [UInt64] = [], mask: [UInt64] = []
    /// Words a row needs, and the bits used in the last one.
    var wordCount = 1
    var lastWordBits: Int

    /// The first field starts at bit `startBit` of the first word (below it, room for a label bit).
    init(widths: [Int], startBit: Int = 0) {
        var w = 0, bit = startBit
        for width in widths {
            if bit + width > 64 {
                w += 1
                bit = 0
            }
            word.append(w)
            shift.append(UInt64(bit))
            mask.append(width == 64 ? ~0 : (1 << UInt64(width)) - 1)
            bit += width
        }
        wordCount = w + 1
        lastWordBits = bit
    }

    /// The bits a code below `count` or equal to it ("no group") needs.
    static func width(forCodesUpTo count: Int) -> Int { 64 - UInt64(max(count, 0)).leadingZeroBitCount }
}
