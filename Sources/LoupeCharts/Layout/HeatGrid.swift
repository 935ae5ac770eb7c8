/// The labelled grid the heat maps share (`HeatMapChart`, `BandedHeatMapChart`): row labels at
/// the left, column labels written upwards above the cells, an axis title for each, and where
/// each cell sits. Labels longer than `labelCharacters` are cut with an ellipsis and keep their
/// full text in a tooltip.
struct HeatGrid {
    let rowTitle: String
    let columnTitle: String
    let rowLabels: [String]
    let columnLabels: [String]
    let rowCount: Int
    let columnCount: Int
    let cellWidth: Double
    let cellHeight: Double
    let shownRows: [(text: String, truncated: Bool)]
    let shownColumns: [(text: String, truncated: Bool)]
    /// The widest shown row label and column label, in user units.
    let rowLabelWidth: Double
    let columnLabelWidth: Double

    /// Labels longer than this are cut with an ellipsis (the full text in the tooltip), unless
    /// the chart says otherwise.
    static let labelCharacters = 16

    init(
        rowTitle: String, columnTitle: String, rowLabels: [String], columnLabels: [String], rowCount: Int, columnCount: Int,
        cellWidth: Double, cellHeight: Double, labelCharacters: Int = HeatGrid.labelCharacters
    ) {
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        shownRows = rowLabels.map { TextMetrics.truncate($0, to: labelCharacters) }
        shownColumns = columnLabels.map { TextMetrics.truncate($0, to: labelCharacters) }
        rowLabelWidth = shownRows.map { TextMetrics.width($0.text, size: ChartFrame.tickSize) }.max() ?? 0
        columnLabelWidth = shownColumns.map { TextMetrics.width($0.text, size: ChartFrame.tickSize) }.max() ?? 0
    }

    /// Where the cells start: after the row axis title and the row labels.
    var left: Double { ChartFrame.margin + 22 + rowLabelWidth + 8 }

    /// The cells' rectangle under a header of height `top`: the column axis title, then the
    /// upright column labels, then the cells.
    func grid(below top: Double) -> Rect {
        Rect(
            x: left, y: top + 24 + columnLabelWidth + 8, width: Double(columnCount) * cellWidth,
            height: Double(rowCount) * cellHeight)
    }

    /// The cell at `row`, `column` of `grid`.
    func cell(_ row: Int, _ column: Int, in grid: Rect) -> Rect {
        Rect(x: grid.x + Double(column) * cellWidth, y: grid.y + Double(row) * cellHeight, width: cellWidth, height: cellHeight)
    }

    /// The axis titles and labels around `grid` (a header of height `top` above it).
    func drawAxes(grid: Rect, below top: Double, into body: inout SVGWriter) {
        body.start("g", ["class": "axis"])
        body.element(
            "text",
            [
                "class": "axis-title", "x": .number(grid.x + grid.width / 2), "y": .number(top + 12),
                "text-anchor": "middle", "font-weight": "600",
            ], text: columnTitle)
        for c in 0..<columnCount {
            let x = grid.x + (Double(c) + 0.5) * cellWidth + 4, y = grid.y - 6
            body.start(
                "text",
                [
                    "class": "tick", "x": .number(x), "y": .number(y), "font-size": .number(ChartFrame.tickSize),
                    "transform": "rotate(-90 \(SVGWriter.coordinate(x)) \(SVGWriter.coordinate(y)))",
                ])
            if shownColumns[safe: c]?.truncated == true { body.tooltip(columnLabels[c]) }
            body.element("tspan", text: shownColumns[safe: c]?.text ?? "")
            body.end()
        }
        AxisDrawing.verticalTitle(
            rowTitle, x: ChartFrame.margin + 6, centerY: grid.y + grid.height / 2, bold: true, into: &body)
        for r in 0..<rowCount {
            body.start(
                "text",
                [
                    "class": "tick", "x": .number(grid.x - 8), "y": .number(grid.y + (Double(r) + 0.5) * cellHeight + 4),
                    "text-anchor": "end", "font-size": .number(ChartFrame.tickSize),
                ])
            if shownRows[safe: r]?.truncated == true { body.tooltip(rowLabels[r]) }
            body.element("tspan", text: shownRows[safe: r]?.text ?? "")
            body.end()
        }
        body.end()
    }

    /// A grey note under the grid, wrapped to the chart's width; returns its height.
    static func drawNote(_ note: String, at y: Double, width: Double, into body: inout SVGWriter) -> Double {
        let lines = TextMetrics.wrap(
            note, maxCharacters: Swift.max(10, Int((width - 2 * ChartFrame.margin) / (ChartFrame.tickSize * 0.6))), maxLines: 3)
        body.start(
            "text",
            [
                "class": "note", "x": .number(ChartFrame.margin), "y": .number(y),
                "font-size": .number(ChartFrame.tickSize), "fill": .text(ChartFrame.referenceGrey),
            ])
        for (i, line) in lines.enumerated() {
            body.element("tspan", ["x": .number(ChartFrame.margin), "dy": .number(i == 0 ? 0 : 16)], text: line)
        }
        body.end()
        return 16 * Double(lines.count - 1)
    }
}
