import LoupeCharts
import LoupeMarkup
import LoupeResults

/// fairness.html: does a model treat groups of people differently, and is the difference real?
///
/// On top, the summary sentences (the largest significant gaps per attribute and model) and,
/// with several models, which model has the smaller gaps at what cost. Then per attribute:
/// Fairlearn's summary metrics and the per-group ROC AUC, and per model the rates at the
/// decision threshold, the gaps to the reference group with their tests, the rates against
/// threshold (the Fairness Indicators view) and the per-group threshold analysis.
struct FairnessPage: SingleSitePage {
    let path = "fairness.html"
    let title = "Fairness"
    let template = "fairness.html"

    static func applies(to site: Site) -> Bool { !site.fairness.isEmpty }

    /// The charts draw at most this many groups (the reference and the worst); tables list all.
    static let chartLimit = 8

    func context(_ site: Site) -> TemplateValue {
        let threshold = site.results.threshold
        let used = site.fairness.flatMap(\.entries).compactMap { entry -> Double? in
            FairnessStatements.decisionThreshold(entry.result, threshold: threshold)?.threshold
        }
        // A grid value a rounding error away (0.49999999999999994) is the decision threshold.
        let nearest = used.first { abs($0 - threshold) > 1e-9 }
        let several = site.fairness.contains { $0.entries.count > 1 }
        var thresholdNote: TemplateValue? = nil
        if let nearest {
            thresholdNote = .text(
                "The fairness analysis has no results at the decision threshold \(Formatting.threshold(threshold)); "
                    + "tables and sentences use the nearest analysed threshold, \(Formatting.threshold(nearest)).")
        }
        let toc: [TemplateValue] = site.fairness.map { .object(["name": .text($0.name), "href": .text("#" + $0.anchor)]) }
        let summary: [TemplateValue] = site.fairness.map { Self.summarySection(site, $0) }
        var comparison: TemplateValue? = nil
        if several {
            let sentences: [TemplateValue] = site.fairness.compactMap { attribute -> TemplateValue? in
                guard let sentence = Self.comparisonSentence(site, attribute) else { return nil }
                return .object(["sentence": .html(sentence), "href": .text("#" + attribute.anchor + "_summary")])
            }
            comparison = sentences.isEmpty ? nil : .object(["items": .list(sentences)])
        }
        let multiclass = site.fairness.contains { $0.entries.contains { $0.result.isMulticlass } }
        return .object([
            "question": .text(
                multiclass
                    ? "Does the model treat groups of people differently — does it recall each class as well, mistake other rows for it as rarely and assign it as often in every group — and is the difference real or noise?"
                    : "Does the model treat groups of people differently, at the threshold used and at others, and is the difference real or noise?"
            ),
            "decision": .text(multiclass ? "at the predicted class" : "at threshold \(Formatting.threshold(threshold))"),
            "threshold": .text(Formatting.threshold(threshold)),
            "thresholdNote": .optional(thresholdNote),
            "confidence": .text(site.confidence),
            "alpha": .text(Formatting.threshold(FairnessStatements.alpha(site))),
            "toc": .list(toc),
            "summary": .list(summary),
            "comparison": .optional(comparison),
            "attributes": .list(site.fairness.map { Self.section(site, $0) }),
        ])
    }

    static func summarySection(_ site: Site, _ attribute: FairnessAttribute) -> TemplateValue {
        let lines: [TemplateValue] = FairnessStatements.lines(site, attribute).map { line in
            .object([
                "sentence": .html(line.sentence),
                "href": .optional(line.href.map { .text(localHref($0)) }),
                "concern": .bool(line.concern),
            ])
        }
        return .object([
            "attribute": .text(attribute.name),
            "href": .text("#" + attribute.anchor),
            "reference": .text(references(attribute)),
            "lines": .list(lines),
        ])
    }

    /// Links on the page itself drop the file name.
    private static func localHref(_ href: String) -> String {
        href.hasPrefix("fairness.html#") ? String(href.dropFirst("fairness.html".count)) : href
    }

    /// The reference group, or each model's when they differ.
    static func references(_ attribute: FairnessAttribute) -> String {
        let names = attribute.entries.map(\.result.reference)
        if Set(names).count <= 1 { return names.first ?? "" }
        return attribute.entries.map { "\($0.result.reference) for \($0.result.model)" }.joined(separator: ", ")
    }

    // MARK: Anchors

    /// Anchor-safe slugs for a result's groups, unique within it.
    static func groupSlugs(_ groups: [FairnessGroup]) -> [String: String] {
        let names = groups.map(\.group)
        let slugs = Slug.unique(names, fallback: "group")
        var out: [String: String] = [:]
        for (name, slug) in zip(names, slugs) where out[name] == nil { out[name] = slug }
        return out
    }

    static func gapAnchor(_ entry: FairnessAttribute.Entry, groupSlug: String, rate: String) -> String {
        entry.anchor + "--" + groupSlug + "--" + Slug.make(rate, fallback: "rate")
    }

    // MARK: Sections

    static func section(_ site: Site, _ attribute: FairnessAttribute) -> TemplateValue {
        let several = attribute.entries.count > 1
        let groupCount = attribute.groups.count
        var intro = "\(Formatting.count(groupCount)) groups; each is compared with the reference group, \(references(attribute))."
        if several { intro += " The analysis is repeated for each model." }
        let multiclass = attribute.entries.contains { $0.result.isMulticlass }
        if multiclass {
            intro +=
                " Each class is taken against the rest at the predicted class (the highest probability): its recall, false positive rate and selection rate in every group."
        }
        return .object([
            "anchor": .text(attribute.anchor),
            "name": .text(attribute.name),
            "intro": .text(intro),
            "summaryTable": (multiclass ? multiclassSummaryTable(site, attribute) : summaryTable(site, attribute))
                .templateValue,
            "auc": .optional(aucChart(site, attribute).map { .html($0.render()) }),
            "models": .list(
                attribute.entries.filter { !$0.result.isMulticlass }.map { modelBlock(site, attribute, $0, several: several) }),
            "multiclassModels": .list(
                attribute.entries.filter(\.result.isMulticlass).map {
                    multiclassModelBlock(site, attribute, $0, several: several)
                }),
        ])
    }

    static func modelBlock(_ site: Site, _ attribute: FairnessAttribute, _ entry: FairnessAttribute.Entry, several: Bool)
        -> TemplateValue
    {
        let result = entry.result
        let at = FairnessStatements.decisionThreshold(result, threshold: site.results.threshold)
        let items = FairnessStatements.items(site, attribute, entry)
        let order = groupOrder(result, at: at, items: items)
        let charted = order.reportable.prefix(chartLimit)
        let charts = FairnessCatalog.charted.filter { key in at?.groups.contains { $0.metrics[key] != nil } ?? false }.map {
            rateChart(site, attribute, entry, rate: $0, groups: Array(charted), several: several)
        }
        var chartNote: String? = nil
        if order.reportable.count > chartLimit {
            chartNote =
                "The charts show the reference group and the \(chartLimit - 1) groups with the largest gaps, of \(Formatting.count(order.reportable.count)); the tables list all of them."
        }
        return .object([
            "anchor": .text(entry.anchor),
            "model": .optional(several ? .text(result.model) : nil),
            "swatch": .html(Markup.swatch(site.modelColors[result.model] ?? 0)),
            "threshold": .text(at.map { Formatting.threshold($0.threshold) } ?? "—"),
            "rates": .optional(at.map { ratesTable(site, at: $0, order: order, reference: result.reference).templateValue }),
            "gaps": .optional(items.isEmpty ? nil : gapTable(site, entry, items).templateValue),
            "reference": .text(result.reference),
            "charts": .list(charts.map { .html($0.render()) }),
            "chartNote": .optional(chartNote.map(TemplateValue.text)),
            "analysis": .optional(result.thresholdAnalysis.map { analysis($0, result: result) }),
        ])
    }

    /// The reference group, then the others worst first (by their worst gap), groups with no
    /// gap after in results order; too-small groups apart.
    static func groupOrder(_ result: FairnessResult, at: FairnessThreshold?, items: [FairnessStatements.Item])
        -> (reportable: [String], tooSmall: [FairnessGroup])
    {
        let groups = at?.groups ?? []
        var order: [String] = groups.contains { $0.group == result.reference && !$0.tooSmall } ? [result.reference] : []
        for item in items where !order.contains(item.group.group) { order.append(item.group.group) }
        for group in groups where !group.tooSmall && !order.contains(group.group) { order.append(group.group) }
        let tooSmall = groups.filter(\.tooSmall).enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }.map(\.element)
        return (order, tooSmall)
    }

    // MARK: Tables

    static func ratesTable(
        _ site: Site, at: FairnessThreshold, order: (reportable: [String], tooSmall: [FairnessGroup]), reference: String
    )
        -> Table
    {
        // TNR is 1 − FPR: left out for width, like the mirrored gaps.
        let rates = FairnessCatalog.ordered(Set(at.groups.flatMap(\.metrics.keys))).filter { $0 != "tnr" }
        var columns = [
            Table.Column(label: "Group"), Table.Column(label: "Rows", numeric: true),
            Table.Column(label: "Positives", numeric: true),
        ]
        columns += rates.map { key in
            let rate = FairnessCatalog.rate(key)
            return Table.Column(label: rate.short, numeric: true, note: rate.definition)
        }
        let byName = Dictionary(at.groups.map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Table.Row] = order.reportable.compactMap { name in
            guard let group = byName[name] else { return nil }
            let isReference = name == reference
            var header = Markup.text(name)
            if isReference { header = header + HTML(trusted: " ") + Markup.tag("reference") }
            var cells: [Table.Cell] = [.header(header, sortValue: name), .count(group.count), .count(group.positives)]
            for key in rates {
                var cell = Table.Cell.metric(key, group.metrics[key])
                if cell.sortValue == nil {
                    cell.content = Markup.undefined(FairnessCatalog.rate(key).undefinedReason)
                } else if let gap = group.gaps[key], FairnessStatements.isSignificant(gap), let d = gap.difference.value {
                    // Direction and judgement: a lower selection rate is not a problem of the same
                    // kind as a higher false positive rate.
                    let mark = FairnessCatalog.gapMark(rate: key, difference: d)
                    cell.flag = mark.worse ?? false
                    let symbol = HTML(
                        trusted:
                            "<span class=\"flag-mark\" title=\"\(HTML.escape(mark.words))\" aria-label=\"\(HTML.escape(mark.words))\" role=\"img\">\(mark.symbol)</span>"
                    )
                    cell.content = symbol + HTML(trusted: " ") + cell.content
                    // The table re-renders the number for its column's convention, mark included.
                    cell.number?.prefix = symbol
                }
                cells.append(cell)
            }
            return Table.Row(cells: cells, className: isReference ? "reference" : nil)
        }
        rows += order.tooSmall.map { group in
            var note = Table.Cell(content: Markup.text("too few examples to judge"))
            note.columnSpan = rates.count
            return Table.Row(
                cells: [
                    .header(Markup.text(group.group), sortValue: group.group), .count(group.count), .count(group.positives), note,
                ],
                className: "too-small")
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "Each rate with its \(site.confidence) interval. ▲ / ▼ mark a rate significantly higher / lower than the reference group's (after Holm's adjustment; see the gaps below); the cell is highlighted only where that is worse for the group (a higher FPR or FNR, a lower TPR, PPV, NPV or accuracy) — the selection rate has no better direction. TNR (1 − FPR) is in results.json."
        )
    }

    static func gapTable(
        _ site: Site, _ entry: FairnessAttribute.Entry, _ items: [FairnessStatements.Item],
        caption: String =
            "Strongest evidence first. TPR and TNR gaps mirror the FNR and FPR gaps (same size, opposite sign, same test) and are left out; results.json has them."
    ) -> Table {
        let alpha = FairnessStatements.alpha(site)
        let columns = [
            Table.Column(label: "Group"), Table.Column(label: "Rate"),
            Table.Column(label: "Group", sub: "rate", numeric: true),
            Table.Column(label: "Reference", sub: entry.result.reference, numeric: true),
            Table.Column(
                label: "Difference", sub: "group − reference", numeric: true,
                note: "With its \(site.confidence) interval (Newcombe's hybrid score interval)."),
            Table.Column(label: "Ratio", sub: "group / reference", numeric: true),
            Table.Column(
                label: "Significant",
                note: "The interval excludes zero and the Holm-adjusted p-value is below \(Formatting.threshold(alpha))."),
            Table.Column(label: "Four-fifths", note: "Outside when the ratio is below 0.8 or above 1.25."),
            Table.Column(label: "p", sub: "raw", numeric: true, note: "Two-sided test of equal proportions."),
            Table.Column(
                label: "Holm p", sub: "adjusted", numeric: true,
                note: "Adjusted with Holm's method over every comparison of the attribute at this threshold."),
        ]
        let rows = items.map { item -> Table.Row in
            let rate = item.threshold == nil ? FairnessCatalog.multiclassRate(item.rate) : FairnessCatalog.rate(item.rate)
            // A multiclass rate names its class: "fox · Recall".
            let classPrefix = item.className.map { Markup.text($0) + HTML(trusted: " · ") } ?? HTML(trusted: "")
            let gap = item.gap
            let significant = FairnessStatements.isSignificant(gap)
            var difference: Table.Cell
            if let value = gap.difference.value {
                difference = Table.Cell(
                    content: Markup.text(Formatting.signed(value)), numeric: true, flag: significant,
                    sortValue: Formatting.exact(value), interval: Formatting.interval(gap.difference, signed: true))
            } else {
                difference = Table.Cell(
                    content: Markup.undefined("The group's or the reference group's rate is undefined."), numeric: true)
            }
            let ratio =
                gap.ratio.flatMap { $0.isFinite ? $0 : nil }.map {
                    Table.Cell(content: Markup.text(Formatting.ratio($0)), numeric: true, sortValue: Formatting.exact($0))
                } ?? Table.Cell(content: Markup.undefined("The reference group's rate is 0 or undefined."), numeric: true)
            let verdict: Table.Cell
            let fourFifths: Table.Cell
            if gap.difference.value == nil {
                // Nothing was tested: no verdict either way.
                verdict = Table.Cell(content: Markup.text("—"), sortValue: "3")
                fourFifths = Table.Cell(content: Markup.text("—"), sortValue: "2")
            } else {
                if significant {
                    verdict = Table.Cell(content: Markup.badge("significant"), flag: true, sortValue: "0")
                } else if gap.significant {
                    verdict = Table.Cell(content: Markup.text("unadjusted only"), sortValue: "1")
                } else {
                    verdict = Table.Cell(content: Markup.text("no"), sortValue: "2")
                }
                fourFifths =
                    gap.outsideFourFifths
                    ? Table.Cell(content: Markup.badge("outside"), sortValue: "0")
                    : Table.Cell(content: Markup.text(gap.ratio == nil ? "—" : "within"), sortValue: "1")
            }
            func p(_ value: Double?) -> Table.Cell {
                guard let value else {
                    return Table.Cell(content: Markup.undefined("No test: a rate is undefined."), numeric: true)
                }
                return Table.Cell(
                    content: Markup.text(Formatting.pValue(value)), numeric: true, sortValue: Formatting.exact(value))
            }
            return Table.Row(
                cells: [
                    .header(Markup.text(item.group.group), sortValue: item.group.group),
                    Table.Cell(
                        content: classPrefix
                            + HTML(
                                trusted: "<abbr title=\"\(HTML.escape(rate.definition))\">\(HTML.escape(rate.short))</abbr>")),
                    .metric(item.rate, item.group.metrics[item.rate]),
                    .metric(item.rate, item.referenceGroup?.metrics[item.rate]),
                    difference, ratio, verdict, fourFifths, p(gap.pValue), p(gap.holmPValue),
                ],
                // The anchor the sentences link to (`FairnessStatements.items`).
                id: String(item.href.dropFirst("fairness.html#".count)))
        }
        return Table(columns: columns, rows: rows, caption: caption)
    }

    /// Fairlearn's summary metrics, models side by side; with several models also their overall
    /// accuracy and ROC AUC, the price of the smaller gaps.
    static func summaryTable(_ site: Site, _ attribute: FairnessAttribute) -> Table {
        let entries = attribute.entries
        let summaries = entries.map { entry in
            FairnessStatements.decisionThreshold(entry.result, threshold: site.results.threshold)?.summary ?? [:]
        }
        let keys =
            FairnessCatalog.summaries.map(\.key).filter { key in summaries.contains { $0[key] != nil } }
            + Set(summaries.flatMap(\.keys)).subtracting(FairnessCatalog.summaries.map(\.key)).sorted()
        let columns =
            [Table.Column(label: "Summary metric")]
            + entries.map {
                Table.Column(label: $0.result.model, sub: $0.result.model == site.baseline ? "baseline" : nil, numeric: true)
            }
        var rows = keys.map { key in
            let info = FairnessCatalog.summary(key)
            return Table.Row(
                cells: [.header(Markup.text(info.name) + Markup.sub(info.definition))]
                    + summaries.map { Table.Cell.metric(key, $0[key]) })
        }
        if entries.count > 1 {
            for key in ["accuracy", "roc_auc"] where entries.contains(where: { site.overall($0.result.model)[key] != nil }) {
                rows.append(
                    Table.Row(
                        cells: [.header(Markup.text(MetricCatalog.name(key)) + Markup.sub("Overall, all groups together."))]
                            + entries.map { Table.Cell.metric(key, site.overall($0.result.model)[key]) },
                        className: "overall"))
            }
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "Over the groups with enough examples, at the decision threshold; Fairlearn's definitions, with \(site.confidence) bootstrap intervals (confusion cells of each group resampled).",
            sortable: false)
    }

    // MARK: Comparison

    /// "On **race**, **benchmark** has the smaller gaps: …, at a cost of 0.018 in accuracy …"
    static func comparisonSentence(_ site: Site, _ attribute: FairnessAttribute) -> HTML? {
        let entries = attribute.entries
        guard entries.count > 1 else { return nil }
        let summaries = entries.map { entry in
            FairnessStatements.decisionThreshold(entry.result, threshold: site.results.threshold)?.summary ?? [:]
        }
        guard
            let key = ["equalized_odds_difference", "demographic_parity_difference", "equal_opportunity_difference"].first(
                where: {
                    key in summaries.allSatisfy { $0[key]?.value != nil }
                })
        else { return nil }
        let values = summaries.map { $0[key]?.value ?? 0 }
        let name = FairnessCatalog.summary(key).name.lowercased()
        // A winner only where the paired comparison with the baseline finds the gaps
        // significantly different; otherwise say what is known.
        let tested = entries.compactMap { entry in entry.result.comparison?.metrics[key].map { (entry.result.model, $0) } }
        guard let (candidate, m) = tested.first(where: { $0.1.verdict == "better" || $0.1.verdict == "worse" }),
            let bestModel = m.verdict == "better"
                ? candidate : entries.first(where: { $0.result.model == site.baseline })?.result.model,
            let best = entries.firstIndex(where: { $0.result.model == bestModel })
        else {
            return untestedComparison(attribute, entries: entries, values: values, name: name, tested: tested.first?.1)
        }
        let others = entries.indices.filter { $0 != best }
        var sentence =
            Markup.text("On ") + Markup.strong(attribute.name) + Markup.text(", ") + Markup.strong(bestModel)
            + Markup.text(
                " has significantly smaller gaps: \(name) \(Formatting.decimal(values[best])) vs "
                    + others.map { "\(Formatting.decimal(values[$0])) for \(entries[$0].result.model)" }.joined(separator: ", ")
                    + " (paired difference \(Formatting.signed(m.difference.value ?? 0))"
                    + (Formatting.interval(m.difference, signed: true).map { " \($0)" } ?? "")
                    + (m.pValue.map { ", p \(Formatting.pValue($0, inline: true))" } ?? "") + ")")
        // How many of the summary metrics agree.
        let comparable = FairnessCatalog.summaries.filter { info in summaries.allSatisfy { $0[info.key]?.value != nil } }
        let agreeing = comparable.filter { info in
            let mine = summaries[best][info.key]?.value ?? 0
            return others.allSatisfy { other in
                let theirs = summaries[other][info.key]?.value ?? 0
                return info.isRatio ? mine >= theirs : mine <= theirs
            }
        }
        if comparable.count > 1 {
            sentence =
                sentence + Markup.text(" (as small or smaller on \(agreeing.count) of \(comparable.count) summary metrics)")
        }
        // What it costs overall.
        var costs: [String] = []
        var gains: [String] = []
        for key in ["accuracy", "roc_auc"] {
            guard let mine = site.overall(bestModel)[key]?.value else { continue }
            let rivals = others.compactMap { index -> (String, Double)? in
                site.overall(entries[index].result.model)[key]?.value.map { (entries[index].result.model, $0) }
            }
            guard let top = rivals.max(by: { $0.1 < $1.1 }) else { continue }
            let metric = key == "accuracy" ? "accuracy" : MetricCatalog.name(key)
            if top.1 > mine {
                costs.append(
                    "\(Formatting.decimal(top.1 - mine)) in \(metric) (\(Formatting.decimal(mine)) vs \(Formatting.decimal(top.1)) for \(top.0))"
                )
            } else {
                gains.append("\(metric) \(Formatting.decimal(mine)) vs \(Formatting.decimal(top.1))")
            }
        }
        if !costs.isEmpty {
            sentence = sentence + Markup.text(", at a cost of " + costs.joined(separator: " and ") + " overall")
            if !gains.isEmpty { sentence = sentence + Markup.text(" (no cost in " + gains.joined(separator: ", ") + ")") }
            sentence = sentence + Markup.text(".")
        } else if !gains.isEmpty {
            sentence = sentence + Markup.text(", at no cost overall: " + gains.joined(separator: ", ") + ".")
        } else {
            sentence = sentence + Markup.text(".")
        }
        return sentence
    }

    /// No significant difference between the models' gaps, or none tested: the values, the paired
    /// difference when there is one, and no winner.
    static func untestedComparison(
        _ attribute: FairnessAttribute, entries: [FairnessAttribute.Entry], values: [Double], name: String,
        tested: MetricComparison?
    ) -> HTML {
        let numbers = entries.indices.map { "\(Formatting.decimal(values[$0])) for \(entries[$0].result.model)" }
            .joined(separator: " vs ")
        let sentence =
            Markup.text("On ") + Markup.strong(attribute.name)
            + Markup.text(", neither model has significantly smaller gaps: \(name) \(numbers)")
        guard let m = tested, let d = m.difference.value else {
            return sentence
                + Markup.text(" — not tested: these results carry no paired comparison of the models' gaps.")
        }
        let interval = Formatting.interval(m.difference, signed: true).map { " \($0)" } ?? ""
        if m.verdict == "not_tested" {
            return sentence + Markup.text(", a difference of \(Formatting.signed(d)) — not tested (no interval).")
        }
        let p = m.pValue.map { ", p \(Formatting.pValue($0, inline: true))" } ?? ""
        return sentence
            + Markup.text(", a paired difference of \(Formatting.signed(d))\(interval) — not significant (paired bootstrap\(p)).")
    }

    // MARK: Charts

    static func rateChart(
        _ site: Site, _ attribute: FairnessAttribute, _ entry: FairnessAttribute.Entry, rate key: String, groups: [String],
        several: Bool
    ) -> LineChart {
        let result = entry.result
        let rate = FairnessCatalog.rate(key)
        let thresholds = result.thresholds.enumerated().sorted { a, b in
            a.element.threshold != b.element.threshold ? a.element.threshold < b.element.threshold : a.offset < b.offset
        }.map(\.element)
        let x = thresholds.map(\.threshold)
        let series = groups.map { name -> Series in
            let metrics = thresholds.map { at in
                at.groups.first { $0.group == name }.flatMap { $0.tooSmall ? nil : $0.metrics[key] }
            }
            return Series(
                name: name == result.reference ? "\(name) (reference)" : name, x: x, y: metrics.map { $0?.value },
                lower: metrics.map { $0?.lower }, upper: metrics.map { $0?.upper }, colorIndex: attribute.colorIndex(name))
        }
        let title = rate.phrase.prefix(1).uppercased() + rate.phrase.dropFirst()
        let threshold = site.results.threshold
        return LineChart(
            title: "\(rate.question) \(title) by \(attribute.name)" + (several ? ", \(result.model)" : ""),
            description:
                "\(title) of each group of \(attribute.name) against the decision threshold, with \(site.confidence) intervals as bands; the grey line marks the threshold used in this report.",
            xAxis: Axis("Threshold", min: 0, max: 1),
            yAxis: Axis(title, min: 0, max: 1),
            series: series,
            references: [ReferenceLine(.vertical(threshold), label: "threshold \(Formatting.threshold(threshold))")],
            idSuffix: entry.anchor + "-" + key)
    }

    /// ROC AUC within each group, one dot per model, with each model's overall value in grey.
    static func aucChart(_ site: Site, _ attribute: FairnessAttribute) -> IntervalChart? {
        var rows: [IntervalRow] = []
        for group in attribute.groups {
            for (index, entry) in attribute.entries.enumerated() {
                guard let summary = entry.result.groups.first(where: { $0.group == group }), !summary.tooSmall else { continue }
                rows.append(
                    IntervalRow(
                        category: group == entry.result.reference ? "\(group) (reference)" : group, seriesIndex: index,
                        value: summary.rocAUC.value, lower: summary.rocAUC.lower, upper: summary.rocAUC.upper))
            }
        }
        guard !rows.isEmpty else { return nil }
        var references: [Int: Double] = [:]
        for (index, entry) in attribute.entries.enumerated() {
            if let value = site.overall(entry.result.model)["roc_auc"]?.value { references[index] = value }
        }
        let models = attribute.entries.map(\.result.model)
        return IntervalChart(
            title: "Does the ranking work as well within every group? ROC AUC by \(attribute.name)",
            description:
                "ROC AUC within each group of \(attribute.name) with \(site.confidence) intervals, for every model; grey lines mark each model's overall ROC AUC. Groups with too few examples are left out.",
            axis: Axis("ROC AUC"),
            seriesNames: models,
            seriesColors: models.enumerated().map { site.modelColors[$0.element] ?? $0.offset },
            rows: rows,
            references: references,
            idSuffix: attribute.anchor + "-auc")
    }

    // MARK: Threshold analysis

    static func analysis(_ analysis: FairnessThresholdAnalysis, result: FairnessResult) -> TemplateValue {
        let tooSmall = Set(result.groups.filter(\.tooSmall).map(\.group))
        let ratio = Formatting.plain(analysis.costRatio)
        var sentence =
            "With one threshold for everyone, the lowest cost (false positives × \(ratio) + false negatives) is "
            + "\(NumberFormat.weight(analysis.singleThresholdCost)), at threshold \(Formatting.threshold(analysis.singleThreshold)); "
            + "the decision threshold costs \(NumberFormat.weight(analysis.decisionThresholdCost)). "
            + "A threshold per group, each at its own lowest cost, would cost \(NumberFormat.weight(analysis.perGroupCost))"
        if analysis.singleThresholdCost > 0 {
            let saving = (analysis.singleThresholdCost - analysis.perGroupCost) / analysis.singleThresholdCost
            sentence +=
                saving > 0
                ? " (\(NumberFormat.percent(saving)) less than the best single threshold)."
                : " (no less than the best single threshold)."
        } else {
            sentence += "."
        }
        let columns = [
            Table.Column(label: "Group"),
            Table.Column(
                label: "Equal opportunity", sub: "threshold", numeric: true,
                note: "The threshold at which the group's TPR matches the reference group's at the decision threshold."),
            Table.Column(
                label: "Demographic parity", sub: "threshold", numeric: true,
                note: "The threshold at which the group's selection rate matches the reference group's at the decision threshold."
            ),
            Table.Column(
                label: "Lowest cost", sub: "threshold", numeric: true, note: "The threshold minimising the group's own cost."),
        ]
        func cell(_ x: Double?, _ reason: String) -> Table.Cell {
            guard let x else { return Table.Cell(content: Markup.undefined(reason), numeric: true) }
            return Table.Cell(content: Markup.text(Formatting.threshold(x)), numeric: true, sortValue: Formatting.exact(x))
        }
        let groups = analysis.groups.enumerated().sorted { a, b in
            let (x, y) = (a.element.group == result.reference, b.element.group == result.reference)
            return x != y ? x : a.offset < b.offset
        }.map(\.element)
        let rows = groups.map { group in
            if tooSmall.contains(group.group) {
                var note = Table.Cell(content: Markup.text("too few examples to judge"))
                note.columnSpan = 3
                return Table.Row(
                    cells: [.header(Markup.text(group.group), sortValue: group.group), note], className: "too-small")
            }
            let isReference = group.group == result.reference
            var header = Markup.text(group.group)
            if isReference { header = header + HTML(trusted: " ") + Markup.tag("reference") }
            return Table.Row(
                cells: [
                    .header(header, sortValue: group.group),
                    cell(
                        group.equalOpportunity,
                        "No threshold gives this group the reference group's TPR (a group without positives has no TPR)."),
                    cell(
                        group.demographicParity,
                        "No threshold gives this group the reference group's selection rate."),
                    cell(group.lowestCost, "No threshold was found for this group."),
                ], className: isReference ? "reference" : nil)
        }
        return .object([
            "sentence": .text(sentence),
            "table": Table(
                columns: columns, rows: rows,
                caption: "Thresholds found exactly over every distinct score, from the stored scores."
            ).templateValue,
        ])
    }
}
