/// Confidence intervals with closed forms, and the helpers the bootstrap uses.
public enum Intervals {
    /// The standard normal quantile Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation
    /// (relative error 1.2e-9) refined by one Halley step with `erfc`, which brings it to full
    /// double precision. Returns ±infinity at 0 and 1, NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [
            7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00,
        ]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * libmLog(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * libmLog(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // Halley refinement: e = Φ(x) − p, Φ(x) = erfc(−x/√2)/2.
        let e = 0.5 * libmErfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * libmExp(x * x / 2)
        x = x - u / (1 + x * u / 2)
        return x
    }

    /// The two-sided critical value z with P(|Z| ≤ z) = confidence (1.959964 for 0.95).
    public static func criticalValue(confidence: Double) -> Double {
        normalQuantile(1 - (1 - confidence) / 2)
    }

    /// Kish's effective sample size (Σw)² / Σw²; equals the row count when all weights are 1.
    public static func kishEffectiveSize(sumOfWeights: Double, sumOfSquaredWeights: Double) -> Double {
        sumOfSquaredWeights > 0 ? sumOfWeights * sumOfWeights / sumOfSquaredWeights : 0
    }

    /// The Wilson score interval for a proportion `p` observed on `n` (possibly effective, hence
    /// non-integer) trials:
    /// centre = (p + z²/2n) / (1 + z²/n), half-width = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²).
    /// `nil` when n ≤ 0. Matches statsmodels' `proportion_confint(count, nobs, method="wilson")`
    /// with count = p·n.
    public static func wilson(proportion p: Double, trials n: Double, confidence: Double) -> (lower: Double, upper: Double)? {
        guard n > 0, p.isFinite else { return nil }
        let z = criticalValue(confidence: confidence)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The normal-approximation interval of a (weighted) mean: mean ± z · s / √n_eff, where s² is
    /// the weighted variance with Bessel's correction in effective rows,
    /// s² = (Σw x²/Σw − mean²) · n_eff / (n_eff − 1). `nil` when n_eff ≤ 1.
    public static func normalMean(
        mean: Double, meanOfSquares: Double, effectiveSize: Double, confidence: Double
    ) -> (lower: Double, upper: Double)? {
        guard effectiveSize > 1, mean.isFinite else { return nil }
        let variance = max(0, meanOfSquares - mean * mean) / (effectiveSize - 1)
        let half = criticalValue(confidence: confidence) * variance.squareRoot()
        return (mean - half, mean + half)
    }

    /// The interval of a mean that cannot be negative (a loss): the normal interval when it stays
    /// at or above 0; otherwise the same on the log scale (delta method: m·exp(±z·se/m)), which
    /// stays above 0 and widens upwards, as a skewed loss's uncertainty does — never a bound
    /// clipped to 0, which reads as "could be a perfect model". A mean of 0 (every loss 0) gives
    /// [0, 0].
    public static func nonNegativeMean(
        mean: Double, meanOfSquares: Double, effectiveSize: Double, confidence: Double
    ) -> (lower: Double, upper: Double)? {
        guard
            let ci = normalMean(
                mean: mean, meanOfSquares: meanOfSquares, effectiveSize: effectiveSize, confidence: confidence)
        else { return nil }
        if ci.lower >= 0 { return ci }
        guard mean > 0 else { return (0, 0) }
        let z = criticalValue(confidence: confidence)
        let standardError = (mean - ci.lower) / z
        let factor = libmExp(z * standardError / mean)
        return (mean / factor, mean * factor)
    }

    /// The q-quantile (0 ≤ q ≤ 1) of ascending `sorted` values with linear interpolation between
    /// order statistics (numpy's default, "type 7"). `nil` for an empty array.
    public static func quantile(sorted: [Double], _ q: Double) -> Double? {
        guard let first = sorted.first else { return nil }
        if sorted.count == 1 { return first }
        let at = quantilePosition(q, count: sorted.count)
        return sorted[at.index] + (sorted[at.index + 1] - sorted[at.index]) * at.fraction
    }

    /// Where quantile `q` of `n` ≥ 2 sorted values falls: between positions `index` and
    /// `index + 1`, `fraction` of the way (linear interpolation, numpy's default).
    static func quantilePosition(_ q: Double, count n: Int) -> (index: Int, fraction: Double) {
        let position = q * Double(n - 1)
        let i = min(Int(position.rounded(.down)), n - 2)
        return (i, position - Double(i))
    }

    /// A percentile bootstrap interval: the (α/2, 1 − α/2) quantiles of the replicates.
    /// `nil` when fewer than two replicates were defined.
    ///
    /// Each bound needs two neighbouring order statistics, so the four are selected (`select`)
    /// instead of sorting the replicates: a build takes some ten thousand of these intervals. The
    /// values are the sorted array's, so the bounds are `quantile(sorted:)`'s exactly (equal
    /// values differ at most in the sign of a zero, which the interpolation does not keep).
    public static func percentile(replicates: [Double], confidence: Double) -> (lower: Double, upper: Double)? {
        var defined = replicates.filter { $0.isFinite }
        let n = defined.count
        guard n >= 2 else { return nil }
        let alpha = 1 - confidence
        let low = quantilePosition(alpha / 2, count: n), high = quantilePosition(1 - alpha / 2, count: n)
        return defined.withUnsafeMutableBufferPointer { v in
            // The positions in ascending order (the upper bound's are at or after the lower's):
            // each selection leaves the values after its position for the next.
            var from = 0
            for p in [low.index, low.index + 1, high.index, high.index + 1] where p >= from {
                select(v, from: from, through: n - 1, k: p)
                from = p + 1
            }
            func bound(_ at: (index: Int, fraction: Double)) -> Double {
                v[at.index] + (v[at.index + 1] - v[at.index]) * at.fraction
            }
            return (bound(low), bound(high))
        }
    }

    /// Moves into `v[k]` the value an ascending sort of `v[from...through]` puts there, with no
    /// greater value before it and no smaller after it (Hoare's selection with median-of-three
    /// pivots; deterministic). `from ≤ k ≤ through`.
    static func select(_ v: UnsafeMutableBufferPointer<Double>, from: Int, through: Int, k: Int) {
        var lo = from, hi = through
        while hi > lo {
            // The median of the first, middle and last values as the pivot, which leaves a value
            // no greater than it at lo and none smaller at hi: the scans below stop in range.
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while pivot < v[j] { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now v[lo...j] ≤ pivot ≤ v[i...hi], and every value strictly between j and i equals
            // the pivot.
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return
            }
        }
    }

    /// A bootstrap interval corrected for the bootstrap's estimate of bias: the percentile
    /// interval shifted by `estimate − mean(replicates)`, then widened, if need be, to contain the
    /// estimate. For an unbiased metric the shift is about zero and this is the percentile
    /// interval; for one whose replicates run high (ECE is never negative, so resampling noise
    /// only adds to it) the plain percentile interval can lie wholly above the estimate.
    /// `nil` when fewer than two replicates were defined.
    public static func biasCorrected(replicates: [Double], estimate: Double, confidence: Double) -> (
        lower: Double, upper: Double
    )? {
        let defined = replicates.filter { $0.isFinite }
        guard let interval = percentile(replicates: defined, confidence: confidence) else { return nil }
        let shift = estimate - defined.reduce(0, +) / Double(defined.count)
        return (min(interval.lower + shift, estimate), max(interval.upper + shift, estimate))
    }
}
