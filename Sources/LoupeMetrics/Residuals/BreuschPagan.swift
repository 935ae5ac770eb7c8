/// The Breusch–Pagan test of heteroscedasticity in Koenker's studentized form.
///
/// The auxiliary regression is e² on [1, z₁ … z_p] (unweighted OLS), with
/// R² = ESS/TSS of that regression:
/// LM = n·R² ~ χ²_p and F = (R²/p) / ((1 − R²)/(n − p − 1)) ~ F_{p, n−p−1}.
/// This is statsmodels' `het_breuschpagan(resid, exog)` with its default `robust=True`
/// (Koenker 1981; the original Breusch–Pagan ESS/2 assumes normal errors), exog = [1, z…].
///
/// Computed from centred cross-products (so the intercept drops out): two passes with compensated
/// sums, then the p × p normal equations by Cholesky. With one regressor this is the closed form
/// R² = S_zy² / (S_zz S_yy).
public struct BreuschPagan: Sendable, Equatable {
    public let count: Int
    /// p, the number of regressors besides the constant.
    public let degreesOfFreedom: Int
    public let rSquared: Double
    public let lagrangeMultiplier: Double
    public let lagrangeMultiplierPValue: Double
    /// +infinity when the auxiliary fit is exact (R² = 1).
    public let fStatistic: Double
    public let fPValue: Double

    /// The usual diagnostic: e² against the prediction.
    public init?(residuals: [Double], prediction: [Double]) {
        self.init(residuals: residuals, regressors: [prediction])
    }

    /// `regressors` are columns of the same length as `residuals`, without the constant. `nil`
    /// when there is no regressor, the lengths differ, n ≤ p + 1, e² is constant, or the
    /// regressors are constant or collinear (statsmodels would fall back to a pseudo-inverse).
    public init?(residuals: [Double], regressors: [[Double]]) {
        let n = residuals.count, p = regressors.count
        guard p >= 1, n > p + 1, regressors.allSatisfy({ $0.count == n }) else { return nil }
        var sumY = CompensatedSum()
        var sumZ = [CompensatedSum](repeating: CompensatedSum(), count: p)
        for i in 0..<n {
            sumY.add(residuals[i] * residuals[i])
            for j in 0..<p { sumZ[j].add(regressors[j][i]) }
        }
        let nn = Double(n)
        let meanY = sumY.value / nn
        let meanZ = sumZ.map { $0.value / nn }
        // Centred cross-products: S_zz (upper triangle, row-major), S_zy, S_yy.
        var szz = [CompensatedSum](repeating: CompensatedSum(), count: p * p)
        var szy = [CompensatedSum](repeating: CompensatedSum(), count: p)
        var syy = CompensatedSum()
        var z = [Double](repeating: 0, count: p)
        for i in 0..<n {
            let y = residuals[i] * residuals[i] - meanY
            syy.add(y * y)
            for j in 0..<p {
                z[j] = regressors[j][i] - meanZ[j]
                szy[j].add(z[j] * y)
            }
            for j in 0..<p {
                for l in j..<p { szz[j * p + l].add(z[j] * z[l]) }
            }
        }
        let tss = syy.value
        guard tss > 0 else { return nil }
        var matrix = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for l in j..<p {
                matrix[j * p + l] = szz[j * p + l].value
                matrix[l * p + j] = matrix[j * p + l]
            }
        }
        let rhs = szy.map(\.value)
        guard let beta = Self.solveSymmetric(matrix, rhs, size: p) else { return nil }
        var ess = 0.0
        for j in 0..<p { ess += beta[j] * rhs[j] }
        let r2 = min(max(ess / tss, 0), 1)
        let residualDF = Double(n - p - 1)
        count = n
        degreesOfFreedom = p
        rSquared = r2
        lagrangeMultiplier = nn * r2
        lagrangeMultiplierPValue =
            Distributions.chiSquaredSurvival(nn * r2, degreesOfFreedom: Double(p)) ?? .nan
        if r2 < 1 {
            let f = (r2 / Double(p)) / ((1 - r2) / residualDF)
            fStatistic = f
            fPValue = Distributions.fSurvival(f, d1: Double(p), d2: residualDF) ?? .nan
        } else {
            fStatistic = .infinity
            fPValue = 0
        }
    }

    /// Solves A b = c for a symmetric positive definite p × p matrix by Cholesky. `nil` when a
    /// pivot falls below 1e-12 of its diagonal entry (a constant or collinear regressor).
    static func solveSymmetric(_ a: [Double], _ c: [Double], size p: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var diagonal = a[j * p + j]
            for k in 0..<j { diagonal -= l[j * p + k] * l[j * p + k] }
            guard diagonal > 1e-12 * a[j * p + j], a[j * p + j] > 0 else { return nil }
            let root = diagonal.squareRoot()
            l[j * p + j] = root
            for i in (j + 1)..<max(p, j + 1) {
                var s = a[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = s / root
            }
        }
        var w = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = c[i]
            for k in 0..<i { s -= l[i * p + k] * w[k] }
            w[i] = s / l[i * p + i]
        }
        var b = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = w[i]
            for k in (i + 1)..<max(p, i + 1) { s -= l[k * p + i] * b[k] }
            b[i] = s / l[i * p + i]
        }
        return b
    }
}
