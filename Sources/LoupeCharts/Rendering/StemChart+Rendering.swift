import LoupeMarkup

extension StemChart {
    /// The band as a shaded polygon (constant: across the plot; per lag: through each lag's
    /// half-width, flat for half a lag beyond a run's ends), a solid zero line, then one stem per
    /// lag: a hollow dot in `colorIndex` inside the band, a thicker stem with a filled dot in
    /// `flaggedColorIndex` outside it. The `<desc>` ends with the lags outside the band. x ticks
    /// are whole lags.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let width = 560.0
        let flagged = lagsOutsideBand
        let stems: [(lag: Int, value: Double, band: Double?)] = lags.indices.compactMap { i in
            guard let v = values[safe: i] ?? nil, v.isFinite else { return nil }
            return (lags[i], v, band.halfWidth(at: i))
        }
        var legend = [
            LegendItem(name: bandLabel, colorIndex: colorIndex, swatch: .bar),
            LegendItem(name: "inside the band", colorIndex: colorIndex, swatch: .ring),
        ]
        if !flagged.isEmpty {
            legend.append(LegendItem(name: "outside the band", colorIndex: flaggedColorIndex, swatch: .dot))
        }
        let header = Header(title: title, legend: legend, width: width)
        let fullDescription = description + (description.isEmpty ? "" : " ") + StemChart.summary(flagged)
        var body = SVGWriter()

        guard let firstLag = stems.map(\.lag).min(), let lastLag = stems.map(\.lag).max() else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-stem", width: width, height: height, title: title, description: fullDescription,
                body: body)
        }
        let bands = lags.indices.compactMap { i in band.halfWidth(at: i).map { (lag: lags[i], b: $0) } }
        var extent: [Double] = [0]
        for stem in stems { extent += [stem.value, stem.band ?? 0, -(stem.band ?? 0)] }
        let xTicks = StemChart.lagTicks(
            lower: xAxis.min ?? Double(firstLag - 1), upper: xAxis.max ?? Double(lastLag + 1))
        let yTicks = AxisTicks(
            low: extent.min() ?? -1, high: extent.max() ?? 1, fixedLower: yAxis.min, fixedUpper: yAxis.max, target: 5)
        let left = AxisDrawing.yGutter(yAxis, ticks: yTicks)
        let plot = Rect(x: left, y: header.height + 4, width: width - left - 20, height: 240)
        let x = LinearScale(xTicks, range: (plot.x, plot.maxX))
        let y = LinearScale(yTicks, range: (plot.maxY, plot.y))

        header.draw(into: &body)
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        AxisDrawing.drawX(xAxis, ticks: xTicks, scale: x, plot: plot, into: &body)
        AxisDrawing.drawY(yAxis, ticks: yTicks, scale: y, plot: plot, titleX: ChartFrame.margin + 4, into: &body)
        body.start("g", ["clip-path": "url(#\(id)-clip)"])
        drawBand(bands, x: x, y: y, into: &body)
        if y.contains(0) {
            body.empty(
                "line",
                [
                    "class": "zero", "x1": .number(plot.x), "y1": .number(y(0)), "x2": .number(plot.maxX), "y2": .number(y(0)),
                    "stroke": "currentColor", "stroke-opacity": 0.6,
                ])
        }
        for stem in stems { drawStem(stem, x: x, y: y, into: &body) }
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-stem", width: width, height: plot.maxY + 44, title: title, description: fullDescription,
            body: body)
    }

    /// "Outside the band: lags 1, 2 and 12." or "No lag is outside the band."
    static func summary(_ flagged: [Int]) -> String {
        guard let last = flagged.last else { return "No lag is outside the band." }
        if flagged.count == 1 { return "Outside the band: lag \(last)." }
        let head = flagged.dropLast().map(String.init).joined(separator: ", ")
        return "Outside the band: lags \(head) and \(last)."
    }

    /// Ticks on whole lags between `lower` and `upper` (kept as the bounds).
    static func lagTicks(lower: Double, upper: Double) -> AxisTicks {
        var ticks = AxisTicks(low: lower, high: upper, fixedLower: lower, fixedUpper: upper, target: 6)
        if ticks.step.exponent < 0, upper - lower < 200, let first = Int(safely: ticks.lower.rounded(.up)),
            let last = Int(safely: ticks.upper.rounded(.down))
        {
            ticks.step = AxisTicks.Step(mantissa: 1, exponent: 0)
            ticks.values = first <= last ? (first...last).map(Double.init) : []
        }
        return ticks
    }

    private func drawBand(_ bands: [(lag: Int, b: Double)], x: LinearScale, y: LinearScale, into w: inout SVGWriter) {
        var path = SVGPath()
        if case .constant = band, let b = bands.first?.b {
            let (x0, x1) = (x.domain.lower, x.domain.upper)
            path.move(x(x0), y(b)); path.line(x(x1), y(b)); path.line(x(x1), y(-b)); path.line(x(x0), y(-b)); path.close()
        } else {
            // One polygon per run of consecutive lags that have a half-width.
            let sorted = bands.sorted { $0.lag < $1.lag }
            var run: [(lag: Int, b: Double)] = []
            func flush() {
                guard let first = run.first, let last = run.last else { return }
                let upper =
                    [(Double(first.lag) - 0.5, first.b)] + run.map { (Double($0.lag), $0.b) } + [(Double(last.lag) + 0.5, last.b)]
                path.move(x(upper[0].0), y(upper[0].1))
                for p in upper.dropFirst() { path.line(x(p.0), y(p.1)) }
                for p in upper.reversed() { path.line(x(p.0), y(-p.1)) }
                path.close()
                run = []
            }
            for item in sorted {
                if let last = run.last, item.lag != last.lag + 1 { flush() }
                run.append(item)
            }
            flush()
        }
        guard !path.isEmpty else { return }
        w.start(
            "path",
            [
                "class": .text("band " + ChartFrame.seriesClass(colorIndex)), "d": .text(path.data),
                "fill": .text(ChartFrame.color(colorIndex)), "fill-opacity": 0.18, "stroke": "none",
            ])
        w.tooltip(bandLabel)
        w.end()
    }

    private func drawStem(
        _ stem: (lag: Int, value: Double, band: Double?), x: LinearScale, y: LinearScale, into w: inout SVGWriter
    ) {
        let outside = stem.band.map { abs(stem.value) > $0 } ?? false
        let ci = outside ? flaggedColorIndex : colorIndex
        let color = ChartFrame.color(ci)
        var tip = "lag \(stem.lag): \(NumberFormat.decimal(stem.value, digits: 3))"
        if let b = stem.band { tip += " (band ±\(NumberFormat.decimal(b, digits: 3)))" }
        if outside { tip += ", outside the band" }
        let (cx, cy) = (x(Double(stem.lag)), y(stem.value))
        w.start("g", ["class": .text("stem " + ChartFrame.seriesClass(ci) + (outside ? " flagged" : ""))])
        w.tooltip(tip)
        if outside {
            w.empty(
                "line",
                [
                    "x1": .number(cx), "y1": .number(y(0)), "x2": .number(cx), "y2": .number(cy), "stroke": .text(color),
                    "stroke-width": 2.5,
                ])
            w.empty("circle", ["cx": .number(cx), "cy": .number(cy), "r": 4.5, "fill": .text(color)])
        } else {
            // The stem stops at the ring, so the dot stays hollow.
            let r = 3.5
            if abs(cy - y(0)) > r {
                let end = cy + (cy < y(0) ? r : -r)
                w.empty(
                    "line",
                    [
                        "x1": .number(cx), "y1": .number(y(0)), "x2": .number(cx), "y2": .number(end), "stroke": .text(color),
                        "stroke-width": 1.5,
                    ])
            }
            w.empty(
                "circle",
                [
                    "cx": .number(cx), "cy": .number(cy), "r": .number(r), "fill": "none", "stroke": .text(color),
                    "stroke-width": 1.5,
                ])
        }
        w.end()
    }
}
