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
            guard slices.contains(where: hasDetail) else { return nil }
            return SliceDetailPage(
                spec: spec, path: site.sliceDetailPath(spec.name), multiclass: site.results.multiclass?.isEmpty == false)
        }
    }

    /// Whether the results hold a slice's detail: binary curves or multiclass per-class metrics.
    static func hasDetail(_ slice: SliceResult) -> Bool { !slice.curves.isEmpty || !slice.perClass.isEmpty }

    var title: String { "Slices of \(spec.name)" }
    var template: String { multiclass ? "slice-detail-multiclass.html" : "slice-detail.html" }
    /// A multiclass build's slices show each class's metrics against overall instead of curves.
    var multiclass = false
    var sortsTables: Bool { false }
    var inNavigation: Bool { false }
    /// A section per slice, with every model's metrics.
    func renderCost(_ site: Site) -> Int { (site.slicesBySpec[spec.name]?.count ?? 0) * site.results.models.count }

    /// The metrics beside each slice's counts: the rank metric, then those of the slice tables.
    static func keys(_ site: Site) -> [String] {
        [site.rankMetric] + MetricRegistry.sliceDetail.filter { $0 != site.rankMetric } + ["precision"]
    }

    func context(_ site: Site) -> TemplateValue {
        let slices = (site.slicesBySpec[spec.name] ?? []).filter(Self.hasDetail)
        let (reported, _) = SlicesPage.ordered(site, slices)
        if multiclass {
            return .object([
                "name": .text(spec.name),
                "back": .text(site.specHref(spec.name)),
                "confidence": .text(site.confidence),
                "slices": .list(reported.map { Self.multiclassSection(site, $0) }),
            ])
        }
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

    static func multiclassSection(_ site: Site, _ slice: SliceResult) -> TemplateValue {
        let models = site.results.models.filter { slice.perClass[$0] != nil }
        return .object([
            "id": .text(site.sliceAnchor(slice) ?? "slice"),
            "label": .text(site.label(of: slice)),
            "rows": .text(Formatting.count(slice.count)),
            "metrics": metricsTable(site, slice, models: models).templateValue,
            "models": .list(
                models.map { model in
                    .object([
                        "model": .text(model),
                        "swatch": .html(Markup.swatch(site.modelColors[model] ?? 0)),
                        "worst": .optional(WorstClass.of(slice, model: model, in: site).map { .text($0.phrase) }),
                        "table": perClassTable(site, slice, model: model).templateValue,
                    ])
                }),
        ])
    }

    /// A multiclass model's per-class precision, recall and F1 on the slice beside overall,
    /// the classes whose recall drops most first (those above overall after, in class order).
    static func perClassTable(_ site: Site, _ slice: SliceResult, model: String) -> Table {
        let overall = site.results.multiclass?[model]
        let keys = ["recall", "precision", "f1"]
        var columns = [Table.Column(label: "Class"), Table.Column(label: "Support", sub: "this slice", numeric: true)]
        for key in keys {
            columns.append(Table.Column(label: MulticlassModelPage.className(ofMetric: key), sub: "this slice", numeric: true))
            columns.append(Table.Column(label: MulticlassModelPage.className(ofMetric: key), sub: "overall", numeric: true))
        }
        let perClass = slice.perClass[model] ?? []
        func drop(_ m: ClassMetrics) -> Double {
            guard let value = m.metrics["recall"]?.value,
                let base = overall?.metrics(of: m.className)?.metrics["recall"]?.value
            else { return -.infinity }
            return base - value
        }
        let ordered = perClass.enumerated().sorted { a, b in
            let (da, db) = (drop(a.element), drop(b.element))
            return da != db ? da > db : a.offset < b.offset
        }.map(\.element)
        let rows = ordered.map { metrics in
            let whole = overall?.metrics(of: metrics.className)
            var cells: [Table.Cell] = [
                .header(Markup.text(metrics.className), sortValue: metrics.className), .count(metrics.support),
            ]
            for key in keys {
                var cell = Table.Cell.metric(key, metrics.metrics[key])
                if let upper = metrics.metrics[key]?.upper, let base = whole?.metrics[key]?.value, upper < base {
                    cell.flag = true
                }
                cells.append(cell)
                cells.append(.metric(key, whole?.metrics[key]))
            }
            return Table.Row(cells: cells)
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "Each class against the rest, on this slice with \(site.confidence) intervals and on all rows; the largest recall drop first. A shaded value's whole interval is below the overall value.",
            sortable: false)
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
