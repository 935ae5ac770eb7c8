import LoupeCharts
import LoupeMarkup
import LoupeResults

/// A model's page, one per model: everything about the model — all metrics with intervals and
/// how they were made, then the curves (against the other models), calibration, score
/// distributions and the threshold — or, for a regression model, its residual analysis
/// (`ResidualsPage`).
struct ModelPage: SitePage {
    let model: String
    let path: String
    let navigationLabel: String
    /// The regression model's residual analysis, which is then what the page shows.
    let residuals: ResidualAnalysis?
    /// The multiclass model's per-class results, which are then what the page shows.
    var multiclass: MulticlassAnalysis? = nil

    /// Every model in results order, a model named twice twice (under one path).
    static func pages(for site: Site) -> [ModelPage] {
        site.results.models.compactMap { model in
            site.modelPages[model].map { path in
                ModelPage(
                    model: model, path: path, navigationLabel: site.displayName(model),
                    residuals: site.results.residuals[model], multiclass: site.results.multiclass?[model])
            }
        }
    }

    var title: String { residuals == nil ? model : "\(model): residuals" }

    var template: String {
        if residuals != nil { return "residuals.html" }
        return multiclass == nil ? "model.html" : "model-multiclass.html"
    }

    var sortsTables: Bool { residuals != nil || multiclass != nil }

    func context(_ site: Site) -> TemplateValue {
        if let residuals { return ResidualsPage.context(site, model: model, analysis: residuals) }
        if let multiclass { return MulticlassModelPage.context(site, model: model, analysis: multiclass) }
        return Self.context(site, model: model)
    }

    static func context(_ site: Site, model: String) -> TemplateValue {
        let results = site.results
        let color = site.modelColors[model] ?? 0
        let curves = results.curves[model]
        let rank = site.overall(model)[site.rankMetric]
        var charts: TemplateFields = [:]
        if let curves {
            charts = [
                "roc": .html(rocChart(site, model: model).render()),
                "pr": .html(precisionRecallChart(site, model: model, curves: curves).render()),
                "reliability": .html(reliabilityChart(model: model, curves: curves, color: color).render()),
                "histogram": .html(histogramChart(model: model, curves: curves).render()),
                "confusion": .html(confusionChart(site, model: model, curves: curves).render()),
                "confusionTable": confusionTable(site, curves.confusion).templateValue,
                "sweep": .html(sweepChart(site, model: model, curves: curves).render()),
            ]
        }
        return .object([
            "model": .text(model),
            "swatch": .html(Markup.swatch(color)),
            "isBaseline": .bool(model == site.baseline),
            "baseline": .optional(site.baseline.flatMap { $0 == model ? nil : .text($0) }),
            "rankMetric": .text(site.rankName),
            "rankValue": .text(Formatting.estimate(rank)),
            "threshold": .text(Formatting.plain(results.threshold)),
            "metrics": metricsTable(site, model: model).templateValue,
            "confidence": .text(site.confidence),
            "curves": .optional(curves == nil ? nil : .object(charts)),
        ])
    }

    static func metricsTable(_ site: Site, model: String) -> Table {
        let metrics = site.overall(model)
        let intervals = site.results.intervals
        let baseline = site.baseline.flatMap { $0 == model ? nil : $0 }
        var columns = [Table.Column(label: "Metric"), Table.Column(label: model, numeric: true)]
        if let baseline { columns.append(Table.Column(label: baseline, sub: "baseline", numeric: true)) }
        columns.append(Table.Column(label: "Interval method"))
        let rows = MetricCatalog.ordered(metrics.keys).map { key in
            var cells: [Table.Cell] = [.header(Markup.text(MetricCatalog.name(key))), .metric(key, metrics[key])]
            if let baseline { cells.append(.metric(key, site.overall(baseline)[key])) }
            let method = intervals.methods[key].map { MetricCatalog.methodName($0, replicates: intervals.bootstrapReplicates) }
            cells.append(.text(metrics[key]?.lower == nil ? "—" : method ?? "—"))
            return Table.Row(cells: cells)
        }
        return Table(columns: columns, rows: rows, sortable: false)
    }

    /// This model's curve solid, the others dashed for comparison, in their own colours.
    private static func series(_ site: Site, model: String, label: (String) -> String, curve: (ModelCurves) -> Curve) -> [Series]
    {
        let others = site.results.models.filter { $0 != model }
        return ([model] + others).compactMap { name in
            guard let curves = site.results.curves[name] else { return nil }
            let points = curve(curves)
            return Series(
                name: label(name), x: points.x, y: points.y.map { Optional($0) },
                colorIndex: site.modelColors[name] ?? 0, dashed: name != model)
        }
    }

    static func rocChart(_ site: Site, model: String) -> LineChart {
        let aucLabel: (String) -> String = { name in
            site.overall(name)["roc_auc"]?.value.map { "\(name) (AUC \(Formatting.decimal($0)))" } ?? name
        }
        return LineChart(
            title: "How well does \(model) rank positives above negatives? ROC curve",
            description:
                "True positive rate against false positive rate as the threshold moves, for \(model) and, dashed, the other models; the diagonal is a random ranking.",
            xAxis: Axis("False positive rate", min: 0, max: 1),
            yAxis: Axis("True positive rate", min: 0, max: 1),
            series: series(site, model: model, label: aucLabel, curve: \.roc),
            references: [ReferenceLine(.identity, label: "chance")],
            square: true
        )
    }

    static func precisionRecallChart(_ site: Site, model: String, curves: ModelCurves) -> LineChart {
        let apLabel: (String) -> String = { name in
            site.overall(name)["average_precision"]?.value.map { "\(name) (AP \(Formatting.decimal($0)))" } ?? name
        }
        var references: [ReferenceLine] = []
        if let prevalence = prevalence(site, model: model, curves: curves) {
            references.append(ReferenceLine(.horizontal(prevalence), label: "positive rate \(Formatting.decimal(prevalence))"))
        }
        return LineChart(
            title: "What precision does each level of recall cost? Precision–recall curve",
            description:
                "Precision against recall as the threshold moves, for \(model) and, dashed, the other models; the grey line is the positive rate, the precision of a random ranking.",
            xAxis: Axis("Recall", min: 0, max: 1),
            yAxis: Axis("Precision", min: 0, max: 1),
            series: series(site, model: model, label: apLabel, curve: \.precisionRecall),
            references: references,
            square: true
        )
    }

    static func prevalence(_ site: Site, model: String, curves: ModelCurves) -> Double? {
        if let rate = site.overall(model)["mean_label"]?.value { return rate }
        let c = curves.confusion
        let total = c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives
        return total > 0 ? (c.truePositives + c.falseNegatives) / total : nil
    }

    static func reliabilityChart(model: String, curves: ModelCurves, color: Int) -> ReliabilityChart {
        ReliabilityChart(
            title: "Can \(model)'s scores be read as probabilities? Reliability diagram",
            description:
                "Observed share of positives against the mean score in ten equal-width score bins, with the number of rows per bin underneath; points on the diagonal are perfectly calibrated.",
            bins: curves.reliability.map {
                ReliabilityChart.Bin(
                    lower: $0.lower, upper: $0.upper, count: $0.count,
                    meanPrediction: $0.meanPrediction, fractionPositive: $0.fractionPositive)
            },
            colorIndex: color
        )
    }

    /// Each class as a share of its own rows, so the shapes compare even when classes are unbalanced.
    static func histogramChart(model: String, curves: ModelCurves) -> HistogramChart {
        let histogram = curves.scoreHistogram
        func shares(_ counts: [Double]) -> [Double] {
            let total = counts.reduce(0, +)
            return total > 0 ? counts.map { $0 / total } : counts
        }
        return HistogramChart(
            title: "How well do \(model)'s scores separate the classes? Score distribution by label",
            description:
                "Share of each class's rows per score bin: positives and negatives; less overlap means better separation.",
            xAxis: Axis("Score", min: 0, max: 1),
            yAxis: Axis("Share of class", percent: true),
            edges: histogram.edges,
            series: [
                (name: "negatives", counts: shares(histogram.negatives), colorIndex: 4),
                (name: "positives", counts: shares(histogram.positives), colorIndex: 5),
            ]
        )
    }

    static func classNames(_ site: Site) -> (negative: String, positive: String) {
        guard let positive = site.results.positiveLabel else { return ("negative (0)", "positive (1)") }
        return ("negative", "positive (\(positive))")
    }

    static func confusionChart(_ site: Site, model: String, curves: ModelCurves) -> MatrixChart {
        let c = curves.confusion
        let names = classNames(site)
        return MatrixChart(
            title: "Which mistakes does \(model) make at threshold \(Formatting.plain(site.results.threshold))? Confusion matrix",
            description:
                "Rows are the actual class, columns the predicted class; each cell shows the count and its share of the row.",
            rowTitle: "Actual", columnTitle: "Predicted",
            rowLabels: [names.negative, names.positive], columnLabels: [names.negative, names.positive],
            cells: [[c.trueNegatives, c.falsePositives], [c.falseNegatives, c.truePositives]]
        )
    }

    static func confusionTable(_ site: Site, _ c: ConfusionMatrix) -> Table {
        let names = classNames(site)
        func cell(_ x: Double) -> Table.Cell {
            Table.Cell(content: Markup.text(NumberFormat.weight(x)), numeric: true, sortValue: Formatting.exact(x))
        }
        return Table(
            columns: [
                Table.Column(label: "Actual \\ predicted"), Table.Column(label: names.negative, numeric: true),
                Table.Column(label: names.positive, numeric: true),
            ],
            rows: [
                Table.Row(cells: [.header(Markup.text(names.negative)), cell(c.trueNegatives), cell(c.falsePositives)]),
                Table.Row(cells: [.header(Markup.text(names.positive)), cell(c.falseNegatives), cell(c.truePositives)]),
            ],
            sortable: false
        )
    }

    static func sweepChart(_ site: Site, model: String, curves: ModelCurves) -> LineChart {
        let sweep = curves.thresholdSweep
        let lines: [(String, [Double?])] = [
            ("precision", sweep.precision), ("recall", sweep.recall), ("F1", sweep.f1), ("selection rate", sweep.selectionRate),
        ]
        return LineChart(
            title: "What happens if the threshold moves? \(model)'s precision, recall, F1 and selection rate",
            description: "Each metric against the decision threshold; the grey line marks the threshold used in this report.",
            xAxis: Axis("Threshold", min: 0, max: 1),
            yAxis: Axis("Value", min: 0, max: 1),
            series: lines.enumerated().map { index, line in
                Series(name: line.0, x: sweep.thresholds, y: line.1, colorIndex: index, dashed: index == 3)
            },
            references: [
                ReferenceLine(.vertical(site.results.threshold), label: "threshold \(Formatting.plain(site.results.threshold))")
            ]
        )
    }
}
