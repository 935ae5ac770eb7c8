/// McNemar's test of two classifiers' accuracy on the same rows, from the discordant pairs:
/// b = (weight of) rows the candidate gets right and the baseline wrong, c = the reverse.
///
/// * p-value: statsmodels' `mcnemar(table, exact=True)` — twice the binomial(b + c, ½) CDF at
///   min(b, c), at most 1 — when the rows are unweighted and b + c < 25; otherwise
///   `exact=False, correction=True`: χ² = max(0, |b − c| − 1)² / (b + c) on 1 degree of freedom
///   (statsmodels squares |b − c| − 1 even when it is negative, so at b = c it reports p < 1;
///   equal discordant counts are no evidence of a difference, and here p = 1).
///   With weights, b and c are first rescaled to Kish's effective size n_eff (b' = b·n_eff/W), so
///   the test sees as many pairs as the weights are worth; the χ² form is always used then.
/// * difference of accuracies (b − c)/W with the paired Wald interval
///   d ± z·√((p_b + p_c − d²)/n_eff), p_b = b/W, p_c = c/W (Fleiss, Levin & Paik, §13.1; n_eff = n
///   without weights). With no discordant rows the interval is [0, 0] and p = 1.
public enum McNemar {
    /// Two-sided p-value of b against c (see the type's comment for which form).
    public static func pValue(b: Double, c: Double, exact: Bool) -> Double {
        let total = b + c
        guard total > 0 else { return 1 }
        if exact {
            let n = Int(total.rounded()), k = Int(min(b, c).rounded())
            // Σ_{i ≤ k} C(n, i) / 2ⁿ with the binomial coefficients built up exactly enough in doubles.
            var term = libmExp(-Double(n) * libmLog(2)), cdf = 0.0
            for i in 0...k {
                if i > 0 { term *= Double(n - i + 1) / Double(i) }
                cdf += term
            }
            return min(1, 2 * cdf)
        }
        let corrected = max(0, (b - c).magnitude - 1)
        return Distributions.chiSquaredSurvival(corrected * corrected / total, degreesOfFreedom: 1) ?? 1
    }

    /// The comparison of accuracies from the discordant weights `b`, `c`, the total weight and the
    /// total squared weight of the rows (`weighted` false means every weight was 1).
    public static func compare(
        b: Double, c: Double, total: Double, squaredTotal: Double, weighted: Bool, confidence: Double
    ) -> PairedDifference? {
        guard total > 0 else { return nil }
        let nEff = Intervals.kishEffectiveSize(sumOfWeights: total, sumOfSquaredWeights: squaredTotal)
        let pb = b / total, pc = c / total, d = pb - pc
        let p: Double
        if weighted {
            p = pValue(b: pb * nEff, c: pc * nEff, exact: false)
        } else {
            p = pValue(b: b, c: c, exact: b + c < 25)
        }
        let half = Intervals.criticalValue(confidence: confidence) * (max(0, pb + pc - d * d) / nEff).squareRoot()
        return PairedDifference(difference: d, lower: d - half, upper: d + half, pValue: p, method: "mcnemar")
    }
}
