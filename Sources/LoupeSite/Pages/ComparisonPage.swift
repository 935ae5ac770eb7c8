import LoupeCharts
import LoupeMarkup
import LoupeResults

/// The candidates against the baseline, paired (`results.comparisons`): for each candidate, where
/// it loses first — the slices where the rank metric or another headline metric is significantly
/// worse, surest first, in sentences — then per slicing spec a chart of the rank metric's
/// differences and the tables with every metric.
struct ComparisonPage: SingleSitePage {
    let path = "comparison.html"
    let title = "Comparison"
    let template = "comparison.html"

    static func applies(to site: Site) -> Bool { !site.comparedModels.isEmpty }

    /// Rows per slice and compared model.
    func renderCost(_ site: Site) -> Int { site.results.slices.count * site.comparedModels.count }

    /// The chart shows at most this many slices (the worst); the tables list them all.
    static let chartLimit = 20
    /// How many loss sentences a candidate's list shows before "N more".
    static let lossLimit = 8

    func context(_ site: Site) -> TemplateValue {
        let baseline = site.baseline ?? site.results.baseline ?? "baseline"
        let candidates = site.comparedModels
        return .object([
            "baseline": .text(baseline),
            "rankMetric": .text(Self.inSentence(site.rankName)),
            "confidence": .text(site.confidence),
            "isBinary": .bool(site.results.task == .binary),
            "methods": .text(Self.methodsSentence(site)),
            "multiplicity": .optional(Self.multiplicitySentence(site).map(TemplateValue.text)),
            "candidates": .list(candidates.map { Self.candidate(site, model: $0, baseline: baseline) }),
            "severalCandidates": .bool(candidates.count > 1),
        ])
    }

    static func candidate(_ site: Site, model: String, baseline: String) -> TemplateValue {
        let all = site.comparisons(of: model)
        let overall = all.first { $0.spec.isEmpty }
        let losses = Self.losses(site, all)
        // The whole data's verdict on the rank metric is the headline; the list names the slices.
        let rankLosses = losses.filter { $0.metric == site.rankMetric && !$0.comparison.spec.isEmpty }
        let otherLosses = losses.filter { $0.metric != site.rankMetric }
        let wins = all.filter { !$0.spec.isEmpty && $0.metrics[site.rankMetric]?.reportedVerdict == "better" }.count
        let slices = all.filter { !$0.spec.isEmpty }.count
        var summary =
            "Of \(Formatting.count(slices)) slices compared, \(model) is significantly worse than \(baseline) on \(inSentence(site.rankName)) in "
            + "\(Formatting.count(rankLosses.count)) and significantly better in \(Formatting.count(wins))."
        if slices == 0 { summary = "There are no slices; the comparison is on the whole data only." }
        let specs = site.specs.compactMap { spec -> TemplateValue? in
            let rows = all.filter { !$0.spec.isEmpty && Site.specName($0.spec, in: site.results.sliceSpecs) == spec.name }
            guard !rows.isEmpty else { return nil }
            return section(site, model: model, baseline: baseline, spec: spec.name, rows: rows)
        }
        return .object([
            "model": .text(model),
            "anchor": .text("cmp-" + (site.modelSlugs[model] ?? "model")),
            "headline": .optional(overall.flatMap { headline(site, $0) }.map(TemplateValue.html)),
            "summary": .text(summary),
            "losses": .list(rankLosses.prefix(lossLimit).map { lossItem(site, $0) }),
            "moreLosses": .optional(more(rankLosses.count - lossLimit)),
            "hasLosses": .bool(!rankLosses.isEmpty),
            "otherLosses": .list(otherLosses.prefix(lossLimit).map { lossItem(site, $0) }),
            "moreOtherLosses": .optional(more(otherLosses.count - lossLimit)),
            "hasOtherLosses": .bool(!otherLosses.isEmpty),
            "overallTable": .optional(overall.map { metricsTable(site, [$0], caption: nil, anchored: true).templateValue }),
            "specs": .list(specs),
        ])
    }

    static func more(_ count: Int) -> TemplateValue? {
        count > 0 ? .text("\(Formatting.count(count)) more in the tables below.") : nil
    }

    /// A significantly worse metric on one set of rows, with how sure: |difference| over its
    /// standard error read off the interval.
    struct Loss {
        var comparison: ComparisonResult
        var metric: String
        var strength: Double
    }

    /// Every `worse` verdict on the rank metric and the other headline metrics, the whole data
    /// first, then surest first.
    static func losses(_ site: Site, _ comparisons: [ComparisonResult]) -> [Loss] {
        let metrics = [site.rankMetric] + MetricRegistry.headline.filter { $0 != site.rankMetric }
        var out: [(Loss, Int)] = []
        for comparison in comparisons {
            for metric in metrics {
                guard let m = comparison.metrics[metric], m.reportedVerdict == "worse", let d = m.difference.value else {
                    continue
                }
                var strength = Double.infinity
                if let lower = m.difference.lower, let upper = m.difference.upper, upper > lower {
                    strength = d.magnitude / (upper - lower)
                }
                out.append((Loss(comparison: comparison, metric: metric, strength: strength), out.count))
            }
        }
        return out.sorted { a, b in
            let (x, y) = (a.0, b.0)
            if x.comparison.spec.isEmpty != y.comparison.spec.isEmpty { return x.comparison.spec.isEmpty }
            return x.strength != y.strength ? x.strength > y.strength : a.1 < b.1
        }.map(\.0)
    }

    static func label(_ comparison: ComparisonResult) -> String {
        comparison.spec.isEmpty
            ? "the whole data" : comparison.spec.map { "\($0) = \(comparison.key[$0] ?? "(missing)")" }.joined(separator: ", ")
    }

    /// `ROC AUC 0.712 vs 0.745, −0.033 (−0.041 to −0.025), paired DeLong p < 0.001`.
    static func numbers(_ metric: String, _ m: MetricComparison) -> String {
        let percentage = Formatting.isPercentage(metric)
        let value = { (x: Double) in percentage ? Formatting.percentage(x) : Formatting.decimal(x) }
        var text = "\(MetricCatalog.name(metric)) \(m.model.map(value) ?? "undefined") vs "
        text += m.baseline.map(value) ?? "undefined"
        if let d = m.difference.value {
            if percentage {
                text += ", \(Formatting.percentagePoints(d))"
                if let lower = m.difference.lower, let upper = m.difference.upper {
                    text += " (\(Formatting.percentagePoints(lower)) to \(Formatting.percentagePoints(upper)))"
                }
            } else {
                text += ", \(Formatting.signed(d))"
                if let interval = Formatting.interval(m.difference, signed: true) { text += " \(interval)" }
            }
        }
        if let method = m.method {
            text += ", \(methodName(method))"
            if let p = m.pValue { text += " p \(Formatting.pValue(p, inline: true))" }
            if let holm = m.holmPValue { text += ", Holm p \(Formatting.pValue(holm, inline: true))" }
        } else if m.verdict == "not_tested" {
            text += ", not tested"
        }
        return text
    }

    /// The paired methods of the task's metrics, read from the registry: "ROC AUC by the paired
    /// DeLong test, accuracy by McNemar's test, …", and the metrics compared by none.
    static func methodsSentence(_ site: Site) -> String {
        let definitions = MetricRegistry.all.filter { $0.tasks.contains(site.results.task) && !$0.describesRows }
        var parts: [String] = []
        for method in [PairedMethod.pairedDeLong, .mcnemar, .pairedBootstrap] {
            let names = definitions.filter { $0.paired == method }.map(\.label)
            guard !names.isEmpty else { continue }
            let list =
                names.count > 4
                ? "\(names.prefix(3).joined(separator: ", ")) and \(names.count - 3) more" : listed(names)
            switch method {
            case .pairedDeLong: parts.append("\(list) by the paired DeLong test")
            case .mcnemar: parts.append("\(list) by McNemar's test")
            case .pairedBootstrap:
                let replicates = Formatting.count(site.results.intervals.bootstrapReplicates)
                // Multiclass: name the averages a reader looks for, and what each resamples.
                parts.append(
                    site.results.task == .multiclass
                        ? "macro F1 and the other confusion-matrix metrics, the one-vs-rest AUCs, log loss, Brier score and ECE by a paired bootstrap (\(replicates) replicates on both models' rows at once: the confusion metrics over joint confusion cells, the AUCs over rank bins)"
                        : "\(list) by a paired bootstrap (\(replicates) replicates over cells of rows shared by both models)"
                )
            }
        }
        // Mid-sentence, a metric's name starts in lower case unless it is an abbreviation.
        let inSentence = parts.enumerated().map { index, part -> String in
            guard index > 0, let first = part.first, part.dropFirst().first?.isLowercase ?? false else { return part }
            return first.lowercased() + part.dropFirst()
        }
        var text = parts.isEmpty ? "" : "Intervals and p-values: " + inSentence.joined(separator: "; ") + "."
        let untested = definitions.filter { $0.paired == nil && $0.isComparable }.map(\.label)
        if !untested.isEmpty {
            text +=
                " \(listed(untested)) \(untested.count == 1 ? "has" : "have") no paired test: the difference is shown bare and reads “not tested”."
        }
        return text
    }

    /// A metric's name inside a sentence: "accuracy", but "ROC AUC" (an abbreviation keeps its case).
    static func inSentence(_ name: String) -> String {
        guard let first = name.first, name.dropFirst().first?.isLowercase ?? false else { return name }
        return first.lowercased() + name.dropFirst()
    }

    /// "A", "A and B", "A, B and C"; the names after the first in lower case, as in a sentence
    /// ("Median absolute error and max error"), unless they are abbreviations.
    static func listed(_ names: [String]) -> String {
        let words = names.enumerated().map { index, name -> String in
            guard index > 0, let first = name.first, name.dropFirst().first?.isLowercase ?? false else { return name }
            return first.lowercased() + name.dropFirst()
        }
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " and " + (words.last ?? "")
    }

    /// How the slice verdicts account for the number of slices searched, when the results carry
    /// Holm-adjusted p-values.
    static func multiplicitySentence(_ site: Site) -> String? {
        let slices = site.results.comparisons.filter { !$0.spec.isEmpty }
        guard slices.contains(where: { $0.metrics.values.contains { $0.holmPValue != nil } }) else { return nil }
        let perModel = Dictionary(grouping: slices, by: \.model).mapValues { list in
            list.filter { $0.metrics[site.rankMetric]?.holmPValue != nil }.count
        }
        let family = perModel.values.max() ?? 0
        return
            "Searching many slices finds differences by chance, so slice verdicts use Holm's adjustment: for each model and metric, the family is every slice of every slicing spec (\(Formatting.count(family)) comparisons on \(inSentence(site.rankName))). A slice is called significantly better or worse only when its interval excludes zero and its Holm-adjusted p-value is below \(Formatting.threshold(FairnessStatements.alpha(site))), the rule the fairness page uses for its gaps."
    }

    static func methodName(_ method: String) -> String {
        switch method {
        case "paired_delong": return "paired DeLong"
        case "mcnemar": return "McNemar"
        case "paired_bootstrap": return "paired bootstrap"
        default: return method
        }
    }

    static func verdictText(_ verdict: String) -> String {
        switch verdict {
        case "better": return "significantly better"
        case "worse": return "significantly worse"
        case "no_significant_difference": return "no significant difference"
        case "not_tested": return "not tested"
        case "not_comparable": return "no better direction"
        default: return verdict
        }
    }

    /// The candidate against the baseline on the whole data, verdict first.
    static func headline(_ site: Site, _ comparison: ComparisonResult) -> HTML? {
        guard let m = comparison.metrics[site.rankMetric] else { return nil }
        let (model, baseline) = (comparison.model, comparison.baseline)
        let verdict: String
        switch m.verdict {
        case "better", "worse": verdict = "\(model) is \(verdictText(m.verdict)) than \(baseline)"
        case "no_significant_difference": verdict = "\(model) and \(baseline) are not significantly different"
        case "not_tested": verdict = "\(model) against \(baseline), not tested"
        default: verdict = "\(model) against \(baseline)"
        }
        return Markup.strong("Overall, " + verdict) + Markup.text(": \(numbers(site.rankMetric, m)).")
    }

    static func lossItem(_ site: Site, _ loss: Loss) -> TemplateValue {
        let c = loss.comparison
        guard let m = c.metrics[loss.metric] else { return .text("") }
        let sentence =
            Markup.strong(label(c)) + Markup.text(" (\(Formatting.count(c.count)) rows): \(numbers(loss.metric, m)).")
        return .object(["sentence": .html(sentence), "href": .text("#" + site.comparisonAnchor(c))])
    }

    static func section(_ site: Site, model: String, baseline: String, spec: String, rows: [ComparisonResult]) -> TemplateValue {
        let rank = site.rankMetric
        let lowerIsBetter = MetricCatalog.info(rank).direction == .lowerIsBetter
        // Worst first: the largest loss on the rank metric, oriented by its direction.
        func worse(_ c: ComparisonResult) -> Double {
            guard let d = c.metrics[rank]?.difference.value else { return -.infinity }
            return lowerIsBetter ? d : -d
        }
        let ordered = rows.enumerated().sorted { a, b in
            let (x, y) = (worse(a.element), worse(b.element))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        let anchor = "cmp-" + (site.modelSlugs[model] ?? "model") + "-" + (site.specAnchors[spec] ?? "spec")
        return .object([
            "name": .text(spec),
            "anchor": .text(anchor),
            "chart": .html(Markup.responsive(chart(site, model: model, baseline: baseline, spec: spec, ordered))),
            "chartNote": .optional(
                ordered.count > chartLimit
                    ? .text("The chart shows the \(chartLimit) slices where \(model) does worst; the tables list all of them.")
                    : nil),
            "rankTable": rankTable(site, ordered).templateValue,
            // Not a ranking: the slices in their natural order (bins ascending).
            "allTable": metricsTable(site, rows, caption: nil).templateValue,
        ])
    }

    static func chart(_ site: Site, model: String, baseline: String, spec: String, _ ordered: [ComparisonResult])
        -> IntervalChart
    {
        let rank = site.rankMetric
        let rows = ordered.prefix(chartLimit).map { c in
            let m = c.metrics[rank]
            // The values alone: the chart's label column is headed by the spec's columns.
            return IntervalRow(
                category: c.spec.map { c.key[$0] ?? "(missing)" }.joined(separator: " · "), seriesIndex: 0,
                value: m?.difference.value, lower: m?.difference.lower,
                upper: m?.difference.upper, flagged: m?.reportedVerdict == "worse")
        }
        let better = MetricCatalog.info(rank).direction == .lowerIsBetter ? "left" : "right"
        var chart = IntervalChart(
            title: "Where is \(model) worse than \(baseline)? \(site.rankName) by \(spec)",
            description:
                "\(site.rankName) of \(model) minus \(baseline) on the same rows, per slice of \(spec), with paired \(site.confidence) intervals, worst slice first; the grey line is no difference, \(model) is better to the \(better) of it, and marked points are significantly worse.",
            axis: Axis("\(site.rankName) difference (\(model) − \(baseline))"),
            seriesNames: [model], seriesColors: [site.modelColors[model] ?? 0], rows: Array(rows),
            references: [0: 0], referenceLabel: "no difference",
            idSuffix: (site.modelSlugs[model] ?? "model") + "-" + (site.specAnchors[spec] ?? "spec"))
        chart.categoryTitle = spec
        return chart
    }

    static func differenceCell(_ metric: String, _ m: MetricComparison?) -> Table.Cell {
        guard let m, let d = m.difference.value else {
            return Table.Cell(content: Markup.undefined("Undefined for a model."), numeric: true)
        }
        if Formatting.isPercentage(metric) {
            return Table.Cell(
                content: Markup.text(Formatting.percentagePoints(d)), numeric: true, flag: m.reportedVerdict == "worse",
                sortValue: Formatting.exact(d),
                interval: m.difference.lower.flatMap { lower in
                    m.difference.upper.map {
                        "(\(Formatting.percentagePoints(lower)) to \(Formatting.percentagePoints($0)))"
                    }
                })
        }
        var cell = Table.Cell(
            content: Markup.text(Formatting.signed(d)), numeric: true, flag: m.reportedVerdict == "worse",
            sortValue: Formatting.exact(d), interval: Formatting.interval(m.difference, signed: true))
        cell.number = Table.Cell.Number(
            kind: "difference " + metric, value: d, lower: m.difference.lower, upper: m.difference.upper, signed: true)
        return cell
    }

    static func verdictCell(_ m: MetricComparison?) -> Table.Cell {
        guard let m else { return .text("—") }
        let verdict = m.reportedVerdict
        var text = verdictText(verdict)
        if verdict != m.verdict { text += " after Holm (\(verdictText(m.verdict)) alone)" }
        var cell = Table.Cell(content: verdict == "worse" ? Markup.badge("worse") : Markup.text(text), sortValue: verdict)
        cell.flag = verdict == "worse"
        return cell
    }

    static func valueCells(_ metric: String, _ m: MetricComparison?) -> [Table.Cell] {
        [
            .metric(metric, Metric(m?.model)), .metric(metric, Metric(m?.baseline)), differenceCell(metric, m),
            m?.pValue.map {
                Table.Cell(content: Markup.text(Formatting.pValue($0)), numeric: true, sortValue: Formatting.exact($0))
            }
                ?? .text("—"),
            m?.holmPValue.map {
                Table.Cell(content: Markup.text(Formatting.pValue($0)), numeric: true, sortValue: Formatting.exact($0))
            }
                ?? .text("—"),
            .text(m?.method.map(methodName) ?? "—"), verdictCell(m),
        ]
    }

    static func flipCell(_ c: ComparisonResult) -> Table.Cell {
        guard let flip = c.flipRate else { return .text("—") }
        return Table.Cell(
            content: Markup.text(NumberFormat.percent(flip, digits: 1)), numeric: true, sortValue: Formatting.exact(flip))
    }

    /// What the flip rate counts for the task; `nil` for a task whose comparisons have none.
    static func flipNote(_ site: Site) -> String? {
        switch site.results.task {
        case .binary: return "Share of rows whose decision at the threshold differs between the two models."
        case .multiclass: return "Share of rows whose predicted class differs between the two models."
        case .regression: return nil
        }
    }

    static func columns(_ site: Site, metricColumn: Bool) -> [Table.Column] {
        var columns = [Table.Column(label: "Slice"), Table.Column(label: "Rows", numeric: true)]
        if metricColumn { columns.append(Table.Column(label: "Metric")) }
        columns += [
            Table.Column(label: "Model", numeric: true), Table.Column(label: "Baseline", numeric: true),
            Table.Column(
                label: "Difference", sub: "model − baseline", numeric: true,
                note: "With the paired \(site.confidence) interval of the difference."),
            Table.Column(label: "p-value", numeric: true),
            Table.Column(
                label: "Holm p", numeric: true,
                note:
                    "The p-value after Holm's adjustment over the model's slices on this metric; the whole data is one comparison and has none."
            ),
            Table.Column(label: "Method"), Table.Column(label: "Verdict"),
        ]
        if let note = flipNote(site) {
            columns.append(Table.Column(label: "Flip rate", numeric: true, note: note))
        }
        return columns
    }

    static func rankTable(_ site: Site, _ ordered: [ComparisonResult]) -> Table {
        let flips = flipNote(site) != nil
        let rows = ordered.map { c in
            Table.Row(
                cells: [.header(Markup.text(label(c))), .count(c.count)] + valueCells(site.rankMetric, c.metrics[site.rankMetric])
                    + (flips ? [flipCell(c)] : []),
                id: site.comparisonAnchor(c))
        }
        return Table(columns: columns(site, metricColumn: false), rows: rows)
    }

    /// Every metric of every row, slice by slice in the given order, metrics in catalogue order.
    /// `anchored` gives each comparison's first row its anchor (`comparisonAnchor`), for the
    /// table that is the only place a comparison appears (the whole data's).
    static func metricsTable(_ site: Site, _ comparisons: [ComparisonResult], caption: String?, anchored: Bool = false)
        -> Table
    {
        let flips = flipNote(site) != nil
        var rows: [Table.Row] = []
        for c in comparisons {
            for (index, metric) in MetricCatalog.ordered(c.metrics.keys).enumerated() {
                rows.append(
                    Table.Row(
                        cells: [.header(Markup.text(label(c))), .count(c.count), .text(MetricCatalog.name(metric))]
                            + valueCells(metric, c.metrics[metric]) + (flips ? [flipCell(c)] : []),
                        id: anchored && index == 0 ? site.comparisonAnchor(c) : nil))
            }
        }
        return Table(columns: columns(site, metricColumn: true), rows: rows, caption: caption)
    }
}
