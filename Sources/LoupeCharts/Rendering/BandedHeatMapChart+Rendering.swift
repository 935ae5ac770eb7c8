import LoupeMarkup

extension BandedHeatMapChart {
    /// The labelled grid (`HeatGrid`, as the confusion heat map), a legend with one swatch per
    /// band and the ▲ and dash marks, and the note under the grid.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    /// Fill opacities of the bands, lightest first. The darkest keeps the page's text colour
    /// readable on it in both colour schemes (WCAG AA), as in `HeatMapChart.shade`.
    static let opacities = [0.06, 0.25, 0.45, 0.7]

    /// The index of the band `value` falls in.
    func band(_ value: Double) -> Int {
        let index = bands.firstIndex { band in band.below.map { value < $0 } ?? true } ?? (bands.count - 1)
        return Swift.min(Swift.max(0, index), Self.opacities.count - 1)
    }

    private func draw(id: String) -> HTML {
        let rows = Swift.max(rowLabels.count, cells.count)
        let columns = Swift.max(columnLabels.count, cells.map(\.count).max() ?? 0)
        let layout = HeatGrid(
            rowTitle: rowTitle, columnTitle: columnTitle, rowLabels: rowLabels, columnLabels: columnLabels, rowCount: rows,
            columnCount: columns, cellWidth: columns > 30 ? 20 : 28, cellHeight: 22, labelCharacters: labelCharacters)
        let width = Swift.max(420, layout.left + Double(columns) * layout.cellWidth + ChartFrame.margin + 4)
        let legend =
            bands.enumerated().map { index, band in
                LegendItem(
                    name: band.label, colorIndex: colorIndex,
                    swatch: .ramp([Self.opacities[Swift.min(index, Self.opacities.count - 1)]]))
            } + [
                LegendItem(name: flagLabel, colorIndex: colorIndex, swatch: .symbol("▲")),
                LegendItem(name: undefinedLabel, colorIndex: colorIndex, swatch: .symbol("–")),
            ]
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()
        guard rows > 0, columns > 0 else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-heatmap", width: width, height: height, title: title, description: description, body: body)
        }
        let grid = layout.grid(below: header.height)
        header.draw(into: &body)
        layout.drawAxes(grid: grid, below: header.height, into: &body)
        let color = ChartFrame.color(colorIndex)
        for r in 0..<rows {
            for c in 0..<columns {
                let box = layout.cell(r, c, in: grid)
                let cell = cells[safe: r]?[safe: c]
                body.start("g", ["class": cell?.flagged == true ? "cell flagged" : "cell"])
                body.tooltip(cell?.tooltip ?? "undefined")
                let value = cell?.value.flatMap { $0.isFinite ? $0 : nil }
                body.empty(
                    "rect",
                    [
                        "x": .number(box.x + 0.5), "y": .number(box.y + 0.5), "width": .number(box.width - 1),
                        "height": .number(box.height - 1), "fill": .text(color),
                        "fill-opacity": .number(value.map { Self.opacities[band($0)] } ?? 0), "stroke": "currentColor",
                        "stroke-opacity": 0.15,
                    ])
                let cx = box.x + box.width / 2, cy = box.y + box.height / 2 + 4
                if value == nil {
                    body.element(
                        "text",
                        [
                            "class": "undefined", "x": .number(cx), "y": .number(cy), "text-anchor": "middle",
                            "fill": .text(ChartFrame.referenceGrey), "font-size": .number(ChartFrame.tickSize - 1),
                        ], text: "–")
                } else if cell?.flagged == true {
                    body.element(
                        "text",
                        [
                            "x": .number(cx), "y": .number(cy), "text-anchor": "middle",
                            "font-size": .number(ChartFrame.tickSize - 1),
                        ],
                        text: "▲")
                }
                body.end()
            }
        }
        if let after = separatorAfter, after > 0, after < columns {
            let x = grid.x + Double(after) * layout.cellWidth
            body.empty(
                "line",
                [
                    "class": "ref", "x1": .number(x), "y1": .number(grid.y - 4), "x2": .number(x), "y2": .number(grid.maxY + 4),
                    "stroke": .text(ChartFrame.referenceGrey), "stroke-width": 2,
                ])
        }
        if let after = separatorAfterRow, after > 0, after < rows {
            let y = grid.y + Double(after) * layout.cellHeight
            body.empty(
                "line",
                [
                    "class": "ref", "x1": .number(grid.x - 4), "y1": .number(y), "x2": .number(grid.maxX + 4), "y2": .number(y),
                    "stroke": .text(ChartFrame.referenceGrey), "stroke-width": 2,
                ])
        }
        let extra = note.isEmpty ? -16 : HeatGrid.drawNote(note, at: grid.maxY + 22, width: width, into: &body)
        return ChartFrame.document(
            id: id, kind: "chart-heatmap", width: width, height: grid.maxY + 30 + extra, title: title,
            description: description, body: body, minimumScale: 0.78)
    }
}
