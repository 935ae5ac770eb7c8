import LoupeCharts
import LoupeMarkup
import LoupeResults

/// The model card's quantitative analysis, drawn from the results alone: every number with its
/// interval, each linked to the page of the site that proves it.
extension ModelCardPage {
    /// How many of the weakest slices the card lists when it describes no model of the results.
    static let weakestCount = ModelCardContent.weakestCount
    /// How many confused class pairs the card lists per model.
    static let confusedCount = 5

    // MARK: Headline

    /// The headline metrics, one row per metric, models side by side; each value links to its
    /// model's metrics table.
    static func metricsTable(_ site: Site) -> Table {
        var table = IndexPage.metricsTable(site)
        let models = site.results.models
        for row in table.rows.indices {
            for (offset, model) in models.enumerated() where table.rows[row].cells.indices.contains(offset + 1) {
                table.rows[row].cells[offset + 1].href = modelMetricsHref(site, model)
            }
        }
        table.caption =
            "Overall, with \(site.confidence) intervals. Each value links to the model's page, where every metric's interval method is given."
        return table
    }

    static func modelMetricsHref(_ site: Site, _ model: String) -> String {
        (site.modelPages[model] ?? "index.html") + "#metrics"
    }

    /// One card per model: the rank metric with its interval.
    static func headline(_ site: Site) -> TemplateValue {
        .list(
            site.results.models.map { model in
                let metric = site.overall(model)[site.rankMetric]
                return .object([
                    "model": .text(model),
                    "href": .text(modelMetricsHref(site, model)),
                    "swatch": .html(Markup.swatch(site.modelColors[model] ?? 0)),
                    "isBaseline": .bool(model == site.baseline),
                    "metric": .text(site.rankName),
                    "value": .text(metric.flatMap { Formatting.value(of: site.rankMetric, $0) } ?? "undefined"),
                    "interval": .optional(
                        metric.flatMap { Formatting.interval(of: site.rankMetric, $0) }.map(TemplateValue.text)),
                ])
            })
    }

    // MARK: Gates

    /// Each gate with its outcome, failed first; its value links to where the value is shown.
    static func gatesTable(_ site: Site) -> Table? {
        let gates = site.results.gates
        guard !gates.isEmpty else { return nil }
        let ordered = gates.filter { !$0.passed } + gates.filter(\.passed)
        let columns = [
            Table.Column(label: "Gate"), Table.Column(label: "Model"), Table.Column(label: "Outcome"),
            Table.Column(label: "Value", numeric: true), Table.Column(label: "Required", numeric: true),
            Table.Column(label: "Evidence"),
        ]
        let rows = ordered.map { gate -> Table.Row in
            var value: Table.Cell
            if let v = gate.value {
                value = Table.Cell(content: Markup.text(Formatting.decimal(v)), numeric: true, sortValue: Formatting.exact(v))
                value.href = gateHref(site, gate)
            } else {
                value = Table.Cell(content: Markup.undefined(gate.message), numeric: true)
            }
            let required =
                gate.bound.map { bound -> Table.Cell in
                    var text = "\(gate.comparison) \(Formatting.decimal(bound))"
                    if Double(gate.boundExpression) == nil { text += " (\(gate.boundExpression))" }
                    return Table.Cell(content: Markup.text(text), numeric: true)
                } ?? .text("—")
            let outcome = Table.Cell(
                content: gate.passed ? Markup.text("✔ passed") : Markup.badge("✘ failed"), flag: !gate.passed,
                sortValue: gate.passed ? "1" : "0")
            let evidence = IndexPage.evidence(site, gate) ?? (gate.value == nil ? gate.message : "—")
            return Table.Row(cells: [
                .header(HTML(trusted: "<code>") + Markup.text(gate.name) + HTML(trusted: "</code>"), sortValue: gate.name),
                .text(gate.model), outcome, value, required, .text(evidence),
            ])
        }
        return Table(columns: columns, rows: rows, caption: "Failed gates first. " + GateStatus.line(gates) + ".")
    }

    /// Where a gate's value is shown: the paired comparison for a bound against the baseline,
    /// the slice's row for a slice, the fairness attribute for a group, else the model's metrics.
    static func gateHref(_ site: Site, _ gate: GateResult) -> String {
        let spec = gate.spec ?? [], key = gate.key ?? [:]
        if gate.boundExpression.hasPrefix("baseline"),
            let comparison = site.results.comparisons.first(where: {
                $0.model == gate.model && $0.spec == spec && $0.key == key
            })
        {
            return "comparison.html#" + site.comparisonAnchor(comparison)
        }
        if let attribute = gate.attribute, let found = site.fairness.first(where: { $0.name == attribute }) {
            return "fairness.html#" + found.anchor
        }
        if !spec.isEmpty, let slice = site.results.slices.first(where: { $0.spec == spec && $0.key == key }) {
            return site.sliceHref(slice)
        }
        return modelMetricsHref(site, gate.model)
    }

    // MARK: Comparison with the baseline

    /// Each compared model's paired differences from the baseline on the whole data, every
    /// metric; each difference links to its row on comparison.html.
    static func comparisonTable(_ site: Site) -> Table? {
        let overall = site.comparedModels.compactMap { site.overallComparison(of: $0) }
        guard !overall.isEmpty else { return nil }
        // One candidate: the heading names it, and each row is a metric (a card on a phone).
        let several = overall.count > 1
        let columns =
            [Table.Column(label: "Metric")] + (several ? [Table.Column(label: "Candidate")] : [])
            + [
                Table.Column(label: several ? "Candidate" : overall[0].model, sub: "value", numeric: true),
                Table.Column(label: "Baseline", sub: site.baseline ?? "", numeric: true),
                Table.Column(
                    label: "Difference", sub: "candidate − baseline", numeric: true,
                    note: "With the paired \(site.confidence) interval of the difference."),
                Table.Column(label: "Verdict"),
            ]
        var rows: [Table.Row] = []
        for comparison in overall {
            let href = "comparison.html#" + site.comparisonAnchor(comparison)
            for metric in MetricCatalog.ordered(comparison.metrics.keys) {
                let m = comparison.metrics[metric]
                var difference = ComparisonPage.differenceCell(metric, m)
                difference.href = href
                rows.append(
                    Table.Row(
                        cells: [.header(Markup.text(MetricCatalog.name(metric)))]
                            + (several ? [.text(comparison.model)] : [])
                            + [
                                .metric(metric, Metric(m?.model)), .metric(metric, Metric(m?.baseline)), difference,
                                ComparisonPage.verdictCell(m),
                            ]))
            }
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "On the whole data, paired (both models scored on the same rows). A verdict says better or worse only when the interval of the difference excludes zero; each difference links to its row on the comparison page.",
            sortable: false)
    }

    /// The headline sentence per compared model ("candidate is significantly better …").
    static func comparisonSentences(_ site: Site) -> [TemplateValue] {
        site.comparedModels.compactMap { model -> TemplateValue? in
            guard let comparison = site.overallComparison(of: model),
                let sentence = ComparisonPage.headline(site, comparison)
            else { return nil }
            return .object([
                "sentence": .html(sentence), "href": .text("comparison.html#" + site.comparisonAnchor(comparison)),
            ])
        }
    }

    // MARK: Slices

    /// The weakest slices of the model the card describes (`ModelCardContent`, so every output of
    /// the card names the same ones), every model side by side as on the overview.
    static func weakestTable(_ site: Site, slices: [SliceResult]) -> Table? {
        guard !slices.isEmpty else { return nil }
        var table = IndexPage.slicesTable(site, slices: slices, sortable: false)
        linkSliceValues(site, &table, slices: slices)
        return table
    }

    /// The weakest slices for any model, when the card's model is not among the results'.
    static func weakestSlices(_ site: Site) -> [SliceResult] {
        let models = site.results.models
        let candidates = site.results.slices.filter { slice in
            !slice.tooSmall && models.contains { (slice.gap[$0]?.worse ?? 0) > 0 }
        }
        return Array(SliceRanking.ordered(candidates, models: models).prefix(weakestCount))
    }

    /// Every number of a slice's row links to that slice's row on slices.html.
    static func linkSliceValues(_ site: Site, _ table: inout Table, slices: [SliceResult]) {
        for (index, slice) in slices.enumerated() where table.rows.indices.contains(index) {
            let href = site.sliceHref(slice)
            for cell in table.rows[index].cells.indices where !table.rows[index].cells[cell].rowHeader {
                if table.rows[index].cells[cell].sortValue != nil { table.rows[index].cells[cell].href = href }
            }
        }
    }

    /// All slices of a spec the card names: the slices page's chart and table, with each row's
    /// numbers linked to the slice's row there (the row ids stay on slices.html).
    static func specSection(_ site: Site, _ spec: SliceSpec) -> TemplateValue {
        let slices = site.slicesBySpec[spec.name] ?? []
        let (reported, tooSmall) = SlicesPage.ordered(site, slices)
        var table = SlicesPage.mainTable(site, reported: reported, tooSmall: tooSmall)
        for row in table.rows.indices { table.rows[row].id = nil }
        linkSliceValues(site, &table, slices: reported)
        var chart: HTML? = nil
        if !reported.isEmpty {
            var drawn = SlicesPage.chart(site, spec, reported)
            drawn.idSuffix = "card-" + (site.specAnchors[spec.name] ?? "spec")
            chart = Markup.responsive(drawn)
        }
        return .object([
            "name": .text(spec.name),
            "href": .text(site.specHref(spec.name)),
            "chart": .optional(chart.map(TemplateValue.html)),
            "chartNote": .optional(
                reported.count > SlicesPage.chartLimit
                    ? .text(
                        "The chart shows the \(SlicesPage.chartLimit) weakest of \(Formatting.count(reported.count)) slices; the table lists all of them."
                    ) : nil),
            "table": table.templateValue,
        ])
    }

    // MARK: Fairness

    /// One attribute: the summary sentences (largest significant gaps), the summary metrics, the
    /// per-group ROC AUC chart and the rates at the decision threshold, linked to fairness.html.
    static func fairnessSection(_ site: Site, _ attribute: FairnessAttribute) -> TemplateValue {
        let lines: [TemplateValue] = FairnessStatements.lines(site, attribute).map { line in
            .object([
                "sentence": .html(line.sentence),
                "href": .optional(line.href.map { .text($0.hasPrefix("#") ? "fairness.html" + $0 : $0) }),
                "concern": .bool(line.concern),
            ])
        }
        var summary = FairnessPage.summaryTable(site, attribute)
        let summaryHref = "fairness.html#" + attribute.anchor + "_summary"
        for row in summary.rows.indices {
            for cell in summary.rows[row].cells.indices where summary.rows[row].cells[cell].sortValue != nil {
                summary.rows[row].cells[cell].href = summaryHref
            }
        }
        var auc = FairnessPage.aucChart(site, attribute)
        auc?.idSuffix = "card-" + attribute.anchor
        let several = attribute.entries.count > 1
        let rates: [TemplateValue] = attribute.entries.compactMap { entry -> TemplateValue? in
            let result = entry.result
            guard let at = FairnessStatements.decisionThreshold(result, threshold: site.results.threshold) else {
                return nil
            }
            let items = FairnessStatements.items(site, attribute, entry)
            let order = FairnessPage.groupOrder(result, at: at, items: items)
            var table = FairnessPage.ratesTable(site, at: at, order: order, reference: result.reference)
            let href = "fairness.html#" + entry.anchor
            for row in table.rows.indices {
                table.rows[row].id = nil
                for cell in table.rows[row].cells.indices where table.rows[row].cells[cell].sortValue != nil {
                    if !table.rows[row].cells[cell].rowHeader { table.rows[row].cells[cell].href = href }
                }
            }
            return .object([
                "model": .optional(several ? .text(result.model) : nil),
                "threshold": .text(Formatting.threshold(at.threshold)),
                "table": table.templateValue,
            ])
        }
        return .object([
            "name": .text(attribute.name),
            "href": .text("fairness.html#" + attribute.anchor),
            "reference": .text(FairnessPage.references(attribute)),
            "lines": .list(lines),
            "summary": summary.rows.isEmpty ? .optional(nil) : summary.templateValue,
            "auc": .optional(auc.map { .html($0.render()) }),
            "rates": .list(rates),
        ])
    }

    // MARK: Multiclass

    /// Per model: each class's metrics with their intervals and the most confused pairs.
    static func multiclassSections(_ site: Site) -> [TemplateValue] {
        guard let analyses = site.results.multiclass else { return [] }
        return site.results.models.compactMap { model -> TemplateValue? in
            guard let analysis = analyses[model] else { return nil }
            let href = modelMetricsHref(site, model)
            let keys = ClassMetrics.metricNames.filter { key in analysis.perClass.contains { $0.metrics[key] != nil } }
            let columns =
                [Table.Column(label: "Class"), Table.Column(label: "Rows", numeric: true)]
                + keys.map { Table.Column(label: MetricCatalog.name($0), numeric: true) }
            let rows = analysis.perClass.map { metrics -> Table.Row in
                var cells: [Table.Cell] = [
                    .header(Markup.text(metrics.className), sortValue: metrics.className), .count(metrics.support),
                ]
                for key in keys {
                    var cell = Table.Cell.metric(key, metrics.metrics[key])
                    if cell.sortValue != nil { cell.href = href }
                    cells.append(cell)
                }
                return Table.Row(cells: cells)
            }
            let perClass = Table(
                columns: columns, rows: rows,
                caption: "One class against the rest, with \(site.confidence) intervals; rows are the class's true rows.")
            let pairs = analysis.confusedPairs.prefix(confusedCount)
            let pairRows = pairs.map { pair -> Table.Row in
                var share = Table.Cell(
                    content: Markup.text(pair.share.value.map { Formatting.percentage($0) } ?? "undefined"), numeric: true,
                    sortValue: pair.share.value.map(Formatting.exact),
                    interval: pair.share.lower.flatMap { lower in
                        pair.share.upper.map { "(\(Formatting.percentage(lower))–\(Formatting.percentage($0)))" }
                    })
                share.href = href
                return Table.Row(cells: [
                    .header(Markup.text(pair.actual), sortValue: pair.actual), .text(pair.predicted),
                    Table.Cell(
                        content: Markup.text(Formatting.plain(pair.count)), numeric: true,
                        sortValue: Formatting.exact(pair.count)),
                    share,
                ])
            }
            let confused = Table(
                columns: [
                    Table.Column(label: "Actual"), Table.Column(label: "Predicted as"),
                    Table.Column(label: "Rows", numeric: true),
                    Table.Column(
                        label: "Share", sub: "of the actual class", numeric: true,
                        note: "With its \(site.confidence) Wilson interval."),
                ],
                rows: Array(pairRows),
                caption: "The most frequent confusions, largest share of the actual class first.")
            return .object([
                "model": .text(model),
                "href": .text(href),
                "perClass": perClass.templateValue,
                "confused": .optional(pairRows.isEmpty ? nil : confused.templateValue),
            ])
        }
    }

    // MARK: Data

    /// The evaluation data as the results record it: the file, its SHA-256, rows read and used,
    /// and why rows were excluded.
    static func dataFacts(_ site: Site) -> TemplateValue {
        let results = site.results
        let provenance = results.provenance
        let excluded = provenance.rowsExcluded.keys.sorted().compactMap { reason -> TemplateValue? in
            guard let count = provenance.rowsExcluded[reason], count > 0 else { return nil }
            return .object(["reason": .text(reason), "count": .text(Formatting.count(count))])
        }
        return .object([
            "hasFile": .bool(!provenance.dataFile.isEmpty),
            "dataFile": .text(provenance.dataFile),
            "sha256": .text(provenance.dataSHA256.isEmpty ? "not recorded" : provenance.dataSHA256),
            "rowsRead": .text(Formatting.count(provenance.rowsRead)),
            "rowsUsed": .text(Formatting.count(results.rowCount)),
            "excludedTotal": .text(Formatting.count(provenance.rowsExcluded.values.reduce(0, +))),
            "excluded": .list(excluded),
            "hasExcluded": .bool(!excluded.isEmpty),
            "task": .text(IndexPage.summary(site)),
            "checks": dataChecks(site),
        ])
    }

    /// Anomalies and drift as the card states them (`DataCheckLines`), linked to data.html.
    static func dataChecks(_ site: Site) -> TemplateValue {
        let lines = DataCheckLines(site.results)
        guard !lines.isEmpty else { return .optional(nil) }
        return .object([
            "anomalies": .list(lines.anomalies.map(TemplateValue.text)),
            "drifted": .list(lines.drifted.map(TemplateValue.text)),
            "reassurances": .list(lines.reassurances.map(TemplateValue.text)),
            "hasAnomalies": .bool(!lines.anomalies.isEmpty),
            "hasDrifted": .bool(!lines.drifted.isEmpty),
        ])
    }
}

extension ModelCardPage {
    /// The monitoring verdict (`MonitoringVerdict`) on the card's model, every sentence, with what
    /// was monitored;
    /// `nil` without `--window`.
    static func monitoring(_ site: Site, model: String?) -> TemplateValue? {
        guard let monitoring = site.results.monitoring, let verdict = MonitoringVerdict(site.results, model: model) else {
            return nil
        }
        return .object([
            "lede": .text(MonitoringVerdict.scope(monitoring)),
            "sentences": .list(verdict.sentences.map(TemplateValue.text)),
        ])
    }
}
