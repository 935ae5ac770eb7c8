/// A residual's trend and spread against a predictor (usually the prediction): x cut into
/// quantile bins, with per bin the mean and quantiles of y.
///
/// Unweighted. One radix argsort of x; the bins are runs of the sorted order of about n/b rows,
/// each boundary moved forward past any run of equal x, so ties always share a bin (a bin can
/// then hold more than n/b rows, and heavy ties give fewer than b bins). The y quantiles come
/// from quickselect inside each bin, so the whole costs one sort plus linear passes.
public struct BinnedTrend: Sendable, Equatable {
    /// The y quantile levels of every bin's `yQuantiles`.
    public static let quantileLevels = [0.1, 0.25, 0.5, 0.75, 0.9]

    public struct Bin: Sendable, Equatable {
        public let xLower: Double
        public let xUpper: Double
        public let xMean: Double
        public let count: Int
        public let yMean: Double
        /// With Bessel's correction; `nil` for a bin of one row.
        public let yStandardDeviation: Double?
        /// At `BinnedTrend.quantileLevels`, numpy's linear interpolation.
        public let yQuantiles: [Double]
    }

    /// In increasing x; non-overlapping x ranges.
    public let bins: [Bin]

    /// `nil` when x is empty, the lengths differ or binCount < 1.
    public init?(x: [Double], y: [Double], binCount: Int = 20) {
        guard !x.isEmpty else { return nil }
        self.init(sorted: RadixSort.argsort(x), y: y, binCount: binCount)
    }

    /// The same from x already argsorted (`RadixSort.argsort(x)`), when the caller needs the
    /// order for something else too (`Correlation.averageRanks(sorted:)`).
    public init?(sorted: (keys: [UInt64], order: [UInt32]), y: [Double], binCount: Int = 20) {
        let (keys, order) = sorted
        let n = keys.count
        guard n > 0, y.count == n, order.count == n, binCount >= 1 else { return nil }
        var boundaries = [0]
        for j in 1...binCount {
            var end = j == binCount ? n : Int((Double(j) * Double(n) / Double(binCount)).rounded(.down))
            while end < n && end > 0 && keys[end] == keys[end - 1] { end += 1 }
            if end > boundaries[boundaries.count - 1] { boundaries.append(end) }
        }
        // y in x order, gathered in a loop of its own: the loads are random, and with nothing
        // else in the loop many of them are in flight at once.
        var scratch = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            y.withUnsafeBufferPointer { source in
                order.withUnsafeBufferPointer { o in
                    for i in 0..<n { buffer[i] = source[Int(o[i])] }
                }
            }
            initialized = n
        }
        var bins: [Bin] = []
        for b in 1..<boundaries.count {
            let start = boundaries[b - 1], end = boundaries[b]
            let m = end - start
            var xSum = CompensatedSum(), ySum = CompensatedSum()
            for i in start..<end {
                xSum.add(RadixSort.value(ofKey: keys[i]))
                ySum.add(scratch[i])
            }
            let yMean = ySum.value / Double(m)
            var squares = CompensatedSum()
            for i in start..<end { squares.add((scratch[i] - yMean) * (scratch[i] - yMean)) }
            let quantiles = scratch.withUnsafeMutableBufferPointer { buffer in
                Selection.quantiles(
                    UnsafeMutableBufferPointer(rebasing: buffer[start..<end]), levels: Self.quantileLevels)
            }
            bins.append(
                Bin(
                    xLower: RadixSort.value(ofKey: keys[start]), xUpper: RadixSort.value(ofKey: keys[end - 1]),
                    xMean: xSum.value / Double(m), count: m, yMean: yMean,
                    yStandardDeviation: m > 1 ? (squares.value / Double(m - 1)).squareRoot() : nil,
                    yQuantiles: quantiles))
        }
        self.bins = bins
    }
}
