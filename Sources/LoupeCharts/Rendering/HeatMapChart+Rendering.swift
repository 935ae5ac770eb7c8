import LoupeMarkup

extension HeatMapChart {
    /// The grid with row labels at the left, column labels written upwards above it, a colour
    /// key in the header and a note under the grid saying what a cell shows.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    /// Labels longer than this are cut with an ellipsis (the full text in the tooltip).
    static let labelCharacters = 16

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
        let cellWidth = compact ? 30.0 : 64.0, cellHeight = compact ? 24.0 : 42.0
        let shown = labels.map { TextMetrics.truncate($0, to: Self.labelCharacters) }
        let labelWidth = (shown.map { TextMetrics.width($0.text, size: ChartFrame.tickSize) }.max() ?? 0)
        let left = ChartFrame.margin + 22 + labelWidth + 8
        let width = Swift.max(400, left + Double(n) * cellWidth + ChartFrame.margin + 4)
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
        let columnLabelHeight = labelWidth + 8
        let grid = Rect(
            x: left, y: header.height + 24 + columnLabelHeight, width: Double(n) * cellWidth,
            height: Double(n) * cellHeight)

        header.draw(into: &body)
        body.start("g", ["class": "axis"])
        body.element(
            "text",
            [
                "class": "axis-title", "x": .number(grid.x + grid.width / 2), "y": .number(header.height + 12),
                "text-anchor": "middle", "font-weight": "600",
            ], text: columnTitle)
        for c in 0..<n {
            let x = grid.x + (Double(c) + 0.5) * cellWidth + 4, y = grid.y - 6
            body.start(
                "text",
                [
                    "class": "tick", "x": .number(x), "y": .number(y), "font-size": .number(ChartFrame.tickSize),
                    "transform": "rotate(-90 \(SVGWriter.coordinate(x)) \(SVGWriter.coordinate(y)))",
                ])
            if shown[safe: c]?.truncated == true { body.tooltip(labels[c]) }
            body.element("tspan", text: shown[safe: c]?.text ?? "")
            body.end()
        }
        let cy = grid.y + grid.height / 2, tx = ChartFrame.margin + 6
        body.element(
            "text",
            [
                "class": "axis-title", "x": .number(tx), "y": .number(cy), "text-anchor": "middle", "font-weight": "600",
                "transform": "rotate(-90 \(SVGWriter.coordinate(tx)) \(SVGWriter.coordinate(cy)))",
            ], text: rowTitle)
        for r in 0..<n {
            body.start(
                "text",
                [
                    "class": "tick", "x": .number(grid.x - 8), "y": .number(grid.y + (Double(r) + 0.5) * cellHeight + 4),
                    "text-anchor": "end", "font-size": .number(ChartFrame.tickSize),
                ])
            if shown[safe: r]?.truncated == true { body.tooltip(labels[r]) }
            body.element("tspan", text: shown[safe: r]?.text ?? "")
            body.end()
        }
        body.end()

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
        let lines = TextMetrics.wrap(
            note, maxCharacters: Swift.max(10, Int((width - 2 * ChartFrame.margin) / (ChartFrame.tickSize * 0.6))), maxLines: 3)
        body.start(
            "text",
            [
                "class": "note", "x": .number(ChartFrame.margin), "y": .number(grid.maxY + 22),
                "font-size": .number(ChartFrame.tickSize), "fill": .text(ChartFrame.referenceGrey),
            ])
        for (i, line) in lines.enumerated() {
            body.element("tspan", ["x": .number(ChartFrame.margin), "dy": .number(i == 0 ? 0 : 16)], text: line)
        }
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-heatmap", width: width, height: grid.maxY + 30 + 16 * Double(lines.count - 1), title: title,
            description: description, body: body, minimumScale: 0.78)
    }
}
