import LoupeMarkup

extension MatrixChart {
    /// A grid of cells, each with its count (thousands separators) and its share of the row,
    /// shaded by that share. Rows with no examples read "undefined" for the share. Missing or
    /// non-finite cells are drawn empty with "undefined".
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    /// The cell's fill opacity for a row share: 0.06 to 0.7. The cap keeps the page's text
    /// colour readable on the darkest cell in both colour schemes (WCAG AA, 4.5:1: dark text on
    /// 70% blue over white, light text on 70% blue over the dark background).
    static func shade(_ share: Double) -> Double { 0.06 + 0.64 * Swift.min(1, Swift.max(0, share)) }

    private func draw(id: String) -> HTML {
        let rowCount = Swift.max(rowLabels.count, cells.count)
        let columnCount = Swift.max(columnLabels.count, cells.map(\.count).max() ?? 0)
        let labelChars = Swift.min(24, rowLabels.map(\.count).max() ?? 1)
        let rowLabelWidth = Double(labelChars) * ChartFrame.textSize * 0.6
        let left = ChartFrame.margin + 22 + rowLabelWidth + 10
        let cellWidth = 120.0, cellHeight = 64.0
        let width = Swift.max(360, left + Double(columnCount) * cellWidth + 20)
        let header = Header(title: title, legend: [], width: width)
        var body = SVGWriter()
        guard rowCount > 0, columnCount > 0 else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-matrix", width: width, height: height, title: title, description: description, body: body)
        }
        let grid = Rect(
            x: left, y: header.height + 40, width: Double(columnCount) * cellWidth, height: Double(rowCount) * cellHeight)
        let color = ChartFrame.color(0)

        header.draw(into: &body)
        body.start("g", ["class": "axis"])
        body.element(
            "text",
            [
                "class": "axis-title", "x": .number(grid.x + grid.width / 2), "y": .number(grid.y - 26), "text-anchor": "middle",
                "font-weight": "600",
            ], text: columnTitle)
        for c in 0..<columnCount {
            let (text, truncated) = TextMetrics.truncate(
                columnLabels[safe: c] ?? "", to: Int(cellWidth / (ChartFrame.textSize * 0.6)))
            body.start(
                "text",
                [
                    "class": "tick", "x": .number(grid.x + (Double(c) + 0.5) * cellWidth), "y": .number(grid.y - 8),
                    "text-anchor": "middle",
                ])
            if truncated { body.tooltip(columnLabels[c]) }
            body.element("tspan", text: text)
            body.end()
        }
        AxisDrawing.verticalTitle(
            rowTitle, x: ChartFrame.margin + 6, centerY: grid.y + grid.height / 2, bold: true, into: &body)
        for r in 0..<rowCount {
            let (text, truncated) = TextMetrics.truncate(rowLabels[safe: r] ?? "", to: 24)
            body.start(
                "text",
                [
                    "class": "tick", "x": .number(grid.x - 10), "y": .number(grid.y + (Double(r) + 0.5) * cellHeight + 4),
                    "text-anchor": "end",
                ])
            if truncated { body.tooltip(rowLabels[r]) }
            body.element("tspan", text: text)
            body.end()
        }
        body.end()

        for r in 0..<rowCount {
            let row = cells[safe: r] ?? []
            let total = row.filter { $0.isFinite && $0 >= 0 }.reduce(0, +)
            for c in 0..<columnCount {
                let x = grid.x + Double(c) * cellWidth, y = grid.y + Double(r) * cellHeight
                let value = row[safe: c].flatMap { $0.isFinite ? $0 : nil }
                let share = value.flatMap { total > 0 ? $0 / total : nil }
                let rowName = rowLabels[safe: r] ?? "row \(r + 1)", columnName = columnLabels[safe: c] ?? "column \(c + 1)"
                let countText = value.map(NumberFormat.weight) ?? "undefined"
                let shareText = share.map { NumberFormat.percent($0) + " of row" } ?? "undefined share"
                body.start("g", ["class": "cell"])
                body.tooltip("\(rowTitle) \(rowName), \(columnTitle.lowercased()) \(columnName): \(countText) (\(shareText))")
                body.empty(
                    "rect",
                    [
                        "x": .number(x + 1), "y": .number(y + 1), "width": .number(cellWidth - 2),
                        "height": .number(cellHeight - 2), "fill": .text(color),
                        "fill-opacity": .number(MatrixChart.shade(share ?? 0)), "stroke": "currentColor",
                        "stroke-opacity": 0.25,
                    ])
                if value == nil {
                    body.element(
                        "text",
                        [
                            "class": "undefined", "x": .number(x + cellWidth / 2), "y": .number(y + cellHeight / 2 + 4),
                            "text-anchor": "middle", "fill": .text(ChartFrame.referenceGrey), "font-style": "italic",
                        ], text: "undefined")
                } else {
                    // The page's text colour on every shade: dark on light, light on dark.
                    body.element(
                        "text",
                        [
                            "x": .number(x + cellWidth / 2), "y": .number(y + cellHeight / 2 - 2), "text-anchor": "middle",
                            "font-size": 16, "font-weight": "600",
                        ], text: countText)
                    body.element(
                        "text",
                        [
                            "x": .number(x + cellWidth / 2), "y": .number(y + cellHeight / 2 + 16), "text-anchor": "middle",
                            "font-size": .number(ChartFrame.tickSize),
                        ], text: shareText)
                }
                body.end()
            }
        }
        return ChartFrame.document(
            id: id, kind: "chart-matrix", width: width, height: grid.maxY + 16, title: title, description: description, body: body
        )
    }
}
