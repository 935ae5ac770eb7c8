import LoupeCharts
import LoupeMarkup
import LoupeResults

/// The detail of every slice of one slicing spec, reached from the slice's row on slices.html:
/// its counts and the metrics a reviewer checks next, each model's confusion matrix at the
/// threshold, and its ROC, precision–recall and reliability curves drawn over the whole data's
/// (dashed), as the slice browsers of TFMA and the What-If Tool show them — without JavaScript.
/// The curves are the thinned ones results.json holds per slice (`SliceResult.curves`), so a
/// page's size grows with the number of slices, not of rows.
struct SliceDetailPage: SitePage {
    let spec: SliceSpec
    let path: String

    static func pages(for site: Site) -> [SliceDetailPage] {
        site.specs.compactMap { spec in
            let slices = site.slicesBySpec[spec.name] ?? []
            guard slices.contains(where: { !$0.curves.isEmpty }) else { return nil }
            return SliceDetailPage(spec: spec, path: site.sliceDetailPath(spec.name))
        }
    }

    var title: String { "Slices of \(spec.name)" }
    var template: String { "slice-detail.html" }
    var sortsTables: Bool { false }
    var inNavigation: Bool { false }

    /// The metrics beside each slice's counts: the rank metric, then those of the slice tables.
    static func keys(_ site: Site) -> [String] {
        [site.rankMetric] + MetricRegistry.sliceDetail.filter { $0 != site.rankMetric } + ["precision"]
    }

    func context(_ site: Site) -> TemplateValue {
        let slices = (site.slicesBySpec[spec.name] ?? []).filter { !$0.curves.isEmpty }
        let (reported, _) = SlicesPage.ordered(site, slices)
        return .object([
            "name": .text(spec.name),
            "back": .text(site.specHref(spec.name)),
            "confidence": .text(site.confidence),
            "threshold": .text(Formatting.plain(site.results.threshold)),
            "slices": .list(reported.map { Self.section(site, $0) }),
        ])
    }

    static func section(_ site: Site, _ slice: SliceResult) -> TemplateValue {
        let label = site.label(of: slice)
        let id = site.sliceAnchor(slice) ?? "slice"
        let models = site.results.models.filter { slice.curves[$0] != nil }
        return .object([
            "id": .text(id),
            "label": .text(label),
            "rows": .text(Formatting.count(slice.count)),
            "metrics": metricsTable(site, slice, models: models).templateValue,
            "confusion": confusionTable(site, slice, models: models).templateValue,
            "roc": .html(curveChart(site, slice, models: models, roc: true).render()),
            "pr": .html(curveChart(site, slice, models: models, roc: false).render()),
            "reliability": .list(
                models.compactMap { model in
                    slice.curves[model].map { .html(reliabilityChart(site, label: label, model: model, $0).render()) }
                }),
        ])
    }

    /// Each model's value on the slice against its overall value.
    static func metricsTable(_ site: Site, _ slice: SliceResult, models: [String]) -> Table {
        let keys = keys(site).filter { key in models.contains { slice.metrics[$0]?[key] != nil } }
        var columns = [Table.Column(label: "Metric")]
        for model in models {
            columns.append(Table.Column(label: model, sub: "this slice", numeric: true))
            columns.append(Table.Column(label: model, sub: "overall", numeric: true))
        }
        let rows = keys.map { key in
            Table.Row(
                cells: [.header(Markup.text(MetricCatalog.name(key)))]
                    + models.flatMap { model in
                        [Table.Cell.metric(key, slice.metrics[model]?[key]), .metric(key, site.overall(model)[key])]
                    })
        }
        return Table(
            columns: columns, rows: rows, caption: "With \(site.confidence) intervals; overall is every evaluated row.",
            sortable: false)
    }

    /// Each model's confusion matrix on the slice, as counts (weighted when rows are).
    static func confusionTable(_ site: Site, _ slice: SliceResult, models: [String]) -> Table {
        let names = ModelPage.classNames(site)
        var columns = [Table.Column(label: "Actual \\ predicted")]
        for model in models {
            columns.append(Table.Column(label: model, sub: names.negative, numeric: true))
            columns.append(Table.Column(label: model, sub: names.positive, numeric: true))
        }
        func cell(_ x: Double?) -> Table.Cell {
            guard let x else { return .text("—") }
            return Table.Cell(content: Markup.text(NumberFormat.weight(x)), numeric: true, sortValue: Formatting.exact(x))
        }
        let negatives = models.flatMap { model in
            [cell(slice.curves[model]?.confusion.trueNegatives), cell(slice.curves[model]?.confusion.falsePositives)]
        }
        let positives = models.flatMap { model in
            [cell(slice.curves[model]?.confusion.falseNegatives), cell(slice.curves[model]?.confusion.truePositives)]
        }
        return Table(
            columns: columns,
            rows: [
                Table.Row(cells: [.header(Markup.text(names.negative))] + negatives),
                Table.Row(cells: [.header(Markup.text(names.positive))] + positives),
            ],
            caption: "At threshold \(Formatting.plain(site.results.threshold)).", sortable: false)
    }

    /// The slice's ROC or precision–recall curve of every model, solid, over the whole data's,
    /// dashed in the same colour.
    /// Element ids come from a hash of the drawn chart (`ChartID`): each slice's charts differ.
    static func curveChart(_ site: Site, _ slice: SliceResult, models: [String], roc: Bool) -> LineChart {
        let label = site.label(of: slice)
        var series: [Series] = []
        // The legend names the slice briefly: its section heading names it in full.
        for model in models {
            let color = site.modelColors[model] ?? 0
            if let curve = roc ? slice.curves[model]?.roc : slice.curves[model]?.precisionRecall, !curve.x.isEmpty {
                series.append(
                    Series(name: "\(model), this slice", x: curve.x, y: curve.y.map { Optional($0) }, colorIndex: color))
            }
            if let overall = site.results.curves[model].map({ roc ? $0.roc : $0.precisionRecall }), !overall.x.isEmpty {
                let keep = drawnPoints(overall.x.count)
                series.append(
                    Series(
                        name: "\(model), overall", x: keep.map { overall.x[$0] }, y: keep.map { Optional(overall.y[$0]) },
                        colorIndex: color, dashed: true))
            }
        }
        return LineChart(
            title: roc
                ? "Does the ranking hold on this slice? ROC curve"
                : "What does recall cost on this slice? Precision–recall curve",
            description: roc
                ? "True positive rate against false positive rate on \(label) (solid) and on all rows (dashed), per model."
                : "Precision against recall on \(label) (solid) and on all rows (dashed), per model.",
            xAxis: Axis(roc ? "False positive rate" : "Recall", min: 0, max: 1),
            yAxis: Axis(roc ? "True positive rate" : "Precision", min: 0, max: 1),
            series: series,
            references: roc ? [ReferenceLine(.identity, label: "chance")] : [],
            square: true)
    }

    /// The whole data's curve is a reference line here: about as many points as the slice's are
    /// drawn (evenly spaced along it, the last kept), so a page of many slices stays small.
    static func drawnPoints(_ count: Int, at most: Int = 60) -> [Int] {
        guard count > most else { return Array(0..<count) }
        return (0..<most).map { $0 * (count - 1) / (most - 1) }
    }

    static func reliabilityChart(_ site: Site, label: String, model: String, _ curves: SliceCurves)
        -> ReliabilityChart
    {
        ReliabilityChart(
            title: "Are \(model)'s scores calibrated on this slice? Reliability diagram",
            description:
                "Observed share of positives against the mean score in ten equal-width score bins on \(label), with the number of rows per bin underneath; points on the diagonal are calibrated.",
            bins: curves.reliability.map {
                ReliabilityChart.Bin(
                    lower: $0.lower, upper: $0.upper, count: $0.count, meanPrediction: $0.meanPrediction,
                    fractionPositive: $0.fractionPositive)
            },
            colorIndex: site.modelColors[model] ?? 0)
    }
}
