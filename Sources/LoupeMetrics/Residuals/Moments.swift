/// The first four moments of a sample and the Jarque–Bera test of normality built on them.
///
/// Unweighted. Two passes with compensated sums: the mean, then the central sums Σd², Σd³, Σd⁴
/// with d = x − mean, so millions of rows lose nothing to cancellation.
public struct Moments: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// The sample variance with Bessel's correction, Σd²/(n − 1) (numpy's `var(x, ddof=1)`);
    /// `nil` when n < 2.
    public let variance: Double?
    /// √variance (numpy's `std(x, ddof=1)`); `nil` when n < 2.
    public let standardDeviation: Double?
    /// The biased skewness m₃/m₂^{3/2} with mₖ = Σdᵏ/n, scipy's `skew(x)` (bias=True). `nil`
    /// when m₂ ≤ (ε·mean)², i.e. the sample is constant to rounding (scipy returns NaN).
    public let skewness: Double?
    /// The biased excess kurtosis m₄/m₂² − 3, scipy's `kurtosis(x)` (fisher=True, bias=True);
    /// `nil` when skewness is.
    public let excessKurtosis: Double?
    /// Jarque–Bera JB = n/6 · (S² + K²/4), scipy's `jarque_bera(x).statistic`; `nil` with
    /// skewness.
    public let jarqueBera: Double?
    /// P(χ²₂ > JB) = exp(−JB/2), scipy's `jarque_bera(x).pvalue`.
    public let jarqueBeraPValue: Double?

    /// `nil` for an empty sample.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        var total = CompensatedSum()
        for x in values { total.add(x) }
        let mean = total.value / n
        var s2 = CompensatedSum(), s3 = CompensatedSum(), s4 = CompensatedSum()
        for x in values {
            let d = x - mean
            let d2 = d * d
            s2.add(d2)
            s3.add(d2 * d)
            s4.add(d2 * d2)
        }
        count = values.count
        self.mean = mean
        variance = values.count > 1 ? s2.value / (n - 1) : nil
        standardDeviation = variance.map { $0.squareRoot() }
        let m2 = s2.value / n, m3 = s3.value / n, m4 = s4.value / n
        let epsilon = Double.ulpOfOne
        if m2 > (epsilon * mean) * (epsilon * mean) && m2 > 0 {
            let skewness = m3 / (m2 * m2.squareRoot())
            let kurtosis = m4 / (m2 * m2) - 3
            let jb = n / 6 * (skewness * skewness + kurtosis * kurtosis / 4)
            self.skewness = skewness
            excessKurtosis = kurtosis
            jarqueBera = jb
            jarqueBeraPValue = libmExp(-jb / 2)
        } else {
            skewness = nil
            excessKurtosis = nil
            jarqueBera = nil
            jarqueBeraPValue = nil
        }
    }
}
