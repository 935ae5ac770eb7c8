import LoupeMarkup

extension LineChart {
    /// Lines with gaps at `nil`, optional bands, grey reference lines, a legend when there is
    /// more than one series. Non-finite values are skipped like `nil`.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func draw(id: String) -> HTML {
        let width = self.width ?? (square ? 480.0 : 560.0)
        let legend =
            series.count > 1
            ? series.map { LegendItem(name: $0.name, colorIndex: $0.colorIndex, swatch: .line(dashed: $0.dashed)) } : []
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()

        var xs: [Double] = [], ys: [Double] = []
        for s in series { s.addExtent(xs: &xs, ys: &ys) }
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
        let plot = Rect(x: left, y: header.height + 4, width: plotWidth, height: square ? plotWidth : 280)
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
        for r in references { r.draw(plot: plot, x: xScale, y: yScale, points: points, into: &body) }

        body.start("g", ["clip-path": "url(#\(id)-clip)"])
        for s in series { s.draw(x: xScale, y: yScale, into: &body) }
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-line", square: square, width: width, height: plot.maxY + 44, title: title,
            description: description, body: body)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
