/// Comparing two independent proportions: an interval for their difference, a test of equality,
/// and Holm's adjustment of a family of such tests.
///
/// Every function takes each proportion with its number of trials `n`, which may be an effective
/// (Kish) size with weights, as `Intervals.wilson` does.
public enum ProportionComparison {
    /// Newcombe's hybrid score interval for p₁ − p₂ (method 10 in Newcombe 1998), built from the
    /// two Wilson intervals (l₁, u₁) and (l₂, u₂):
    /// lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²), d = p₁ − p₂.
    /// Matches statsmodels' `confint_proportions_2indep(..., compare="diff", method="newcomb")`
    /// with count = p·n. `nil` when either n ≤ 0.
    public static func newcombeInterval(
        _ p1: Double, trials n1: Double, _ p2: Double, trials n2: Double, confidence: Double
    ) -> (lower: Double, upper: Double)? {
        guard let w1 = Intervals.wilson(proportion: p1, trials: n1, confidence: confidence),
            let w2 = Intervals.wilson(proportion: p2, trials: n2, confidence: confidence)
        else { return nil }
        let d = p1 - p2
        let below = ((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2)).squareRoot()
        let above = ((w1.upper - p1) * (w1.upper - p1) + (p2 - w2.lower) * (p2 - w2.lower)).squareRoot()
        return (d - below, d + above)
    }

    /// The two-sided p-value of the pooled two-proportion z-test of p₁ = p₂:
    /// p̄ = (p₁n₁ + p₂n₂)/(n₁ + n₂), z = (p₁ − p₂)/√(p̄(1 − p̄)(1/n₁ + 1/n₂)), p = erfc(|z|/√2).
    /// Matches statsmodels' `test_proportions_2indep(..., method="score", correction=False)` and
    /// `proportions_ztest` with count = p·n. `nil` when either n ≤ 0 or when p̄ is 0 or 1 (both
    /// proportions at the same bound: the test is undefined, statsmodels returns NaN).
    public static func pooledZTestPValue(_ p1: Double, trials n1: Double, _ p2: Double, trials n2: Double) -> Double? {
        guard n1 > 0, n2 > 0, p1.isFinite, p2.isFinite else { return nil }
        let pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else { return nil }
        let z = (p1 - p2) / variance.squareRoot()
        return min(1, libmErfc(z.magnitude / 2.0.squareRoot()))
    }

    /// Holm's step-down adjustment of a family of p-values (the `nil` ones are not part of the
    /// family and stay `nil`). With the m defined p-values in ascending order p₍₁₎ ≤ … ≤ p₍ₘ₎,
    /// adjusted p₍ᵢ₎ = min(1, max over j ≤ i of (m − j + 1)·p₍ⱼ₎); equal p-values keep input order.
    /// Matches statsmodels' `multipletests(p, method="holm")`.
    public static func holm(_ pValues: [Double?]) -> [Double?] {
        let defined = pValues.indices.filter { pValues[$0] != nil }
        let order = defined.sorted { (pValues[$0]!, $0) < (pValues[$1]!, $1) }
        let m = order.count
        var adjusted = [Double?](repeating: nil, count: pValues.count)
        var running = 0.0
        for (j, index) in order.enumerated() {
            running = max(running, min(1, Double(m - j) * pValues[index]!))
            adjusted[index] = running
        }
        return adjusted
    }
}
