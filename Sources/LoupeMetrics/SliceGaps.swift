import LoupeResults

/// How far a slice is from the whole data on one metric, with an interval for the difference.
public enum SliceGaps {
    /// d = slice − overall. Each estimate's standard error is read off its interval,
    /// se ≈ (upper − lower) / 2z; since the slice is part of the whole, the two are correlated:
    /// Var(d) = v_s + v_o − 2·f·v_s with f the slice's share of (weighted) rows (exact for means,
    /// where Cov(slice mean, overall mean) = f·v_s). The interval is d ± z·√Var(d) (Var clipped at 0);
    /// `worse` = −d when higher is better, else d; `significant` when the interval excludes 0.
    /// Without a value on either side everything is `nil`; without intervals the difference has no
    /// interval and is not significant.
    public static func gap(
        metric: String, slice: Metric, overall: Metric, fraction: Double, higherIsBetter: Bool, confidence: Double
    ) -> SliceGap {
        guard let s = slice.value, let o = overall.value else {
            return SliceGap(metric: metric, difference: .undefined, worse: nil, significant: false)
        }
        let d = s - o
        let worse = higherIsBetter ? -d : d
        guard let sl = slice.lower, let su = slice.upper, let ol = overall.lower, let ou = overall.upper else {
            return SliceGap(metric: metric, difference: Metric(d), worse: worse, significant: false)
        }
        let z = Intervals.criticalValue(confidence: confidence)
        let seSlice = (su - sl) / (2 * z), seOverall = (ou - ol) / (2 * z)
        let f = min(max(fraction, 0), 1)
        let variance = max(0, seSlice * seSlice + seOverall * seOverall - 2 * f * seSlice * seSlice)
        let half = z * variance.squareRoot()
        let lower = d - half, upper = d + half
        return SliceGap(
            metric: metric, difference: Metric(d, lower: lower, upper: upper), worse: worse,
            significant: half > 0 ? (lower > 0 || upper < 0) : false)
    }
}
