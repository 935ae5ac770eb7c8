/// The points of a normal Q–Q plot, thinned to a fixed number so the chart does not grow with n.
///
/// Order statistic i (1-based) of the standardized sample (x − mean)/s (s with Bessel's
/// correction) is plotted against the normal quantile Φ⁻¹((i − ½)/n) (Hazen's plotting position).
/// When n exceeds `maxPoints`, the ranks are spaced evenly from 1 to n, both extremes included.
/// Unweighted. One radix sort of the sample.
public struct NormalQuantilePlot: Sendable, Equatable {
    /// The 1-based ranks plotted, ascending.
    public let ranks: [Int]
    public let theoretical: [Double]
    /// Standardized order statistics.
    public let sample: [Double]

    /// `nil` when n < 2, maxPoints < 2, or the sample is constant.
    public init?(_ values: [Double], maxPoints: Int = 200) {
        let n = values.count
        guard n >= 2, maxPoints >= 2, let moments = Moments(values), let sd = moments.standardDeviation, sd > 0
        else { return nil }
        var keys = values.map(RadixSort.key)
        var unused = [UInt32](repeating: 0, count: n)
        RadixSort.sort(keys: &keys, carrying: &unused)
        let ranks: [Int]
        if n <= maxPoints {
            ranks = Array(1...n)
        } else {
            let m = maxPoints
            ranks = (0..<m).map { j in 1 + (j * (n - 1) + (m - 1) / 2) / (m - 1) }
        }
        self.ranks = ranks
        theoretical = ranks.map { Intervals.normalQuantile((Double($0) - 0.5) / Double(n)) }
        sample = ranks.map { (RadixSort.value(ofKey: keys[$0 - 1]) - moments.mean) / sd }
    }
}
