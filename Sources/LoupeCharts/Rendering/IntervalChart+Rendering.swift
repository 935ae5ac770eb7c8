import LoupeMarkup

extension IntervalChart {
    /// One band per category (in first-seen order) with a dot and whisker per series, offset
    /// within the band; `nil` or non-finite values read "undefined" in grey. A flagged row gets a
    /// triangle marker instead of a dot, a bold "▲" category label and "significant" in its
    /// tooltip, so the flag never depends on colour. Grows taller with the number of categories.
    public func render() -> HTML {
        ChartID.resolve(title: title, suffix: idSuffix) { draw(id: $0) }
    }

    /// Category labels take at most this share of the width, on at most two lines.
    private static let labelShare = 0.4
    private static let labelLineHeight = 15.0

    private func draw(id: String) -> HTML {
        let width = Swift.max(320, self.width)
        var categories: [String] = []
        var rowsByCategory: [String: [IntervalRow]] = [:]
        for row in rows {
            if rowsByCategory[row.category] == nil { categories.append(row.category) }
            rowsByCategory[row.category, default: []].append(row)
        }
        let seriesCount = Swift.max(seriesNames.count, (rows.map(\.seriesIndex).max() ?? -1) + 1, 1)
        let anyFlagged = rows.contains(where: \.flagged)
        var legend: [LegendItem] = []
        if seriesNames.count > 1 {
            legend = seriesNames.indices.map { LegendItem(name: seriesNames[$0], colorIndex: colorIndex($0), swatch: .dot) }
        }
        if anyFlagged { legend.append(LegendItem(name: "significant difference", colorIndex: 7, swatch: .symbol("▲"))) }
        let header = Header(title: title, legend: legend, width: width)
        var body = SVGWriter()

        let refs = references.keys.sorted().compactMap { key -> (Int, Double)? in
            guard let v = references[key], v.isFinite else { return nil }
            return (key, v)
        }
        var values: [Double] = refs.map(\.1)
        for row in rows {
            values += [row.value, row.lower, row.upper].compactMap { $0 }.filter(\.isFinite)
        }
        guard !categories.isEmpty else {
            let height = ChartFrame.emptyBody(header: header, width: width, into: &body)
            return ChartFrame.document(
                id: id, kind: "chart-interval", width: width, height: height, title: title, description: description, body: body)
        }
        let ticks = AxisTicks(
            low: values.min() ?? 0, high: values.max() ?? 1, fixedLower: axis.min, fixedUpper: axis.max, target: 5)
        // Labels wrap to two lines within their share of the width, in bold with "▲ " in front
        // when any row is flagged; a label longer than two lines loses its end, with a tooltip.
        let characterWidth = ChartFrame.textSize * (anyFlagged ? 0.66 : 0.6)
        let prefix = anyFlagged ? 2 : 0
        let lineCharacters = Swift.max(8, Int(width * IntervalChart.labelShare / characterWidth) - prefix)
        let labelLines = categories.map { TextMetrics.wrap($0, maxCharacters: lineCharacters, maxLines: 2) }
        let longest = labelLines.flatMap { $0 }.map(\.count).max() ?? 0
        let titleWidth = categoryTitle.map { TextMetrics.width($0, size: ChartFrame.textSize) * 1.1 } ?? 0
        let labelWidth = Swift.max(
            Double(longest + prefix) * characterWidth, Swift.min(titleWidth, width * IntervalChart.labelShare))
        let left = ChartFrame.margin + labelWidth + 12
        let twoLines = labelLines.contains { $0.count > 1 }
        let bandHeight = Swift.max(twoLines ? 2 * IntervalChart.labelLineHeight + 8 : 26, Double(seriesCount) * 16 + 10)
        // The labels' title sits above the reference lines' labels, on a row of its own.
        let titleRow = categoryTitle == nil ? 0.0 : 20
        let refStrip = Double(refs.count) * 14 + (refs.isEmpty ? 0 : 4) + titleRow
        let plot = Rect(
            x: left, y: header.height + refStrip, width: width - left - 24, height: Double(categories.count) * bandHeight)
        let scale = LinearScale(ticks, range: (plot.x, plot.maxX))

        header.draw(into: &body)
        if let categoryTitle {
            // On its own row, so it may run past the labels' column when it is the longer.
            let fitsColumn = TextMetrics.width(categoryTitle, size: ChartFrame.textSize) * 1.1 <= plot.x - 10 - ChartFrame.margin
            let (text, truncated) = TextMetrics.truncate(
                categoryTitle, to: Swift.max(4, Int((width - 2 * ChartFrame.margin) / (ChartFrame.textSize * 0.66))))
            body.start(
                "text",
                [
                    "class": "category-title", "x": .number(fitsColumn ? plot.x - 10 : ChartFrame.margin),
                    "y": .number(header.height + 13), "text-anchor": fitsColumn ? "end" : "start", "font-weight": "600",
                ])
            if truncated { body.tooltip(categoryTitle) }
            body.element("tspan", text: text)
            body.end()
        }
        AxisDrawing.clipPath(id: "\(id)-clip", plot: plot, into: &body)
        // Zebra bands make long lists easy to follow across.
        body.start("g", ["class": "bands", "fill": "currentColor", "fill-opacity": 0.045])
        for i in categories.indices where i % 2 == 0 {
            body.empty(
                "rect",
                [
                    "x": .number(ChartFrame.margin), "y": .number(plot.y + Double(i) * bandHeight),
                    "width": .number(plot.maxX - ChartFrame.margin), "height": .number(bandHeight),
                ])
        }
        body.end()
        AxisDrawing.drawX(axis, ticks: ticks, scale: scale, plot: plot, into: &body)

        // Labels stack in rows above the plot; the left half of the lines (by value) label to
        // their left and the right half to their right, so no label runs across another line.
        let byValue = refs.indices.sorted { (refs[$0].1, refs[$0].0) < (refs[$1].1, refs[$1].0) }
        for (k, (key, v)) in refs.enumerated() where scale.contains(v) {
            let name =
                seriesNames.count > 1 ? "\(referenceLabel) \(seriesNames[safe: key] ?? "series \(key + 1)")" : referenceLabel
            let labelY = plot.y - 6 - Double(refs.count - 1 - k) * 14
            let x = scale(v)
            let rank = byValue.firstIndex(of: k) ?? 0
            let half = Double(refs.count - 1) / 2
            var anchor = refs.count == 1 ? "middle" : (Double(rank) < half ? "end" : (Double(rank) > half ? "start" : "middle"))
            let room = TextMetrics.width(name, size: ChartFrame.tickSize)
            // Left of the plot is the labels' column (and its title).
            if anchor == "end" && x - room < (categoryTitle == nil ? ChartFrame.margin : plot.x) { anchor = "start" }
            if anchor == "start" && x + room > width - ChartFrame.margin { anchor = "end" }
            if anchor == "middle" && (x - room / 2 < ChartFrame.margin || x + room / 2 > width - ChartFrame.margin) {
                anchor = x < width / 2 ? "start" : "end"
            }
            let labelX = anchor == "end" ? x - 4 : (anchor == "start" ? x + 4 : x)
            AxisDrawing.reference(
                x1: x, y1: labelY - 8, x2: x, y2: plot.maxY, label: name, labelX: labelX, labelY: labelY, anchor: anchor,
                into: &body)
        }

        for (i, category) in categories.enumerated() {
            let top = plot.y + Double(i) * bandHeight
            let categoryRows = rowsByCategory[category] ?? []
            let flaggedNames = categoryRows.filter(\.flagged).map { seriesName($0.seriesIndex) }
            let lines = labelLines[i]
            let truncated = lines.joined(separator: " ") != category.split(separator: " ").joined(separator: " ")
            let firstY = top + bandHeight / 2 + 4 - Double(lines.count - 1) * IntervalChart.labelLineHeight / 2
            if flaggedNames.isEmpty {
                body.start(
                    "text",
                    [
                        "class": "category", "x": .number(plot.x - 10), "y": .number(firstY),
                        "text-anchor": "end",
                    ])
            } else {
                body.start(
                    "text",
                    [
                        "class": "category flagged", "x": .number(plot.x - 10), "y": .number(firstY),
                        "text-anchor": "end", "font-weight": "700",
                    ])
            }
            if truncated || !flaggedNames.isEmpty {
                body.tooltip(category + (flaggedNames.isEmpty ? "" : " — significant: " + flaggedNames.joined(separator: ", ")))
            }
            for (n, line) in lines.enumerated() {
                body.element(
                    "tspan", ["x": .number(plot.x - 10), "dy": .number(n == 0 ? 0 : IntervalChart.labelLineHeight)],
                    text: (n == 0 && !flaggedNames.isEmpty ? "▲ " : "") + line)
            }
            body.end()
            for row in categoryRows {
                let y = top + (Double(Swift.max(0, row.seriesIndex)) + 0.5) * bandHeight / Double(seriesCount)
                drawRow(row, y: y, plot: plot, scale: scale, clipID: "\(id)-clip", category: category, into: &body)
            }
        }
        return ChartFrame.document(
            id: id, kind: "chart-interval", width: width, height: plot.maxY + 44, title: title, description: description,
            body: body)
    }

    private func colorIndex(_ series: Int) -> Int { seriesColors[safe: series] ?? series }

    private func seriesName(_ series: Int) -> String { seriesNames[safe: series] ?? "series \(series + 1)" }

    private func drawRow(
        _ row: IntervalRow, y: Double, plot: Rect, scale: LinearScale, clipID: String, category: String, into w: inout SVGWriter
    ) {
        let ci = colorIndex(row.seriesIndex)
        let color = ChartFrame.color(ci)
        let digits = axis.percent ? 1 : 3
        func format(_ v: Double) -> String {
            axis.percent ? NumberFormat.percent(v, digits: digits) : NumberFormat.decimal(v, digits: digits)
        }
        guard let value = row.value, value.isFinite else {
            w.start(
                "text",
                [
                    "class": "undefined \(ChartFrame.seriesClass(ci))", "x": .number(plot.x + 6), "y": .number(y + 4),
                    "font-size": .number(ChartFrame.tickSize), "font-style": "italic", "fill": .text(ChartFrame.referenceGrey),
                ])
            w.tooltip("\(category) — \(seriesName(row.seriesIndex)): undefined (no value could be computed for this slice)")
            w.element("tspan", text: seriesNames.count > 1 ? "undefined (\(seriesName(row.seriesIndex)))" : "undefined")
            w.end()
            return
        }
        var tip = "\(category) — \(seriesName(row.seriesIndex)): \(format(value))"
        if let lo = row.lower, let up = row.upper, lo.isFinite, up.isFinite { tip += " (\(format(lo))–\(format(up)))" }
        if row.flagged { tip += ", significant" }
        w.start(
            "g", ["class": .text(ChartFrame.seriesClass(ci) + (row.flagged ? " flagged" : "")), "clip-path": "url(#\(clipID))"])
        w.tooltip(tip)
        if let lo = row.lower, let up = row.upper, lo.isFinite, up.isFinite {
            w.start("g", ["class": "whisker", "stroke": .text(color), "stroke-width": 1.8])
            w.empty("line", ["x1": .number(scale(lo)), "y1": .number(y), "x2": .number(scale(up)), "y2": .number(y)])
            w.empty("line", ["x1": .number(scale(lo)), "y1": .number(y - 4), "x2": .number(scale(lo)), "y2": .number(y + 4)])
            w.empty("line", ["x1": .number(scale(up)), "y1": .number(y - 4), "x2": .number(scale(up)), "y2": .number(y + 4)])
            w.end()
        }
        let cx = scale(value)
        if row.flagged {
            var marker = SVGPath()
            marker.move(cx, y - 6)
            marker.line(cx + 6, y + 4.5)
            marker.line(cx - 6, y + 4.5)
            marker.close()
            w.empty("path", ["d": .text(marker.data), "fill": .text(color), "stroke": "currentColor", "stroke-width": 1])
        } else {
            w.empty("circle", ["cx": .number(cx), "cy": .number(y), "r": 4.5, "fill": .text(color)])
        }
        w.end()
    }
}
