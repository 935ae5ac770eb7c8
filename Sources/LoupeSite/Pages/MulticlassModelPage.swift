import LoupeCharts
import LoupeMarkup
import LoupeResults

/// A multiclass model's page (`ModelPage` draws it when the results hold the model's
/// `MulticlassAnalysis`): where the model confuses classes, in sentences and as a heat map of
/// the confusion matrix, then each class's precision, recall and F1 with intervals, the
/// one-vs-rest ROC curves, the reliability of the top-label confidence, and every averaged
/// metric. Everything is read from the analysis; nothing is computed here.
enum MulticlassModelPage {
    /// The heat map is drawn up to this many classes; past it the confused pairs and the
    /// per-class table stand in for it.
    static let heatMapLimit = 30
    /// The per-class interval chart shows at most this many classes, the weakest (the table
    /// lists all).
    static let perClassChartLimit = 15
    /// One-vs-rest ROC curves are drawn as small multiples up to this many classes.
    static let rocLimit = 10
    /// How many confused pairs the table under the heat map lists (without it, all that
    /// results.json holds).
    static let pairsBesideMatrix = 10
    /// How many of the largest confusions the page states in sentences.
    static let sentenceCount = 5
    /// Points drawn of another model's curve in a small multiple (it is a dashed reference).
    static let referencePoints = 60
    /// The design width of one small multiple.
    static let smallMultipleWidth = 340.0

    static func context(_ site: Site, model: String, analysis: MulticlassAnalysis) -> TemplateValue {
        let color = site.modelColors[model] ?? 0
        let classCount = analysis.classes.count
        let hard = isHardPrediction(analysis)
        let drawsMatrix = classCount <= heatMapLimit
        let matrixHref = drawsMatrix ? "#confusion-matrix" : "#confused-pairs"
        let sentences = confusionSentences(site, model: model, analysis: analysis)
        return .object([
            "model": .text(model),
            "swatch": .html(Markup.swatch(color)),
            "isBaseline": .bool(model == site.baseline),
            "baseline": .optional(site.baseline.flatMap { $0 == model ? nil : .text($0) }),
            "rankMetric": .text(site.rankName),
            "rankValue": .text(Formatting.estimate(site.overall(model)[site.rankMetric], of: site.rankMetric)),
            "classCount": .text(Formatting.count(classCount)),
            "decision": .text(
                hard
                    ? "the predicted class is the one given in the data (hard predictions)"
                    : "the predicted class is the one with the largest probability"),
            "confusions": .list(
                sentences.map { .object(["sentence": .html($0), "href": .text(matrixHref)]) }),
            "noConfusions": .bool(sentences.isEmpty),
            "heatMap": .optional(drawsMatrix ? .html(heatMap(model: model, analysis: analysis).render()) : nil),
            "heatMapNote": .optional(
                drawsMatrix
                    ? nil
                    : .text(
                        "With \(Formatting.count(classCount)) classes a confusion matrix is too large to read (the heat map is drawn up to \(heatMapLimit)); the most confused pairs below and the per-class table stand in for it, and results.json holds every cell."
                    )),
            "pairs": .optional(
                analysis.confusedPairs.isEmpty
                    ? nil : pairsTable(site, analysis: analysis, limit: drawsMatrix ? pairsBesideMatrix : nil).templateValue),
            "perClassChart": .optional(
                classCount > 0 ? .html(Markup.responsive(perClassChart(site, model: model, analysis: analysis))) : nil),
            "perClassChartNote": .optional(
                classCount > perClassChartLimit
                    ? .text(
                        "The chart shows the \(perClassChartLimit) classes with the weakest F1 of \(Formatting.count(classCount)); the table lists all of them (sortable)."
                    ) : nil),
            "perClass": perClassTable(site, analysis: analysis).templateValue,
            "roc": rocSection(site, model: model, analysis: analysis),
            "reliability": .optional(
                analysis.reliability.isEmpty
                    ? nil : .html(reliabilityChart(model: model, analysis: analysis, color: color).render())),
            "noReliability": .optional(
                analysis.reliability.isEmpty
                    ? .text(
                        hard
                            ? "These are hard predictions (a predicted class, no probabilities), so there is no confidence to calibrate: no reliability diagram, and log loss, Brier score and ECE are undefined."
                            : "results.json holds no reliability bins for this model.")
                    : nil),
            "metrics": ModelPage.metricsTable(site, model: model).templateValue,
            "confidence": .text(site.confidence),
        ])
    }

    /// A per-class metric's column name: the binary registry's labels without their binary
    /// glosses ("Recall", not "Recall (TPR)").
    static func className(ofMetric key: String) -> String {
        switch key {
        case "recall": return "Recall"
        case "precision": return "Precision"
        case "f1": return "F1"
        case "roc_auc": return "ROC AUC"
        case "average_precision": return "Average precision"
        default: return MetricCatalog.name(key)
        }
    }

    /// Hard predictions carry neither ROC curves nor reliability bins.
    static func isHardPrediction(_ analysis: MulticlassAnalysis) -> Bool {
        analysis.roc.isEmpty && analysis.reliability.isEmpty
    }

    /// The weight of each class's rows: its row of the confusion matrix.
    static func rowTotals(_ analysis: MulticlassAnalysis) -> [Double] {
        analysis.confusion.map { row in row.filter(\.isFinite).reduce(0, +) }
    }

    /// "**7** is predicted as **1** in 15.4% of its rows (12.8–18.4%; 99 of 644)", the largest
    /// confusions first, at most `sentenceCount`; a confusion the baseline also makes adds its
    /// share there.
    static func confusionSentences(_ site: Site, model: String, analysis: MulticlassAnalysis) -> [HTML] {
        let totals = rowTotals(analysis)
        let baseline = site.baseline.flatMap { $0 == model ? nil : $0 }
        let baselinePairs = baseline.flatMap { site.results.multiclass?[$0]?.confusedPairs } ?? []
        return analysis.confusedPairs.filter { $0.count > 0 && $0.share.value != nil }.prefix(sentenceCount).map { pair in
            var text =
                Markup.strong(pair.actual) + HTML(escaping: " is predicted as ") + Markup.strong(pair.predicted)
                + HTML(escaping: " in \(percentEstimate(pair.share)) of its rows")
            var counts = NumberFormat.weight(pair.count)
            if let index = analysis.classes.firstIndex(of: pair.actual), let total = totals[safe: index] {
                counts += " of \(NumberFormat.weight(total))"
            }
            text = text + HTML(escaping: " (\(counts) rows)")
            if baseline != nil,
                let other = baselinePairs.first(where: { $0.actual == pair.actual && $0.predicted == pair.predicted })
            {
                text = text + HTML(escaping: "; the baseline's: \(percentEstimate(other.share))")
            }
            return text + HTML(escaping: ".")
        }
    }

    /// `15.4% (12.8–18.4%)`.
    static func percentEstimate(_ share: Metric) -> String {
        guard let value = share.value else { return "undefined" }
        var text = NumberFormat.percent(value)
        if let lower = share.lower, let upper = share.upper {
            text += " (\(NumberFormat.decimal(lower * 100, digits: 1))–\(NumberFormat.percent(upper)))"
        }
        return text
    }

    static func heatMap(model: String, analysis: MulticlassAnalysis) -> HeatMapChart {
        HeatMapChart(
            title: "Where does \(model) confuse classes? Confusion matrix",
            description:
                "Rows are the actual class, columns the predicted class; each cell is shaded by its share of the actual class's rows, the diagonal (correct) in blue and confusions in vermillion.",
            rowTitle: "Actual", columnTitle: "Predicted", labels: analysis.classes, cells: analysis.confusion,
            idSuffix: "confusion")
    }

    /// The most confused pairs with their shares and intervals, largest first; at most `limit`.
    static func pairsTable(_ site: Site, analysis: MulticlassAnalysis, limit: Int? = nil) -> Table {
        let totals = rowTotals(analysis)
        let rows = analysis.confusedPairs.prefix(limit ?? analysis.confusedPairs.count).map { pair in
            let total = analysis.classes.firstIndex(of: pair.actual).flatMap { totals[safe: $0] }
            return Table.Row(cells: [
                .header(Markup.text("\(pair.actual) → \(pair.predicted)"), sortValue: "\(pair.actual) → \(pair.predicted)"),
                Table.Cell(
                    content: Markup.text(NumberFormat.weight(pair.count)), numeric: true,
                    sortValue: Formatting.exact(pair.count)),
                total.map {
                    Table.Cell(content: Markup.text(NumberFormat.weight($0)), numeric: true, sortValue: Formatting.exact($0))
                }
                    ?? .text("—"),
                shareCell(pair.share),
            ])
        }
        return Table(
            columns: [
                Table.Column(label: "Actual → predicted"), Table.Column(label: "Rows", numeric: true),
                Table.Column(label: "Rows of the actual class", numeric: true),
                Table.Column(
                    label: "Share of the actual class", numeric: true,
                    note: "With its \(site.confidence) Wilson interval."),
            ],
            rows: Array(rows),
            caption: "The \(Formatting.count(rows.count)) largest confusions as shares of the actual class's rows, largest first."
        )
    }

    /// A share as a percentage with its interval.
    static func shareCell(_ share: Metric) -> Table.Cell {
        guard let value = share.value else {
            return Table.Cell(content: Markup.undefined("The class has no rows."), numeric: true)
        }
        let interval = share.lower.flatMap { lower in
            share.upper.map { "(\(NumberFormat.decimal(lower * 100, digits: 1))–\(NumberFormat.percent($0)))" }
        }
        return Table.Cell(
            content: Markup.text(NumberFormat.percent(value)), numeric: true, sortValue: Formatting.exact(value),
            interval: interval)
    }

    /// Classes worst first: by F1 (undefined last), then recall, then class order.
    static func classesWorstFirst(_ perClass: [ClassMetrics]) -> [ClassMetrics] {
        func key(_ m: ClassMetrics) -> (Double, Double) {
            (m.metrics["f1"]?.value ?? .infinity, m.metrics["recall"]?.value ?? .infinity)
        }
        return perClass.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// The per-class metrics a class chart shows, with their palette colours and the averaged
    /// metric drawn as each one's reference line.
    static let chartMetrics: [(key: String, name: String, color: Int, average: String)] = [
        ("precision", "precision", 0, "macro_precision"), ("recall", "recall", 5, "macro_recall"),
        ("f1", "F1", 2, "macro_f1"),
    ]

    static func perClassChart(_ site: Site, model: String, analysis: MulticlassAnalysis) -> IntervalChart {
        var rows: [IntervalRow] = []
        for metrics in classesWorstFirst(analysis.perClass).prefix(perClassChartLimit) {
            for (index, metric) in chartMetrics.enumerated() {
                let m = metrics.metrics[metric.key]
                rows.append(
                    IntervalRow(
                        category: metrics.className, seriesIndex: index, value: m?.value, lower: m?.lower, upper: m?.upper))
            }
        }
        var references: [Int: Double] = [:]
        for (index, metric) in chartMetrics.enumerated() {
            if let value = site.overall(model)[metric.average]?.value { references[index] = value }
        }
        var chart = IntervalChart(
            title: "Which classes does \(model) get wrong? Precision, recall and F1 per class",
            description:
                "Each class's one-vs-rest precision, recall and F1 with \(site.confidence) intervals, weakest F1 first (at most \(perClassChartLimit) classes); grey lines mark the macro averages.",
            axis: Axis("Value (one class against the rest)"),
            seriesNames: chartMetrics.map(\.name), seriesColors: chartMetrics.map(\.color), rows: rows,
            references: references, referenceLabel: "macro", idSuffix: "per-class")
        chart.categoryTitle = "Class"
        return chart
    }

    static func perClassTable(_ site: Site, analysis: MulticlassAnalysis) -> Table {
        // A metric no class has a value of (ROC AUC for hard predictions) is left out: the
        // section that needs it says why.
        let present = Set(analysis.perClass.flatMap { $0.metrics.filter { $0.value.value != nil }.keys })
        let keys = ClassMetrics.metricNames.filter(present.contains)
        let weighted = analysis.perClass.contains { $0.weightedSupport != nil }
        var columns = [Table.Column(label: "Class"), Table.Column(label: "Support", sub: "rows", numeric: true)]
        if weighted { columns.append(Table.Column(label: "Support", sub: "weight", numeric: true)) }
        columns += keys.map { Table.Column(label: className(ofMetric: $0), numeric: true) }
        let rows = classesWorstFirst(analysis.perClass).map { metrics in
            var cells: [Table.Cell] = [
                .header(Markup.text(metrics.className), sortValue: metrics.className), .count(metrics.support),
            ]
            if weighted {
                cells.append(
                    metrics.weightedSupport.map {
                        Table.Cell(content: Markup.text(NumberFormat.weight($0)), numeric: true, sortValue: Formatting.exact($0))
                    } ?? .text("—"))
            }
            cells += keys.map { Table.Cell.metric($0, metrics.metrics[$0]) }
            return Table.Row(cells: cells, id: nil)
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "Each class against every other (one-vs-rest), weakest F1 first, with \(site.confidence) intervals where results.json has them; a class with no rows or no predictions has undefined metrics."
        )
    }

    static func rocSection(_ site: Site, model: String, analysis: MulticlassAnalysis) -> TemplateValue {
        let classCount = analysis.classes.count
        if analysis.roc.isEmpty {
            return .object([
                "charts": .list([]),
                "note": .optional(
                    .text(
                        isHardPrediction(analysis)
                            ? "These are hard predictions (a predicted class, no probabilities): nothing ranks the rows, so there are no ROC curves and ROC AUC and average precision are undefined."
                            : "results.json holds no one-vs-rest ROC curves for this model.")),
            ])
        }
        if classCount > rocLimit {
            return .object([
                "charts": .list([]),
                "note": .optional(
                    .text(
                        "With \(Formatting.count(classCount)) classes the curves are not drawn (they are up to \(rocLimit)); each class's ROC AUC and average precision are in the per-class table above, which sorts by them."
                    )),
            ])
        }
        let charts = analysis.classes.indices.compactMap { index -> TemplateValue? in
            guard let curve = analysis.roc[safe: index], !curve.x.isEmpty else { return nil }
            return .html(rocChart(site, model: model, analysis: analysis, classIndex: index).render())
        }
        let missing = classCount - charts.count
        return .object([
            "charts": .list(charts),
            "note": .optional(
                missing > 0
                    ? .text(
                        "\(Formatting.count(missing)) of \(Formatting.count(classCount)) classes have no curve: a class needs rows of its own and of other classes."
                    )
                    : nil),
        ])
    }

    /// One class against the rest: this model's curve solid, every other model's for the same
    /// class dashed, each named with its AUC.
    static func rocChart(_ site: Site, model: String, analysis: MulticlassAnalysis, classIndex: Int) -> LineChart {
        let className = analysis.classes[classIndex]
        let auc = analysis.perClass[safe: classIndex]?.metrics["roc_auc"]?.value
        var series: [Series] = []
        for name in [model] + site.results.models.filter({ $0 != model }) {
            guard let other = site.results.multiclass?[name], let index = other.classes.firstIndex(of: className),
                let curve = other.roc[safe: index], !curve.x.isEmpty
            else { continue }
            let keep = name == model ? Array(curve.x.indices) : SliceDetailPage.drawnPoints(curve.x.count, at: referencePoints)
            let otherAUC = other.perClass[safe: index]?.metrics["roc_auc"]?.value
            series.append(
                Series(
                    name: otherAUC.map { "\(name) (AUC \(Formatting.decimal($0)))" } ?? name,
                    x: keep.map { curve.x[$0] }, y: keep.map { Optional(curve.y[$0]) },
                    colorIndex: site.modelColors[name] ?? 0, dashed: name != model))
        }
        var chart = LineChart(
            title: "Class \(className): AUC \(auc.map(Formatting.decimal) ?? "undefined")",
            description:
                "One-vs-rest ROC curve of class \(className) for \(model) (solid) and the other models (dashed): true positive rate against false positive rate; the diagonal is a random ranking.",
            xAxis: Axis("False positive rate", min: 0, max: 1),
            yAxis: Axis("True positive rate", min: 0, max: 1),
            series: series,
            references: [ReferenceLine(.identity, label: "chance")],
            square: true,
            idSuffix: "roc-\(classIndex)")
        chart.width = smallMultipleWidth
        return chart
    }

    static func reliabilityChart(model: String, analysis: MulticlassAnalysis, color: Int) -> ReliabilityChart {
        var chart = ReliabilityChart(
            title: "Can \(model)'s top-label confidence be read as a probability? Reliability diagram",
            description:
                "Accuracy (the share of rows whose most probable class is right) against the mean top-label probability in ten equal-width bins, with the number of rows per bin underneath; points on the diagonal are perfectly calibrated.",
            bins: analysis.reliability.map {
                ReliabilityChart.Bin(
                    lower: $0.lower, upper: $0.upper, count: $0.count, meanPrediction: $0.meanPrediction,
                    fractionPositive: $0.fractionPositive)
            },
            colorIndex: color)
        chart.xTitle = "Mean top-label probability"
        chart.yTitle = "Accuracy (top label correct)"
        return chart
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
