/// A model's rows in ascending score order with their labels, weights and the group codes of
/// some groupings, for analyses that walk the rows by score (fairness) without sorting again.
///
/// `BinaryEvaluator.evaluate(_:groupings:options:keepingSortedGroupings:)` hands over the order
/// its own pass sorted, so the rows are sorted once per model; `init(labels:scores:weights:groupings:)`
/// sorts them itself. Ties keep row order. Holds 9 bytes per row plus 4 per grouping (8 more
/// with weights).
public struct SortedRows: Sendable {
    /// Ascending order-preserving keys of the scores (`RadixSort.key`).
    public let keys: [UInt64]
    /// Labels 0/1 in sorted order.
    public let labels: [UInt8]
    /// Weights in sorted order, `nil` for weight 1.
    public let weights: [Double]?
    /// Per grouping, the group codes in sorted order; a row in no group has the grouping's
    /// `groupCount` (codes at or above it, `Grouping.none` included, are mapped there).
    public let groups: [[UInt32]]

    init(keys: [UInt64], labels: [UInt8], weights: [Double]?, groups: [[UInt32]]) {
        self.keys = keys
        self.labels = labels
        self.weights = weights
        self.groups = groups
    }

    /// Sorts the rows by score. - Parameters: labels 0/1 (any non-zero value is 1), finite scores,
    /// non-negative weights or `nil` for weight 1, and groupings with a code per row.
    public init(labels: [UInt8], scores: [Double], weights: [Double]?, groupings: [Grouping]) {
        let n = scores.count
        precondition(labels.count == n && (weights?.count ?? n) == n, "labels, scores and weights must have one entry per row")
        precondition(groupings.allSatisfy { $0.codes.count == n }, "every grouping needs a code per row")
        precondition(n < Int(UInt32.max), "row indices are 32-bit")
        let (keys, order) = RadixSort.argsort(scores)
        self.keys = keys
        self.labels = labels.withUnsafeBufferPointer { lb in order.map { lb[Int($0)] != 0 ? 1 : 0 } }
        self.weights = weights.map { BinaryEvaluator.gather($0, order: order, wordsPerRow: 1) }
        self.groups = groupings.map { grouping in
            let none = UInt32(truncatingIfNeeded: grouping.groupCount)
            return BinaryEvaluator.gather(grouping.codes, order: order, wordsPerRow: 1).map { $0 < none ? $0 : none }
        }
    }

    /// The first sorted position whose score is >= `threshold`.
    func lowerBound(_ threshold: Double) -> Int {
        let key = RadixSort.key(threshold)
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
