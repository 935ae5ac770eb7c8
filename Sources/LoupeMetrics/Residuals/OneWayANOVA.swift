/// One-way analysis of variance of a numeric value (a residual) across the categories of a
/// grouping, with each group's mean and its t interval: "mean residual per category".
///
/// Unweighted. Rows whose code is ≥ `groupCount` (`UInt32.max` by convention) belong to no group
/// and are left out. Groups without rows do not count as groups (scipy's `f_oneway` is given the
/// non-empty ones). Two passes with compensated sums per group.
public struct OneWayANOVA: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public let count: Int
        /// `nil` for an empty group.
        public let mean: Double?
        /// With Bessel's correction; `nil` when count < 2.
        public let standardDeviation: Double?
        /// mean ± t_{(1+c)/2, n−1} · s/√n; `nil` when count < 2.
        public let lower: Double?
        public let upper: Double?
    }

    /// One entry per code 0..<groupCount.
    public let groups: [Group]
    /// The number of groups with at least one row, k.
    public let nonEmptyGroups: Int
    /// Rows in some group, N.
    public let count: Int
    /// F = (SSB/(k − 1)) / (SSW/(N − k)), scipy's `f_oneway(*groups).statistic`; +infinity when
    /// every group is constant but the means differ. `nil` when k < 2, N ≤ k, or all values are
    /// equal (scipy returns NaN).
    public let fStatistic: Double?
    /// P(F_{k−1, N−k} > F), scipy's `f_oneway(...).pvalue`.
    public let pValue: Double?
    /// η² = SSB/SST, the share of the variance the grouping explains; `nil` when no row is in a
    /// group or all those values are equal.
    public let etaSquared: Double?

    /// `nil` when `codes` and `values` differ in length or groupCount < 0.
    public init?(values: [Double], codes: [UInt32], groupCount: Int, confidence: Double = 0.95) {
        guard values.count == codes.count, groupCount >= 0 else { return nil }
        var sums = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        var counts = [Int](repeating: 0, count: groupCount)
        var total = CompensatedSum()
        for (x, code) in zip(values, codes) where Int(code) < groupCount {
            sums[Int(code)].add(x)
            counts[Int(code)] += 1
            total.add(x)
        }
        let n = counts.reduce(0, +)
        let means = (0..<groupCount).map { counts[$0] > 0 ? sums[$0].value / Double(counts[$0]) : 0 }
        var squares = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        for (x, code) in zip(values, codes) where Int(code) < groupCount {
            let d = x - means[Int(code)]
            squares[Int(code)].add(d * d)
        }
        var quantiles: [Int: Double] = [:]
        var groups: [Group] = []
        var within = CompensatedSum(), between = CompensatedSum()
        let grand = n > 0 ? total.value / Double(n) : 0
        for g in 0..<groupCount {
            let m = counts[g]
            guard m > 0 else {
                groups.append(Group(count: 0, mean: nil, standardDeviation: nil, lower: nil, upper: nil))
                continue
            }
            within.add(squares[g].value)
            between.add(Double(m) * (means[g] - grand) * (means[g] - grand))
            guard m > 1 else {
                groups.append(Group(count: 1, mean: means[g], standardDeviation: nil, lower: nil, upper: nil))
                continue
            }
            let sd = (squares[g].value / Double(m - 1)).squareRoot()
            if quantiles[m] == nil {
                quantiles[m] =
                    Distributions.studentTQuantile((1 + confidence) / 2, degreesOfFreedom: Double(m - 1)) ?? .nan
            }
            let half = (quantiles[m] ?? .nan) * sd / Double(m).squareRoot()
            groups.append(
                Group(count: m, mean: means[g], standardDeviation: sd, lower: means[g] - half, upper: means[g] + half))
        }
        self.groups = groups
        count = n
        let k = counts.filter { $0 > 0 }.count
        nonEmptyGroups = k
        let ssw = within.value, ssb = between.value
        let sst = ssw + ssb
        etaSquared = sst > 0 ? ssb / sst : nil
        guard k >= 2, n > k, sst > 0 else {
            fStatistic = nil
            pValue = nil
            return
        }
        if ssw > 0 {
            let f = (ssb / Double(k - 1)) / (ssw / Double(n - k))
            fStatistic = f
            pValue = Distributions.fSurvival(f, d1: Double(k - 1), d2: Double(n - k))
        } else {
            fStatistic = .infinity
            pValue = 0
        }
    }
}
