/// The Durbin–Watson statistic of residuals in time order.
public enum DurbinWatson {
    /// d = Σₜ₌₂ⁿ (eₜ − eₜ₋₁)² / Σₜ₌₁ⁿ eₜ², statsmodels' `durbin_watson(resid)`: about 2 without
    /// first-order autocorrelation, toward 0 with positive and toward 4 with negative. The
    /// residuals are not demeaned (as statsmodels). Unweighted; compensated sums. `nil` when
    /// n < 2 or every residual is 0.
    public static func statistic(_ residuals: [Double]) -> Double? {
        guard residuals.count >= 2 else { return nil }
        var differences = CompensatedSum(), squares = CompensatedSum()
        var previous = residuals[0]
        squares.add(previous * previous)
        for e in residuals.dropFirst() {
            let d = e - previous
            differences.add(d * d)
            squares.add(e * e)
            previous = e
        }
        guard squares.value > 0 else { return nil }
        return differences.value / squares.value
    }
}
