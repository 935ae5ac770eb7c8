/// The statistics of one numeric column: counts, moments, extremes, quantiles and a histogram.
///
/// Built from the mergeable `NumericAccumulator` (one pass) and the column's `SortedSample`
/// (quantiles and histogram need every value; the sort is shared with the drift distances).
/// NaN is missing and excluded from everything but `missingCount`.
public struct NumericStatistics: Sendable, Equatable {
    /// The quantile levels reported: 1, 5, 25, 50, 75, 95 and 99 %.
    public static let quantileLevels: [Double] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]

    /// Non-missing values.
    public let count: Int
    public let missingCount: Int
    /// missing / (non-missing + missing); `nil` when the column has no rows.
    public let missingShare: Double?
    public let mean: Double?
    /// The sample standard deviation (ddof 1, as pandas' `std()` and numpy's `std(ddof=1)`);
    /// `nil` when count < 2.
    public let standardDeviation: Double?
    /// The population standard deviation (ddof 0, numpy's `std()`); `nil` when empty.
    public let populationStandardDeviation: Double?
    public let minimum: Double?
    public let maximum: Double?
    /// Values equal to zero, and their share of the non-missing values (`nil` when there are none).
    public let zeroCount: Int
    public let zeroShare: Double?
    /// numpy's `quantile(x, quantileLevels)` (linear, type 7); empty when count is 0.
    public let quantiles: [Double]
    /// 20 equal-width bins over [minimum, maximum] (see `Histogram`); `nil` when empty or infinite.
    public let histogram: Histogram?

    /// From a column's accumulated state and its sorted values (the same rows).
    public init(accumulator a: NumericAccumulator, sorted: SortedSample) {
        count = a.count
        missingCount = a.missingCount
        let rows = a.count + a.missingCount
        missingShare = rows > 0 ? Double(a.missingCount) / Double(rows) : nil
        mean = a.mean
        standardDeviation = a.sampleStandardDeviation
        populationStandardDeviation = a.populationStandardDeviation
        minimum = a.count > 0 ? a.minimum : nil
        maximum = a.count > 0 ? a.maximum : nil
        zeroCount = a.zeroCount
        zeroShare = a.count > 0 ? Double(a.zeroCount) / Double(a.count) : nil
        quantiles = sorted.count > 0 ? NumericStatistics.quantileLevels.map { sorted.quantile($0)! } : []
        histogram = Histogram(sorted)
    }

    /// The statistics of `column` with its sorted sample, for reuse by the drift distances.
    public static func summarize(_ column: UnsafeBufferPointer<Double>) -> (statistics: NumericStatistics, sorted: SortedSample) {
        let sorted = SortedSample(column)
        return (NumericStatistics(accumulator: NumericAccumulator(column), sorted: sorted), sorted)
    }

    /// `summarize` of an array.
    public static func summarize(_ column: [Double]) -> (statistics: NumericStatistics, sorted: SortedSample) {
        column.withUnsafeBufferPointer { summarize($0) }
    }
}

/// Equal-width bins over a sample's range, as `numpy.histogram(x, bins=k)`.
///
/// The range is [min, max], widened to [min − ½, max + ½] when the two are equal; the edges are
/// numpy's `linspace`: edgeᵢ = i·(max − min)/k + min, the last exactly max. Bin i holds
/// edgeᵢ ≤ x < edgeᵢ₊₁, the last bin also x = max.
public struct Histogram: Sendable, Equatable {
    /// k + 1 ascending edges.
    public let edges: [Double]
    /// k counts.
    public let counts: [Int]

    /// `nil` when `sorted` is empty, its extremes are infinite or `bins` < 1.
    public init?(_ sorted: SortedSample, bins: Int = 20) {
        guard bins >= 1, let low = sorted.values.first, let high = sorted.values.last, low.isFinite, high.isFinite
        else { return nil }
        let (start, stop) = low == high ? (low - 0.5, high + 0.5) : (low, high)
        let step = (stop - start) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + start }
        edges[bins] = stop
        var below = edges.map { sorted.countBelow($0) }
        below[bins] = sorted.count
        self.edges = edges
        counts = (0..<bins).map { below[$0 + 1] - below[$0] }
    }
}
