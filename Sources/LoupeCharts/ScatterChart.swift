// An x/y plot built from already-aggregated layers, so its size does not grow with the number
// of rows: a 2-D histogram (`DensityCells`), a few hundred points (`ScatterPoints`), overlay
// lines (`Series`) and reference lines. Residual vs predicted, predicted vs actual, normal Q–Q,
// residual vs a feature.

/// A 2-D histogram: rows counted per cell of a grid. Cell (row `r`, column `c`) spans
/// `xEdges[c]..<xEdges[c + 1]` and `yEdges[r]..<yEdges[r + 1]` (row 0 at the bottom) and its
/// count is `counts[r * (xEdges.count - 1) + c]` (row-major). Missing counts read as 0; cells
/// with a zero, negative or non-finite count, or non-finite or non-increasing edges, are not drawn.
public struct DensityCells: Sendable, Equatable {
    public var xEdges: [Double]
    public var yEdges: [Double]
    /// Rows (or total weight) per cell, row-major from the bottom-left cell.
    public var counts: [Double]
    public var colorIndex: Int
    /// What a count counts, for the key: "rows" gives "1–2,345 rows per cell".
    public var unit: String

    public init(xEdges: [Double], yEdges: [Double], counts: [Double], colorIndex: Int = 0, unit: String = "rows") {
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.counts = counts
        self.colorIndex = colorIndex
        self.unit = unit
    }

    var columns: Int { Swift.max(0, xEdges.count - 1) }
    var rows: Int { Swift.max(0, yEdges.count - 1) }
}

/// Individual points drawn as small circles: Q–Q quantiles, the largest errors. Pairs are
/// `(x[i], y[i])`; `labels[i]`, when given, is the point's tooltip (e.g. a row id). At most
/// `ScatterChart.maxPoints` per set are drawn, the rest are counted in the chart's note.
public struct ScatterPoints: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var labels: [String]?
    public var colorIndex: Int

    public init(name: String, x: [Double], y: [Double], labels: [String]? = nil, colorIndex: Int) {
        self.name = name
        self.x = x
        self.y = y
        self.labels = labels
        self.colorIndex = colorIndex
    }
}

/// An x/y chart of layers, drawn bottom to top: density cells, reference lines, overlay series,
/// points. Any layer may be empty; with nothing finite to draw it shows "No data to show".
/// With an `.identity` reference the plot is square and both axes share one range (unless
/// `sharedRange` is off), so the diagonal is at 45°.
public struct ScatterChart: Chart {
    public var title: String
    public var description: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var density: DensityCells?
    public var points: [ScatterPoints]
    /// Lines over the cells: a binned trend (mean residual), quantile lines (dashed).
    public var series: [Series]
    /// Grey reference lines: `.horizontal(0)` for residuals, `.identity` for predicted vs actual.
    public var references: [ReferenceLine]
    /// A short remark shown above the plot's top-right corner: "R² = 0.83",
    /// "312 rows outside the plotted range".
    public var note: String?
    /// With an `.identity` reference, whether both axes share one range (predicted vs actual,
    /// where the units agree). A Q–Q plot sets it to `false`: each axis fits its own data, and
    /// the diagonal spans the range the two have in common.
    public var sharedRange = true

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    /// Points drawn per `ScatterPoints` set, so a page stays small whatever the caller passes.
    public static let maxPoints = 500

    public init(
        title: String, description: String, xAxis: Axis, yAxis: Axis, density: DensityCells? = nil,
        points: [ScatterPoints] = [], series: [Series] = [], references: [ReferenceLine] = [], note: String? = nil,
        idSuffix: String? = nil
    ) {
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.density = density
        self.points = points
        self.series = series
        self.references = references
        self.note = note
        self.idSuffix = idSuffix
    }
}
