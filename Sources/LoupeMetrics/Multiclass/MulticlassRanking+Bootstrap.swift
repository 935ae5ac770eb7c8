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
    /// compute them, but only over the classes (pairs) `defined` in the exact estimate: `nil`
    /// when one of those is undefined here.
    private static func averages(
        _ walks: [Walk], k: Int, exact: MulticlassRanking
    ) -> (macro: Double?, weighted: Double?, ovo: Double?) {
        var sum = 0.0, count = 0, weighted = 0.0, weights = 0.0, complete = true
        for a in 0..<k where exact.rocAUC[a] != nil {
            guard let auc = walks[a].rocAUC else {
                complete = false
                break
            }
            sum += auc
            count += 1
            weighted += walks[a].support * auc
            weights += walks[a].support
        }
        let macro = complete && count > 0 ? sum / Double(count) : nil
        let weightedMean = complete && weights > 0 ? weighted / weights : nil
        var pairSum = 0.0, pairs = 0, ovoComplete = true
        for a in 0..<k {
            for b in (a + 1)..<max(a + 1, k)
            where exact.pairwiseAUC[a * k + b] != nil && exact.pairwiseAUC[b * k + a] != nil {
                guard let ab = walks[a].pairwise[b], let ba = walks[b].pairwise[a] else {
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
        let k = classCount
        guard bootstrapBins.count == k, replicates > 0 else { return nil }
        var rng = SplitMix64(seed: seed)
        var above = [Double](repeating: 0, count: k), pairDeficit = above, run = above
        // Per class walk, per cell (bin, class): its sampler and its copies' mean weight.
        let binCounts = bootstrapBins.map { $0.count / (2 * k) }
        var samplers: [[PoissonSampler]] = [], meanWeights: [[Double]] = []
        for bins in bootstrapBins {
            var cellSamplers: [PoissonSampler] = [], cellMeans: [Double] = []
            for start in stride(from: 0, to: bins.count, by: 2 * k) {
                for c in 0..<k {
                    let rows: Double = bins[start + k + c]
                    cellSamplers.append(PoissonSampler(lambda: rows))
                    cellMeans.append(rows > 0 ? bins[start + c] / rows : 0)
                }
            }
            samplers.append(cellSamplers)
            meanWeights.append(cellMeans)
        }
        let binned = (0..<k).map { a in
            Self.walk(
                class: a, k: k, binCount: binCounts[a], above: &above, pairDeficit: &pairDeficit, run: &run
            ) { bin, c in bootstrapBins[a][bin * 2 * k + c] }
        }
        let binnedAverages = Self.averages(binned, k: k, exact: self)
        var rocDeviations = [[Double]](repeating: [], count: k), apDeviations = rocDeviations
        var macroDeviations: [Double] = [], weightedDeviations: [Double] = [], ovoDeviations: [Double] = []
        var walks = binned
        for _ in 0..<replicates {
            for a in 0..<k {
                let cells = samplers[a], means = meanWeights[a]
                walks[a] = Self.walk(
                    class: a, k: k, binCount: binCounts[a], above: &above, pairDeficit: &pairDeficit, run: &run
                ) { bin, c in
                    let cell = bin * k + c
                    return cells[cell].lambda > 0 ? cells[cell].draw(&rng) * means[cell] : 0
                }
                if let auc = walks[a].rocAUC, let reference = binned[a].rocAUC { rocDeviations[a].append(auc - reference) }
                if let ap = walks[a].averagePrecision, let reference = binned[a].averagePrecision {
                    apDeviations[a].append(ap - reference)
                }
            }
            let replicate = Self.averages(walks, k: k, exact: self)
            if let v = replicate.macro, let b = binnedAverages.macro { macroDeviations.append(v - b) }
            if let v = replicate.weighted, let b = binnedAverages.weighted { weightedDeviations.append(v - b) }
            if let v = replicate.ovo, let b = binnedAverages.ovo { ovoDeviations.append(v - b) }
        }
        func interval(_ exact: Double?, _ deviations: [Double]) -> (lower: Double, upper: Double)? {
            guard let exact,
                let ci = Intervals.biasCorrected(replicates: deviations, estimate: 0, confidence: confidence)
            else { return nil }
            return (max(0, exact + ci.lower), min(1, exact + ci.upper))
        }
        return RankIntervals(
            rocAUC: (0..<k).map { interval(rocAUC[$0], rocDeviations[$0]) },
            averagePrecision: (0..<k).map { interval(averagePrecision[$0], apDeviations[$0]) },
            macroOVRAUC: interval(macroOVRAUC, macroDeviations), weightedOVRAUC: interval(weightedOVRAUC, weightedDeviations),
            macroOVOAUC: interval(macroOVOAUC, ovoDeviations))
    }
}
