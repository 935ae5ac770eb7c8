/// The distribution-free confidence interval for a median from order statistics.
///
/// For m i.i.d. rows, the number of values below the true median is Binomial(m, ½), so with k the
/// largest integer with P(B ≤ k) ≤ α/2, the interval [X₍ₖ₊₁₎, X₍ₘ₋ₖ₎] (1-based order statistics)
/// covers the median with probability 1 − 2·P(B ≤ k) ≥ 1 − α, whatever the distribution
/// (n = 10 at 95%: k = 1, [X₍₂₎, X₍₉₎]). There is no such k below 6 rows at 95%; then there is
/// no interval.
///
/// With weights, m is the Kish effective size rounded, and X₍ⱼ₎ is read on the weighted CDF: the
/// first value, in ascending order, whose cumulative weight reaches W·j/m. With unit weights this
/// is exactly the unweighted interval.
enum OrderStatisticInterval {
    /// The largest k ≥ 0 with P(Binomial(m, ½) ≤ k) ≤ `tail`, or `nil` when even P(B = 0) = 2⁻ᵐ
    /// exceeds it.
    ///
    /// Sums the binomial probabilities upwards by the ratio p(k+1)/p(k) = (m − k)/(k + 1). Up to
    /// 1000 trials the sum starts at k = 0 with 2⁻ᵐ exactly; above, at 12 standard deviations
    /// (6√m) below m/2, where the probability below is under 10⁻³⁰, from log p via log-factorials.
    static func lowerRank(trials m: Int, tail: Double) -> Int? {
        guard m > 0, tail > 0 else { return nil }
        let md = Double(m)
        var k = 0
        var p: Double
        if m <= 1000 {
            p = Double(sign: .plus, exponent: -m, significand: 1)
        } else {
            k = max(0, Int(md / 2 - 6 * md.squareRoot()))
            let kd = Double(k)
            p = libmExp(
                PoissonSampler.logFactorial(md) - PoissonSampler.logFactorial(kd)
                    - PoissonSampler.logFactorial(md - kd) - md * libmLog(2))
        }
        var cdf = p
        if cdf > tail { return k == 0 ? nil : k - 1 }
        while k < m {
            p *= Double(m - k) / Double(k + 1)
            if cdf + p > tail { return k }
            cdf += p
            k += 1
        }
        return k
    }

    /// The effective number of rows, m, of a slot with summed weight `weight` and summed squared
    /// weight `squaredWeight` (the row count when unweighted).
    static func trials(weight: Double, squaredWeight: Double) -> Int {
        let nEff = Intervals.kishEffectiveSize(sumOfWeights: weight, sumOfSquaredWeights: squaredWeight)
        return nEff.isFinite ? Int(nEff.rounded()) : 0
    }

    /// The cumulative-weight targets W(k+1)/m and W(m−k)/m, or `nil` when there is no interval.
    /// W·j is formed before dividing, so unit weights (W = m) give the integers k+1 and m−k exactly.
    static func targets(weight: Double, squaredWeight: Double, confidence: Double) -> (lower: Double, upper: Double)? {
        let m = trials(weight: weight, squaredWeight: squaredWeight)
        guard weight > 0, let k = lowerRank(trials: m, tail: (1 - confidence) / 2) else { return nil }
        let md = Double(m)
        return (weight * Double(k + 1) / md, weight * Double(m - k) / md)
    }
}
