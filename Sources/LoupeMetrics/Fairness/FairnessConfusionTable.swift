import LoupeResults

/// Every group's (weighted) confusion matrix at every threshold, from one pass over the rows.
///
/// Each row falls in a bucket b = the number of thresholds ≤ its score (a run of the sorted rows,
/// found by binary search for each threshold), and its count, weight and squared weight are added
/// to the cell (group, bucket, label). At threshold tⱼ the predicted positives are the buckets
/// above j, so every confusion matrix is a sum of at most T + 1 cells: O(n + G·T²) after the sort.
/// Weight sums are compensated.
struct FairnessConfusionTable {
    /// The rows, Σw and Σw² of one confusion cell.
    struct Cell {
        var rows = 0
        var weight = 0.0
        var squaredWeight = 0.0

        static func + (a: Cell, b: Cell) -> Cell {
            Cell(rows: a.rows + b.rows, weight: a.weight + b.weight, squaredWeight: a.squaredWeight + b.squaredWeight)
        }
    }

    /// A group's cells at one threshold, indexed `label * 2 + predicted`: TN, FP, FN, TP.
    struct Confusion {
        var cells: [Cell]
        var trueNegatives: Cell { cells[0] }
        var falsePositives: Cell { cells[1] }
        var falseNegatives: Cell { cells[2] }
        var truePositives: Cell { cells[3] }
        var all: Cell { cells[0] + cells[1] + cells[2] + cells[3] }
    }

    let thresholds: [Double]
    let groupCount: Int
    /// Rows and positive rows per group.
    let rows: [Int]
    let positives: [Int]
    /// `[group][threshold]`.
    let confusions: [[Confusion]]

    /// - Parameter sortedGroups: one of `scores.groups`, codes ≥ `groupCount` for no group.
    init(scores: SortedRows, sortedGroups: [UInt32], groupCount: Int, thresholds: [Double]) {
        self.thresholds = thresholds
        self.groupCount = groupCount
        let buckets = thresholds.count + 1
        let cellCount = groupCount * buckets * 2
        let weights = scores.weights
        var rowCounts = [Int](repeating: 0, count: cellCount)
        var weightSums = [CompensatedSum](repeating: CompensatedSum(), count: weights == nil ? 0 : cellCount)
        var squareSums = weightSums
        // Sorted rows in [positions[b-1], positions[b]) have exactly b thresholds at or below their score.
        let positions = [0] + thresholds.map(scores.lowerBound) + [scores.keys.count]
        let g32 = UInt32(truncatingIfNeeded: groupCount)
        rowCounts.withUnsafeMutableBufferPointer { rc in
            weightSums.withUnsafeMutableBufferPointer { ws in
                squareSums.withUnsafeMutableBufferPointer { ss in
                    sortedGroups.withUnsafeBufferPointer { gs in
                        scores.labels.withUnsafeBufferPointer { lb in
                            for b in 0..<buckets {
                                for k in positions[b]..<positions[b + 1] {
                                    let g = gs[k]
                                    guard g < g32 else { continue }
                                    let cell = (Int(g) &* buckets &+ b) &* 2 &+ Int(lb[k])
                                    rc[cell] &+= 1
                                    if let w = weights?[k] {
                                        ws[cell].add(w)
                                        ss[cell].add(w * w)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        func cell(_ g: Int, _ b: Int, _ y: Int) -> Cell {
            let c = (g * buckets + b) * 2 + y
            let n = rowCounts[c]
            if weights == nil { return Cell(rows: n, weight: Double(n), squaredWeight: Double(n)) }
            return Cell(rows: n, weight: weightSums[c].value, squaredWeight: squareSums[c].value)
        }
        func sum(_ g: Int, _ range: Range<Int>, _ y: Int) -> Cell {
            var rows = 0
            var w = CompensatedSum(), w2 = CompensatedSum()
            for b in range {
                let c = cell(g, b, y)
                rows += c.rows
                w.add(c.weight)
                w2.add(c.squaredWeight)
            }
            return Cell(rows: rows, weight: w.value, squaredWeight: w2.value)
        }
        var rows: [Int] = [], positives: [Int] = [], confusions: [[Confusion]] = []
        for g in 0..<groupCount {
            let negatives = sum(g, 0..<buckets, 0).rows
            let positive = sum(g, 0..<buckets, 1).rows
            rows.append(negatives + positive)
            positives.append(positive)
            confusions.append(
                thresholds.indices.map { j in
                    Confusion(cells: [
                        sum(g, 0..<(j + 1), 0), sum(g, (j + 1)..<buckets, 0), sum(g, 0..<(j + 1), 1),
                        sum(g, (j + 1)..<buckets, 1),
                    ])
                })
        }
        self.rows = rows
        self.positives = positives
        self.confusions = confusions
    }
}
