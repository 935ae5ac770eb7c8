import LoupeCharts
import LoupeMarkup
import LoupeResults

/// fairness.html for a multiclass model: no thresholds, one decision (the predicted class). Per
/// model: accuracy by group, recall by class and group as a chart, one class × group table per
/// rate (recall, FPR, selection rate) with the significant gaps marked, and every gap with its
/// tests; per attribute the summary metrics class by class.
extension FairnessPage {
    /// The summary differences shown per class (the ratios are in results.json).
    static let multiclassSummaries = [
        "equalized_odds_difference", "equal_opportunity_difference", "demographic_parity_difference",
    ]

    static func multiclassModelBlock(
        _ site: Site, _ attribute: FairnessAttribute, _ entry: FairnessAttribute.Entry, several: Bool
    ) -> TemplateValue {
        let result = entry.result
        let items = FairnessStatements.items(site, attribute, entry)
        let accuracy = FairnessStatements.accuracyGroups(result)
        // Reference first, then groups by their worst gap; too-small groups apart.
        var order: [String] = accuracy.contains { $0.group == result.reference && !$0.tooSmall } ? [result.reference] : []
        for item in items where !order.contains(item.group.group) { order.append(item.group.group) }
        for group in accuracy where !group.tooSmall && !order.contains(group.group) { order.append(group.group) }
        let tooSmall = accuracy.filter(\.tooSmall)
        let shown = Array(order.prefix(chartLimit))
        var chartNote: String? = nil
        if order.count > chartLimit {
            chartNote =
                "The chart shows the reference group and the \(chartLimit - 1) groups with the largest gaps, of \(Formatting.count(order.count)); the tables list all of them."
        }
        if !tooSmall.isEmpty {
            let names = tooSmall.map { "\($0.group) (n = \(Formatting.count($0.count)))" }.joined(separator: ", ")
            chartNote = (chartNote.map { $0 + " " } ?? "") + "Too few examples to judge, left out of the class tables: \(names)."
        }
        let grids: [TemplateValue] = FairnessStatements.classRates.map { rate in
            let info = FairnessCatalog.multiclassRate(rate)
            return .object([
                "title": .text("\(info.short) by class and group"),
                "table": classGrid(site, result, rate: rate, groups: order).templateValue,
            ])
        }
        return .object([
            "anchor": .text(entry.anchor),
            "model": .optional(several ? .text(result.model) : nil),
            "swatch": .html(Markup.swatch(site.modelColors[result.model] ?? 0)),
            "reference": .text(result.reference),
            "accuracy": accuracyTable(site, result, order: order, tooSmall: tooSmall).templateValue,
            "recallChart": .optional(recallChart(site, attribute, entry, groups: shown).map { .html($0.render()) }),
            "chartNote": .optional(chartNote.map(TemplateValue.text)),
            "grids": .list(grids),
            "gaps": .optional(
                items.isEmpty
                    ? nil
                    : gapTable(
                        site, entry, items,
                        caption:
                            "Strongest evidence first: every class's recall, FPR and selection rate and every group's accuracy against the reference group's, one family for Holm's adjustment."
                    ).templateValue),
        ])
    }

    /// Group, rows, accuracy and its gap to the reference with the verdict.
    static func accuracyTable(_ site: Site, _ result: FairnessResult, order: [String], tooSmall: [FairnessGroup]) -> Table {
        let byName = Dictionary(
            FairnessStatements.accuracyGroups(result).map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
        let columns = [
            Table.Column(label: "Group"), Table.Column(label: "Rows", numeric: true),
            Table.Column(label: "Accuracy", numeric: true, note: "Share of the group predicted its own class."),
            Table.Column(
                label: "Difference", sub: "group − reference", numeric: true,
                note: "With its \(site.confidence) interval (Newcombe's hybrid score interval)."),
            Table.Column(
                label: "Significant",
                note:
                    "The interval excludes zero and the Holm-adjusted p-value is below \(Formatting.threshold(FairnessStatements.alpha(site)))."
            ),
            Table.Column(label: "Holm p", sub: "adjusted", numeric: true),
        ]
        var rows: [Table.Row] = order.compactMap { name in
            guard let group = byName[name] else { return nil }
            let isReference = name == result.reference
            var header = Markup.text(name)
            if isReference { header = header + HTML(trusted: " ") + Markup.tag("reference") }
            var cells: [Table.Cell] = [
                .header(header, sortValue: name), .count(group.count), .metric("accuracy", group.metrics["accuracy"]),
            ]
            if let gap = group.gaps["accuracy"], let d = gap.difference.value {
                let significant = FairnessStatements.isSignificant(gap)
                cells.append(
                    Table.Cell(
                        content: Markup.text(Formatting.signed(d)), numeric: true, flag: significant && d < 0,
                        sortValue: Formatting.exact(d), interval: Formatting.interval(gap.difference, signed: true)))
                cells.append(
                    significant
                        ? Table.Cell(content: Markup.badge("significant"), flag: d < 0, sortValue: "0")
                        : Table.Cell(content: Markup.text(gap.significant ? "unadjusted only" : "no"), sortValue: "1"))
                cells.append(
                    gap.holmPValue.map {
                        Table.Cell(content: Markup.text(Formatting.pValue($0)), numeric: true, sortValue: Formatting.exact($0))
                    } ?? Table.Cell(content: Markup.undefined("No test."), numeric: true))
            } else {
                var note = Table.Cell(content: Markup.text(isReference ? "the reference" : "—"))
                note.columnSpan = 3
                cells.append(note)
            }
            return Table.Row(cells: cells, className: isReference ? "reference" : nil)
        }
        rows += tooSmall.map { group in
            var note = Table.Cell(content: Markup.text("too few examples to judge"))
            note.columnSpan = 4
            return Table.Row(
                cells: [.header(Markup.text(group.group), sortValue: group.group), .count(group.count), note],
                className: "too-small")
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "Each group's accuracy at the predicted class (the highest probability) with its \(site.confidence) interval.")
    }

    /// One rate: a row per class, a column per group (reference first), each value with its
    /// interval and ▲ / ▼ where the gap to the reference is significant.
    static func classGrid(_ site: Site, _ result: FairnessResult, rate: String, groups: [String]) -> Table {
        let info = FairnessCatalog.multiclassRate(rate)
        var columns = [Table.Column(label: "Class"), Table.Column(label: "Rows", sub: "of the class", numeric: true)]
        columns += groups.map { name in
            Table.Column(label: name, sub: name == result.reference ? "reference" : nil, numeric: true)
        }
        let rows = (result.classes ?? []).map { block -> Table.Row in
            let byName = Dictionary(block.groups.map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
            let support = block.groups.filter { !$0.tooSmall }.reduce(0) { $0 + $1.positives }
            var cells: [Table.Cell] = [.header(Markup.text(block.className), sortValue: block.className), .count(support)]
            for name in groups {
                guard let group = byName[name] else {
                    cells.append(Table.Cell(content: Markup.text("—")))
                    continue
                }
                var cell = Table.Cell.metric(rate, group.metrics[rate])
                if cell.sortValue == nil {
                    cell.content = Markup.undefined(info.undefinedReason)
                } else if let gap = group.gaps[rate], FairnessStatements.isSignificant(gap), let d = gap.difference.value {
                    let mark = FairnessCatalog.gapMark(rate: rate, difference: d)
                    cell.flag = mark.worse ?? false
                    let symbol = HTML(
                        trusted:
                            "<span class=\"flag-mark\" title=\"\(HTML.escape(mark.words))\" aria-label=\"\(HTML.escape(mark.words))\" role=\"img\">\(mark.symbol)</span>"
                    )
                    cell.content = symbol + HTML(trusted: " ") + cell.content
                    cell.number?.prefix = symbol
                }
                cells.append(cell)
            }
            return Table.Row(cells: cells)
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "\(info.definition) With its \(site.confidence) interval; ▲ / ▼ mark a value significantly higher / lower than the reference group's (after Holm's adjustment), highlighted where that is worse for the group."
        )
    }

    /// Recall of every class within each group, one dot per group.
    static func recallChart(_ site: Site, _ attribute: FairnessAttribute, _ entry: FairnessAttribute.Entry, groups: [String])
        -> IntervalChart?
    {
        let result = entry.result
        var rows: [IntervalRow] = []
        for block in result.classes ?? [] {
            for (index, name) in groups.enumerated() {
                guard let group = block.groups.first(where: { $0.group == name }), let tpr = group.metrics["tpr"],
                    tpr.value != nil
                else { continue }
                let flagged = group.gaps["tpr"].map { FairnessStatements.isSignificant($0) && ($0.difference.value ?? 0) < 0 }
                rows.append(
                    IntervalRow(
                        category: block.className, seriesIndex: index, value: tpr.value, lower: tpr.lower, upper: tpr.upper,
                        flagged: flagged ?? false))
            }
        }
        guard !rows.isEmpty else { return nil }
        var chart = IntervalChart(
            title: "Is every class recalled as well in every group? Recall by class and \(attribute.name)"
                + (attribute.entries.count > 1 ? ", \(result.model)" : ""),
            description:
                "Recall (share of a class's rows predicted as that class) of every class within each group of \(attribute.name), with \(site.confidence) intervals; a marked dot is significantly below the reference group's.",
            axis: Axis("Recall", min: 0, max: 1),
            seriesNames: groups.map { $0 == result.reference ? "\($0) (reference)" : $0 },
            seriesColors: groups.map(attribute.colorIndex),
            rows: rows,
            idSuffix: entry.anchor + "-recall")
        chart.categoryTitle = "class"
        return chart
    }

    /// Per class, the summary differences of every model, side by side.
    static func multiclassSummaryTable(_ site: Site, _ attribute: FairnessAttribute) -> Table {
        let entries = attribute.entries
        let several = entries.count > 1
        var columns = [Table.Column(label: "Class")]
        for entry in entries {
            for key in multiclassSummaries {
                let info = FairnessCatalog.summary(key)
                columns.append(
                    Table.Column(
                        label: String(info.name.dropLast(" difference".count)),
                        sub: several ? entry.result.model : "difference", numeric: true, note: info.definition))
            }
        }
        let names = entries.first?.result.classes?.map(\.className) ?? []
        let rows = names.map { name in
            var cells: [Table.Cell] = [.header(Markup.text(name), sortValue: name)]
            for entry in entries {
                let summary = entry.result.classes?.first { $0.className == name }?.summary ?? [:]
                cells += multiclassSummaries.map { Table.Cell.metric($0, summary[$0]) }
            }
            return Table.Row(cells: cells)
        }
        return Table(
            columns: columns, rows: rows,
            caption:
                "Each class against the rest, over the groups with enough examples; Fairlearn's definitions (largest minus smallest over the groups; equalized odds takes the larger of the recall and FPR differences), with \(site.confidence) bootstrap intervals. The ratios are in results.json."
        )
    }
}
