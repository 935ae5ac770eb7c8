import LoupeMarkup

extension ScatterChart {
    /// Density cells shaded on `DensityScale`'s log levels (one path per level, its tooltip the
    /// count range), grey reference lines, overlay series, then points. The legend carries a
    /// key for the cells ("1–2,345 rows per cell" with a swatch per level) and, when more than
    /// one layer is drawn, an entry per series and point set. Non-finite values are skipped.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let hasIdentity = references.contains { $0.kind == .identity }
        let width = hasIdentity ? 480.0 : 560.0
        let cells = density.map(drawableCells) ?? []
        let scale = DensityScale(counts: cells.map(\.count))
        let pointPairs = points.map(finitePairs)
        var xs: [Double] = [], ys: [Double] = []
        if let density, !cells.isEmpty {
            // The whole grid the caller chose, not just its occupied part.
            xs += density.xEdges.filter(\.isFinite)
            ys += density.yEdges.filter(\.isFinite)
        }
        for pairs in pointPairs {
            xs += pairs.prefix(ScatterChart.maxPoints).map(\.x)
            ys += pairs.prefix(ScatterChart.maxPoints).map(\.y)
        }
        for s in series { s.addExtent(xs: &xs, ys: &ys) }
        let hasData = !xs.isEmpty
        for r in references {
            switch r.kind {
            case .horizontal(let v) where v.isFinite: ys.append(v)
            case .vertical(let v) where v.isFinite: xs.append(v)
            default: break
            }
        }

        let drawnPointSets = points.indices.filter { !pointPairs[$0].isEmpty }
        let drawnSeries = series.filter { s in s.y.contains { $0?.isFinite ?? false } }
        let layerCount = (cells.isEmpty ? 0 : 1) + drawnPointSets.count + drawnSeries.count
        var legend: [LegendItem] = []
        if let density, let range = scale.range {
            let opacities = (0..<DensityScale.levels).map(DensityScale.opacity)
            let text = "\(NumberFormat.weight(range.lo))–\(NumberFormat.weight(range.hi)) \(density.unit) per cell"
            legend.append(LegendItem(name: text, colorIndex: density.colorIndex, swatch: .ramp(opacities)))
        }
        if layerCount > 1 {
            legend += drawnSeries.map { LegendItem(name: $0.name, colorIndex: $0.colorIndex, swatch: .line(dashed: $0.dashed)) }
            legend += drawnPointSets.map { LegendItem(name: points[$0].name, colorIndex: points[$0].colorIndex, swatch: .dot) }
        }
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()

        guard hasData, let xMin = xs.min(), let xMax = xs.max(), let yMin = ys.min(), let yMax = ys.max() else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-scatter", square: hasIdentity, width: width, height: height, title: title,
                description: description, body: body)
        }
        let xTicks: AxisTicks
        let yTicks: AxisTicks
        if hasIdentity && sharedRange {
            let (lo, hi) = (Swift.min(xMin, yMin), Swift.max(xMax, yMax))
            xTicks = AxisTicks(low: lo, high: hi, fixedLower: xAxis.min, fixedUpper: xAxis.max, target: 5)
            yTicks = AxisTicks(low: lo, high: hi, fixedLower: yAxis.min, fixedUpper: yAxis.max, target: 5)
        } else {
            xTicks = AxisTicks(low: xMin, high: xMax, fixedLower: xAxis.min, fixedUpper: xAxis.max, target: 6)
            yTicks = AxisTicks(low: yMin, high: yMax, fixedLower: yAxis.min, fixedUpper: yAxis.max, target: 5)
        }
        let notes = noteLines(pointPairs)
        let left = AxisDrawing.yGutter(yAxis, ticks: yTicks)
        let plotWidth = width - left - 20
        let noteHeight = notes.isEmpty ? 0.0 : 18
        let plot = Rect(
            x: left, y: header.height + 4 + noteHeight, width: plotWidth, height: hasIdentity ? plotWidth : 280)
        let x = LinearScale(xTicks, range: (plot.x, plot.maxX))
        let y = LinearScale(yTicks, range: (plot.maxY, plot.y))

        header.draw(into: &body)
        if !notes.isEmpty {
            let (text, truncated) = TextMetrics.truncate(
                notes, to: Int((width - 2 * ChartFrame.margin) / (ChartFrame.textSize * 0.6)))
            body.start("text", ["class": "note", "x": .number(plot.maxX), "y": .number(plot.y - 8), "text-anchor": "end"])
            if truncated { body.tooltip(notes) }
            body.element("tspan", text: text)
            body.end()
        }
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        AxisDrawing.drawX(xAxis, ticks: xTicks, scale: x, plot: plot, into: &body)
        AxisDrawing.drawY(yAxis, ticks: yTicks, scale: y, plot: plot, titleX: ChartFrame.margin + 4, into: &body)
        if let density {
            drawCells(cells, scale: scale, density: density, x: x, y: y, clipID: "\(id)-clip", into: &body)
        }
        var labelAvoid: [(Double, Double)] = pointPairs.flatMap { $0.prefix(ScatterChart.maxPoints).map { ($0.x, $0.y) } }
        for s in series {
            for i in 0..<Swift.min(s.x.count, s.y.count) { if let v = s.y[i] { labelAvoid.append((s.x[i], v)) } }
        }
        // Over a density the diagonal's label goes near its top end, where the cells are thin.
        ReferenceLine.draw(
            references, plot: plot, x: x, y: y, points: labelAvoid, identityLabelAt: cells.isEmpty ? 0.72 : 0.88,
            into: &body
        ) { body in
            body.start("g", ["clip-path": "url(#\(id)-clip)"])
            for s in series { s.draw(x: x, y: y, into: &body) }
            for i in drawnPointSets { drawPoints(points[i], pairs: pointPairs[i], x: x, y: y, into: &body) }
            body.end()
        }
        return ChartFrame.document(
            id: id, kind: "chart-scatter", square: hasIdentity, width: width, height: plot.maxY + 44, title: title,
            description: description, body: body)
    }

    /// One drawable density cell in data units.
    private struct Cell {
        var x0: Double, x1: Double, y0: Double, y1: Double
        var count: Double
    }

    /// Cells with finite increasing edges and a positive finite count.
    private func drawableCells(_ d: DensityCells) -> [Cell] {
        var cells: [Cell] = []
        for r in 0..<d.rows {
            let (y0, y1) = (d.yEdges[r], d.yEdges[r + 1])
            guard y0.isFinite, y1.isFinite, y0 < y1 else { continue }
            for c in 0..<d.columns {
                let (x0, x1) = (d.xEdges[c], d.xEdges[c + 1])
                guard x0.isFinite, x1.isFinite, x0 < x1, let count = d.counts[safe: r * d.columns + c], count.isFinite,
                    count > 0
                else { continue }
                cells.append(Cell(x0: x0, x1: x1, y0: y0, y1: y1, count: count))
            }
        }
        return cells
    }

    /// The finite `(x, y)` pairs of a point set with their labels, in the given order.
    private func finitePairs(_ set: ScatterPoints) -> [(x: Double, y: Double, label: String?)] {
        (0..<Swift.min(set.x.count, set.y.count)).compactMap { i in
            guard set.x[i].isFinite, set.y[i].isFinite else { return nil }
            return (set.x[i], set.y[i], set.labels?[safe: i])
        }
    }

    /// The caller's note, and how many points were left out, joined with " · ".
    private func noteLines(_ pairs: [[(x: Double, y: Double, label: String?)]]) -> String {
        var parts: [String] = []
        if let note, !note.isEmpty { parts.append(note) }
        let omitted = pairs.map { Swift.max(0, $0.count - ScatterChart.maxPoints) }.reduce(0, +)
        if omitted > 0 { parts.append("\(NumberFormat.count(omitted)) more points not drawn") }
        return parts.joined(separator: " · ")
    }

    private func drawCells(
        _ cells: [Cell], scale: DensityScale, density: DensityCells, x: LinearScale, y: LinearScale, clipID: String,
        into w: inout SVGWriter
    ) {
        guard !cells.isEmpty else { return }
        var paths = Array(repeating: SVGPath(), count: DensityScale.levels)
        var lows = Array(repeating: Double.infinity, count: DensityScale.levels)
        var highs = Array(repeating: -Double.infinity, count: DensityScale.levels)
        var cellCounts = Array(repeating: 0, count: DensityScale.levels)
        for cell in cells {
            guard let level = scale.level(cell.count) else { continue }
            let (left, right, top, bottom) = (x(cell.x0), x(cell.x1), y(cell.y1), y(cell.y0))
            paths[level].move(left, top)
            paths[level].line(right, top)
            paths[level].line(right, bottom)
            paths[level].line(left, bottom)
            paths[level].close()
            lows[level] = Swift.min(lows[level], cell.count)
            highs[level] = Swift.max(highs[level], cell.count)
            cellCounts[level] += 1
        }
        w.start(
            "g",
            [
                "class": .text("density " + ChartFrame.seriesClass(density.colorIndex)), "clip-path": "url(#\(clipID))",
                "fill": .text(ChartFrame.color(density.colorIndex)), "shape-rendering": "crispEdges",
            ])
        for level in 0..<DensityScale.levels where !paths[level].isEmpty {
            w.start("path", ["d": .text(paths[level].data), "fill-opacity": .number(DensityScale.opacity(level))])
            let range =
                lows[level] == highs[level]
                ? NumberFormat.weight(lows[level]) : "\(NumberFormat.weight(lows[level]))–\(NumberFormat.weight(highs[level]))"
            let cellWord = cellCounts[level] == 1 ? "cell" : "cells"
            w.tooltip("\(range) \(density.unit) per cell (\(NumberFormat.count(cellCounts[level])) \(cellWord))")
            w.end()
        }
        w.end()
    }

    private func drawPoints(
        _ set: ScatterPoints, pairs: [(x: Double, y: Double, label: String?)], x: LinearScale, y: LinearScale,
        into w: inout SVGWriter
    ) {
        w.start(
            "g",
            [
                "class": .text("points " + ChartFrame.seriesClass(set.colorIndex)),
                "fill": .text(ChartFrame.color(set.colorIndex)),
                "fill-opacity": 0.8,
            ])
        w.tooltip(set.name)
        for p in pairs.prefix(ScatterChart.maxPoints) {
            if let label = p.label {
                w.start("circle", ["cx": .number(x(p.x)), "cy": .number(y(p.y)), "r": 3])
                w.tooltip(
                    "\(label): \(NumberFormat.decimal(p.x, digits: 3)), \(NumberFormat.decimal(p.y, digits: 3))")
                w.end()
            } else {
                w.empty("circle", ["cx": .number(x(p.x)), "cy": .number(y(p.y)), "r": 3])
            }
        }
        w.end()
    }
}
