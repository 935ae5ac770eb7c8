/// The paired DeLong test of two ROC AUCs on the same rows (DeLong, DeLong & Clarke-Pearson
/// 1988), with placement values from midranks as in Sun & Xu's fast algorithm (2014): one sort
/// per model, then walks by score that serve every group of several groupings at once.
///
/// In a set of rows with P positives and N negatives (weighted sums), a positive's placement is
/// V10 = (weight of negatives below its score + ½ of those tied) / N, a negative's is
/// V01 = (weight of positives above + ½ tied) / P; the AUC is the mean V10 over positives and the
/// mean V01 over negatives. With D = V(a) − V(b) per row,
/// Var(AUC_a − AUC_b) = S10_D / m + S01_D / n, where S10_D = S10_aa + S10_bb − 2 S10_ab is the
/// sample variance of D over the positives (and S01_D over the negatives). The test is
/// z = (AUC_a − AUC_b) / √Var, two-sided p = erfc(|z|/√2), interval difference ± z_{conf}·√Var.
///
/// Weights (our definition, as `BinaryMetrics.delongVariance`): placements use weighted counts,
/// the variances are weighted around their means, and Var = s10_D/(m_eff − 1) + s01_D/(n_eff − 1)
/// with s the weighted (population) variances and m_eff, n_eff Kish's effective sizes of the two
/// classes, which is exactly the classic formula for unit weights. The variance
/// is `nil` unless both classes have more than one effective row; a variance of 0 (the models rank
/// the rows alike) gives the interval [d, d] and p = 1 when d = 0, else 0.
public enum PairedDeLong {
    /// Per model: its rows in ascending score order, with labels and weights gathered into that
    /// order. Built once per model and shared by every grouping and every pairing.
    public struct Ranking: Sendable {
        let keys: [UInt64]
        let order: [UInt32]
        let labels: [UInt8]
        let weights: [Double]?

        public init(labels: [UInt8], scores: [Double], weights: [Double]?) {
            precondition(labels.count == scores.count && (weights?.count ?? scores.count) == scores.count)
            let (keys, order) = RadixSort.argsort(scores)
            self.keys = keys
            self.order = order
            self.labels = BinaryEvaluator.gather(labels, order: order, wordsPerRow: 1).map { $0 != 0 ? 1 : 0 }
            self.weights = weights.map { BinaryEvaluator.gather($0, order: order, wordsPerRow: 1) }
        }
    }

    /// One set of rows: both AUCs and the test, `nil` fields where undefined.
    public struct Result: Sendable, Equatable {
        public var aucA: Double
        public var aucB: Double
        /// Var(AUC_a − AUC_b), `nil` with at most one effective row in a class.
        public var variance: Double?

        public var difference: Double { aucA - aucB }

        public var pValue: Double? {
            guard let variance else { return nil }
            if variance <= 0 { return difference == 0 ? 1 : 0 }
            return Distributions.normalSurvivalTwoSided(difference / variance.squareRoot())
        }

        public func paired(confidence: Double) -> PairedDifference {
            let d = difference
            guard let variance else {
                return PairedDifference(difference: d, lower: nil, upper: nil, pValue: nil, method: "paired_delong")
            }
            let half = Intervals.criticalValue(confidence: confidence) * max(0, variance).squareRoot()
            return PairedDifference(difference: d, lower: d - half, upper: d + half, pValue: pValue, method: "paired_delong")
        }
    }

    /// The test on all rows (a convenience over `compare`).
    public static func test(labels: [UInt8], scoresA: [Double], scoresB: [Double], weights: [Double]? = nil) -> Result? {
        let a = Ranking(labels: labels, scores: scoresA, weights: weights)
        let b = Ranking(labels: labels, scores: scoresB, weights: weights)
        return compare(a, b, groupings: [nil])[0][0]
    }

    /// The test in every group of every grouping (`nil`: all rows as one group): per grouping, one
    /// result per group code, `nil` for a group without both classes. Both rankings must be of
    /// the same rows (labels and weights).
    ///
    /// Cost: one gather of the packed group codes per model, then per batch of groupings (all of
    /// them without weights, two with) one walk of each model in score order, a scatter and a
    /// gather (`accumulate`).
    public static func compare(_ a: Ranking, _ b: Ranking, groupings: [Grouping?]) -> [[Result?]] {
        let n = a.keys.count
        precondition(b.keys.count == n, "both rankings must be of the same rows")
        var slots = SlotCodes(groupings, rowCount: n)
        let sortedA = BinaryEvaluator.gather(slots.packed, order: a.order, wordsPerRow: slots.wordsPerRow)
        let sortedB = BinaryEvaluator.gather(slots.packed, order: b.order, wordsPerRow: slots.wordsPerRow)
        slots.packed = []  // the walks read the sorted copies: free the row-order codes first
        // Per global group and class: Σw, Σw², Σw·ra, Σw·rb, Σw·(ra − rb)² of the raw placements.
        let lanes = 5
        var sums = [Double](repeating: 0, count: slots.totalGroups * 2 * lanes)
        if a.weights == nil {
            // Unweighted placements are multiples of ½ below 2³¹: kept exactly as 2r in 32 bits,
            // three groupings a batch (4 bytes a grouping a row, twice: memory stays within 2× the
            // data file on the reference workload, at the cost of a walk per further batch).
            accumulate(
                a, b, sortedA: sortedA, sortedB: sortedB, slots: slots, batch: min(groupings.count, 3), into: &sums,
                encode: { UInt32($0 * 2) }, decode: { Double($0) / 2 })
        } else {
            accumulate(
                a, b, sortedA: sortedA, sortedB: sortedB, slots: slots, batch: min(groupings.count, 2), into: &sums,
                encode: { $0 }, decode: { $0 })
        }
        return groupings.indices.map { s in
            (0..<slots.groupCounts[s]).map { g -> Result? in
                let neg = (slots.base[s] + g) * 2 * lanes, pos = neg + lanes
                let p = sums[pos], n = sums[neg]
                guard p > 0, n > 0 else { return nil }
                let aucA = sums[pos + 2] / (p * n), aucB = sums[pos + 3] / (p * n)
                let d = aucA - aucB
                let mEff = Intervals.kishEffectiveSize(sumOfWeights: p, sumOfSquaredWeights: sums[pos + 1])
                let nEff = Intervals.kishEffectiveSize(sumOfWeights: n, sumOfSquaredWeights: sums[neg + 1])
                guard mEff > 1, nEff > 1 else { return Result(aucA: aucA, aucB: aucB, variance: nil) }
                // Positives: D = (ra − rb)/N, mean d; negatives: D = (ra − rb)/P, mean −d.
                let s10 = max(0, sums[pos + 4] / (n * n * p) - d * d)
                let s01 = max(0, sums[neg + 4] / (p * p * n) - d * d)
                return Result(aucA: aucA, aucB: aucB, variance: s10 / (mEff - 1) + s01 / (nEff - 1))
            }
        }
    }

    /// The sums of `compare`, `batch` groupings at a time: A's walk writes its placements into
    /// a row-indexed buffer (encoded as `T`), which is gathered into B's order in a tight loop of
    /// independent loads (inside B's walk each would stall it), and B's walk accumulates. Both
    /// buffers are reused by every batch: fresh pages cost a fault and a clear each.
    static func accumulate<T>(
        _ a: Ranking, _ b: Ranking, sortedA: [UInt64], sortedB: [UInt64], slots: SlotCodes, batch: Int,
        into sums: inout [Double], encode: (Double) -> T, decode: (T) -> Double
    ) {
        let n = a.keys.count, lanes = 5
        let slotCount = slots.groupCounts.count
        var records = uninitializedScratch(T.self, count: n * batch)
        var inB = uninitializedScratch(T.self, count: n * batch)
        sums.withUnsafeMutableBufferPointer { sm in
            for start in stride(from: 0, to: slotCount, by: batch) {
                let range = start..<min(start + batch, slotCount)
                records.withUnsafeMutableBufferPointer { rec in
                    walk(a, sorted: sortedA, slots: slots, batch: range) { _, row, k, _, _, _, r in
                        rec[row &* batch &+ k] = encode(r)
                    }
                    inB.withUnsafeMutableBufferPointer { out in
                        b.order.withUnsafeBufferPointer { order in
                            for p in 0..<n {
                                let row = Int(order[p])
                                for k in 0..<range.count { out[p &* batch &+ k] = rec[row &* batch &+ k] }
                            }
                        }
                    }
                }
                inB.withUnsafeBufferPointer { ra in
                    walk(b, sorted: sortedB, slots: slots, batch: range) { p, _, k, group, y, w, rb in
                        let placementA = decode(ra[p &* batch &+ k]), d = placementA - rb
                        let base = (group &* 2 &+ y) &* lanes
                        sm[base] += w
                        sm[base &+ 1] += w * w
                        sm[base &+ 2] += w * placementA
                        sm[base &+ 3] += w * rb
                        sm[base &+ 4] += w * d * d
                    }
                }
            }
        }
    }

    /// One walk of a model's rows in ascending score order for the slots in `batch`, calling
    /// `visit(sorted position, row, slot − batch.lowerBound, global group, label, weight, r)` with the raw placement
    /// r: for a positive, the weight of its group's negatives below its score plus ½ of those tied;
    /// for a negative, of positives (a negative's V01 is 1 − r/P, which has the variance of r/P).
    @inline(__always) static func walk(
        _ ranking: Ranking, sorted: [UInt64], slots: SlotCodes, batch: Range<Int>,
        visit: (Int, Int, Int, Int, Int, Double, Double) -> Void
    ) {
        let n = ranking.keys.count
        let words = slots.wordsPerRow
        // [2·group + label]: weight of the class below the current run, and within it.
        var below = [Double](repeating: 0, count: 2 * slots.totalGroups)
        var run = below
        let width = batch.count
        var capacity = 1024 * width
        var groups = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        defer { groups.deallocate() }
        below.withUnsafeMutableBufferPointer { below in
            run.withUnsafeMutableBufferPointer { run in
                ranking.keys.withUnsafeBufferPointer { keys in
                    ranking.order.withUnsafeBufferPointer { order in
                        ranking.labels.withUnsafeBufferPointer { labels in
                            sorted.withUnsafeBufferPointer { packed in
                                let codes = packed.baseAddress!
                                let weights = ranking.weights
                                var start = 0
                                while start < n {
                                    var end = start &+ 1
                                    while end < n && keys[end] == keys[start] { end &+= 1 }
                                    if end == start &+ 1 {
                                        let row = Int(order[start]), y = Int(labels[start])
                                        let w = weights?[start] ?? 1
                                        for s in batch {
                                            let g = slots.group(codes + start &* words, slot: s)
                                            if g < 0 { continue }
                                            let r = below[2 &* g &+ 1 &- y]
                                            below[2 &* g &+ y] += w
                                            visit(start, row, s &- batch.lowerBound, g, y, w, r)
                                        }
                                    } else {
                                        // A run of tied scores: its rows' groups once, then the
                                        // run's weight per group and class, the placements, and
                                        // the run added below.
                                        let length = end &- start
                                        if length &* width > capacity {
                                            groups.deallocate()
                                            capacity = 2 &* length &* width
                                            groups = .allocate(capacity: capacity)
                                        }
                                        for j in 0..<length {
                                            let p = start &+ j
                                            let y = Int(labels[p]), w = weights?[p] ?? 1
                                            for k in 0..<width {
                                                let g = slots.group(codes + p &* words, slot: batch.lowerBound &+ k)
                                                groups[j &* width &+ k] = g
                                                if g >= 0 { run[2 &* g &+ y] += w }
                                            }
                                        }
                                        for j in 0..<length {
                                            let p = start &+ j
                                            let row = Int(order[p]), y = Int(labels[p]), w = weights?[p] ?? 1
                                            for k in 0..<width {
                                                let g = groups[j &* width &+ k]
                                                if g < 0 { continue }
                                                let other = 2 &* g &+ 1 &- y
                                                visit(p, row, k, g, y, w, below[other] + run[other] / 2)
                                            }
                                        }
                                        for j in 0..<length {
                                            let p = start &+ j
                                            let y = Int(labels[p]), w = weights?[p] ?? 1
                                            for k in 0..<width {
                                                let g = groups[j &* width &+ k]
                                                if g < 0 { continue }
                                                below[2 &* g &+ y] += w
                                                run[2 &* g &+ y] = 0
                                            }
                                        }
                                    }
                                    start = end
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
