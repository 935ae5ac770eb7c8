/// The paired DeLong test of two ROC AUCs on the same rows (DeLong, DeLong & Clarke-Pearson
/// 1988), with placement values from midranks as in Sun & Xu's fast algorithm (2014): one sort
/// per model, then one walk per grouping, whatever the number of groups.
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
        return compare(a, b, labels: labels, weights: weights, grouping: nil)[0]
    }

    /// The test in every group of `grouping` (all rows as one group when it is `nil`): one result
    /// per group code, `nil` for a group without both classes. `labels` and `weights` are in row
    /// order, as given to both rankings.
    public static func compare(_ a: Ranking, _ b: Ranking, labels: [UInt8], weights: [Double]?, grouping: Grouping?) -> [Result?]
    {
        let groupCount = grouping?.groupCount ?? 1
        let placementA = placements(a, grouping: grouping, groupCount: groupCount)
        let placementB = placements(b, grouping: grouping, groupCount: groupCount)
        // Per group and class: Σw, Σw², Σw·ra, Σw·rb, Σw·(ra − rb)², raw placements r.
        let lanes = 5
        var sums = [Double](repeating: 0, count: groupCount * 2 * lanes)
        let count = UInt32(truncatingIfNeeded: groupCount)
        for i in labels.indices {
            let g = grouping.map { $0.codes[i] } ?? 0
            guard g < count else { continue }
            let w = weights?[i] ?? 1
            let ra = placementA[i], rb = placementB[i], d = ra - rb
            let base = (Int(g) * 2 + (labels[i] != 0 ? 1 : 0)) * lanes
            sums[base] += w
            sums[base + 1] += w * w
            sums[base + 2] += w * ra
            sums[base + 3] += w * rb
            sums[base + 4] += w * d * d
        }
        return (0..<groupCount).map { g -> Result? in
            let neg = g * 2 * lanes, pos = neg + lanes
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

    /// Raw placements in row order: a positive's weight of negatives below plus ½ tied, a
    /// negative's weight of positives below plus ½ tied, counted within the row's group (a
    /// negative's V01 is 1 − r/P, which has the same variance as r/P).
    static func placements(_ ranking: Ranking, grouping: Grouping?, groupCount: Int) -> [Double] {
        let n = ranking.keys.count
        let count = UInt32(truncatingIfNeeded: groupCount)
        // below[2g + label]: weight of class `label` in group g below the current run.
        var below = [Double](repeating: 0, count: 2 * groupCount)
        var run = below
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            below.withUnsafeMutableBufferPointer { below in
                run.withUnsafeMutableBufferPointer { run in
                    ranking.keys.withUnsafeBufferPointer { keys in
                        ranking.order.withUnsafeBufferPointer { order in
                            ranking.labels.withUnsafeBufferPointer { labels in
                                func group(_ p: Int) -> Int {
                                    guard let grouping else { return 0 }
                                    let c = grouping.codes[Int(order[p])]
                                    return c < count ? Int(c) : -1
                                }
                                var start = 0
                                while start < n {
                                    var end = start + 1
                                    while end < n && keys[end] == keys[start] { end += 1 }
                                    if end == start + 1 {
                                        let g = group(start), row = Int(order[start])
                                        let y = Int(labels[start])
                                        if g < 0 {
                                            out[row] = 0
                                        } else {
                                            out[row] = below[2 * g + 1 - y]
                                            below[2 * g + y] += ranking.weights?[start] ?? 1
                                        }
                                    } else {
                                        for p in start..<end {
                                            let g = group(p)
                                            if g >= 0 { run[2 * g + Int(labels[p])] += ranking.weights?[p] ?? 1 }
                                        }
                                        for p in start..<end {
                                            let g = group(p), row = Int(order[p])
                                            let other = 2 * g + 1 - Int(labels[p])
                                            out[row] = g < 0 ? 0 : below[other] + run[other] / 2
                                        }
                                        for p in start..<end {
                                            let g = group(p)
                                            guard g >= 0 else { continue }
                                            below[2 * g] += run[2 * g]
                                            below[2 * g + 1] += run[2 * g + 1]
                                            run[2 * g] = 0
                                            run[2 * g + 1] = 0
                                        }
                                    }
                                    start = end
                                }
                            }
                        }
                    }
                }
            }
            initialized = n
        }
    }
}
