import LoupeMarkup

// The chart kinds a Loupe page can show, as plain values. Each renders to one inline `<svg>`
// element with a `<title>`, a `<desc>`, labelled axes with units, and a legend or direct labels.
// Colours come from `Palette` (Okabe–Ito) by `colorIndex`, so a model or group has the same
// colour on every page.

/// A chart that renders to inline SVG markup.
public protocol Chart: Sendable {
    func render() -> HTML
}

/// An axis: its title (what is measured) and unit, and optional fixed bounds.
public struct Axis: Sendable, Equatable {
    public var title: String
    public var unit: String?
    public var min: Double?
    public var max: Double?
    /// Tick labels as percentages (0.25 → 25%).
    public var percent: Bool
    /// A categorical x axis (line charts): a tick at x = 0, 1, …, n − 1 labelled with these
    /// texts (e.g. run labels), the range padded by half a step each side; `min`/`max` are
    /// ignored. Labels that would overlap their left neighbour are left out.
    public var categories: [String]?

    public init(
        _ title: String, unit: String? = nil, min: Double? = nil, max: Double? = nil, percent: Bool = false,
        categories: [String]? = nil
    ) {
        self.title = title
        self.unit = unit
        self.min = min
        self.max = max
        self.percent = percent
        self.categories = categories
    }
}

/// One line of a line chart; `nil` y values leave a gap. `lower`/`upper`, when given, draw a
/// shaded band (an interval) around the line.
public struct Series: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double?]
    public var lower: [Double?]?
    public var upper: [Double?]?
    public var colorIndex: Int
    public var dashed: Bool
    /// A dot at every defined point, for lines of few points (one per run) where each is a value
    /// in its own right.
    public var markers: Bool

    public init(
        name: String, x: [Double], y: [Double?], lower: [Double?]? = nil, upper: [Double?]? = nil,
        colorIndex: Int, dashed: Bool = false, markers: Bool = false
    ) {
        self.name = name
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.colorIndex = colorIndex
        self.dashed = dashed
        self.markers = markers
    }
}

/// A grey reference line: a constant x, a constant y, or the identity diagonal, with a label.
public struct ReferenceLine: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case horizontal(Double)
        case vertical(Double)
        case identity
    }

    public var kind: Kind
    public var label: String

    public init(_ kind: Kind, label: String) {
        self.kind = kind
        self.label = label
    }
}

/// A point in x where something happened (a drift detector's change point): a thin vertical line
/// with the symbol of its `style` in a band of its own above the plot, lighter for a `warning`. The
/// legend names each style once, after the series.
public struct ChartEvent: Sendable, Equatable {
    public var x: Double
    /// The legend's name for the style (a detector).
    public var name: String
    /// Picks the symbol: ▲ ● ■ ◆ ▼ ✚ ★ ✖, then again.
    public var style: Int
    public var warning: Bool

    public init(x: Double, name: String, style: Int, warning: Bool = false) {
        self.x = x
        self.name = name
        self.style = style
        self.warning = warning
    }

    public static let symbols = ["▲", "●", "■", "◆", "▼", "✚", "★", "✖"]
    public var symbol: String { Self.symbols[((style % Self.symbols.count) + Self.symbols.count) % Self.symbols.count] }
}

/// Lines over a continuous x axis: ROC and precision–recall curves, threshold sweeps.
public struct LineChart: Chart {
    public var title: String
    public var description: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var series: [Series]
    public var references: [ReferenceLine]
    /// Square plot area (ROC curves), else a wide one.
    public var square: Bool
    /// Marked points in x (detector change points), drawn over the lines.
    public var events: [ChartEvent] = []
    /// The design width in SVG units, when not the default (480 square, 560 wide): small
    /// multiples are laid out for their smaller box rather than scaled down.
    public var width: Double? = nil

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(
        title: String, description: String, xAxis: Axis, yAxis: Axis, series: [Series],
        references: [ReferenceLine] = [], square: Bool = false,
        idSuffix: String? = nil
    ) {
        self.idSuffix = idSuffix
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.references = references
        self.square = square
    }
}

/// One row of an interval chart: an estimate with whiskers for one category (a slice) and one
/// series (a model). A row with `value == nil` is drawn as "undefined" text, not as zero.
public struct IntervalRow: Sendable, Equatable {
    public var category: String
    public var seriesIndex: Int
    public var value: Double?
    public var lower: Double?
    public var upper: Double?
    /// Drawn with a marker and bold label: e.g. significantly worse than overall.
    public var flagged: Bool

    public init(category: String, seriesIndex: Int, value: Double?, lower: Double?, upper: Double?, flagged: Bool = false) {
        self.category = category
        self.seriesIndex = seriesIndex
        self.value = value
        self.lower = lower
        self.upper = upper
        self.flagged = flagged
    }
}

/// Horizontal dot-and-whisker chart: one band per category, one dot per series inside it, and
/// a grey reference line per series (e.g. the overall value). Categories keep the given order.
public struct IntervalChart: Chart {
    public var title: String
    public var description: String
    public var axis: Axis
    /// Series names and their palette indices, for the legend.
    public var seriesNames: [String]
    public var seriesColors: [Int]
    public var rows: [IntervalRow]
    /// Reference value per series index (e.g. the overall metric), drawn as a labelled grey line.
    public var references: [Int: Double]
    /// What the reference lines are: "overall" (the default) reads "overall" or, with several
    /// series, "overall candidate"; "zero" suits a mean residual per category.
    public var referenceLabel: String
    /// A heading over the category labels, naming what they are (e.g. the slicing columns, so
    /// the labels can be the values alone: `Retired · Small business` under
    /// `employment × loan_purpose`).
    public var categoryTitle: String? = nil
    /// The design width in SVG units (640 by default): a chart drawn for the full width of a
    /// page, or for a phone, is laid out for that width rather than scaled.
    public var width: Double = 640

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(
        title: String, description: String, axis: Axis, seriesNames: [String], seriesColors: [Int],
        rows: [IntervalRow], references: [Int: Double] = [:], referenceLabel: String = "overall",
        idSuffix: String? = nil
    ) {
        self.idSuffix = idSuffix
        self.referenceLabel = referenceLabel
        self.title = title
        self.description = description
        self.axis = axis
        self.seriesNames = seriesNames
        self.seriesColors = seriesColors
        self.rows = rows
        self.references = references
    }
}

/// Overlaid histograms over shared bin edges (e.g. score distribution of positives and
/// negatives). `edges.count == counts.count + 1` for every series.
public struct HistogramChart: Chart {
    public var title: String
    public var description: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var edges: [Double]
    public var series: [(name: String, counts: [Double], colorIndex: Int)]
    /// A line over the bars in y units (counts), e.g. the fitted normal density scaled by
    /// rows × bin width; it gets a legend entry of its own.
    public var curve: Series?

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(
        title: String, description: String, xAxis: Axis, yAxis: Axis, edges: [Double],
        series: [(name: String, counts: [Double], colorIndex: Int)], curve: Series? = nil,
        idSuffix: String? = nil
    ) {
        self.idSuffix = idSuffix
        self.curve = curve
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.edges = edges
        self.series = series
    }
}

/// Reliability diagram: observed positive rate against mean predicted score per bin, the
/// identity line for perfect calibration, and the bin counts as a bar strip underneath.
public struct ReliabilityChart: Chart {
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var meanPrediction: Double?
        public var fractionPositive: Double?

        public init(lower: Double, upper: Double, count: Int, meanPrediction: Double?, fractionPositive: Double?) {
            self.lower = lower
            self.upper = upper
            self.count = count
            self.meanPrediction = meanPrediction
            self.fractionPositive = fractionPositive
        }
    }

    public var title: String
    public var description: String
    public var bins: [Bin]
    public var colorIndex: Int
    /// The axis titles: what the bins' `meanPrediction` and `fractionPositive` are (a
    /// multiclass model's top-label confidence and accuracy, say).
    public var xTitle = "Mean predicted score"
    public var yTitle = "Observed positive rate"

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(title: String, description: String, bins: [Bin], colorIndex: Int, idSuffix: String? = nil) {
        self.idSuffix = idSuffix
        self.title = title
        self.description = description
        self.bins = bins
        self.colorIndex = colorIndex
    }
}

/// A labelled matrix of counts (the confusion matrix), each cell shaded by its share of its row
/// and annotated with the count and the row percentage.
public struct MatrixChart: Chart {
    public var title: String
    public var description: String
    public var rowTitle: String
    public var columnTitle: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `cells[row][column]`.
    public var cells: [[Double]]

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(
        title: String, description: String, rowTitle: String, columnTitle: String,
        rowLabels: [String], columnLabels: [String], cells: [[Double]],
        idSuffix: String? = nil
    ) {
        self.idSuffix = idSuffix
        self.title = title
        self.description = description
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cells = cells
    }
}

/// A square matrix of counts between the same labels on both axes (a multiclass confusion
/// matrix) as a heat map: each cell shaded by its share of its row — the diagonal in blue, the
/// rest in vermillion on a square-root scale so that small confusions show — and annotated with
/// its count and row percentage, or, past `compactAbove` labels, with the percentage alone (the
/// count is in the cell's tooltip). Laid out for up to about 30 labels; the chart keeps a
/// minimum drawn width so its text stays legible, scrolling sideways in a narrow container.
public struct HeatMapChart: Chart {
    public var title: String
    public var description: String
    public var rowTitle: String
    public var columnTitle: String
    /// The labels of rows and columns alike (row i and column i are the same class).
    public var labels: [String]
    /// `cells[row][column]`.
    public var cells: [[Double]]
    /// Past this many labels each cell shows its row percentage only.
    public var compactAbove = 10

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(
        title: String, description: String, rowTitle: String, columnTitle: String, labels: [String], cells: [[Double]],
        idSuffix: String? = nil
    ) {
        self.title = title
        self.description = description
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.labels = labels
        self.cells = cells
        self.idSuffix = idSuffix
    }
}

/// A grid of values on a banded colour scale (feature drift per window: PSI per column and
/// window): each cell shaded by the band its value falls in, flagged cells marked with ▲ (so the
/// verdict reads without colour), undefined cells with a dash, each cell's full statement in its
/// tooltip. The legend names every band with its bounds. Sized by rows × columns only: the
/// caller caps both.
public struct BandedHeatMapChart: Chart {
    public struct Cell: Sendable, Equatable {
        /// `nil`: undefined (drawn with a dash).
        public var value: Double?
        public var flagged: Bool
        /// The cell's tooltip: what it shows in words.
        public var tooltip: String

        public init(value: Double?, flagged: Bool = false, tooltip: String) {
            self.value = value
            self.flagged = flagged
            self.tooltip = tooltip
        }
    }

    /// A colour band: values below `below` (and at or above the previous band's bound); the
    /// last band has no bound. `label` names it in the legend (`PSI < 0.1`).
    public struct Band: Sendable, Equatable {
        public var below: Double?
        public var label: String

        public init(below: Double?, label: String) {
            self.below = below
            self.label = label
        }
    }

    public var title: String
    public var description: String
    public var rowTitle: String
    public var columnTitle: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `cells[row][column]`.
    public var cells: [[Cell]]
    /// Lightest first; at most `BandedHeatMapChart.opacities.count`.
    public var bands: [Band]
    /// What ▲ means (`drifted`) and what a dash means (`no rows or undefined`), for the legend.
    public var flagLabel: String
    public var undefinedLabel: String
    /// A grey rule after this many columns (the end of a reference period), or after this many
    /// rows in a transposed drawing.
    public var separatorAfter: Int?
    public var separatorAfterRow: Int?
    /// Row and column labels longer than this are cut with an ellipsis (full text in a tooltip).
    public var labelCharacters = 22
    /// A note under the grid.
    public var note: String
    /// The palette colour of the shading.
    public var colorIndex = 5

    public var idSuffix: String?

    public init(
        title: String, description: String, rowTitle: String, columnTitle: String, rowLabels: [String],
        columnLabels: [String], cells: [[Cell]], bands: [Band], flagLabel: String, undefinedLabel: String,
        separatorAfter: Int? = nil, note: String = "", idSuffix: String? = nil
    ) {
        self.title = title
        self.description = description
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cells = cells
        self.bands = bands
        self.flagLabel = flagLabel
        self.undefinedLabel = undefinedLabel
        self.separatorAfter = separatorAfter
        self.note = note
        self.idSuffix = idSuffix
    }

    /// The same grid with rows and columns swapped (the windows down the side): the drawing for a
    /// phone, which is tall rather than wide. Its element ids end in `-narrow`.
    public func transposed() -> BandedHeatMapChart {
        var chart = self
        chart.rowTitle = columnTitle
        chart.columnTitle = rowTitle
        chart.rowLabels = columnLabels
        chart.columnLabels = rowLabels
        let columns = Swift.max(columnLabels.count, cells.map(\.count).max() ?? 0)
        chart.cells = (0..<columns).map { c in
            cells.map { row in c < row.count ? row[c] : Cell(value: nil, tooltip: "undefined") }
        }
        chart.separatorAfter = separatorAfterRow
        chart.separatorAfterRow = separatorAfter
        chart.idSuffix = (idSuffix ?? "heatmap") + "-narrow"
        return chart
    }
}
