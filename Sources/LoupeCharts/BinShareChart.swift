import LoupeMarkup

/// A small chart of two distributions over the same bins: the reference's shares as grey bars,
/// the current data's as a coloured outline over them, one equal-width slot per bin — the bins a
/// drift distance was computed on (a numeric column's decile bins, a categorical column's
/// categories). Small enough to repeat down a ranked list; each slot's `<title>` gives its label
/// and both shares, and the `<desc>` says what is drawn.
public struct BinShareChart: Chart {
    public var title: String
    public var description: String
    /// One label per bin, shown on hover; the first and last also under the axis.
    public var labels: [String]
    /// Shares in [0, 1] per bin (non-finite or negative: drawn empty).
    public var reference: [Double]
    public var current: [Double]
    /// The palette colour of the current data.
    public var colorIndex: Int
    public var idSuffix: String?

    public static let width = 320.0

    public init(
        title: String, description: String, labels: [String], reference: [Double], current: [Double],
        colorIndex: Int = 0, idSuffix: String? = nil
    ) {
        self.title = title
        self.description = description
        self.labels = labels
        self.reference = reference
        self.current = current
        self.colorIndex = colorIndex
        self.idSuffix = idSuffix
    }

    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    private func share(_ values: [Double], _ i: Int) -> Double {
        guard i < values.count, values[i].isFinite, values[i] > 0 else { return 0 }
        return Swift.min(values[i], 1)
    }

    private func draw(id: String) -> HTML {
        let width = Self.width
        let count = labels.count
        var body = SVGWriter()
        let plot = Rect(x: 44, y: 8, width: width - 44 - 8, height: 92)
        let largest = (0..<count).map { Swift.max(share(reference, $0), share(current, $0)) }.max() ?? 0
        // A round top: 10%, 20%, … up to 100%.
        let top = Swift.min(1, Swift.max(0.1, (largest * 10).rounded(.up) / 10))
        func y(_ s: Double) -> Double { plot.maxY - s / top * plot.height }
        let tickSize = ChartFrame.tickSize

        body.start("g", ["class": "axis axis-y"])
        for value in [0, top] {
            body.empty(
                "line",
                [
                    "class": "grid", "x1": .number(plot.x), "x2": .number(plot.maxX), "y1": .number(y(value)),
                    "y2": .number(y(value)), "stroke": .text(ChartFrame.gridGrey), "stroke-opacity": 0.35,
                ])
            body.element(
                "text",
                [
                    "class": "tick", "x": .number(plot.x - 6), "y": .number(y(value) + 4), "text-anchor": "end",
                    "font-size": .number(tickSize),
                ],
                text: NumberFormat.percent(value, digits: 0))
        }
        body.end()
        guard count > 0 else {
            body.element(
                "text", ["class": "undefined", "x": .number(plot.x + 8), "y": .number(plot.y + plot.height / 2)],
                text: "nothing to compare")
            return ChartFrame.document(
                id: id, kind: "chart-bins", width: width, height: plot.maxY + 24, title: title, description: description,
                body: body)
        }
        let slot = plot.width / Double(count)
        let gap = count > 1 ? Swift.min(2, slot * 0.15) : 0
        var bars = SVGPath()
        var outline = SVGPath()
        for i in 0..<count {
            let x0 = plot.x + Double(i) * slot, x1 = x0 + slot
            let r = share(reference, i)
            if r > 0 {
                bars.move(x0 + gap / 2, plot.maxY)
                bars.line(x0 + gap / 2, y(r))
                bars.line(x1 - gap / 2, y(r))
                bars.line(x1 - gap / 2, plot.maxY)
                bars.close()
            }
            let c = share(current, i)
            outline.line(x0, y(c))
            outline.line(x1, y(c))
        }
        body.start("g", ["class": "reference"])
        body.tooltip("reference")
        body.empty("path", ["d": .text(bars.data), "fill": .text(ChartFrame.referenceGrey), "fill-opacity": 0.45])
        body.end()
        let color = ChartFrame.color(colorIndex)
        body.start("g", ["class": .text(ChartFrame.seriesClass(colorIndex))])
        body.tooltip("current")
        body.empty(
            "path",
            [
                "d": .text(outline.data), "fill": "none", "stroke": .text(color), "stroke-width": 2.5,
                "stroke-linejoin": "round",
            ])
        body.end()
        body.empty(
            "line",
            [
                "x1": .number(plot.x), "x2": .number(plot.maxX), "y1": .number(plot.maxY), "y2": .number(plot.maxY),
                "stroke": "currentColor",
            ])
        // Hover targets: each slot's label and both shares.
        body.start("g", ["class": "slots", "fill": "transparent"])
        for i in 0..<count {
            body.start(
                "rect",
                [
                    "x": .number(plot.x + Double(i) * slot), "y": .number(plot.y), "width": .number(slot),
                    "height": .number(plot.height),
                ])
            body.tooltip(
                "\(labels[i]): reference \(NumberFormat.percent(share(reference, i), digits: 1)), current \(NumberFormat.percent(share(current, i), digits: 1))"
            )
            body.end()
        }
        body.end()
        // The first and last labels under the axis, each in its half of the width.
        let room = Int((plot.width / 2 - 4) / (tickSize * 0.6))
        body.start("g", ["class": "axis axis-x"])
        let first = TextMetrics.truncate(labels[0], to: room).text
        body.element(
            "text",
            [
                "class": "tick", "x": .number(plot.x), "y": .number(plot.maxY + 17), "text-anchor": "start",
                "font-size": .number(tickSize),
            ], text: first)
        if count > 1 {
            body.element(
                "text",
                [
                    "class": "tick", "x": .number(plot.maxX), "y": .number(plot.maxY + 17), "text-anchor": "end",
                    "font-size": .number(tickSize),
                ], text: TextMetrics.truncate(labels[count - 1], to: room).text)
        }
        body.end()
        return ChartFrame.document(
            id: id, kind: "chart-bins", width: width, height: plot.maxY + 24, title: title, description: description,
            body: body)
    }
}
