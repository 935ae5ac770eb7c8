import LoupeMarkup

/// The parts every chart shares: the root `<svg>`, the visible title, the legend, axes and
/// reference lines.
///
/// CSS classes on the output, for the page stylesheet to refine (`ChartStyle.css` is a
/// suggested base):
/// - `chart` on every root `<svg>`, plus `chart-line`, `chart-interval`, `chart-histogram`,
///   `chart-reliability`, `chart-matrix`, `chart-scatter` or `chart-stem`, and `square` on
///   square charts (ROC, charts with an identity line);
/// - `chart-title` the visible title; `legend` the legend group (`legend-item` each entry,
///   `legend-note` an entry explaining a symbol such as ▲);
/// - `axis` an axis group (`axis-x`, `axis-y`), `axis-title` its title, `tick` its labels;
/// - `grid` grid lines; `ref` a reference line group (`ref-label` its text);
/// - `series series-N` everything drawn for palette colour N (0–7), `band` interval bands,
///   `whisker` interval whiskers, `flagged` flagged points and labels;
/// - `undefined` the grey word "undefined"; `category` interval chart row labels;
/// - `cell` matrix cells, `counts` the reliability bin-count strip;
/// - `density` the 2-D histogram cells, `points` a scatter point set, `note` a scatter chart's
///   note, `stem` an autocorrelation stem (`flagged` when outside the band), `zero` its zero line.
///
/// Text, axes and ticks use `currentColor`, so they follow the page's text colour (dark mode);
/// grid lines are a neutral grey with opacity, reference lines a mid grey readable on light and
/// dark backgrounds.
enum ChartFrame {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    static let referenceGrey = "#767676"
    static let gridGrey = "#808080"
    static let titleSize = 16.0
    static let textSize = 13.0
    static let tickSize = 12.0
    static let margin = 12.0

    /// The palette colour for `index`; black becomes `currentColor` so it shows in dark mode.
    static func color(_ index: Int) -> String {
        let hex = Palette.color(index)
        return hex == "#000000" ? "currentColor" : hex
    }

    /// The class for everything drawn in palette colour `index`: `series series-N`.
    static func seriesClass(_ index: Int) -> String {
        let n = Palette.colors.count
        return "series series-\(((index % n) + n) % n)"
    }

    /// The root `<svg>` around `body`, with `<title>` and `<desc>` for assistive technology. It
    /// fills its container's width but no more than 1.25 times its design width (an inline
    /// style, so a page without chart CSS still gets readable text), keeping its aspect ratio.
    /// With `minimumScale` it is never drawn narrower than that share of its design width (a
    /// chart too dense to shrink, which then scrolls sideways in a narrow container).
    static func document(
        id: String, kind: String, square: Bool = false, width: Double, height: Double,
        title: String, description: String, body: SVGWriter, minimumScale: Double? = nil
    ) -> HTML {
        let minimum = minimumScale.map { ";min-width:\(SVGWriter.coordinate((width * $0).rounded(.up)))px" } ?? ""
        var w = SVGWriter()
        let viewBox = "0 0 " + SVGWriter.coordinate(width) + " " + SVGWriter.coordinate(height.rounded(.up))
        w.start(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "class": "chart \(kind)\(square ? " square" : "")",
                "viewBox": .text(viewBox), "width": "100%",
                "style": .text("max-width:\(SVGWriter.coordinate((width * 1.25).rounded()))px;height:auto\(minimum)"),
                "role": "img",
                "aria-labelledby": "\(id)-title \(id)-desc", "font-family": .text(fontFamily),
                "font-size": .number(textSize), "fill": "currentColor",
            ])
        w.element("title", ["id": "\(id)-title"], text: title)
        w.element("desc", ["id": "\(id)-desc"], text: description)
        w.append(body)
        w.end()
        return w.html
    }

    /// A chart with nothing to draw: the title and a note, so the page still explains itself.
    static func emptyBody(header: Header, width: Double, into w: inout SVGWriter) -> Double {
        header.draw(into: &w)
        let y = header.height + 30
        w.element(
            "text",
            [
                "class": "undefined", "x": .number(width / 2), "y": .number(y), "text-anchor": "middle",
                "fill": .text(referenceGrey),
            ], text: "No data to show")
        return y + 20
    }
}

/// A rectangle in SVG user units.
struct Rect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// One legend entry: a swatch in a palette colour and a name.
struct LegendItem {
    /// `ring` is a hollow dot; `ramp` a row of small squares at the given fill opacities (a
    /// density key, weakest first).
    enum Swatch { case line(dashed: Bool), dot, ring, bar, symbol(String), ramp([Double]) }
    var name: String
    var colorIndex: Int
    var swatch: Swatch

    /// Width of the swatch; the name starts 6 units after it.
    var swatchWidth: Double {
        if case .ramp(let opacities) = swatch { return Double(opacities.count) * LegendItem.rampStep }
        return 18
    }

    static let rampStep = 9.0
}

/// The visible title (wrapped to the width) and the legend (flowed into rows) above a plot.
struct Header {
    let titleLines: [String]
    let legend: [LegendItem]
    let placements: [(x: Double, row: Int, text: String, truncated: Bool)]
    let legendRows: Int

    static let titleLineHeight = 20.0
    static let legendRowHeight = 19.0

    init(title: String, legend: [LegendItem], width: Double) {
        let usable = width - 2 * ChartFrame.margin
        titleLines = TextMetrics.wrap(
            title, maxCharacters: Swift.max(10, Int(usable / (ChartFrame.titleSize * 0.6))), maxLines: 3)
        self.legend = legend
        var placements: [(x: Double, row: Int, text: String, truncated: Bool)] = []
        var x = ChartFrame.margin
        var row = 0
        for item in legend {
            let (text, truncated) = TextMetrics.truncate(item.name, to: 32)
            let itemWidth = item.swatchWidth + 6 + TextMetrics.width(text, size: ChartFrame.textSize) + 14
            if x > ChartFrame.margin && x + itemWidth > width - ChartFrame.margin {
                x = ChartFrame.margin
                row += 1
            }
            placements.append((x, row, text, truncated))
            x += itemWidth
        }
        self.placements = placements
        legendRows = legend.isEmpty ? 0 : row + 1
    }

    /// Height taken from the top of the chart, including space before the plot.
    var height: Double {
        ChartFrame.margin + Double(titleLines.count) * Header.titleLineHeight
            + (legendRows > 0 ? Double(legendRows) * Header.legendRowHeight + 4 : 0) + 10
    }

    func draw(into w: inout SVGWriter) {
        w.start(
            "text",
            [
                "class": "chart-title", "x": .number(ChartFrame.margin), "y": .number(ChartFrame.margin + 14),
                "font-size": .number(ChartFrame.titleSize), "font-weight": "600",
            ])
        for (i, line) in titleLines.enumerated() {
            w.element("tspan", ["x": .number(ChartFrame.margin), "dy": .number(i == 0 ? 0 : Header.titleLineHeight)], text: line)
        }
        w.end()
        guard !legend.isEmpty else { return }
        let top = ChartFrame.margin + Double(titleLines.count) * Header.titleLineHeight + 6
        w.start("g", ["class": "legend"])
        for (item, place) in zip(legend, placements) {
            let y = top + Double(place.row) * Header.legendRowHeight + 6
            let color = ChartFrame.color(item.colorIndex)
            if case .symbol = item.swatch {
                w.start("g", ["class": "legend-item legend-note"])
            } else {
                w.start("g", ["class": "legend-item \(ChartFrame.seriesClass(item.colorIndex))"])
            }
            if place.truncated { w.tooltip(item.name) }
            switch item.swatch {
            case .line(let dashed):
                if dashed {
                    w.empty(
                        "line",
                        [
                            "x1": .number(place.x), "y1": .number(y), "x2": .number(place.x + 18), "y2": .number(y),
                            "stroke": .text(color), "stroke-width": 2.5, "stroke-dasharray": "5 3",
                        ])
                } else {
                    w.empty(
                        "line",
                        [
                            "x1": .number(place.x), "y1": .number(y), "x2": .number(place.x + 18), "y2": .number(y),
                            "stroke": .text(color), "stroke-width": 2.5,
                        ])
                }
            case .dot:
                w.empty("circle", ["cx": .number(place.x + 9), "cy": .number(y), "r": 4.5, "fill": .text(color)])
            case .ring:
                w.empty(
                    "circle",
                    [
                        "cx": .number(place.x + 9), "cy": .number(y), "r": 4, "fill": "none", "stroke": .text(color),
                        "stroke-width": 1.5,
                    ])
            case .bar:
                w.empty(
                    "rect",
                    [
                        "x": .number(place.x + 2), "y": .number(y - 6), "width": 14, "height": 12, "fill": .text(color),
                        "fill-opacity": 0.4, "stroke": .text(color), "stroke-width": 1.5,
                    ])
            case .symbol(let symbol):
                w.element("text", ["x": .number(place.x + 9), "y": .number(y + 4), "text-anchor": "middle"], text: symbol)
            case .ramp(let opacities):
                for (i, opacity) in opacities.enumerated() {
                    w.empty(
                        "rect",
                        [
                            "x": .number(place.x + Double(i) * LegendItem.rampStep), "y": .number(y - 6),
                            "width": .number(LegendItem.rampStep), "height": 12, "fill": .text(color),
                            "fill-opacity": .number(opacity),
                        ])
                }
            }
            w.element("text", ["x": .number(place.x + item.swatchWidth + 6), "y": .number(y + 4)], text: place.text)
            w.end()
        }
        w.end()
    }
}

/// Axes, grid lines and reference lines around a plot rectangle.
enum AxisDrawing {
    /// Vertical grid lines, tick labels under `plot`, and the axis title below them.
    static func drawX(_ axis: Axis, ticks: AxisTicks, scale: LinearScale, plot: Rect, into w: inout SVGWriter) {
        w.start("g", ["class": "grid", "stroke": .text(ChartFrame.gridGrey), "stroke-opacity": 0.3])
        for t in ticks.values {
            w.empty("line", ["x1": .number(scale(t)), "y1": .number(plot.y), "x2": .number(scale(t)), "y2": .number(plot.maxY)])
        }
        w.end()
        w.start("g", ["class": "axis axis-x"])
        w.empty(
            "line",
            [
                "x1": .number(plot.x), "y1": .number(plot.maxY), "x2": .number(plot.maxX), "y2": .number(plot.maxY),
                "stroke": "currentColor", "stroke-opacity": 0.6,
            ])
        // Categorical labels can be long: one that would overlap the last drawn label is left out.
        // Numeric labels that would touch are abbreviated (120k, 1.2M), then thinned to every
        // second or fifth tick; the grid keeps every line.
        let labels = fittedLabels(axis, ticks: ticks, scale: scale, plot: plot)
        var drawnUpTo = -Double.infinity
        for t in ticks.values {
            // A wide label at the right end of the axis would run past the chart's edge: it ends
            // at the last grid line instead of centring on it.
            guard let label = labels[t] else { continue }
            let atRightEdge =
                scale(t) >= plot.maxX - 0.5 && TextMetrics.width(label, size: ChartFrame.tickSize) / 2 > ChartFrame.margin
            if ticks.categories != nil {
                let half = TextMetrics.width(label, size: ChartFrame.tickSize) / 2
                guard scale(t) - half >= drawnUpTo + 6 else { continue }
                drawnUpTo = scale(t) + half
            }
            w.element(
                "text",
                [
                    "class": "tick", "x": .number(atRightEdge ? plot.maxX + 2 : scale(t)), "y": .number(plot.maxY + 15),
                    "text-anchor": atRightEdge ? "end" : "middle", "font-size": .number(ChartFrame.tickSize),
                ], text: label)
        }
        // Centred under the plot, but moved left when it is wider than the plot, so it stays
        // inside the chart (a narrow chart with a wide label column).
        let titleWidth = TextMetrics.width(title(axis), size: ChartFrame.textSize)
        let titleX = Swift.max(
            ChartFrame.margin + titleWidth / 2, Swift.min(plot.x + plot.width / 2, plot.maxX + 10 - titleWidth / 2))
        w.element(
            "text",
            [
                "class": "axis-title", "x": .number(titleX), "y": .number(plot.maxY + 34),
                "text-anchor": "middle",
            ], text: title(axis))
        w.end()
    }

    /// The x tick labels to draw, by tick value: all of them when they stand apart (at least 8
    /// units between neighbours, widths from `TextMetrics`), else abbreviated, else every
    /// second, fifth, tenth … tick (those at multiples of the wider step, so they stay round).
    static func fittedLabels(_ axis: Axis, ticks: AxisTicks, scale: LinearScale, plot: Rect) -> [Double: String] {
        let values = ticks.values
        if ticks.categories != nil {
            return Dictionary(values.map { ($0, ticks.label($0, percent: axis.percent)) }) { a, _ in a }
        }
        // Where a label spans, as `drawX` places it (the last one may end at the plot's edge).
        func span(_ label: String, at value: Double) -> (Double, Double) {
            let width = TextMetrics.width(label, size: ChartFrame.tickSize)
            let x = scale(value)
            if x >= plot.maxX - 0.5 && width / 2 > ChartFrame.margin { return (plot.maxX + 2 - width, plot.maxX + 2) }
            return (x - width / 2, x + width / 2)
        }
        func fits(_ labels: [String], every k: Int) -> Bool {
            let kept = values.indices.filter { ticks.stepIndex(values[$0]) % k == 0 }
            for (a, b) in zip(kept, kept.dropFirst()) {
                let (left, right) = (span(labels[a], at: values[a]), span(labels[b], at: values[b]))
                if right.0 - left.1 < 8 { return false }
            }
            return true
        }
        var labels = values.map { ticks.label($0, percent: axis.percent) }
        if !fits(labels, every: 1), let short = ticks.abbreviatedLabels(percent: axis.percent) { labels = short }
        var k = 1
        for candidate in [1, 2, 5, 10, 20, 50] {
            k = candidate
            if fits(labels, every: k) { break }
        }
        var out: [Double: String] = [:]
        for (i, v) in values.enumerated() where ticks.stepIndex(v) % k == 0 { out[v] = labels[i] }
        return out
    }

    /// Horizontal grid lines, tick labels left of `plot`, and the rotated axis title.
    static func drawY(_ axis: Axis, ticks: AxisTicks, scale: LinearScale, plot: Rect, titleX: Double, into w: inout SVGWriter) {
        w.start("g", ["class": "grid", "stroke": .text(ChartFrame.gridGrey), "stroke-opacity": 0.3])
        for t in ticks.values {
            w.empty("line", ["x1": .number(plot.x), "y1": .number(scale(t)), "x2": .number(plot.maxX), "y2": .number(scale(t))])
        }
        w.end()
        w.start("g", ["class": "axis axis-y"])
        w.empty(
            "line",
            [
                "x1": .number(plot.x), "y1": .number(plot.y), "x2": .number(plot.x), "y2": .number(plot.maxY),
                "stroke": "currentColor", "stroke-opacity": 0.6,
            ])
        for t in ticks.values {
            w.element(
                "text",
                [
                    "class": "tick", "x": .number(plot.x - 6), "y": .number(scale(t) + 4), "text-anchor": "end",
                    "font-size": .number(ChartFrame.tickSize),
                ], text: ticks.label(t, percent: axis.percent))
        }
        verticalTitle(title(axis), x: titleX, centerY: plot.y + plot.height / 2, bold: false, into: &w)
        w.end()
    }

    /// A title read bottom to top, centred on (`x`, `centerY`): a y axis's, or the rows' of a grid
    /// of cells (`bold`).
    static func verticalTitle(_ text: String, x: Double, centerY cy: Double, bold: Bool, into w: inout SVGWriter) {
        let transform = SVGValue.text("rotate(-90 \(SVGWriter.coordinate(x)) \(SVGWriter.coordinate(cy)))")
        if bold {
            w.element(
                "text",
                [
                    "class": "axis-title", "x": .number(x), "y": .number(cy), "text-anchor": "middle", "font-weight": "600",
                    "transform": transform,
                ], text: text)
        } else {
            w.element(
                "text",
                [
                    "class": "axis-title", "x": .number(x), "y": .number(cy), "text-anchor": "middle", "transform": transform,
                ], text: text)
        }
    }

    /// Width needed left of the plot for the y tick labels and title.
    static func yGutter(_ axis: Axis, ticks: AxisTicks) -> Double {
        let widest =
            ticks.values.map { TextMetrics.width(ticks.label($0, percent: axis.percent), size: ChartFrame.tickSize) }.max() ?? 0
        return ChartFrame.margin + 16 + widest + 8
    }

    /// "Score" or "Score (points)".
    static func title(_ axis: Axis) -> String {
        guard let unit = axis.unit, !unit.isEmpty else { return axis.title }
        return "\(axis.title) (\(unit))"
    }

    /// What of a reference line to draw: a chart with series draws the lines under them and the
    /// labels over them (with a halo, `.ref-label` in the style sheet), so a series crossing a
    /// label does not cover it.
    enum ReferenceLayer { case line, label, both }

    /// A grey dashed line from (x1, y1) to (x2, y2) with a label at (lx, ly).
    static func reference(
        x1: Double, y1: Double, x2: Double, y2: Double, label: String,
        labelX: Double, labelY: Double, anchor: String, layer: ReferenceLayer = .both, into w: inout SVGWriter
    ) {
        if layer != .label {
            w.start("g", ["class": "ref"])
            w.empty(
                "line",
                [
                    "x1": .number(x1), "y1": .number(y1), "x2": .number(x2), "y2": .number(y2),
                    "stroke": .text(ChartFrame.referenceGrey), "stroke-width": 1.5, "stroke-dasharray": "6 4",
                ])
        }
        if !label.isEmpty && layer != .line {
            w.element(
                "text",
                [
                    "class": "ref-label", "x": .number(labelX), "y": .number(labelY), "text-anchor": .text(anchor),
                    "font-size": .number(ChartFrame.tickSize), "fill": .text(ChartFrame.referenceGrey),
                ], text: label)
        }
        if layer != .label { w.end() }
    }

    /// The identity diagonal from `lo` to `hi` (data units, both axes), labelled along the line
    /// at `labelAt` (a fraction of the way from `lo`) on the side where fewer of `points` lie,
    /// so the label does not sit on a curve.
    static func identity(
        label: String, lo: Double, hi: Double, x: LinearScale, y: LinearScale, points: [(Double, Double)],
        labelAt: Double = 0.72, layer: ReferenceLayer = .both, into w: inout SVGWriter
    ) {
        guard lo < hi else { return }
        let near = points.filter { $0.0 >= lo + 0.45 * (hi - lo) && $0.0 <= hi }
        let above = near.filter { $0.1 > $0.0 }.count
        let labelAbove = above * 2 < near.count
        let t = lo + labelAt * (hi - lo)
        let (cx, cy) = (x(t), y(t))
        let degrees = atanApproximation((y(hi) - y(lo)) / (x(hi) - x(lo))) * 180 / Double.pi
        let rotate = "rotate(\(SVGWriter.coordinate(degrees)) \(SVGWriter.coordinate(cx)) \(SVGWriter.coordinate(cy)))"
        if layer != .label {
            w.start("g", ["class": "ref"])
            w.empty(
                "line",
                [
                    "x1": .number(x(lo)), "y1": .number(y(lo)), "x2": .number(x(hi)), "y2": .number(y(hi)),
                    "stroke": .text(ChartFrame.referenceGrey), "stroke-width": 1.5, "stroke-dasharray": "6 4",
                ])
        }
        if !label.isEmpty && layer != .line {
            w.element(
                "text",
                [
                    "class": "ref-label", "x": .number(cx), "y": .number(labelAbove ? cy - 6 : cy + 14), "text-anchor": "middle",
                    "font-size": .number(ChartFrame.tickSize), "fill": .text(ChartFrame.referenceGrey),
                    "transform": .text(rotate),
                ], text: label)
        }
        if layer != .label { w.end() }
    }

    /// arctan to within about 0.002 rad (enough to rotate a label), without Foundation.
    static func atanApproximation(_ z: Double) -> Double {
        guard z.isFinite else { return z > 0 ? Double.pi / 2 : -Double.pi / 2 }
        if abs(z) > 1 { return (z > 0 ? Double.pi / 2 : -Double.pi / 2) - atanApproximation(1 / z) }
        return Double.pi / 4 * z - z * (abs(z) - 1) * (0.2447 + 0.0663 * abs(z))
    }

    /// A clip path for `plot`, so lines outside fixed axis bounds stop at the plot edge.
    static func clipPath(id: String, plot: Rect, into w: inout SVGWriter) {
        w.start("defs")
        w.start("clipPath", ["id": .text(id)])
        w.empty(
            "rect",
            [
                "x": .number(plot.x - 4), "y": .number(plot.y - 4), "width": .number(plot.width + 8),
                "height": .number(plot.height + 8),
            ])
        w.end()
        w.end()
    }
}
