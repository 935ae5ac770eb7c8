import LoupeMarkup

extension HeatMapChart {
    /// The grid with row labels at the left, column labels written upwards above it, a colour
    /// key in the header and a note under the grid saying what a cell shows.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    /// Off the diagonal the colour is darkest from this share of the row on: confusions are
    /// small next to a diagonal near 90%, and a 15% one should stand out from the 2% ones.
    static let confusionSaturation = 0.25

    /// Fill opacity of a cell from its row share, from 0.06 to 0.7 — linear on the diagonal,
    /// linear up to `confusionSaturation` elsewhere. The cap keeps the page's text colour
    /// readable on the darkest cell in both colour schemes (WCAG AA).
    static func shade(_ share: Double, diagonal: Bool) -> Double {
        let s = Swift.min(1, Swift.max(0, diagonal ? share : share / confusionSaturation))
        return 0.06 + 0.64 * s
    }

    /// The palette indices of the diagonal (blue) and of the confusions (vermillion).
    static let diagonalColor = 0
    static let confusionColor = 5

    /// A row share as the compact cell shows it: whole percent, `<1` for a share that rounds
    /// to zero but is not.
    static func compactPercent(_ share: Double) -> String {
        let percent = share * 100
        if percent > 0 && percent < 0.5 { return "<1" }
        return String(Int((percent).rounded()))
    }

    private func draw(id: String) -> HTML {
        let n = Swift.max(labels.count, cells.count)
        let compact = n > compactAbove
        let layout = HeatGrid(
            rowTitle: rowTitle, columnTitle: columnTitle, rowLabels: labels, columnLabels: labels, rowCount: n, columnCount: n,
            cellWidth: compact ? 30.0 : 64.0, cellHeight: compact ? 24.0 : 42.0)
        let cellWidth = layout.cellWidth, cellHeight = layout.cellHeight
        let width = Swift.max(400, layout.left + Double(n) * cellWidth + ChartFrame.margin + 4)
        let legend = [
            LegendItem(
                name: "correct (share of row)", colorIndex: Self.diagonalColor,
                swatch: .ramp([0.1, 0.25, 0.5, 0.75, 1].map { Self.shade($0, diagonal: true) })),
            LegendItem(
                name: "confused (darkest ≥ 25% of row)", colorIndex: Self.confusionColor,
                swatch: .ramp([0.02, 0.06, 0.12, 0.18, 0.25].map { Self.shade($0, diagonal: false) })),
        ]
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()
        guard n > 0 else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-heatmap", width: width, height: height, title: title, description: description, body: body)
        }
        let grid = layout.grid(below: header.height)
        header.draw(into: &body)
        layout.drawAxes(grid: grid, below: header.height, into: &body)

        for r in 0..<n {
            let row = cells[safe: r] ?? []
            let total = row.filter { $0.isFinite && $0 >= 0 }.reduce(0, +)
            let rowName = labels[safe: r] ?? "row \(r + 1)"
            for c in 0..<n {
                let x = grid.x + Double(c) * cellWidth, y = grid.y + Double(r) * cellHeight
                let value = row[safe: c].flatMap { $0.isFinite ? $0 : nil }
                let share = value.flatMap { total > 0 ? $0 / total : nil }
                let diagonal = r == c
                let columnName = labels[safe: c] ?? "column \(c + 1)"
                let countText = value.map(NumberFormat.weight) ?? "undefined"
                let shareText = share.map { NumberFormat.percent($0) + " of row" } ?? "undefined share: no rows"
                body.start("g", ["class": "cell"])
                body.tooltip("\(rowTitle) \(rowName), \(columnTitle.lowercased()) \(columnName): \(countText) (\(shareText))")
                body.empty(
                    "rect",
                    [
                        "x": .number(x + 0.5), "y": .number(y + 0.5), "width": .number(cellWidth - 1),
                        "height": .number(cellHeight - 1),
                        "fill": .text(ChartFrame.color(diagonal ? Self.diagonalColor : Self.confusionColor)),
                        "fill-opacity": .number(share.map { $0 > 0 ? Self.shade($0, diagonal: diagonal) : 0 } ?? 0),
                        "stroke": "currentColor", "stroke-opacity": 0.15,
                    ])
                let cx = x + cellWidth / 2
                if let share, let value {
                    if value > 0 {
                        if compact {
                            body.element(
                                "text",
                                [
                                    "x": .number(cx), "y": .number(y + cellHeight / 2 + 4), "text-anchor": "middle",
                                    "font-size": .number(ChartFrame.tickSize - 1),
                                    "font-weight": diagonal ? "600" : "400",
                                ], text: Self.compactPercent(share))
                        } else {
                            body.element(
                                "text",
                                [
                                    "x": .number(cx), "y": .number(y + cellHeight / 2 - 3), "text-anchor": "middle",
                                    "font-size": .number(ChartFrame.tickSize), "font-weight": "600",
                                ], text: countText)
                            body.element(
                                "text",
                                [
                                    "x": .number(cx), "y": .number(y + cellHeight / 2 + 13), "text-anchor": "middle",
                                    "font-size": .number(ChartFrame.tickSize - 1),
                                ], text: NumberFormat.percent(share))
                        }
                    }
                } else {
                    body.element(
                        "text",
                        [
                            "class": "undefined", "x": .number(cx), "y": .number(y + cellHeight / 2 + 4), "text-anchor": "middle",
                            "fill": .text(ChartFrame.referenceGrey), "font-size": .number(ChartFrame.tickSize - 1),
                        ], text: "–")
                }
                body.end()
            }
        }
        let note =
            compact
            ? "Each cell: % of the actual class's rows (blank: none; – : a class with no rows). Counts are in each cell's tooltip."
            : "Each cell: count and % of the actual class's rows (blank: none; – : a class with no rows)."
        let extra = HeatGrid.drawNote(note, at: grid.maxY + 22, width: width, into: &body)
        return ChartFrame.document(
            id: id, kind: "chart-heatmap", width: width, height: grid.maxY + 30 + extra, title: title,
            description: description, body: body, minimumScale: 0.78)
    }
}
