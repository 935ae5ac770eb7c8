/// Straightforward, one-metric-at-a-time implementations of the binary metrics (comparison sort,
/// no shared pass). They define the numbers: the one-pass engine in `BinaryEvaluator` is tested
/// against them, and later analyses (fairness, comparisons) can call them on small inputs.
///
/// All take labels (0 = negative, anything else = positive), finite scores and optional weights
/// (`nil` = every weight 1); a row is predicted positive iff score >= threshold.
public enum BinaryMetrics {
    @inline(__always) static func weight(_ weights: [Double]?, _ i: Int) -> Double { weights?[i] ?? 1 }

    public static func confusion(labels: [UInt8], scores: [Double], weights: [Double]? = nil, threshold: Double)
        -> ConfusionCounts
    {
        var tp = CompensatedSum(), fp = CompensatedSum(), tn = CompensatedSum(), fn = CompensatedSum()
        for i in scores.indices {
            let w = weight(weights, i)
            switch (labels[i] != 0, scores[i] >= threshold) {
            case (true, true): tp.add(w)
            case (true, false): fn.add(w)
            case (false, true): fp.add(w)
            case (false, false): tn.add(w)
            }
        }
        return ConfusionCounts(
            truePositives: tp.value, falsePositives: fp.value, trueNegatives: tn.value, falseNegatives: fn.value)
    }

    /// Runs of equal scores from the highest down, with the (weighted) positives and negatives of
    /// each run. `-0.0` and `0.0` are one score.
    public static func descendingRuns(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> [(
        score: Double, positives: Double, negatives: Double
    )] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var runs: [(score: Double, positives: Double, negatives: Double)] = []
        for i in order {
            let w = weight(weights, i), s = scores[i] + 0.0
            if runs.isEmpty || runs[runs.count - 1].score != s { runs.append((s, 0, 0)) }
            if labels[i] != 0 { runs[runs.count - 1].positives += w } else { runs[runs.count - 1].negatives += w }
        }
        return runs
    }

    /// Area under the ROC curve, ties by the trapezoid rule (scikit-learn's `roc_auc_score`):
    /// Σ over runs of pos_run · (neg_below + ½ neg_run) / (P · N). `nil` unless both classes have
    /// positive weight.
    public static func rocAUC(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> Double? {
        let runs = descendingRuns(labels: labels, scores: scores, weights: weights)
        let p = runs.reduce(0) { $0 + $1.positives }, n = runs.reduce(0) { $0 + $1.negatives }
        guard p > 0, n > 0 else { return nil }
        var negativesAbove = 0.0, deficit = CompensatedSum()
        for run in runs {
            deficit.add(run.positives * (negativesAbove + run.negatives / 2))
            negativesAbove += run.negatives
        }
        return 1 - deficit.value / (p * n)
    }

    /// Average precision as scikit-learn's `average_precision_score`: Σ over distinct thresholds
    /// from the top of (R_k − R_{k−1}) · P_k, where P_k, R_k are precision and recall of
    /// "score >= threshold k". `nil` without positive weight.
    public static func averagePrecision(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> Double? {
        let runs = descendingRuns(labels: labels, scores: scores, weights: weights)
        let p = runs.reduce(0) { $0 + $1.positives }
        guard p > 0 else { return nil }
        var tp = 0.0, fp = 0.0, sum = CompensatedSum()
        for run in runs {
            tp += run.positives
            fp += run.negatives
            if run.positives > 0 { sum.add(run.positives * tp / (tp + fp)) }
        }
        return sum.value / p
    }

    static func weightedMean(_ count: Int, _ weights: [Double]?, _ term: (Int) -> Double) -> Double? {
        var num = CompensatedSum(), den = CompensatedSum()
        for i in 0..<count {
            let w = weight(weights, i)
            num.add(w * term(i))
            den.add(w)
        }
        return den.value > 0 ? num.value / den.value : nil
    }

    /// Weighted mean of −[y log p + (1−y) log(1−p)] with p clipped to [1e-15, 1 − 1e-15].
    public static func logLoss(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> Double? {
        weightedMean(scores.count, weights) { i in logLossTerm(label: labels[i], score: scores[i]) }
    }

    @inline(__always) public static func logLossTerm(label: UInt8, score: Double) -> Double {
        let p = min(max(score, 1e-15), 1 - 1e-15)
        return label != 0 ? -libmLog(p) : -libmLog(1 - p)
    }

    /// Weighted mean of (score − label)².
    public static func brier(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> Double? {
        weightedMean(scores.count, weights) { i in
            let d = scores[i] - (labels[i] != 0 ? 1 : 0)
            return d * d
        }
    }

    public static func meanPrediction(scores: [Double], weights: [Double]? = nil) -> Double? {
        weightedMean(scores.count, weights) { scores[$0] }
    }

    public static func meanLabel(labels: [UInt8], weights: [Double]? = nil) -> Double? {
        weightedMean(labels.count, weights) { labels[$0] != 0 ? 1 : 0 }
    }

    /// The calibration bin of a score: bin i covers [i/10, (i+1)/10), the last bin includes 1.0;
    /// scores below 0 fall in the first bin and above 1 in the last.
    @inline(__always) public static func calibrationBin(_ score: Double) -> Int {
        var bin = 0
        while bin < 9 && score >= Double(bin + 1) / 10 { bin += 1 }
        return bin
    }

    /// Expected calibration error over 10 equal-width bins of the score:
    /// ECE = Σ_b (W_b / W) · |mean_label_b − mean_score_b| = Σ_b |Σ_b w·y − Σ_b w·s| / W.
    public static func expectedCalibrationError(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> Double? {
        var gap = [CompensatedSum](repeating: CompensatedSum(), count: 10)
        var total = CompensatedSum()
        for i in scores.indices {
            let w = weight(weights, i)
            gap[calibrationBin(scores[i])].add(w * ((labels[i] != 0 ? 1 : 0) - scores[i]))
            total.add(w)
        }
        guard total.value > 0 else { return nil }
        return gap.reduce(0) { $0 + $1.value.magnitude } / total.value
    }

    /// DeLong's variance of the ROC AUC (DeLong, DeLong & Clarke-Pearson 1988) with placement
    /// values from midranks: for a positive, V10 = (negatives below + ½ tied) / N; for a negative,
    /// V01 = (positives above + ½ tied) / P; Var = S10/m + S01/n with S the sample variances.
    ///
    /// Weighted variant (our definition): placements use weighted counts, S10 and S01 are the
    /// weighted variances around the AUC with Bessel's correction in Kish effective sizes m_eff,
    /// n_eff, and Var = S10/m_eff + S01/n_eff; it reduces to the classic formula for unit weights.
    /// `nil` unless both classes have more than one effective row.
    public static func delongVariance(labels: [UInt8], scores: [Double], weights: [Double]? = nil) -> Double? {
        let runs = descendingRuns(labels: labels, scores: scores, weights: weights)
        var p = 0.0, n = 0.0, p2 = 0.0, n2 = 0.0
        for i in scores.indices {
            let w = weight(weights, i)
            if labels[i] != 0 { p += w; p2 += w * w } else { n += w; n2 += w * w }
        }
        guard p > 0, n > 0, let auc = rocAUC(labels: labels, scores: scores, weights: weights) else { return nil }
        let mEff = p * p / p2, nEff = n * n / n2
        guard mEff > 1, nEff > 1 else { return nil }
        var negAbove = 0.0, posAbove = 0.0, s10 = CompensatedSum(), s01 = CompensatedSum()
        for run in runs {
            let v10 = (n - negAbove - run.negatives / 2) / n
            let v01 = (posAbove + run.positives / 2) / p
            s10.add(run.positives * (v10 - auc) * (v10 - auc))
            s01.add(run.negatives * (v01 - auc) * (v01 - auc))
            negAbove += run.negatives
            posAbove += run.positives
        }
        return s10.value / p / (mEff - 1) + s01.value / n / (nEff - 1)
    }

    /// Every contract binary metric's value computed by the functions above (no intervals).
    public static func values(labels: [UInt8], scores: [Double], weights: [Double]? = nil, threshold: Double) -> [String: Double?]
    {
        let c = confusion(labels: labels, scores: scores, weights: weights, threshold: threshold)
        return [
            "count": Double(scores.count),
            "weighted_count": c.total,
            "accuracy": c.accuracy, "precision": c.precision, "recall": c.recall, "f1": c.f1,
            "fpr": c.falsePositiveRate, "fnr": c.falseNegativeRate, "tnr": c.trueNegativeRate,
            "selection_rate": c.selectionRate, "balanced_accuracy": c.balancedAccuracy,
            "mcc": c.matthewsCorrelation,
            "roc_auc": rocAUC(labels: labels, scores: scores, weights: weights),
            "average_precision": averagePrecision(labels: labels, scores: scores, weights: weights),
            "log_loss": logLoss(labels: labels, scores: scores, weights: weights),
            "brier": brier(labels: labels, scores: scores, weights: weights),
            "mean_prediction": meanPrediction(scores: scores, weights: weights),
            "mean_label": meanLabel(labels: labels, weights: weights),
            "ece": expectedCalibrationError(labels: labels, scores: scores, weights: weights),
        ]
    }
}
