/// One model's rows sorted by score once, for the fairness analyses of any number of attributes.
///
/// Holds the ascending order-preserving keys (`RadixSort.key`), the permutation, and the labels and
/// weights gathered into that order, so each attribute costs one gather of its group codes and two
/// sequential passes (`FairnessAnalysis.analyze(attribute:model:scores:...)`). Holds about
/// 13 bytes per row beyond the inputs (21 with weights).
public struct FairnessScores: Sendable {
    public let labels: [UInt8]
    public let scores: [Double]
    public let weights: [Double]?
    /// Ascending keys of the scores and the rows in that order (stable: ties keep row order).
    let keys: [UInt64]
    let order: [UInt32]
    /// Labels (0/1) and weights in sorted order.
    let sortedLabels: [UInt8]
    let sortedWeights: [Double]?

    /// - Parameters: labels 0/1 (any non-zero value is 1), finite scores, non-negative weights or
    ///   `nil` for weight 1; one entry per row.
    public init(labels: [UInt8], scores: [Double], weights: [Double]?) {
        let n = scores.count
        precondition(labels.count == n && (weights?.count ?? n) == n, "labels, scores and weights must have one entry per row")
        precondition(n < Int(UInt32.max), "row indices are 32-bit")
        self.labels = labels
        self.scores = scores
        self.weights = weights
        (keys, order) = RadixSort.argsort(scores)
        let order = self.order
        sortedLabels = labels.withUnsafeBufferPointer { lb in order.map { lb[Int($0)] != 0 ? 1 : 0 } }
        sortedWeights = weights.map { w in w.withUnsafeBufferPointer { wb in order.map { wb[Int($0)] } } }
    }

    /// The group codes in sorted order (codes ≥ `groupCount` become `groupCount`: no group).
    func sortedGroups(_ groups: [UInt32], groupCount: Int) -> [UInt32] {
        precondition(groups.count == scores.count, "groups must have one code per row")
        let none = UInt32(truncatingIfNeeded: groupCount)
        // A tight loop of independent loads (the reads are random; the writes sequential).
        return [UInt32](unsafeUninitializedCapacity: order.count) { out, initialized in
            groups.withUnsafeBufferPointer { g in
                order.withUnsafeBufferPointer { o in
                    let gp = g.baseAddress, op = o.baseAddress, dst = out.baseAddress
                    for k in 0..<o.count {
                        let c = gp![Int(op![k])]
                        dst![k] = c < none ? c : none
                    }
                }
            }
            initialized = order.count
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
