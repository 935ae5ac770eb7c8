import LoupeMarkup

extension LineChart {
    /// Lines with gaps at `nil`, optional bands, grey reference lines, a legend when there is
    /// more than one series. Non-finite values are skipped like `nil`.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let width = self.width ?? (square ? 480.0 : 560.0)
        var legend =
            series.count > 1 || !events.isEmpty
            ? series.map { LegendItem(name: $0.name, colorIndex: $0.colorIndex, swatch: .line(dashed: $0.dashed)) } : []
        var styles: [Int] = []
        for event in events where !styles.contains(event.style) {
            styles.append(event.style)
            legend.append(LegendItem(name: event.name, colorIndex: 0, swatch: .symbol(event.symbol)))
        }
        if events.contains(where: \.warning) {
            legend.append(LegendItem(name: "lighter: warning", colorIndex: 0, swatch: .symbol("△")))
        }
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()

        var xs: [Double] = [], ys: [Double] = []
        for s in series { s.addExtent(xs: &xs, ys: &ys) }
        for event in events where event.x.isFinite { xs.append(event.x) }
        for r in references {
            switch r.kind {
            case .horizontal(let v) where v.isFinite: ys.append(v)
            case .vertical(let v) where v.isFinite: xs.append(v)
            default: break
            }
        }
        guard let xMin = xs.min(), let xMax = xs.max(), let yMin = ys.min(), let yMax = ys.max() else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-line", square: square, width: width, height: height, title: title, description: description,
                body: body)
        }
        let xTicks =
            xAxis.categories.map { AxisTicks(categories: $0) }
            ?? AxisTicks(low: xMin, high: xMax, fixedLower: xAxis.min, fixedUpper: xAxis.max, target: square ? 5 : 6)
        let yTicks = AxisTicks(low: yMin, high: yMax, fixedLower: yAxis.min, fixedUpper: yAxis.max, target: 5)
        let left = AxisDrawing.yGutter(yAxis, ticks: yTicks)
        let plotWidth = width - left - 20
        // Events get a band of their own above the plot, a row per style, so marks never cover lines.
        let eventBand = events.isEmpty ? 0 : Double(styles.count) * 13 + 4
        let plot = Rect(x: left, y: header.height + 4 + eventBand, width: plotWidth, height: square ? plotWidth : 280)
        let xScale = LinearScale(xTicks, range: (plot.x, plot.maxX))
        let yScale = LinearScale(yTicks, range: (plot.maxY, plot.y))

        header.draw(into: &body)
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        AxisDrawing.drawX(xAxis, ticks: xTicks, scale: xScale, plot: plot, into: &body)
        AxisDrawing.drawY(yAxis, ticks: yTicks, scale: yScale, plot: plot, titleX: ChartFrame.margin + 4, into: &body)
        var points: [(Double, Double)] = []
        for s in series {
            for i in 0..<Swift.min(s.x.count, s.y.count) { if let v = s.y[i] { points.append((s.x[i], v)) } }
        }
        ReferenceLine.draw(references, plot: plot, x: xScale, y: yScale, points: points, into: &body) { body in
            body.start("g", ["clip-path": "url(#\(id)-clip)"])
            for s in series { s.draw(x: xScale, y: yScale, into: &body) }
            body.end()
        }
        drawEvents(plot: plot, top: plot.y - eventBand, x: xScale, styles: styles, into: &body)
        return ChartFrame.document(
            id: id, kind: "chart-line", square: square, width: width, height: plot.maxY + 44, title: title,
            description: description, body: body)
    }
}

extension LineChart {
    /// Each event: its symbol in its style's row of the band above the plot (from `top`), and a
    /// thin vertical line down through the plot.
    fileprivate func drawEvents(plot: Rect, top: Double, x: LinearScale, styles: [Int], into w: inout SVGWriter) {
        guard !events.isEmpty else { return }
        w.start("g", ["class": "events"])
        for event in events where event.x.isFinite && x.contains(event.x) {
            let px = x(event.x)
            let row = Double(styles.firstIndex(of: event.style) ?? 0)
            let opacity = event.warning ? 0.35 : 1.0
            w.start("g", ["class": event.warning ? "event warning" : "event drift", "opacity": .number(opacity)])
            w.tooltip("\(event.name) \(event.warning ? "warning" : "drift")")
            w.empty(
                "line",
                [
                    "x1": .number(px), "y1": .number(top + 14 + row * 13), "x2": .number(px), "y2": .number(plot.maxY),
                    "stroke": .text(ChartFrame.referenceGrey), "stroke-width": 1,
                ])
            w.element(
                "text",
                [
                    "x": .number(px), "y": .number(top + 11 + row * 13), "text-anchor": "middle",
                    "font-size": .number(ChartFrame.tickSize),
                ], text: event.symbol)
            w.end()
        }
        w.end()
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
