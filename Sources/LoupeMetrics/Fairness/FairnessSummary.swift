import LoupeResults

/// An attribute's summary metrics at one threshold, with Fairlearn's definitions
/// (`fairlearn.metrics`, `method="between_groups"`, `agg="worst_case"`), over the groups given
/// (the caller leaves out the too-small ones):
///
/// * `demographic_parity_difference` = max − min selection rate;
///   `demographic_parity_ratio` = min / max selection rate;
/// * `equal_opportunity_difference` = max − min TPR;
/// * `equalized_odds_difference` = the larger of the TPR difference and the FPR difference;
///   `equalized_odds_ratio` = the smaller of the TPR ratio (min / max TPR) and the FPR ratio.
///
/// Edge cases, as Fairlearn where it defines them: with no group a difference is undefined, with
/// one group it is 0; a ratio whose maximum is 0 is undefined (Fairlearn: 0/0 = NaN), and 0 when
/// only the minimum is 0. Two deliberate departures: a group's undefined rate (TPR without
/// positives, FPR without negatives) is left out of the min and max, where Fairlearn, through
/// scikit-learn's normalised confusion matrix, counts it as 0; and the equalized-odds metrics take
/// the worse of the defined parts, where Fairlearn's `max`/`min` over (TPR part, FPR part) return
/// NaN when the TPR part is NaN but ignore a NaN FPR part. Intervals come from
/// `FairnessSummaryBootstrap`.
public enum FairnessSummary {
    public static let metricNames = [
        "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
        "equalized_odds_ratio", "equal_opportunity_difference",
    ]

    /// The summary from each group's selection rate, TPR and FPR (`nil` where undefined).
    public static func metrics(selectionRates: [Double?], truePositiveRates: [Double?], falsePositiveRates: [Double?])
        -> MetricSet
    {
        let selection = spread(selectionRates)
        let tpr = spread(truePositiveRates)
        let fpr = spread(falsePositiveRates)
        func worse(_ a: Double?, _ b: Double?, _ pick: (Double, Double) -> Double) -> Double? {
            switch (a, b) {
            case let (x?, y?): return pick(x, y)
            case let (x?, nil): return x
            case let (nil, y?): return y
            case (nil, nil): return nil
            }
        }
        return [
            "demographic_parity_difference": Metric(selection?.difference),
            "demographic_parity_ratio": Metric(selection?.ratio),
            "equal_opportunity_difference": Metric(tpr?.difference),
            "equalized_odds_difference": Metric(worse(tpr?.difference, fpr?.difference, max)),
            "equalized_odds_ratio": Metric(worse(tpr?.ratio, fpr?.ratio, min)),
        ]
    }

    /// max − min and min / max of the defined values; `nil` without any (ratio `nil` when max is 0).
    static func spread(_ values: [Double?]) -> (difference: Double, ratio: Double?)? {
        let defined = values.compactMap { $0 }
        guard let low = defined.min(), let high = defined.max() else { return nil }
        return (high - low, high > 0 ? low / high : nil)
    }
}
