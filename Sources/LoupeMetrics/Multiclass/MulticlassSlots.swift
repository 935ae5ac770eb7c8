/// Every set of rows one multiclass evaluation needs — the whole data (slot 0) and every group of
/// every grouping (slot `offsets[g] + code`) — so the kernels walk the rows once and feed every
/// slot, instead of gathering each group's rows and walking them again.
///
/// Rows are described by their *combination*: the row's label and its slot in each grouping.
/// Real slicing specs have few combinations (10 classes × 3 × 50 × 12 is 18,000 at most), so a
/// sort can carry a row's combination (4 bytes) and the walk reads the label and slots from a
/// table that stays in the cache. When the combinations could be too many for a dense table,
/// each row is its own combination (the same results, more memory traffic).
///
/// A row in no group of a grouping (`Grouping.none`, or a code ≥ `groupCount`) goes to the
/// scratch slot `count`, whose state is computed and dropped, so the walks have no branch for it.
struct MulticlassSlots {
    /// The real slots: 1 + Σ groupCount.
    let count: Int
    /// Slots per row: 1 + the number of groupings.
    let width: Int
    /// The first slot of each grouping.
    let offsets: [Int]
    /// Each row's combination.
    let combination: [UInt32]
    /// The label of each combination.
    let combinationLabel: [Int32]
    /// The slots of each combination, `width` per combination (slot 0 first).
    let combinationSlots: [Int32]
    /// Rows of each real slot.
    let rowCounts: [Int]
    /// Weight of each real slot's rows (a plain sum in row order; the row count without weights).
    let weights: [Double]

    /// The largest dense table of combinations (entries of 4 bytes).
    static let denseLimit = 1 << 22

    init(labels: [Int32], classCount k: Int, groupings: [Grouping], weights rowWeights: [Double]?) {
        let n = labels.count
        let width = 1 + groupings.count
        var offsets: [Int] = [], next = 1
        for grouping in groupings {
            offsets.append(next)
            next += grouping.groupCount
        }
        let count = next
        self.count = count
        self.width = width
        self.offsets = offsets

        // The row's local code per grouping, `groupCount` for no group: a mixed-radix number
        // with the label as its lowest digit.
        var radix = k
        var fitsDense = true
        for grouping in groupings {
            let (product, overflow) = radix.multipliedReportingOverflow(by: grouping.groupCount + 1)
            if overflow || product > Self.denseLimit || product > 4 * n + 1024 {
                fitsDense = false
                break
            }
            radix = product
        }
        var combination = [UInt32](repeating: 0, count: n)
        var combinationLabel: [Int32] = [], combinationSlots: [Int32] = []
        var rowCounts = [Int](repeating: 0, count: count + 1)
        var weights = [Double](repeating: 0, count: count + 1)
        @inline(__always) func slots(of i: Int, into out: inout [Int32]) {
            out.append(0)
            for (g, grouping) in groupings.enumerated() {
                let code = Int(grouping.codes[i])
                out.append(Int32(code < grouping.groupCount ? offsets[g] + code : count))
            }
        }
        if fitsDense {
            var dense = [UInt32](repeating: .max, count: radix)
            for i in 0..<n {
                let y = Int(labels[i])
                precondition(y >= 0 && y < k, "labels must be in 0..<classCount")
                var id = 0, scale = k
                for grouping in groupings {
                    let code = Int(grouping.codes[i])
                    id += scale * (code < grouping.groupCount ? code : grouping.groupCount)
                    scale *= grouping.groupCount + 1
                }
                id += y
                if dense[id] == .max {
                    dense[id] = UInt32(combinationLabel.count)
                    combinationLabel.append(Int32(y))
                    slots(of: i, into: &combinationSlots)
                }
                combination[i] = dense[id]
            }
        } else {
            combinationLabel = labels
            combinationSlots.reserveCapacity(n * width)
            for i in 0..<n {
                precondition(labels[i] >= 0 && Int(labels[i]) < k, "labels must be in 0..<classCount")
                combination[i] = UInt32(i)
                slots(of: i, into: &combinationSlots)
            }
        }
        combinationSlots.withUnsafeBufferPointer { slots in
            for i in 0..<n {
                let base = Int(combination[i]) * width
                let w = rowWeights?[i] ?? 1
                for j in 0..<width {
                    let s = Int(slots[base + j])
                    rowCounts[s] += 1
                    weights[s] += w
                }
            }
        }
        self.combination = combination
        self.combinationLabel = combinationLabel
        self.combinationSlots = combinationSlots
        self.rowCounts = Array(rowCounts[0..<count])
        self.weights = Array(weights[0..<count])
    }
}
