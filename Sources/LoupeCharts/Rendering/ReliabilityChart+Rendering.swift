import LoupeMarkup

extension ReliabilityChart {
    /// Observed positive rate against mean predicted score per bin, joined in bin order (empty
    /// bins are skipped), with the identity diagonal labelled "perfect calibration", and below
    /// it a strip of bars with the number of examples per bin on its own small axis.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let width = 480.0
        let header = Header(title: title, legend: [], width: width)
        var body = SVGWriter()
        let xAxis = Axis(xTitle, min: 0, max: 1)
        let yAxis = Axis(yTitle, min: 0, max: 1)
        let points = bins.compactMap { bin -> (Double, Double, Bin)? in
            guard let p = bin.meanPrediction, let f = bin.fractionPositive, p.isFinite, f.isFinite else { return nil }
            return (p, f, bin)
        }
        let finiteBins = bins.filter { $0.lower.isFinite && $0.upper.isFinite && $0.lower < $0.upper && $0.count >= 0 }
        let xs = points.map(\.0) + finiteBins.flatMap { [$0.lower, $0.upper] }
        let xTicks = AxisTicks(
            low: Swift.min(0, xs.min() ?? 0), high: Swift.max(1, xs.max() ?? 1), fixedLower: (xs.min() ?? 0) < 0 ? nil : 0,
            fixedUpper: (xs.max() ?? 1) > 1 ? nil : 1, target: 5)
        let yTicks = AxisTicks(low: 0, high: 1, fixedLower: yAxis.min, fixedUpper: yAxis.max, target: 5)
        let countTicksRaw = AxisTicks(low: 0, high: Double(finiteBins.map(\.count).max() ?? 0), fixedLower: 0, target: 2)
        let countTicks = countTicksRaw
        let countAxis = Axis("examples")
        let left = Swift.max(AxisDrawing.yGutter(yAxis, ticks: yTicks), AxisDrawing.yGutter(countAxis, ticks: countTicks))
        let plotWidth = width - left - 20
        let plot = Rect(x: left, y: header.height + 4, width: plotWidth, height: plotWidth)
        let strip = Rect(x: left, y: plot.maxY + 22, width: plotWidth, height: 64)
        let x = LinearScale(xTicks, range: (plot.x, plot.maxX))
        let y = LinearScale(yTicks, range: (plot.maxY, plot.y))
        let yCount = LinearScale(countTicks, range: (strip.maxY, strip.y))
        let color = ChartFrame.color(colorIndex)

        header.draw(into: &body)
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        // Main plot: x grid without labels (the strip below carries the x axis).
        body.start("g", ["class": "grid", "stroke": .text(ChartFrame.gridGrey), "stroke-opacity": 0.3])
        for t in xTicks.values {
            body.empty("line", ["x1": .number(x(t)), "y1": .number(plot.y), "x2": .number(x(t)), "y2": .number(plot.maxY)])
        }
        body.end()
        body.empty(
            "line",
            [
                "class": "axis", "x1": .number(plot.x), "y1": .number(plot.maxY), "x2": .number(plot.maxX),
                "y2": .number(plot.maxY), "stroke": "currentColor", "stroke-opacity": 0.6,
            ])
        AxisDrawing.drawY(yAxis, ticks: yTicks, scale: y, plot: plot, titleX: ChartFrame.margin + 4, into: &body)
        let lo = Swift.max(x.domain.lower, y.domain.lower), hi = Swift.min(x.domain.upper, y.domain.upper)
        AxisDrawing.identity(
            label: "perfect calibration", lo: lo, hi: hi, x: x, y: y, points: points.map { ($0.0, $0.1) }, into: &body)

        body.start("g", ["class": .text(ChartFrame.seriesClass(colorIndex)), "clip-path": "url(#\(id)-clip)"])
        var line = SVGPath()
        for (p, f, _) in points { line.line(x(p), y(f)) }
        if points.count > 1 {
            body.empty(
                "path",
                ["d": .text(line.data), "fill": "none", "stroke": .text(color), "stroke-width": 2.5, "stroke-linejoin": "round"])
        }
        for (p, f, bin) in points {
            body.start("circle", ["cx": .number(x(p)), "cy": .number(y(f)), "r": 4, "fill": .text(color)])
            body.tooltip(
                "\(scoreRange(bin)): mean predicted \(NumberFormat.decimal(p, digits: 3)), observed \(NumberFormat.decimal(f, digits: 3)), "
                    + "\(NumberFormat.count(bin.count)) examples"
            )
            body.end()
        }
        body.end()

        // Count strip: its own small axis, sharing the x scale.
        body.start("g", ["class": "counts"])
        AxisDrawing.drawX(xAxis, ticks: xTicks, scale: x, plot: strip, into: &body)
        AxisDrawing.drawY(countAxis, ticks: countTicks, scale: yCount, plot: strip, titleX: ChartFrame.margin + 4, into: &body)
        body.start("g", ["class": .text(ChartFrame.seriesClass(colorIndex)), "fill": .text(color), "fill-opacity": 0.5])
        for bin in finiteBins where bin.count > 0 {
            let top = yCount(Double(bin.count))
            body.start(
                "rect",
                [
                    "x": .number(x(bin.lower) + 0.5), "y": .number(top),
                    "width": .number(Swift.max(0.5, x(bin.upper) - x(bin.lower) - 1)), "height": .number(strip.maxY - top),
                ])
            body.tooltip(
                "\(scoreRange(bin)): \(NumberFormat.count(bin.count)) examples"
            )
            body.end()
        }
        body.end()
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-reliability", width: width, height: strip.maxY + 44, title: title, description: description,
            body: body)
    }

    /// "Scores 0.10–0.20", the bin's range for tooltips.
    private func scoreRange(_ bin: Bin) -> String {
        "Scores \(NumberFormat.decimal(bin.lower, digits: 2))–\(NumberFormat.decimal(bin.upper, digits: 2))"
    }
}
