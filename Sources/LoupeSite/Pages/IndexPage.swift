import LoupeCharts
import LoupeResults

/// The overview: the verdict and findings first, then where models are weakest, then what was
/// evaluated. Everything links to the page with the evidence.
struct IndexPage: SingleSitePage {
    let path = "index.html"
    let title = "Overview"
    let template = "index.html"

    /// How many rows the "weakest slices" table keeps.
    static let weakestCount = 10

    func context(_ site: Site) -> TemplateValue {
        let results = site.results
        let findings = Findings.derive(site)
        return .object([
            "title": .text(results.title),
            "description": .optional(results.description.map(TemplateValue.text)),
            "summary": .text(Self.summary(site)),
            "hasRelated": .bool(!(results.related ?? []).isEmpty),
            "related": .list(
                (results.related ?? []).enumerated().map { index, link in
                    .object(["comma": .bool(index > 0), "title": .text(link.title), "href": .text(link.href)])
                }),
            "headline": .list(
                results.models.map { model in
                    .object([
                        "model": .text(model),
                        "href": .text(site.modelPages[model] ?? "index.html"),
                        "swatch": .html(Markup.swatch(site.modelColors[model] ?? 0)),
                        "isBaseline": .bool(model == site.baseline),
                        "metric": .text(site.rankName),
                        "value": .text(
                            site.overall(model)[site.rankMetric].flatMap { Formatting.value(of: site.rankMetric, $0) }
                                ?? "undefined"),
                        "interval": .optional(
                            site.overall(model)[site.rankMetric].flatMap { Formatting.interval(of: site.rankMetric, $0) }.map(
                                TemplateValue.text)),
                    ])
                }),
            "hasGates": .bool(!results.gates.isEmpty),
            "dataStatus": .optional(Self.dataStatus(site)),
            "gates": Self.gates(site),
            "findings": .list(
                findings.map { finding in
                    .object([
                        "sentence": .html(finding.sentence),
                        "href": .text(finding.href),
                        "linkText": .text(finding.linkText),
                        "concern": .bool(finding.concern),
                    ])
                }),
            "hasFindings": .bool(!findings.isEmpty),
            "hasModels": .bool(!results.isDataOnly),
            "dataOnly": .bool(results.isDataOnly),
            "hasDataPage": .bool(DataPage.applies(to: site)),
            "nothingText": .text(
                results.isDataOnly
                    ? "Nothing to judge: no reference (--reference) or schema (--schema) was given to compare the data with. The Data page has every column's statistics."
                    : "Nothing stands out: there are no slices or baseline to compare against."),
            "pairedComparison": .bool(!site.comparedModels.isEmpty),
            "independentComparison": .bool(site.comparedModels.isEmpty),
            "warnings": .list(results.warnings.map(TemplateValue.text)),
            "hasWarnings": .bool(!results.warnings.isEmpty),
            "metrics": Self.metricsTable(site).templateValue,
            "weakest": .optional(Self.weakestTable(site).map(\.templateValue)),
            "evaluated": Self.evaluated(site),
            "columns": .optional(Self.usedColumns(site).isEmpty ? nil : Self.columnsTable(site).templateValue),
            "columnCount": .text(Formatting.count(Self.usedColumns(site).count)),
            "otherColumns": .optional(
                results.columns.count > Self.usedColumns(site).count
                    ? .text(Formatting.count(results.columns.count - Self.usedColumns(site).count)) : nil),
            "rankMetric": .text(site.rankName),
            "ranking": .text(SliceRanking.explanation(site)),
            "confidence": .text(site.confidence),
            "hasSlices": .bool(!results.slices.isEmpty),
            "models": .list(
                results.models.enumerated().map { index, model in
                    .object([
                        "comma": .bool(index > 0),
                        "name": .text(model),
                        "href": .text(site.modelPages[model] ?? "index.html"),
                        "isBaseline": .bool(model == site.baseline),
                    ])
                }),
        ])
    }

    /// "Binary classification of `default` at threshold 0.5 · 6,172 rows · 2 models".
    static func summary(_ site: Site) -> String {
        let results = site.results
        if results.isDataOnly { return dataSummary(site) }
        var text = "\(results.task.displayName) of \(results.label)"
        if let positive = results.positiveLabel { text += " (positive: \(positive))" }
        if results.task == .binary { text += " at threshold \(Formatting.plain(results.threshold))" }
        let models = results.models.count == 1 ? "1 model" : "\(results.models.count) models"
        return "\(text) · \(Formatting.count(results.rowCount)) rows · \(models)"
    }

    /// A data-only report's line: "Data report · 1,827 rows, 13 columns · against the reference
    /// ref.csv (4,345 rows) · schema schema.json".
    static func dataSummary(_ site: Site) -> String {
        let results = site.results
        var parts = ["Data report"]
        let columns = results.data.map { ", \(Formatting.count($0.current.columns.count)) columns" } ?? ""
        parts.append("\(Formatting.count(results.data?.current.rowCount ?? results.rowCount)) rows\(columns)")
        if let reference = results.data?.reference {
            parts.append("against the reference \(reference.file) (\(Formatting.count(reference.rowCount)) rows)")
        }
        if let schema = results.data?.schemaFile { parts.append("schema \(schema)") }
        return parts.joined(separator: " · ")
    }

    /// With a schema, the data's verdict beside the gates': anomalies at error level fail the
    /// build (exit status 1) as a failed gate does.
    static func dataStatus(_ site: Site) -> TemplateValue? {
        guard let anomalies = site.results.anomalies else { return nil }
        let errors = anomalies.filter(\.isError).count, warnings = anomalies.count - errors
        let text: String
        if errors > 0 {
            text =
                "\(DataPage.plural(errors, "data anomaly", "data anomalies")) at error level against the schema: the build fails (exit status 1)."
        } else if warnings > 0 {
            text = "The data passes the schema, with \(DataPage.plural(warnings, "warning"))."
        } else {
            text = "The data matches the schema: no anomalies."
        }
        return .object(["passed": .bool(errors == 0), "text": .text(text)])
    }

    /// Rows: headline metrics present for any model; columns: models.
    static func metricsTable(_ site: Site) -> Table {
        let models = site.results.models
        let present = Set(models.flatMap { site.overall($0).keys })
        var keys = MetricRegistry.headline.filter(present.contains)
        if keys.isEmpty {
            // Another task's metrics: show them all, in catalogue then name order.
            keys = MetricCatalog.ordered(present).filter { !MetricCatalog.info($0).isCount }
        }
        let columns =
            [Table.Column(label: "Metric")]
            + models.map {
                Table.Column(label: $0, sub: $0 == site.baseline ? "baseline" : nil, numeric: true)
            }
        let rows = keys.map { key in
            Table.Row(
                cells: [Table.Cell.header(Markup.text(MetricCatalog.name(key)))]
                    + models.map { Table.Cell.metric(key, site.overall($0)[key]) })
        }
        return Table(
            columns: columns, rows: rows,
            caption: site.results.task == .regression
                ? "Overall, with \(site.confidence) intervals. Lower is better for the errors (RMSE, MAE, MAPE); residual = actual − predicted; the interval method of each is on the model pages."
                : "Overall, with \(site.confidence) intervals. Lower is better for log loss, Brier score and ECE; the interval method of each is on the model pages.",
            sortable: false)
    }

    /// One row per slice with every model side by side, weakest first by `SliceRanking` (the
    /// surest shortfall of any model, not the point estimate), at most `weakestCount`; only slices
    /// below overall for some model. Significant gaps marked.
    static func weakestTable(_ site: Site) -> Table? {
        let models = site.results.models
        let candidates = site.results.slices.filter { slice in
            !slice.tooSmall && models.contains { (slice.gap[$0]?.worse ?? 0) > 0 }
        }
        let ordered = SliceRanking.ordered(candidates, models: models).prefix(weakestCount)
        guard !ordered.isEmpty else { return nil }
        return slicesTable(site, slices: Array(ordered))
    }

    /// One row per slice, every model's rank metric and gap to overall side by side (the
    /// overview's weakest slices, and the model card's).
    static func slicesTable(_ site: Site, slices: [SliceResult], sortable: Bool = true) -> Table {
        let rank = site.rankMetric
        let models = site.results.models
        var columns = [Table.Column(label: "Slice"), Table.Column(label: "Rows", numeric: true)]
        for model in models {
            let overall = site.overall(model)[rank]?.value.map(Formatting.decimal) ?? "undefined"
            columns.append(Table.Column(label: model, sub: "\(site.rankName) (overall \(overall))", numeric: true))
            columns.append(
                Table.Column(
                    label: model, sub: "gap: slice − overall", numeric: true,
                    note: "Marked significant when the \(site.confidence) interval of the difference excludes zero."))
        }
        let rows = slices.map { slice in
            Table.Row(
                cells: [
                    .header(Markup.link(site.label(of: slice), href: site.sliceHref(slice)), sortValue: site.label(of: slice)),
                    .count(slice.count),
                ] + models.flatMap { model in [Table.Cell.metric(rank, slice.metrics[model]?[rank]), .gap(slice.gap[model])] })
        }
        return Table(columns: columns, rows: rows, sortable: sortable)
    }

    /// The (slice, model, how much worse) triples below overall on the rank metric, weakest
    /// first by `SliceRanking` (the surest shortfall), at most `count` (ties keep results order).
    static func weakest(_ site: Site, count: Int = weakestCount) -> [(SliceResult, String, Double)] {
        var pairs: [(SliceResult, String, Double)] = []
        for slice in site.results.slices where !slice.tooSmall {
            for model in site.results.models {
                if let worse = slice.gap[model]?.worse, worse > 0 { pairs.append((slice, model, worse)) }
            }
        }
        let keyed = pairs.enumerated().map { offset, pair in
            (offset, pair, SliceRanking.key(pair.0, models: [pair.1]))
        }
        return Array(
            keyed.sorted { a, b in
                SliceRanking.precedes(a.2, b.2) ? true : SliceRanking.precedes(b.2, a.2) ? false : a.0 < b.0
            }.map(\.1).prefix(count))
    }

    /// The gates for the verdict: failed first (each group in results order), with the overall
    /// status line ("2 of 7 gates failed").
    static func gates(_ site: Site) -> TemplateValue {
        let gates = site.results.gates
        let failed = gates.filter { !$0.passed }
        let ordered = failed + gates.filter(\.passed)
        return .object([
            "passed": .bool(failed.isEmpty),
            "status": .text(GateStatus.line(gates)),
            "items": .list(
                ordered.map { gate in
                    .object([
                        "passed": .bool(gate.passed),
                        "name": .text(gate.name),
                        "model": .text(gate.model),
                        // The evidence behind the verdict (the paired difference for a baseline
                        // bound, else the value's own interval); the raw message only when the gate
                        // could not be judged and has nothing else to show.
                        "detail": .optional(
                            (evidence(site, gate) ?? (gate.value == nil || gate.bound == nil ? gate.message : nil)).map(
                                TemplateValue.text)),
                        // Value against bound, when both are known (a gate that could not be
                        // judged has only its message).
                        "figures": .optional(
                            gate.value.flatMap { value in
                                gate.bound.map { bound in
                                    .object([
                                        "metric": .text(metricName(gate)),
                                        "value": .text(Formatting.decimal(value)),
                                        "comparison": .text(gate.comparison),
                                        "bound": .text(Formatting.decimal(bound)),
                                        // Where the bound came from, unless it was written as a number.
                                        "boundSource": .optional(
                                            Double(gate.boundExpression) == nil ? .text(gate.boundExpression) : nil),
                                    ])
                                }
                            }),
                    ])
                }),
        ])
    }

    /// "Paired difference −0.018 (−0.029 to −0.007), paired DeLong p = 0.002" for a gate against
    /// the baseline, "ROC AUC 0.712 (0.698–0.726)" for one against a number; `nil` when the results
    /// hold neither.
    static func evidence(_ site: Site, _ gate: GateResult) -> String? {
        let spec = gate.spec ?? [], key = gate.key ?? [:]
        if let className = gate.className, gate.attribute == nil {
            // A class's metric (`recall[cat]`): its own interval; results hold no paired comparison per class.
            let classes =
                spec.isEmpty
                ? site.results.multiclass?[gate.model]?.perClass
                : site.results.slices.first { $0.spec == spec && $0.key == key }?.perClass[gate.model]
            guard let metric = classes?.first(where: { $0.className == className })?.metrics[gate.metric],
                metric.value != nil, metric.lower != nil
            else { return nil }
            return "\(metricName(gate)) \(Formatting.estimate(metric, of: gate.metric)), \(site.confidence) interval."
        }
        if gate.boundExpression.hasPrefix("baseline"),
            let comparison = site.results.comparisons.first(where: {
                $0.model == gate.model && $0.spec == spec && $0.key == key
            }), let m = comparison.metrics[gate.metric], let d = m.difference.value
        {
            var text = "Paired difference from \(comparison.baseline) \(Formatting.signed(d))"
            if let interval = Formatting.interval(m.difference, signed: true) { text += " \(interval)" }
            if let method = m.method {
                text += ", \(ComparisonPage.methodName(method))"
                if let p = m.pValue { text += " p \(Formatting.pValue(p, inline: true))" }
            }
            return text + " — \(ComparisonPage.verdictText(m.reportedVerdict))."
        }
        let metrics =
            spec.isEmpty
            ? site.overall(gate.model)
            : site.results.slices.first { $0.spec == spec && $0.key == key }?.metrics[gate.model] ?? [:]
        guard let metric = metrics[gate.metric], metric.value != nil, metric.lower != nil else { return nil }
        return "\(MetricCatalog.name(gate.metric)) \(Formatting.estimate(metric, of: gate.metric)), \(site.confidence) interval."
    }

    /// The gate's metric as a reader names it: `Recall (TPR)`, or `Recall (TPR) of cat` for one
    /// class of a multiclass model.
    static func metricName(_ gate: GateResult) -> String {
        MetricCatalog.name(gate.metric) + (gate.className.map { " of \($0)" } ?? "")
    }

    static func evaluated(_ site: Site) -> TemplateValue {
        let results = site.results
        let provenance = results.provenance
        let excluded = provenance.rowsExcluded.keys.sorted().compactMap { reason -> TemplateValue? in
            guard let count = provenance.rowsExcluded[reason], count > 0 else { return nil }
            return .object(["reason": .text(reason), "count": .text(Formatting.count(count))])
        }
        let excludedTotal = provenance.rowsExcluded.values.reduce(0, +)
        return .object([
            "dataFile": .text(provenance.dataFile),
            "sha256": .text(provenance.dataSHA256),
            "rowsRead": .text(Formatting.count(provenance.rowsRead)),
            "rowsUsed": .text(Formatting.count(results.rowCount)),
            "excludedTotal": .text(Formatting.count(excludedTotal)),
            "excluded": .list(excluded),
            "hasExcluded": .bool(!excluded.isEmpty),
            "task": .text(results.task.rawValue),
            "label": .text(results.label),
            "positiveLabel": .optional(results.positiveLabel.map(TemplateValue.text)),
            // Only a classifier has a decision threshold.
            "threshold": .optional(results.task == .binary ? .text(Formatting.plain(results.threshold)) : nil),
            "baseline": .optional(site.baseline.map(TemplateValue.text)),
            "specs": .list(
                site.specs.map { spec in
                    .object([
                        "name": .text(spec.name),
                        "href": .text(site.specHref(spec.name)),
                        "sliceCount": .text(Formatting.count(site.slicesBySpec[spec.name]?.count ?? spec.sliceCount)),
                        "tooSmall": .optional(tooSmallNote(site, spec).map(TemplateValue.text)),
                    ])
                }),
            "hasSpecs": .bool(!site.specs.isEmpty),
            "fairness": .list(
                site.fairness.enumerated().map { index, attribute in
                    .object([
                        "comma": .bool(index > 0), "name": .text(attribute.name),
                        "href": .text("fairness.html#" + attribute.anchor),
                    ])
                }),
            "hasFairness": .bool(!site.fairness.isEmpty),
            "hasModels": .bool(!results.isDataOnly),
            "reference": .optional(
                results.data?.reference.map { reference in
                    .object([
                        "file": .text(reference.file), "rows": .text(Formatting.count(reference.rowCount)),
                    ])
                }),
            "schema": .optional(
                results.data?.schemaFile.map { file in
                    .text(file + (results.data?.environment.map { ", environment \($0)" } ?? ""))
                }),
            "hasDataPage": .bool(DataPage.applies(to: site)),
        ])
    }

    static func tooSmallNote(_ site: Site, _ spec: SliceSpec) -> String? {
        let count = site.slicesBySpec[spec.name]?.filter(\.tooSmall).count ?? spec.tooSmallCount
        guard count > 0 else { return nil }
        return "\(Formatting.count(count)) too small to report"
    }

    /// The columns with a role (label, score, weight, timestamp, slice): the ones the report used.
    static func usedColumns(_ site: Site) -> [ColumnSummary] { site.results.columns.filter { $0.role != nil } }

    static func columnsTable(_ site: Site) -> Table {
        let columns = [
            Table.Column(label: "Column"), Table.Column(label: "Kind"), Table.Column(label: "Role"),
            Table.Column(label: "Missing", numeric: true), Table.Column(label: "Distinct", numeric: true),
        ]
        let rows = usedColumns(site).map { column in
            Table.Row(cells: [
                .header(Markup.text(column.name)),
                .text(column.kind),
                .text(column.role ?? "—"),
                .count(column.missing),
                distinctCell(column),
            ])
        }
        return Table(columns: columns, rows: rows)
    }

    /// A column's distinct values: the count, or "over 1,024" where the reader stopped counting
    /// (a measurement's values, which are not categories).
    static func distinctCell(_ column: ColumnSummary) -> Table.Cell {
        guard let distinct = column.distinct else { return .text("—") }
        guard column.distinctIsOverLimit else { return .count(distinct) }
        // Sorted as the count it stands for, above every exact count up to the limit.
        var cell = Table.Cell.text("over \(Formatting.count(ColumnSummary.countedDistinctLimit))")
        (cell.numeric, cell.sortValue) = (true, String(distinct))
        return cell
    }
}

extension String {
    /// `0.500` → `0.5`, `1.000` → `1`; other text unchanged.
    func trimmingTrailingZeros() -> String {
        guard contains(".") else { return self }
        var text = self
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
