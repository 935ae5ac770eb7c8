import LoupeCharts
import LoupeResults

/// One section per slicing spec: a chart of the rank metric per slice (worst first) and the
/// tables behind it. Too-small slices are listed without numbers.
struct SlicesPage: SingleSitePage {
    let path = "slices.html"
    let title = "Slices"
    let template = "slices.html"

    static func applies(to site: Site) -> Bool { !site.results.slices.isEmpty }

    /// The chart shows at most this many slices (the weakest); the tables list them all.
    static let chartLimit = 12

    func context(_ site: Site) -> TemplateValue {
        .object([
            "rankMetric": .text(site.rankName),
            "ranking": .text(SliceRanking.explanation(site)),
            "confidence": .text(site.confidence),
            "minimum": .optional(site.minimumSliceSize.map { .text(Formatting.count($0)) }),
            "toc": .list(
                site.specs.map { spec in
                    .object(["name": .text(spec.name), "href": .text("#" + (site.specAnchors[spec.name] ?? ""))])
                }),
            "specs": .list(site.specs.map { Self.section(site, $0) }),
        ])
    }

    /// Reportable slices weakest first (`SliceRanking`: surest shortfall of any model), then
    /// too-small ones by size.
    static func ordered(_ site: Site, _ slices: [SliceResult]) -> (reported: [SliceResult], tooSmall: [SliceResult]) {
        let reported = SliceRanking.ordered(slices.filter { !$0.tooSmall }, models: site.results.models)
        let tooSmall = slices.filter(\.tooSmall).enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }.map(\.element)
        return (reported, tooSmall)
    }

    static func section(_ site: Site, _ spec: SliceSpec) -> TemplateValue {
        let slices = site.slicesBySpec[spec.name] ?? []
        let (reported, tooSmall) = ordered(site, slices)
        let significant = reported.filter { slice in
            site.results.models.contains { (slice.gap[$0]?.significant ?? false) && (slice.gap[$0]?.worse ?? 0) > 0 }
        }.count
        var summary = "\(Formatting.count(slices.count)) slices"
        if !tooSmall.isEmpty { summary += ", \(Formatting.count(tooSmall.count)) too small to report" }
        summary += "; \(Formatting.count(significant)) significantly worse than overall for at least one model."
        if !spec.restrictions.isEmpty {
            summary +=
                " Restricted to "
                + spec.restrictions.keys.sorted().map { "\($0) = \(spec.restrictions[$0] ?? "")" }.joined(separator: ", ") + "."
        }
        let binNotes = spec.binEdges.keys.sorted().map { column -> TemplateValue in
            let edges = (spec.binEdges[column] ?? []).map(Formatting.plain).joined(separator: ", ")
            return .text("\(column) cut into quantile bins at \(edges).")
        }
        return .object([
            "id": .text(site.specAnchors[spec.name] ?? "spec"),
            "name": .text(spec.name),
            "summary": .text(summary),
            "binNotes": .list(binNotes),
            "chart": .optional(reported.isEmpty ? nil : .html(Markup.responsive(chart(site, spec, reported)))),
            "chartNote": .optional(
                reported.count > chartLimit
                    ? .text(
                        "The chart shows the \(chartLimit) weakest of \(Formatting.count(reported.count)) slices; the table lists all of them."
                    )
                    : nil),
            "table": mainTable(site, reported: reported, tooSmall: tooSmall).templateValue,
            "worstClasses": .optional(
                worstClassFindings(site, reported).nonEmpty.map { .object(["items": .list($0)]) }),
            // Not a ranking: the slices in their natural order (bins ascending).
            "detail": .optional(reported.isEmpty ? nil : detailTable(site, slices.filter { !$0.tooSmall }).templateValue),
        ])
    }

    static func chart(_ site: Site, _ spec: SliceSpec, _ reported: [SliceResult]) -> IntervalChart {
        let rank = site.rankMetric
        let models = site.results.models
        var rows: [IntervalRow] = []
        for slice in reported.prefix(chartLimit) {
            for (index, model) in models.enumerated() {
                let metric = slice.metrics[model]?[rank]
                let gap = slice.gap[model]
                rows.append(
                    IntervalRow(
                        category: slice.spec.map { slice.key[$0] ?? "(missing)" }.joined(separator: " · "), seriesIndex: index,
                        value: metric?.value,
                        lower: metric?.lower, upper: metric?.upper,
                        flagged: (gap?.significant ?? false) && (gap?.worse ?? 0) > 0))
            }
        }
        var references: [Int: Double] = [:]
        for (index, model) in models.enumerated() {
            if let value = site.overall(model)[rank]?.value { references[index] = value }
        }
        let worseWord = MetricCatalog.info(rank).direction == .lowerIsBetter ? "higher" : "lower"
        var chart = IntervalChart(
            title: "Where is each model weaker? \(site.rankName) by \(spec.name)",
            description:
                "\(site.rankName) per slice of \(spec.name) with \(site.confidence) intervals, weakest slice first; grey lines mark each model's overall value, and marked points are significantly \(worseWord) than overall.",
            axis: Axis(site.rankName),
            seriesNames: models,
            seriesColors: models.map { site.modelColors[$0] ?? 0 },
            rows: rows,
            references: references,
            idSuffix: site.specAnchors[spec.name]
        )
        // The values alone: the label column is headed by the spec's columns.
        chart.categoryTitle = spec.name
        return chart
    }

    static func mainTable(_ site: Site, reported: [SliceResult], tooSmall: [SliceResult]) -> Table {
        let rank = site.rankMetric
        let models = site.results.models
        var columns = [Table.Column(label: "Slice"), Table.Column(label: "Rows", numeric: true)]
        let perClass = reported.contains { !$0.perClass.isEmpty }
        for model in models {
            columns.append(Table.Column(label: model, sub: site.rankName, numeric: true))
            columns.append(
                Table.Column(
                    label: model, sub: "gap to overall", numeric: true,
                    note: "Slice minus overall; marked significant when its \(site.confidence) interval excludes zero."))
            if perClass {
                columns.append(
                    Table.Column(
                        label: model, sub: "worst class: recall", numeric: true,
                        note:
                            "The class whose recall in the slice falls furthest below its overall recall, with the slice's \(site.confidence) interval; marked when the whole interval is below overall."
                    ))
            }
        }
        var rows = reported.map { slice in
            let label = site.label(of: slice)
            let name = site.sliceDetailHref(slice).map { Markup.link(label, href: $0) } ?? Markup.text(label)
            return Table.Row(
                cells: [.header(name, sortValue: label), .count(slice.count)]
                    + models.flatMap { model in
                        [Table.Cell.metric(rank, slice.metrics[model]?[rank]), .gap(slice.gap[model])]
                            + (perClass ? [worstClassCell(site, slice, model: model)] : [])
                    },
                id: site.sliceAnchor(slice))
        }
        rows += tooSmall.map { slice in
            var note = Table.Cell(content: Markup.text(site.tooSmallText(slice)))
            note.columnSpan = models.count * (perClass ? 3 : 2)
            return Table.Row(
                cells: [.header(Markup.text(site.label(of: slice))), .count(slice.count), note],
                id: site.sliceAnchor(slice), className: "too-small")
        }
        return Table(columns: columns, rows: rows)
    }

    /// A multiclass slice's worst class, or "none below overall" when no class's recall is below its overall recall.
    static func worstClassCell(_ site: Site, _ slice: SliceResult, model: String) -> Table.Cell {
        WorstClass.of(slice, model: model, in: site)?.cell
            ?? Table.Cell(content: Markup.text("none below overall"), numeric: true, sortValue: "0")
    }

    /// For a multiclass model, the slices whose worst class's recall interval lies wholly below
    /// the class's overall recall, largest drop first, at most `worstClassSentences`:
    /// "In ink = light, class 3 recall drops to 0.512 (0.441–0.583) from 0.733 overall (candidate)."
    static func worstClassFindings(_ site: Site, _ reported: [SliceResult]) -> [TemplateValue] {
        var found: [(SliceResult, String, WorstClass)] = []
        for slice in reported {
            for model in site.results.models {
                if let worst = WorstClass.of(slice, model: model, in: site), worst.intervalBelow {
                    found.append((slice, model, worst))
                }
            }
        }
        let models = site.results.models.count
        return found.enumerated().sorted { a, b in
            a.element.2.drop != b.element.2.drop ? a.element.2.drop > b.element.2.drop : a.offset < b.offset
        }.prefix(worstClassSentences).map { _, item in
            let (slice, model, worst) = item
            let who = models > 1 ? " (\(model))" : ""
            return .object([
                "sentence": .text("In \(site.label(of: slice)), \(worst.phrase)\(who)."),
                "href": .text("#" + (site.sliceAnchor(slice) ?? "")),
            ])
        }
    }

    /// How many worst-class sentences a slicing spec's section states.
    static let worstClassSentences = 3

    /// One row per slice and model with the metrics a reviewer checks next.
    static func detailTable(_ site: Site, _ reported: [SliceResult]) -> Table {
        let present = Set(reported.flatMap { slice in slice.metrics.values.flatMap(\.keys) })
        let keys = MetricRegistry.sliceDetail.filter(present.contains)
        let columns =
            [Table.Column(label: "Slice"), Table.Column(label: "Model")]
            + keys.map { Table.Column(label: MetricCatalog.name($0), numeric: true) }
        let rows = reported.flatMap { slice in
            site.results.models.map { model in
                Table.Row(
                    cells: [.header(Markup.text(site.label(of: slice))), .text(model)]
                        + keys.map { Table.Cell.metric($0, slice.metrics[model]?[$0]) })
            }
        }
        return Table(columns: columns, rows: rows)
    }
}

extension Array {
    /// The array, or `nil` when it is empty.
    fileprivate var nonEmpty: [Element]? { isEmpty ? nil : self }
}
