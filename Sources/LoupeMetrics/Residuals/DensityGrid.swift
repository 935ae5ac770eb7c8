/// A two-dimensional histogram of (x, y) for a density plot of many points (residual against
/// prediction), in one linear pass. Unweighted: every row counts 1.
///
/// Cells are half-open [lo + i·w, lo + (i+1)·w) except the last, which includes the upper
/// bound. Points outside either range are counted in `outside`, not in any cell, so
/// Σ counts + outside = n.
public struct DensityGrid: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    /// Row-major from the lowest y: the cell of column i (x) and row j (y) is `counts[j * columns + i]`.
    public let counts: [Int]
    public let outside: Int

    public func count(column: Int, row: Int) -> Int { counts[row * columns + column] }

    /// Bounds not given are the `clip` and 1 − `clip` quantiles of the data (default 0.5% and
    /// 99.5%, numpy's linear interpolation, found by quickselect in expected linear time), so a
    /// few outliers do not squash the plot. A range of zero width (constant data) is widened by
    /// ½ on each side. `nil` when the inputs are empty or of different lengths, or the grid has
    /// no cell.
    public init?(
        x: [Double], y: [Double], columns: Int = 60, rows: Int = 40,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, clip: Double = 0.005
    ) {
        let n = x.count
        guard n > 0, y.count == n, columns >= 1, rows >= 1 else { return nil }
        func bounds(_ values: [Double], _ given: ClosedRange<Double>?) -> ClosedRange<Double> {
            var range =
                given
                ?? {
                    let q = Selection.quantiles(of: values, levels: [clip, 1 - clip])
                    return q[0]...q[1]
                }()
            if range.lowerBound == range.upperBound {
                range = (range.lowerBound - 0.5)...(range.upperBound + 0.5)
            }
            return range
        }
        let xr = bounds(x, xRange), yr = bounds(y, yRange)
        let xScale = Double(columns) / (xr.upperBound - xr.lowerBound)
        let yScale = Double(rows) / (yr.upperBound - yr.lowerBound)
        var counts = [Int](repeating: 0, count: columns * rows)
        var outside = 0
        for i in 0..<n {
            let u = x[i], v = y[i]
            guard u >= xr.lowerBound, u <= xr.upperBound, v >= yr.lowerBound, v <= yr.upperBound else {
                outside += 1
                continue
            }
            let column = min(Int((u - xr.lowerBound) * xScale), columns - 1)
            let row = min(Int((v - yr.lowerBound) * yScale), rows - 1)
            counts[row * columns + column] += 1
        }
        self.columns = columns
        self.rows = rows
        self.xRange = xr
        self.yRange = yr
        self.counts = counts
        self.outside = outside
    }
}
