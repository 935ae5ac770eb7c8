import LoupeResults

/// One metric of a candidate minus the same metric of a baseline on the same rows, with the
/// interval and p-value of a paired method.
public struct PairedDifference: Sendable, Equatable {
    /// candidate − baseline.
    public var difference: Double
    /// The bounds at the requested confidence, `nil` when the method gave none (too few rows).
    public var lower: Double?
    public var upper: Double?
    /// Two-sided p-value of "no difference", `nil` when the method gives none.
    public var pValue: Double?
    /// `paired_delong`, `mcnemar` or `paired_bootstrap` (results.json spelling).
    public var method: String

    public init(difference: Double, lower: Double?, upper: Double?, pValue: Double?, method: String) {
        self.difference = difference
        self.lower = lower
        self.upper = upper
        self.pValue = pValue
        self.method = method
    }
}

/// The verdict of a paired comparison, from the interval of the difference and the metric's
/// direction.
public enum ComparisonVerdict {
    /// `better` / `worse` when the interval excludes 0 (oriented by the metric's direction in
    /// `MetricRegistry`), `no_significant_difference` when it contains 0, `not_tested` when there
    /// is no interval (no paired method for the metric, or too few rows for it) — a bare
    /// difference says nothing either way — and `not_comparable` for a metric without a direction
    /// (a description such as a mean), which no value makes better than another.
    public static func verdict(metric: String, lower: Double?, upper: Double?) -> String {
        guard let higherIsBetter = MetricRegistry.higherIsBetter(metric) else { return "not_comparable" }
        guard let lower, let upper else { return "not_tested" }
        let higher: Bool
        if lower > 0 {
            higher = true
        } else if upper < 0 {
            higher = false
        } else {
            return "no_significant_difference"
        }
        return higher == higherIsBetter ? "better" : "worse"
    }
}

extension ComparisonVerdict {
    /// Holm's step-down adjustment of a family of comparisons (`nil` p-values take no part), and
    /// the verdicts that follow: a `better` or `worse` verdict stands only when its adjusted
    /// p-value is below `alpha`, otherwise it reads `no_significant_difference`; other verdicts
    /// are kept. Returns, per comparison, the adjusted p-value and the verdict (`nil`, `nil`
    /// without a p-value).
    public static func holm(verdicts: [String], pValues: [Double?], alpha: Double) -> [(pValue: Double?, verdict: String?)] {
        let adjusted = ProportionComparison.holm(pValues)
        return zip(verdicts, adjusted).map { verdict, holm in
            guard let holm else { return (nil, nil) }
            let stands = (verdict != "better" && verdict != "worse") || holm < alpha
            return (holm, stands ? verdict : "no_significant_difference")
        }
    }
}
