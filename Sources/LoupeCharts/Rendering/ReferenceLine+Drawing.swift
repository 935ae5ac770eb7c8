extension ReferenceLine {
    /// A grey dashed line across `plot` when its value lies within the axis range, labelled at
    /// the right end (horizontal) or the top (vertical); the identity diagonal spans the range
    /// both axes share and puts its label `identityLabelAt` of the way up, on the side where
    /// fewer of `points` lie. `layer` picks the line, the label or both (`AxisDrawing.ReferenceLayer`).
    func draw(
        plot: Rect, x: LinearScale, y: LinearScale, points: [(Double, Double)], identityLabelAt: Double = 0.72,
        layer: AxisDrawing.ReferenceLayer = .both, into w: inout SVGWriter
    ) {
        switch kind {
        case .horizontal(let v):
            guard y.contains(v) else { return }
            AxisDrawing.reference(
                x1: plot.x, y1: y(v), x2: plot.maxX, y2: y(v), label: label, labelX: plot.maxX - 4, labelY: y(v) - 5,
                anchor: "end", layer: layer, into: &w)
        case .vertical(let v):
            guard x.contains(v) else { return }
            let nearRight = x(v) > plot.maxX - 100
            AxisDrawing.reference(
                x1: x(v), y1: plot.y, x2: x(v), y2: plot.maxY, label: label, labelX: x(v) + (nearRight ? -5 : 5),
                labelY: plot.y + 12, anchor: nearRight ? "end" : "start", layer: layer, into: &w)
        case .identity:
            AxisDrawing.identity(
                label: label, lo: Swift.max(x.domain.lower, y.domain.lower), hi: Swift.min(x.domain.upper, y.domain.upper),
                x: x, y: y, points: points, labelAt: identityLabelAt, layer: layer, into: &w)
        }
    }

    /// Every reference's line, then `drawSeries`, then every label over them in a group of its
    /// own: a series never covers a label.
    static func draw(
        _ references: [ReferenceLine], plot: Rect, x: LinearScale, y: LinearScale, points: [(Double, Double)],
        identityLabelAt: Double = 0.72, into w: inout SVGWriter, drawSeries: (inout SVGWriter) -> Void
    ) {
        for r in references {
            r.draw(plot: plot, x: x, y: y, points: points, identityLabelAt: identityLabelAt, layer: .line, into: &w)
        }
        drawSeries(&w)
        guard references.contains(where: { !$0.label.isEmpty }) else { return }
        w.start("g", ["class": "ref-labels"])
        for r in references {
            r.draw(plot: plot, x: x, y: y, points: points, identityLabelAt: identityLabelAt, layer: .label, into: &w)
        }
        w.end()
    }
}
