import LoupeMarkup

extension HistogramChart {
    /// Overlaid translucent bars with a step outline per series (so overlaps stay readable) and a
    /// legend when there is more than one series. Bins whose edges or count are not finite, or
    /// whose count is negative, are skipped; a series with the wrong number of counts draws the
    /// bins it has edges for.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let width = 560.0
        var legend =
            series.count > 1 || curve != nil
            ? series.map { LegendItem(name: $0.name, colorIndex: $0.colorIndex, swatch: .bar) } : []
        if let curve {
            legend.append(LegendItem(name: curve.name, colorIndex: curve.colorIndex, swatch: .line(dashed: curve.dashed)))
        }
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()

        let binCount = Swift.max(0, edges.count - 1)
        func valid(_ i: Int) -> Bool { edges[i].isFinite && edges[i + 1].isFinite && edges[i] < edges[i + 1] }
        let finiteEdges = edges.filter(\.isFinite)
        let counts = series.flatMap { s in (0..<Swift.min(binCount, s.counts.count)).filter(valid).map { s.counts[$0] } }.filter {
            $0.isFinite && $0 >= 0
        }
        guard let xMin = finiteEdges.min(), let xMax = finiteEdges.max(), xMin < xMax, !series.isEmpty else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-histogram", width: width, height: height, title: title, description: description, body: body)
        }
        let xTicks = AxisTicks(low: xMin, high: xMax, fixedLower: xAxis.min, fixedUpper: xAxis.max, target: 6)
        var curveValues: [Double] = []
        if let curve {
            for i in 0..<Swift.min(curve.x.count, curve.y.count)
            where curve.x[i].isFinite && curve.x[i] >= xMin && curve.x[i] <= xMax {
                if let v = curve.y[i], v.isFinite { curveValues.append(v) }
            }
        }
        let yTicks = AxisTicks(
            low: 0, high: (counts + curveValues).max() ?? 1, fixedLower: yAxis.min ?? 0, fixedUpper: yAxis.max, target: 5)
        let left = AxisDrawing.yGutter(yAxis, ticks: yTicks)
        let plot = Rect(x: left, y: header.height + 4, width: width - left - 20, height: 260)
        let x = LinearScale(xTicks, range: (plot.x, plot.maxX))
        let y = LinearScale(yTicks, range: (plot.maxY, plot.y))

        header.draw(into: &body)
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        AxisDrawing.drawX(xAxis, ticks: xTicks, scale: x, plot: plot, into: &body)
        AxisDrawing.drawY(yAxis, ticks: yTicks, scale: y, plot: plot, titleX: ChartFrame.margin + 4, into: &body)
        body.start("g", ["clip-path": "url(#\(id)-clip)"])
        for s in series {
            let color = ChartFrame.color(s.colorIndex)
            body.start("g", ["class": .text(ChartFrame.seriesClass(s.colorIndex))])
            body.tooltip(s.name)
            var outline = SVGPath()
            var bars = SVGPath()
            for i in 0..<Swift.min(binCount, s.counts.count) {
                let c = s.counts[i]
                guard valid(i), c.isFinite, c >= 0 else { outline.lift(); continue }
                let (x0, x1, top, base) = (x(edges[i]), x(edges[i + 1]), y(c), y(0))
                if c > 0 {
                    bars.move(x0, base); bars.line(x0, top); bars.line(x1, top); bars.line(x1, base); bars.close()
                }
                outline.line(x0, base); outline.line(x0, top); outline.line(x1, top); outline.line(x1, base)
            }
            if !bars.isEmpty {
                body.empty("path", ["d": .text(bars.data), "fill": .text(color), "fill-opacity": 0.3, "stroke": "none"])
            }
            if !outline.isEmpty {
                body.empty(
                    "path",
                    [
                        "d": .text(outline.data), "fill": "none", "stroke": .text(color), "stroke-width": 2,
                        "stroke-linejoin": "round",
                    ])
            }
            body.end()
        }
        curve?.draw(x: x, y: y, into: &body)
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-histogram", width: width, height: plot.maxY + 44, title: title, description: description,
            body: body)
    }
}
