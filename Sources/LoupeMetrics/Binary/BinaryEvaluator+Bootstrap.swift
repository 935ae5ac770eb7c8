import LoupeResults

/// The Poisson bootstrap on compressed data.
///
/// Resampling n rows with replacement gives each row a Poisson(1) multiplicity (asymptotically),
/// so a set of m rows that a metric cannot tell apart receives Poisson(m) copies in total. The
/// metrics bootstrapped here depend on the rows only through small summaries, so a replicate
/// draws one Poisson count per summary cell instead of touching rows; a weighted cell's copies
/// carry the cell's mean weight (and, for calibration, mean weighted score):
/// * f1, balanced_accuracy, mcc: the 4 confusion cells;
/// * ece: the 10 calibration bins × 2 labels (within a cell the copies carry its mean score);
/// * average_precision: the runs of equal scores. A group with more runs than `bootstrapBins`
///   has adjacent runs pooled into bins (`DescendingPass`); its interval is then centred on the
///   exact estimate: exact + percentiles of (replicate − estimate on the bins).
/// Intervals are percentile intervals of the defined replicates, corrected for the bootstrap's
/// estimate of bias (`Intervals.biasCorrected`); each group draws from its own
/// SplitMix64 stream (`streamSeed`), so results are reproducible and independent of threading.
extension BinaryEvaluator {
    static func bootstrap(_ t: DescendingPass.SlotTotals, into m: inout MetricSet, options: EvaluationOptions, seed: UInt64) {
        let replicates = options.bootstrapReplicates
        let confidence = options.confidence
        var rng = SplitMix64(seed: seed)

        // Confusion cells (order tn, fp, fn, tp).
        var cellDraws = [[Double]](repeating: [Double](repeating: 0, count: replicates), count: 4)
        for c in 0..<4 {
            let n = t.cellCounts[c]
            if n == 0 { continue }
            let meanWeight = t.cells[c][0] / Double(n)
            let sampler = PoissonSampler(lambda: Double(n))
            for r in 0..<replicates { cellDraws[c][r] = sampler.draw(&rng) * meanWeight }
        }
        var f1: [Double] = [], balanced: [Double] = [], mcc: [Double] = []
        f1.reserveCapacity(replicates)
        for r in 0..<replicates {
            let c = ConfusionCounts(
                truePositives: cellDraws[3][r], falsePositives: cellDraws[1][r],
                trueNegatives: cellDraws[0][r], falseNegatives: cellDraws[2][r])
            if let v = c.f1 { f1.append(v) }
            if let v = c.balancedAccuracy { balanced.append(v) }
            if let v = c.matthewsCorrelation { mcc.append(v) }
        }
        /// Bounds stay within the metric's range (`mcc` in [−1, 1], the others in [0, 1]).
        func attach(_ name: String, _ values: [Double], floor: Double = 0) {
            guard let value = m[name]?.value,
                let ci = Intervals.biasCorrected(replicates: values, estimate: value, confidence: confidence)
            else { return }
            m[name] = Metric(value, lower: max(floor, ci.lower), upper: min(1, ci.upper))
        }
        attach("f1", f1)
        attach("balanced_accuracy", balanced)
        attach("mcc", mcc, floor: -1)

        // Calibration: per bin, per label, copies carry the cell's mean weight and mean w·s.
        var gap = [[Double]](repeating: [Double](repeating: 0, count: replicates), count: 10)
        var total = [Double](repeating: 0, count: replicates)
        for b in 0..<10 {
            for label in 0..<2 {
                let n = t.calibrationCounts[2 * b + label]
                if n == 0 { continue }
                let cell = t.calibration[2 * b + label]
                let meanWeight = cell[0] / Double(n), meanWeightedScore = cell[2] / Double(n)
                let perCopy = Double(label) * meanWeight - meanWeightedScore
                let sampler = PoissonSampler(lambda: Double(n))
                for r in 0..<replicates {
                    let k = sampler.draw(&rng)
                    gap[b][r] += k * perCopy
                    total[r] += k * meanWeight
                }
            }
        }
        var ece: [Double] = []
        for r in 0..<replicates where total[r] > 0 {
            var sum = 0.0
            for b in 0..<10 { sum += gap[b][r].magnitude }
            ece.append(sum / total[r])
        }
        attach("ece", ece)

        // Average precision on the (pooled) runs, from the top.
        guard let exact = m["average_precision"]?.value, !t.bins.isEmpty else { return }
        var tp = [Double](repeating: 0, count: replicates)
        var fp = [Double](repeating: 0, count: replicates)
        var sum = [Double](repeating: 0, count: replicates)
        var binnedTP = 0.0, binnedFP = 0.0, binnedSum = 0.0
        for bin in t.bins {
            let posN = bin[0], negN = bin[1], posW = bin[2], negW = bin[3]
            binnedTP += posW
            binnedFP += negW
            if posW > 0 { binnedSum += posW * binnedTP / (binnedTP + binnedFP) }
            let posSampler = PoissonSampler(lambda: posN), negSampler = PoissonSampler(lambda: negN)
            let posMean = posN > 0 ? posW / posN : 0, negMean = negN > 0 ? negW / negN : 0
            for r in 0..<replicates {
                let pk = posN > 0 ? posSampler.draw(&rng) * posMean : 0
                let nk = negN > 0 ? negSampler.draw(&rng) * negMean : 0
                tp[r] += pk
                fp[r] += nk
                if pk > 0 { sum[r] += pk * tp[r] / (tp[r] + fp[r]) }
            }
        }
        guard binnedTP > 0 else { return }
        let binned = binnedSum / binnedTP
        var deviations: [Double] = []
        deviations.reserveCapacity(replicates)
        for r in 0..<replicates where tp[r] > 0 { deviations.append(sum[r] / tp[r] - binned) }
        if let ci = Intervals.biasCorrected(replicates: deviations, estimate: 0, confidence: confidence) {
            m["average_precision"] = Metric(exact, lower: max(0, exact + ci.lower), upper: min(1, exact + ci.upper))
        }
    }
}
