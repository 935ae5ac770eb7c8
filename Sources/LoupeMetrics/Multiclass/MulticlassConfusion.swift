/// The (weighted) K×K confusion matrix of a set of rows, true class by predicted class, and the
/// metrics that depend only on it, as scikit-learn with `labels=range(K)` and `sample_weight`.
///
/// Undefined is `nil` (never NaN), where scikit-learn warns and returns 0 or NaN:
/// * per class: precision without predictions of the class (TP + FP = 0), recall without support
///   (TP + FN = 0), F1 = 2TP / (2TP + FP + FN) only when that denominator is 0 (a class with
///   support that is never predicted has F1 0, as scikit-learn);
/// * macro averages are the mean over the classes whose value is defined, weighted averages
///   Σ support_c · m_c / Σ support_c over those classes — exactly scikit-learn's
///   `zero_division=np.nan` (an undefined class is left out, not counted as 0). When every
///   defined class has zero support (all predictions fall in classes absent from the rows) the
///   weighted average is the unweighted mean of the defined classes, as scikit-learn's
///   `_nanaverage` falls back; `nil` when no class is defined;
/// * balanced accuracy is the mean recall over the classes with support (scikit-learn's
///   `balanced_accuracy_score`, which drops classes absent from y_true); unlike the binary
///   task's, it is defined when only one class is present;
/// * Cohen's kappa is `nil` when the expected disagreement is 0 (all rows true and predicted
///   the same class), where scikit-learn returns `replace_undefined_by`;
/// * MCC is `nil` when all labels or all predictions fall in one class (a zero variance, where
///   scikit-learn returns 0), the multiclass form of the binary task's rule;
/// * everything is `nil` for a set of zero total weight.
public struct MulticlassConfusion: Sendable, Equatable {
    public let classCount: Int
    /// Row-major: `counts[t * classCount + p]` is the weight of rows of true class t predicted p.
    public let counts: [Double]

    public init(classCount: Int, counts: [Double]) {
        precondition(counts.count == classCount * classCount, "counts must be classCount × classCount")
        self.classCount = classCount
        self.counts = counts
    }

    public func count(true t: Int, predicted p: Int) -> Double { counts[t * classCount + p] }

    static func sum(_ terms: some Sequence<Double>) -> Double {
        var s = CompensatedSum()
        for x in terms { s.add(x) }
        return s.value
    }

    /// Total weight of the rows.
    public var total: Double { Self.sum(counts) }
    /// Weight of the rows of true class `c` (its support).
    public func support(of c: Int) -> Double { Self.sum((0..<classCount).lazy.map { count(true: c, predicted: $0) }) }
    /// Weight of the rows predicted `c`.
    public func predicted(of c: Int) -> Double { Self.sum((0..<classCount).lazy.map { count(true: $0, predicted: c) }) }
    /// Weight of the correctly predicted rows (the trace).
    public var correct: Double { Self.sum((0..<classCount).lazy.map { count(true: $0, predicted: $0) }) }
    public var supports: [Double] { (0..<classCount).map(support(of:)) }

    public var accuracy: Double? { ConfusionCounts.ratio(correct, total) }
    /// Micro-averaged F1 over all K labels: Σ TP / Σ (TP + ½FP + ½FN) = accuracy for
    /// single-label data.
    public var microF1: Double? { accuracy }

    /// TP / (TP + FP) of class `c`; `nil` when `c` is never predicted.
    public func precision(of c: Int) -> Double? { ConfusionCounts.ratio(count(true: c, predicted: c), predicted(of: c)) }
    /// TP / (TP + FN) of class `c`; `nil` when `c` has no support.
    public func recall(of c: Int) -> Double? { ConfusionCounts.ratio(count(true: c, predicted: c), support(of: c)) }
    /// 2TP / (2TP + FP + FN) of class `c`; `nil` when the class is neither present nor predicted.
    public func f1(of c: Int) -> Double? {
        let tp = count(true: c, predicted: c)
        return ConfusionCounts.ratio(2 * tp, support(of: c) + predicted(of: c))
    }

    public var macroPrecision: Double? { Self.macro((0..<classCount).map(precision(of:))) }
    public var macroRecall: Double? { Self.macro((0..<classCount).map(recall(of:))) }
    public var macroF1: Double? { Self.macro((0..<classCount).map(f1(of:))) }
    public var weightedPrecision: Double? { weighted((0..<classCount).map(precision(of:))) }
    public var weightedRecall: Double? { weighted((0..<classCount).map(recall(of:))) }
    public var weightedF1: Double? { weighted((0..<classCount).map(f1(of:))) }
    /// Mean recall over the classes with support.
    public var balancedAccuracy: Double? { macroRecall }

    /// The mean of the defined values; `nil` when none is.
    static func macro(_ values: [Double?]) -> Double? {
        let defined = values.compactMap { $0 }
        return defined.isEmpty ? nil : sum(defined) / Double(defined.count)
    }

    /// The support-weighted mean of the defined values (scikit-learn's `_nanaverage`).
    func weighted(_ values: [Double?]) -> Double? { Self.weighted(values, supports: supports) }

    static func weighted(_ values: [Double?], supports support: [Double]) -> Double? {
        var num = CompensatedSum(), den = CompensatedSum()
        for c in values.indices {
            guard let v = values[c] else { continue }
            num.add(support[c] * v)
            den.add(support[c])
        }
        if den.value > 0 { return num.value / den.value }
        return Self.macro(values)
    }

    /// Cohen's kappa 1 − Σ_{i≠j} C_ij / Σ_{i≠j} E_ij with E_ij = t_i · p_j / N (t: supports,
    /// p: predicted totals, N: total weight).
    public var cohenKappa: Double? {
        cohenKappa(supports: supports, predicted: (0..<classCount).map(predicted(of:)), total: total)
    }

    func cohenKappa(supports t: [Double], predicted p: [Double], total n: Double) -> Double? {
        guard n > 0 else { return nil }
        var observed = CompensatedSum(), expected = CompensatedSum()
        for i in 0..<classCount {
            for j in 0..<classCount where i != j {
                observed.add(count(true: i, predicted: j))
                expected.add(t[i] * p[j])
            }
        }
        guard expected.value > 0 else { return nil }
        return 1 - observed.value / (expected.value / n)
    }

    /// Multiclass Matthews correlation (Gorodkin's R_K, scikit-learn's `matthews_corrcoef`):
    /// (c·N − Σ t_k p_k) / √((N² − Σ p_k²)(N² − Σ t_k²)), c the correct weight.
    public var matthewsCorrelation: Double? {
        matthewsCorrelation(supports: supports, predicted: (0..<classCount).map(predicted(of:)), total: total)
    }

    func matthewsCorrelation(supports t: [Double], predicted p: [Double], total n: Double) -> Double? {
        guard t.count(where: { $0 > 0 }) >= 2, p.count(where: { $0 > 0 }) >= 2 else { return nil }
        let tp = Self.sum((0..<classCount).lazy.map { t[$0] * p[$0] })
        let pp = Self.sum(p.lazy.map { $0 * $0 }), tt = Self.sum(t.lazy.map { $0 * $0 })
        let covariance = correct * n - tp
        let varianceProduct = (n * n - pp) * (n * n - tt)
        guard varianceProduct > 0 else { return nil }
        return covariance / varianceProduct.squareRoot()
    }

    /// The metrics the bootstraps replicate, each equal bit for bit to its property (the same
    /// sums in the same order), but with the margins summed once instead of once per metric
    /// and class: a replicate costs a few K² sums, not dozens.
    public struct Values: Sendable, Equatable {
        public var balancedAccuracy: Double?, macroPrecision: Double?, macroRecall: Double?, macroF1: Double?
        public var weightedPrecision: Double?, weightedRecall: Double?, weightedF1: Double?
        public var cohenKappa: Double?, matthewsCorrelation: Double?
        /// Per class.
        public var f1: [Double?]
    }

    public var values: Values {
        let t = supports, p = (0..<classCount).map(predicted(of:)), n = total
        let precision = (0..<classCount).map { ConfusionCounts.ratio(count(true: $0, predicted: $0), p[$0]) }
        let recall = (0..<classCount).map { ConfusionCounts.ratio(count(true: $0, predicted: $0), t[$0]) }
        let f1 = (0..<classCount).map { ConfusionCounts.ratio(2 * count(true: $0, predicted: $0), t[$0] + p[$0]) }
        let macroRecall = Self.macro(recall)
        return Values(
            balancedAccuracy: macroRecall, macroPrecision: Self.macro(precision), macroRecall: macroRecall,
            macroF1: Self.macro(f1), weightedPrecision: Self.weighted(precision, supports: t),
            weightedRecall: Self.weighted(recall, supports: t), weightedF1: Self.weighted(f1, supports: t),
            cohenKappa: cohenKappa(supports: t, predicted: p, total: n),
            matthewsCorrelation: matthewsCorrelation(supports: t, predicted: p, total: n), f1: f1)
    }

    /// Each true class's row divided by its support (the share of its rows predicted as each
    /// class); `nil` for a class without support.
    public var rowShares: [[Double]?] {
        (0..<classCount).map { t in
            let s = support(of: t)
            guard s > 0 else { return nil }
            return (0..<classCount).map { count(true: t, predicted: $0) / s }
        }
    }
}
