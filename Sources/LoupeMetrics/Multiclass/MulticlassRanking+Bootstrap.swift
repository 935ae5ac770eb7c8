import LoupeResults

/// The Poisson bootstrap of the rank metrics on compressed data, as the binary task's average
/// precision (`BinaryEvaluator.bootstrap`): each class's walk keeps its runs pooled into at most
/// `bootstrapBins` bins (`MulticlassBinPool`), and a replicate draws, per bin and true class,
/// Poisson(rows) copies carrying the cell's mean weight, then walks the bins as runs of tied
/// scores, recomputing that class's OvR AUC, AP and pairwise AUCs AUC(a | b). A replicate costs
/// O(K × bins × K) draws and sums, whatever the number of rows.
///
/// Each class's walk draws its own copies (the bins of different walks are different partitions
/// of the rows, so they cannot share them); the averages (`macro_ovr_auc`, `weighted_ovr_auc`,
/// `macro_ovo_auc`) are averaged per replicate from those. Pooling runs into bins ties their
/// scores, which moves the metric a little; so every interval is centred on the exact estimate:
/// exact + the bias-corrected percentiles (`Intervals.biasCorrected`) of (replicate − the same
/// metric on the undrawn bins). A metric undefined in the exact estimate has no interval; a
/// replicate where it is undefined (a small class drew no copies) is left out, and an average
/// is replicated only where every class (pair) it averages is defined.
extension MulticlassRanking {
    /// The intervals of the rank metrics, at `confidence`, bounds clipped to [0, 1].
    public struct RankIntervals: Sendable {
        public var rocAUC: [(lower: Double, upper: Double)?]
        public var averagePrecision: [(lower: Double, upper: Double)?]
        public var macroOVRAUC: (lower: Double, upper: Double)?
        public var weightedOVRAUC: (lower: Double, upper: Double)?
        public var macroOVOAUC: (lower: Double, upper: Double)?
    }

    /// The rank metrics of one walk's bins, from the top, with each cell's weight given by
    /// `weight(bin, class)`: per class the weight, then the OvR AUC, AP and pairwise AUCs of `a`.
    private struct Walk {
        var support = 0.0
        var rocAUC: Double?
        var averagePrecision: Double?
        /// AUC(a | b) per b.
        var pairwise: [Double?]
    }

    private static func walk(
        class a: Int, k: Int, binCount: Int, above: inout [Double], pairDeficit: inout [Double],
        run: inout [Double], weight: (_ bin: Int, _ c: Int) -> Double
    ) -> Walk {
        for c in 0..<k {
            above[c] = 0
            pairDeficit[c] = 0
        }
        var negativesAbove = 0.0, totalAbove = 0.0, deficit = 0.0, precisionSum = 0.0
        for bin in 0..<binCount {
            var runTotal = 0.0
            for c in 0..<k {
                let w = weight(bin, c)
                run[c] = w
                runTotal += w
            }
            let positives = run[a], negatives = runTotal - positives
            if positives > 0 {
                deficit += positives * (negativesAbove + negatives / 2)
                precisionSum += positives * (above[a] + positives) / (totalAbove + runTotal)
                for b in 0..<k where b != a { pairDeficit[b] += positives * (above[b] + run[b] / 2) }
            }
            for c in 0..<k { above[c] += run[c] }
            negativesAbove += negatives
            totalAbove += runTotal
        }
        let positives = above[a]
        var result = Walk(support: positives, pairwise: [Double?](repeating: nil, count: k))
        guard positives > 0 else { return result }
        result.averagePrecision = precisionSum / positives
        if negativesAbove > 0 { result.rocAUC = 1 - deficit / (positives * negativesAbove) }
        for b in 0..<k where b != a && above[b] > 0 {
            result.pairwise[b] = 1 - pairDeficit[b] / (positives * above[b])
        }
        return result
    }

    /// The averages of per-class values, as `macroOVRAUC`, `weightedOVRAUC` and `macroOVOAUC`
    /// compute them, but only over the classes (pairs) defined in the exact estimate: `nil` when
    /// one of those is undefined here. `auc(a)`, `support(a)` and `pair(a, b)` give a walk's
    /// values, NaN where undefined.
    private func averages(
        auc: (Int) -> Double, support: (Int) -> Double, pair: (Int, Int) -> Double
    ) -> (macro: Double?, weighted: Double?, ovo: Double?) {
        let k = classCount
        var sum = 0.0, count = 0, weighted = 0.0, weights = 0.0, complete = true
        for a in 0..<k where rocAUC[a] != nil {
            let value = auc(a)
            guard !value.isNaN else {
                complete = false
                break
            }
            sum += value
            count += 1
            weighted += support(a) * value
            weights += support(a)
        }
        let macro = complete && count > 0 ? sum / Double(count) : nil
        let weightedMean = complete && weights > 0 ? weighted / weights : nil
        var pairSum = 0.0, pairs = 0, ovoComplete = true
        for a in 0..<k {
            for b in (a + 1)..<max(a + 1, k) where pairwiseAUC[a * k + b] != nil && pairwiseAUC[b * k + a] != nil {
                let ab = pair(a, b), ba = pair(b, a)
                guard !ab.isNaN && !ba.isNaN else {
                    ovoComplete = false
                    continue
                }
                pairSum += (ab + ba) / 2
                pairs += 1
            }
        }
        return (macro, weightedMean, ovoComplete && pairs > 0 ? pairSum / Double(pairs) : nil)
    }

    /// The bootstrap intervals of the rank metrics: `replicates` Poisson draws per (bin, true
    /// class) cell of each class's walk from `seed`'s SplitMix64 stream. `nil` without bins.
    public func bootstrapIntervals(replicates: Int, confidence: Double, seed: UInt64) -> RankIntervals? {
        let k = classCount, count = replicates
        guard bootstrapBins.count == k, count > 0 else { return nil }
        var rng = SplitMix64(seed: seed)
        var above = [Double](repeating: 0, count: k), pairDeficit = above, run = above
        let binned = (0..<k).map { a in
            let bins = bootstrapBins[a]
            return Self.walk(
                class: a, k: k, binCount: bins.count / (2 * k), above: &above, pairDeficit: &pairDeficit, run: &run
            ) { bin, c in bins[bin * 2 * k + c] }
        }
        let binnedAverages = averages(
            auc: { binned[$0].rocAUC ?? .nan }, support: { binned[$0].support },
            pair: { binned[$0].pairwise[$1] ?? .nan })
        // Per replicate r: auc[a·R + r], ap[a·R + r], support[a·R + r], pair[(a·K + b)·R + r].
        var auc = [Double](repeating: .nan, count: k * count), ap = auc, support = auc
        var pair = [Double](repeating: .nan, count: k * k * count)
        for a in 0..<k {
            Self.replicateWalks(
                class: a, k: k, bins: bootstrapBins[a], replicates: count, rng: &rng, auc: &auc, ap: &ap,
                support: &support, pair: &pair)
        }
        func interval(_ exact: Double?, _ deviations: [Double]) -> (lower: Double, upper: Double)? {
            guard let exact, let ci = Intervals.biasCorrected(replicates: deviations, estimate: 0, confidence: confidence)
            else { return nil }
            return (max(0, exact + ci.lower), min(1, exact + ci.upper))
        }
        func deviations(_ values: ArraySlice<Double>, from reference: Double?) -> [Double] {
            guard let reference else { return [] }
            return values.filter { !$0.isNaN }.map { $0 - reference }
        }
        var macro: [Double] = [], weighted: [Double] = [], ovo: [Double] = []
        for r in 0..<count {
            let replicate = averages(
                auc: { auc[$0 * count + r] }, support: { support[$0 * count + r] },
                pair: { pair[($0 * k + $1) * count + r] })
            if let v = replicate.macro, let b = binnedAverages.macro { macro.append(v - b) }
            if let v = replicate.weighted, let b = binnedAverages.weighted { weighted.append(v - b) }
            if let v = replicate.ovo, let b = binnedAverages.ovo { ovo.append(v - b) }
        }
        return RankIntervals(
            rocAUC: (0..<k).map { a in
                interval(rocAUC[a], deviations(auc[(a * count)..<((a + 1) * count)], from: binned[a].rocAUC))
            },
            averagePrecision: (0..<k).map { a in
                interval(averagePrecision[a], deviations(ap[(a * count)..<((a + 1) * count)], from: binned[a].averagePrecision))
            },
            macroOVRAUC: interval(macroOVRAUC, macro), weightedOVRAUC: interval(weightedOVRAUC, weighted),
            macroOVOAUC: interval(macroOVOAUC, ovo))
    }

    /// Every replicate of class `a`'s walk at once, bin by bin: each (bin, class) cell's copies
    /// are drawn for all replicates from one sampler, then each replicate's sums move on, so a
    /// cell's sampler is built once and the state of all replicates stays in cache. A cell of
    /// fewer than `PoissonInversion.lambdaLimit` rows (nearly all) draws by inversion of its
    /// tabulated distribution (one table per row count for the whole process,
    /// `PoissonTableBand`), a larger one by `PoissonSampler`'s rejection. Writes the
    /// replicates' OvR AUC, AP, support and AUC(a | b) (NaN where undefined).
    private static func replicateWalks(
        class a: Int, k: Int, bins: [Double], replicates count: Int, rng: inout SplitMix64,
        auc: inout [Double], ap: inout [Double], support: inout [Double], pair: inout [Double]
    ) {
        let width = 2 * k
        // State per replicate r: above[r·K + c], pairDeficit[r·K + c], and four sums; a bin's
        // copies per class c and replicate r: drawn[c·R + r].
        var above = [Double](repeating: 0, count: count * k), pairDeficit = above, drawn = above
        var negativesAbove = [Double](repeating: 0, count: count), totalAbove = negativesAbove
        var deficit = negativesAbove, precisionSum = negativesAbove
        var inversion = PoissonInversion()
        for start in stride(from: 0, to: bins.count, by: width) {
            drawn.withUnsafeMutableBufferPointer { drawn in
                for c in 0..<k {
                    let rows = bins[start + k + c]
                    inversion.copies(
                        rows: rows, count: count, scale: rows > 0 ? bins[start + c] / rows : 0, rng: &rng,
                        into: drawn.baseAddress! + c * count)
                }
            }
            above.withUnsafeMutableBufferPointer { above in
                pairDeficit.withUnsafeMutableBufferPointer { pairDeficit in
                    drawn.withUnsafeBufferPointer { drawn in
                        for r in 0..<count {
                            let row = r * k
                            var runTotal = 0.0
                            for c in 0..<k { runTotal += drawn[c &* count &+ r] }
                            let positives = drawn[a &* count &+ r], negatives = runTotal - positives
                            if positives > 0 {
                                deficit[r] += positives * (negativesAbove[r] + negatives / 2)
                                precisionSum[r] += positives * (above[row + a] + positives) / (totalAbove[r] + runTotal)
                                for b in 0..<k {
                                    pairDeficit[row + b] += positives * (above[row + b] + drawn[b &* count &+ r] / 2)
                                }
                            }
                            for c in 0..<k { above[row + c] += drawn[c &* count &+ r] }
                            negativesAbove[r] += negatives
                            totalAbove[r] += runTotal
                        }
                    }
                }
            }
        }
        for r in 0..<count {
            let row = r * k, positives = above[row + a]
            support[a * count + r] = positives
            guard positives > 0 else { continue }
            ap[a * count + r] = precisionSum[r] / positives
            if negativesAbove[r] > 0 { auc[a * count + r] = 1 - deficit[r] / (positives * negativesAbove[r]) }
            for b in 0..<k where b != a && above[row + b] > 0 {
                pair[(a * k + b) * count + r] = 1 - pairDeficit[row + b] / (positives * above[row + b])
            }
        }
    }
}
