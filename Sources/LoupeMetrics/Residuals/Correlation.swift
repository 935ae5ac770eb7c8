/// Pearson's and Spearman's correlation with their two-sided p-values.
///
/// Unweighted. Both p-values are the t test with n − 2 degrees of freedom,
/// t = r √((n − 2)/(1 − r²)), evaluated exactly as I_{1−r²}((n − 2)/2, ½) with 1 − r² formed as
/// (1 − |r|)(1 + |r|); for Pearson this equals scipy's exact beta-distribution p-value.
public enum Correlation {
    public struct Estimate: Sendable, Equatable {
        public let coefficient: Double
        /// `nil` where scipy returns NaN (Spearman with n = 2).
        public let pValue: Double?
    }

    /// Pearson's r = S_xy/√(S_xx S_yy) (centred sums, compensated, two passes), clamped to
    /// [−1, 1], with scipy's `pearsonr(x, y)` p-value; for n = 2, r = ±1 and p = 1 as scipy.
    /// `nil` when n < 2, the lengths differ, or either input is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Estimate? {
        let n = x.count
        guard n >= 2, y.count == n else { return nil }
        var sx = CompensatedSum(), sy = CompensatedSum()
        for i in 0..<n {
            sx.add(x[i])
            sy.add(y[i])
        }
        let mx = sx.value / Double(n), my = sy.value / Double(n)
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxx.add(dx * dx)
            syy.add(dy * dy)
            sxy.add(dx * dy)
        }
        guard sxx.value > 0, syy.value > 0 else { return nil }
        let r = min(1, max(-1, sxy.value / (sxx.value.squareRoot() * syy.value.squareRoot())))
        if n == 2 { return Estimate(coefficient: r, pValue: 1) }
        return Estimate(coefficient: r, pValue: tTestPValue(r, n: n))
    }

    /// Spearman's ρ: Pearson's r of the average ranks (ties share the mean of their ranks), with
    /// scipy's `spearmanr(x, y)` p-value (the t approximation). One radix argsort per column.
    /// `nil` when n < 2, the lengths differ, or either input is constant; the p-value is `nil`
    /// for n = 2.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Estimate? {
        guard x.count >= 2, y.count == x.count,
            let r = pearson(averageRanks(x), averageRanks(y))
        else { return nil }
        return Estimate(coefficient: r.coefficient, pValue: x.count > 2 ? r.pValue : nil)
    }

    /// The 1-based ranks of `values`, ties given the average of the ranks they span (scipy's
    /// `rankdata(method="average")`). One radix argsort, then one pass over the runs of equal keys.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        averageRanks(sorted: RadixSort.argsort(values))
    }

    /// The same from the values already argsorted (`RadixSort.argsort`).
    public static func averageRanks(sorted: (keys: [UInt64], order: [UInt32])) -> [Double] {
        let (keys, order) = sorted
        var ranks = [Double](repeating: 0, count: keys.count)
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count && keys[end] == keys[start] { end += 1 }
            let rank = Double(start + end + 1) / 2
            for i in start..<end { ranks[Int(order[i])] = rank }
            start = end
        }
        return ranks
    }

    /// P(|T_{n−2}| > |t|) for the correlation r.
    static func tTestPValue(_ r: Double, n: Int) -> Double? {
        let a = r.magnitude
        return Distributions.regularizedBeta(Double(n - 2) / 2, 0.5, x: (1 - a) * (1 + a), complement: a * a)
    }
}
