extension LineChart {
    /// Lines with gaps at `nil`, optional bands, grey reference lines, a legend when there is
    /// more than one series. Non-finite values are skipped like `nil`.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let width = square ? 480.0 : 560.0
        let legend =
            series.count > 1
            ? series.map { LegendItem(name: $0.name, colorIndex: $0.colorIndex, swatch: .line(dashed: $0.dashed)) } : []
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()

        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for i in 0..<Swift.min(s.x.count, s.y.count) where s.x[i].isFinite {
                let values = [s.y[i], s.lower?[safe: i] ?? nil, s.upper?[safe: i] ?? nil].compactMap { $0 }.filter(\.isFinite)
                guard !values.isEmpty else { continue }
                xs.append(s.x[i])
                ys += values
            }
        }
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
        let xTicks = AxisTicks(low: xMin, high: xMax, fixedLower: xAxis.min, fixedUpper: xAxis.max, target: square ? 5 : 6)
        let yTicks = AxisTicks(low: yMin, high: yMax, fixedLower: yAxis.min, fixedUpper: yAxis.max, target: 5)
        let left = AxisDrawing.yGutter(yAxis, ticks: yTicks)
        let plotWidth = width - left - 20
        let plot = Rect(x: left, y: header.height + 4, width: plotWidth, height: square ? plotWidth : 280)
        let xScale = LinearScale(xTicks, range: (plot.x, plot.maxX))
        let yScale = LinearScale(yTicks, range: (plot.maxY, plot.y))

        header.draw(into: &body)
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        AxisDrawing.drawX(xAxis, ticks: xTicks, scale: xScale, plot: plot, into: &body)
        AxisDrawing.drawY(yAxis, ticks: yTicks, scale: yScale, plot: plot, titleX: ChartFrame.margin + 4, into: &body)
        for r in references { drawReference(r, plot: plot, x: xScale, y: yScale, into: &body) }

        body.start("g", ["clip-path": "url(#\(id)-clip)"])
        for s in series { drawSeries(s, x: xScale, y: yScale, into: &body) }
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-line", square: square, width: width, height: plot.maxY + 44, title: title,
            description: description, body: body)
    }

    private func drawSeries(_ s: Series, x: LinearScale, y: LinearScale, into w: inout SVGWriter) {
        let color = ChartFrame.color(s.colorIndex)
        let n = Swift.min(s.x.count, s.y.count)
        w.start("g", ["class": .text(ChartFrame.seriesClass(s.colorIndex))])
        w.tooltip(s.name)
        if let lower = s.lower, let upper = s.upper {
            // One polygon per run of points where both bounds are defined.
            var band = SVGPath()
            var run: [(Double, Double, Double)] = []
            func flush() {
                guard run.count > 1 else { run = []; return }
                band.move(x(run[0].0), y(run[0].2))
                for p in run.dropFirst() { band.line(x(p.0), y(p.2)) }
                for p in run.reversed() { band.line(x(p.0), y(p.1)) }
                band.close()
                run = []
            }
            for i in 0..<Swift.min(n, lower.count, upper.count) {
                if let lo = lower[i], let up = upper[i], lo.isFinite, up.isFinite, s.x[i].isFinite {
                    run.append((s.x[i], lo, up))
                } else {
                    flush()
                }
            }
            flush()
            if !band.isEmpty {
                w.empty(
                    "path",
                    ["class": "band", "d": .text(band.data), "fill": .text(color), "fill-opacity": 0.18, "stroke": "none"])
            }
        }
        var path = SVGPath()
        var isolated: [(Double, Double)] = []
        var runLength = 0
        var last: (Double, Double)? = nil
        for i in 0..<n {
            if let v = s.y[i], v.isFinite, s.x[i].isFinite {
                path.line(x(s.x[i]), y(v))
                last = (x(s.x[i]), y(v))
                runLength += 1
            } else {
                if runLength == 1, let last { isolated.append(last) }
                path.lift()
                runLength = 0
            }
        }
        if runLength == 1, let last { isolated.append(last) }
        if !path.isEmpty {
            if s.dashed {
                w.empty(
                    "path",
                    [
                        "d": .text(path.data), "fill": "none", "stroke": .text(color), "stroke-width": 2.5,
                        "stroke-linejoin": "round", "stroke-dasharray": "7 4",
                    ])
            } else {
                w.empty(
                    "path",
                    [
                        "d": .text(path.data), "fill": "none", "stroke": .text(color), "stroke-width": 2.5,
                        "stroke-linejoin": "round",
                    ])
            }
        }
        for p in isolated { w.empty("circle", ["cx": .number(p.0), "cy": .number(p.1), "r": 2.5, "fill": .text(color)]) }
        w.end()
    }

    private func drawReference(_ r: ReferenceLine, plot: Rect, x: LinearScale, y: LinearScale, into w: inout SVGWriter) {
        switch r.kind {
        case .horizontal(let v):
            guard y.contains(v) else { return }
            AxisDrawing.reference(
                x1: plot.x, y1: y(v), x2: plot.maxX, y2: y(v), label: r.label, labelX: plot.maxX - 4, labelY: y(v) - 5,
                anchor: "end", into: &w)
        case .vertical(let v):
            guard x.contains(v) else { return }
            let nearRight = x(v) > plot.maxX - 100
            AxisDrawing.reference(
                x1: x(v), y1: plot.y, x2: x(v), y2: plot.maxY, label: r.label, labelX: x(v) + (nearRight ? -5 : 5),
                labelY: plot.y + 12, anchor: nearRight ? "end" : "start", into: &w)
        case .identity:
            var points: [(Double, Double)] = []
            for s in series {
                for i in 0..<Swift.min(s.x.count, s.y.count) { if let v = s.y[i] { points.append((s.x[i], v)) } }
            }
            AxisDrawing.identity(
                label: r.label, lo: Swift.max(x.domain.lower, y.domain.lower), hi: Swift.min(x.domain.upper, y.domain.upper),
                x: x, y: y, points: points, into: &w)
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
