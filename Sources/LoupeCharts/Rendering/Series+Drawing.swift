extension Series {
    /// Adds the series' finite points, their bands included, to a chart's data extent (the x of
    /// every point with a defined value, and each of its defined y, lower and upper values).
    func addExtent(xs: inout [Double], ys: inout [Double]) {
        for i in 0..<Swift.min(x.count, y.count) where x[i].isFinite {
            let values = [y[i], lower?[safe: i] ?? nil, upper?[safe: i] ?? nil].compactMap { $0 }.filter(\.isFinite)
            guard !values.isEmpty else { continue }
            xs.append(x[i])
            ys += values
        }
    }

    /// The line with gaps at `nil` or non-finite values (an isolated point becomes a dot), and
    /// the shaded band where both `lower` and `upper` are defined, in a `series series-N` group
    /// whose tooltip is the name. Shared by every chart that draws a `Series`.
    func draw(x: LinearScale, y: LinearScale, into w: inout SVGWriter) {
        let s = self
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
        if s.markers {
            for i in 0..<n {
                guard let v = s.y[i], v.isFinite, s.x[i].isFinite else { continue }
                w.empty("circle", ["cx": .number(x(s.x[i])), "cy": .number(y(v)), "r": 3.5, "fill": .text(color)])
            }
        } else {
            for p in isolated { w.empty("circle", ["cx": .number(p.0), "cy": .number(p.1), "r": 2.5, "fill": .text(color)]) }
        }
        w.end()
    }
}
