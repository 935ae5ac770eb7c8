import LoupeResults

/// The intervals of the rank metrics.
///
/// The ROC AUCs (each class's OvR AUC, `macro_ovr_auc`, `weighted_ovr_auc`, `macro_ovo_auc`):
/// A ± z·√Var with DeLong's variances computed in the slot walk (`AUCVariances`), clipped to
/// [0, 1]; no resampling.
///
/// Each class's average precision: the Poisson bootstrap on compressed data, as the binary
/// task's (`BinaryEvaluator.bootstrap`): class a's walk keeps its runs pooled into at most
/// `bootstrapBins` bins (`MulticlassBinPool`); a replicate draws, per bin, Poisson(rows) copies
/// of its class-a rows and of its other rows, each carrying their mean weight, then walks the
/// bins as runs of tied scores. A replicate costs O(K × bins) draws, whatever the number of rows.
/// Pooling runs into bins ties their scores, which moves AP a little; so the interval is centred
/// on the exact estimate: exact + the bias-corrected percentiles (`Intervals.biasCorrected`) of
/// (replicate − AP on the undrawn bins). AP undefined in the exact estimate has no interval; a
/// replicate without positives is left out.
extension MulticlassRanking {
    /// The intervals of the rank metrics, at `confidence`, bounds clipped to [0, 1].
    public struct RankIntervals: Sendable {
        public var rocAUC: [(lower: Double, upper: Double)?]
        public var averagePrecision: [(lower: Double, upper: Double)?]
        public var macroOVRAUC: (lower: Double, upper: Double)?
        public var weightedOVRAUC: (lower: Double, upper: Double)?
        public var macroOVOAUC: (lower: Double, upper: Double)?
    }

    /// The DeLong intervals of the AUCs (none without `aucVariances`) and the bootstrap
    /// intervals of AP (none without bins or replicates).
    public func intervals(replicates: Int, confidence: Double, seed: UInt64) -> RankIntervals {
        let k = classCount
        let z = Intervals.criticalValue(confidence: confidence)
        func delong(_ value: Double?, _ variance: Double?) -> (lower: Double, upper: Double)? {
            guard let value, let variance, variance.isFinite else { return nil }
            let half = z * variance.squareRoot()
            return (max(0, value - half), min(1, value + half))
        }
        let variances = aucVariances
        var ap = [(lower: Double, upper: Double)?](repeating: nil, count: k)
        if bootstrapBins.count == k && replicates > 0 {
            var rng = SplitMix64(seed: seed)
            for a in 0..<k {
                let collapsed = Self.positivesAndNegatives(class: a, k: k, bins: bootstrapBins[a])
                let replicated = Self.averagePrecisionReplicates(bins: collapsed, replicates: replicates, rng: &rng)
                guard let exact = averagePrecision[a], let binned = Self.averagePrecision(bins: collapsed) else {
                    continue
                }
                let deviations = replicated.filter { !$0.isNaN }.map { $0 - binned }
                guard let ci = Intervals.biasCorrected(replicates: deviations, estimate: 0, confidence: confidence) else {
                    continue
                }
                ap[a] = (max(0, exact + ci.lower), min(1, exact + ci.upper))
            }
        }
        return RankIntervals(
            rocAUC: (0..<k).map { delong(rocAUC[$0], variances?.rocAUC[$0]) }, averagePrecision: ap,
            macroOVRAUC: delong(macroOVRAUC, variances?.macroOVRAUC),
            weightedOVRAUC: delong(weightedOVRAUC, variances?.weightedOVRAUC),
            macroOVOAUC: delong(macroOVOAUC, variances?.macroOVOAUC))
    }

    /// Class `a`'s bins (2K numbers each: weight per class, rows per class) as 4 numbers each:
    /// weight and rows of class a, weight and rows of the others.
    static func positivesAndNegatives(class a: Int, k: Int, bins: [Double]) -> [Double] {
        var collapsed: [Double] = []
        collapsed.reserveCapacity(bins.count / k * 2)
        for start in stride(from: 0, to: bins.count, by: 2 * k) {
            var weight = 0.0, rows = 0.0
            for c in 0..<k where c != a {
                weight += bins[start + c]
                rows += bins[start + k + c]
            }
            collapsed += [bins[start + a], bins[start + k + a], weight, rows]
        }
        return collapsed
    }

    /// AP of collapsed bins walked from the top as runs of tied scores; `nil` without positives.
    static func averagePrecision(bins: [Double]) -> Double? {
        var positivesAbove = 0.0, totalAbove = 0.0, sum = 0.0
        for start in stride(from: 0, to: bins.count, by: 4) {
            let positives = bins[start], negatives = bins[start + 2]
            positivesAbove += positives
            totalAbove += positives + negatives
            if positives > 0 { sum += positives * positivesAbove / totalAbove }
        }
        return positivesAbove > 0 ? sum / positivesAbove : nil
    }

    /// `replicates` APs of the collapsed bins (NaN where a replicate drew no positives): per bin,
    /// Poisson(rows) copies of its positives and of its negatives at their mean weight, drawn for
    /// every replicate from one sampler (bin by bin, so each sampler is built once).
    static func averagePrecisionReplicates(bins: [Double], replicates count: Int, rng: inout SplitMix64) -> [Double] {
        var positivesAbove = [Double](repeating: 0, count: count), totalAbove = positivesAbove, sum = positivesAbove
        var drawn = [Double](repeating: 0, count: 2 * count)
        for start in stride(from: 0, to: bins.count, by: 4) {
            for side in 0..<2 {
                let weight = bins[start + 2 * side], rows = bins[start + 2 * side + 1]
                if rows > 0 {
                    let sampler = PoissonSampler(lambda: rows), mean = weight / rows
                    for r in 0..<count { drawn[2 * r + side] = sampler.draw(&rng) * mean }
                } else {
                    for r in 0..<count { drawn[2 * r + side] = 0 }
                }
            }
            for r in 0..<count {
                let positives = drawn[2 * r], negatives = drawn[2 * r + 1]
                positivesAbove[r] += positives
                totalAbove[r] += positives + negatives
                if positives > 0 { sum[r] += positives * positivesAbove[r] / totalAbove[r] }
            }
        }
        return (0..<count).map { positivesAbove[$0] > 0 ? sum[$0] / positivesAbove[$0] : .nan }
    }
}
