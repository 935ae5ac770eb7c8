/// The sample autocorrelation function of residuals in time order, its confidence bands, and the
/// Ljung–Box test at every lag.
///
/// Unweighted. The series is demeaned first (as statsmodels' `acf` and `acorr_ljungbox` do).
/// The k + 1 lagged dot products are accumulated in one cache-blocked pass (blocks of 4096 rows
/// stay in L1 while every lag is summed over them), with block sums added compensated.
public struct Autocorrelation: Sendable, Equatable {
    public let count: Int
    /// r₀ = 1, r₁ … r_k: r_j = Σₜ₌ⱼⁿ⁻¹ dₜ dₜ₋ⱼ / Σₜ dₜ², d = x − mean: statsmodels'
    /// `acf(x, nlags=k, fft=False, adjusted=False)` (the biased divisor n for every lag).
    public let coefficients: [Double]
    /// Bartlett's half-widths, statsmodels' `acf(..., alpha=1 − confidence)` confint minus acf:
    /// z·√v_j with v₀ = 0, v₁ = 1/n, v_j = (1 + 2 Σ_{i<j} r_i²)/n (the band for an MA(j − 1)
    /// process), indexed by lag like `coefficients`.
    public let bartlettHalfWidths: [Double]
    /// The white-noise band ±z/√n.
    public let whiteNoiseHalfWidth: Double
    /// Ljung–Box Q_j = n(n + 2) Σ_{i≤j} r_i²/(n − i) at lags j = 1…k (index j − 1),
    /// statsmodels' `acorr_ljungbox(x, lags=k).lb_stat` (model_df = 0).
    public let ljungBox: [Double]
    /// P(χ²_j > Q_j), statsmodels' `lb_pvalue`.
    public let ljungBoxPValues: [Double]

    public var maxLag: Int { coefficients.count - 1 }

    /// Lags 0…min(maxLag, n − 1). `nil` when n < 2, maxLag < 1 or the series is constant.
    public init?(_ values: [Double], maxLag: Int = 20, confidence: Double = 0.95) {
        let n = values.count
        let k = min(maxLag, n - 1)
        guard n >= 2, k >= 1 else { return nil }
        var total = CompensatedSum()
        for x in values { total.add(x) }
        let mean = total.value / Double(n)
        let centred = values.map { $0 - mean }
        var sums = [CompensatedSum](repeating: CompensatedSum(), count: k + 1)
        let block = 4096
        centred.withUnsafeBufferPointer { d in
            var start = 0
            while start < n {
                let end = min(n, start + block)
                for lag in 0...k {
                    // Four independent accumulators, so the adds do not wait on each other.
                    var p0 = 0.0, p1 = 0.0, p2 = 0.0, p3 = 0.0
                    var t = max(start, lag)
                    while t + 4 <= end {
                        p0 += d[t] * d[t - lag]
                        p1 += d[t + 1] * d[t + 1 - lag]
                        p2 += d[t + 2] * d[t + 2 - lag]
                        p3 += d[t + 3] * d[t + 3 - lag]
                        t += 4
                    }
                    while t < end {
                        p0 += d[t] * d[t - lag]
                        t += 1
                    }
                    sums[lag].add((p0 + p1) + (p2 + p3))
                }
                start = end
            }
        }
        let c0 = sums[0].value
        guard c0 > 0 else { return nil }
        let coefficients = sums.map { $0.value / c0 }
        let z = Intervals.criticalValue(confidence: confidence)
        let nn = Double(n)
        var bartlett = [0.0]
        var squares = 0.0
        var ljungBox: [Double] = [], pValues: [Double] = []
        var q = 0.0
        for j in 1...k {
            bartlett.append(z * ((1 + 2 * squares) / nn).squareRoot())
            let r2 = coefficients[j] * coefficients[j]
            squares += r2
            q += r2 / (nn - Double(j))
            let statistic = nn * (nn + 2) * q
            ljungBox.append(statistic)
            pValues.append(Distributions.chiSquaredSurvival(statistic, degreesOfFreedom: Double(j)) ?? .nan)
        }
        count = n
        self.coefficients = coefficients
        bartlettHalfWidths = bartlett
        whiteNoiseHalfWidth = z / nn.squareRoot()
        self.ljungBox = ljungBox
        ljungBoxPValues = pValues
    }
}
