import LoupeCharts
import LoupeMarkup
import LoupeResults

/// One column's card on the data page: statistics side by side, top values, distances.
extension DataPage {
    /// The distances and tests as the page defines them (the README's "Data drift" has the same).
    static let definitions: [(key: String, term: String, definition: String)] = [
        (
            "bins", "Bins",
            "A numeric column is cut into 10 bins at the reference's deciles (numpy.quantile, linear); the outer bins are open, a value goes to the bin whose left edge is at most it. A categorical column's bins are its categories."
        ),
        (
            "psi", "PSI",
            "Population stability index: Σ (q − p)·ln(q/p) over the bins, p the reference's share and q the current's, a zero share replaced by 0.0001 and bins empty in both skipped. Below 0.1 little change, 0.1–0.2 moderate, 0.2 and above large."
        ),
        (
            "ks", "KS",
            "Two-sample Kolmogorov–Smirnov test (numeric columns): D is the largest vertical gap between the two cumulative distributions of the raw values; its p-value as scipy.stats.ks_2samp (exact for small samples, else asymptotic)."
        ),
        (
            "wasserstein", "Wasserstein",
            "Wasserstein-1 (earth mover's) distance between the raw values, in the column's units (scipy.stats.wasserstein_distance); normalised: divided by the reference's standard deviation (population, at least 0.001)."
        ),
        (
            "js_distance", "Jensen–Shannon",
            "Jensen–Shannon distance in bits over the bins or categories: 0 for the same distribution, 1 for distributions with no bin in common."
        ),
        (
            "hellinger", "Hellinger",
            "Hellinger distance √(Σ(√p − √q)²)/√2 over the bins or categories: 0 for the same distribution, 1 for disjoint ones."
        ),
        (
            "chi_square", "χ²",
            "Pearson's χ² test of homogeneity on the 2 × K table of counts per bin or category (scipy.stats.chi2_contingency; bins empty in both dropped; Yates' correction when dof = 1)."
        ),
        (
            "l_infinity", "L∞",
            "TFDV's L-infinity distance (categorical columns): the largest |p − q| over categories, each data set's shares over its own rows, with the category that attains it."
        ),
    ]

    static func definition(_ key: String) -> String { definitions.first { $0.key == key }?.definition ?? "" }

    static func card(_ site: Site, _ column: ColumnCard, anchor: String) -> TemplateValue {
        let hasReference = site.results.data?.reference != nil
        let kind = column.current?.kind ?? column.reference?.kind ?? column.drift?.kind ?? "column"
        var facts: [String] = [kind]
        if hasReference && column.current == nil { facts.append("only in the reference") }
        if hasReference && column.reference == nil && column.current != nil { facts.append("not in the reference") }
        if let d = column.drift, d.role != "feature" { facts.append(roleTag(d)) }
        if let missing = column.current?.missingShare, missing > 0 {
            facts.append("\(NumberFormat.percent(missing, digits: 1)) missing")
        }
        return .object([
            "id": .text(anchor),
            "name": .text(column.name),
            "facts": .text(facts.joined(separator: " · ")),
            "drifted": .bool(column.drift?.verdict.drifted ?? false),
            "anomalyCount": .optional(
                column.anomalies.isEmpty ? nil : .text(plural(column.anomalies.count, "anomaly", "anomalies"))),
            "decided": .optional(column.drift.map { .text(decidedBy($0)) }),
            "anomalies": .list(
                column.anomalies.map { .object(["error": .bool($0.isError), "message": .text($0.message)]) }),
            "statistics": statisticsTable(column, hasReference: hasReference).templateValue,
            "topValues": .optional(topValuesTable(column, hasReference: hasReference)?.templateValue),
            "chart": .optional(column.drift.map { .html(chart($0, suffix: "c-" + anchor)) }),
            "distances": .optional(column.drift.map(distances)),
        ])
    }

    // MARK: Statistics

    static func statisticsTable(_ column: ColumnCard, hasReference: Bool) -> Table {
        let sides = hasReference ? [column.reference, column.current] : [column.current]
        var rows: [Table.Row] = []
        func row(_ label: String, _ values: [String?], note: String? = nil) {
            var header = Table.Cell.header(Markup.text(label))
            if let note { header.content = HTML(trusted: "<span title=\"\(HTML.escape(note))\">\(HTML.escape(label))</span>") }
            rows.append(
                Table.Row(cells: [header] + values.map { Table.Cell(content: Markup.text($0 ?? "—"), numeric: true) }))
        }
        /// Numbers of one row with the decimals of the larger.
        func numbers(_ label: String, _ pick: (NumericColumnStatistics) -> Double?) {
            let values = sides.map { $0?.numeric.flatMap(pick) }
            let scale = values.compactMap { $0?.magnitude }.max() ?? 0
            guard values.contains(where: { $0 != nil }) else { return }
            row(label, values.map { $0.map { Formatting.decimal($0, scale: scale) } })
        }
        row("Kind", sides.map { $0?.kind })
        row("Rows present", sides.map { $0.map { Formatting.count($0.count) } })
        row(
            "Missing", sides.map { s in s.map { "\(Formatting.count($0.missing)) (\(percent($0.missingShare)))" } },
            note: "Empty fields and NA tokens; the share is of all rows.")
        if sides.contains(where: { $0?.numeric != nil }) {
            numbers("Mean") { $0.mean }
            numbers("Standard deviation") { $0.standardDeviation }
            numbers("Minimum") { $0.minimum }
            for level in [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] {
                let name = level == 0.5 ? "Median" : "\(NumberFormat.percent(level, digits: 0)) quantile"
                numbers(name) { n in n.quantiles.first { abs($0.level - level) < 1e-9 }?.value }
            }
            numbers("Maximum") { $0.maximum }
            row(
                "Zeros", sides.map { s in s?.numeric.map { "\(Formatting.count($0.zeros)) (\(percent($0.zeroShare)))" } })
        }
        if sides.contains(where: { $0?.categorical != nil }) {
            row("Distinct values", sides.map { $0?.categorical.map { Formatting.count($0.distinct) } })
            row(
                "Outside the top 10", sides.map { $0?.categorical.map { percent($0.otherShare) } },
                note: "The share of present rows whose value is not among the ten most frequent.")
            if sides.contains(where: { $0?.categorical?.textLike ?? false }) {
                row(
                    "Text length",
                    sides.map { s in
                        s?.categorical?.textLength.map { "\($0.minimum)–\($0.maximum), mean \(Formatting.decimal($0.mean))" }
                    }, note: "Minimum–maximum and mean length in characters (Unicode scalars).")
            }
        }
        if sides.contains(where: { $0?.timestamp != nil }) {
            row("First", sides.map { $0?.timestamp?.first })
            row("Last", sides.map { $0?.timestamp?.last })
        }
        let columns =
            [Table.Column(label: "Statistic")]
            + (hasReference
                ? [Table.Column(label: "Reference", numeric: true), Table.Column(label: "Current", numeric: true)]
                : [Table.Column(label: "Current", numeric: true)])
        return Table(columns: columns, rows: rows, sortable: false)
    }

    static func percent(_ share: Double?) -> String { share.map { NumberFormat.percent($0, digits: 1) } ?? "—" }

    /// The most frequent values of either data set with their shares side by side: the current's
    /// top values first, then the reference's others.
    static func topValuesTable(_ column: ColumnCard, hasReference: Bool) -> Table? {
        let current = column.current?.categorical?.topValues ?? []
        let reference = hasReference ? column.reference?.categorical?.topValues ?? [] : []
        var values = current.map(\.value)
        for v in reference.map(\.value) where !values.contains(v) { values.append(v) }
        guard !values.isEmpty else { return nil }
        func cell(_ entry: ValueCount?) -> Table.Cell {
            guard let entry else {
                return Table.Cell(
                    content: HTML(
                        trusted: "<span title=\"Not among this data set's ten most frequent values.\">not in its top 10</span>"),
                    numeric: true)
            }
            return Table.Cell(
                content: Markup.text(NumberFormat.percent(entry.share, digits: 1)), numeric: true,
                sortValue: Formatting.exact(entry.share), interval: Formatting.count(entry.count) + " rows")
        }
        let rows = values.map { value in
            Table.Row(
                cells: [Table.Cell.header(Markup.text(value))]
                    + (hasReference ? [cell(reference.first { $0.value == value })] : [])
                    + [cell(current.first { $0.value == value })])
        }
        let columns =
            [Table.Column(label: "Value")]
            + (hasReference ? [Table.Column(label: "Reference", sub: "share", numeric: true)] : [])
            + [Table.Column(label: "Current", sub: "share", numeric: true)]
        return Table(columns: columns, rows: rows, caption: "Most frequent values, share of the present rows.")
    }

    // MARK: Distances

    static func distances(_ d: ColumnDrift) -> TemplateValue {
        var items: [(key: String, name: String, value: String)] = []
        if let psi = d.psi { items.append(("psi", "PSI", Formatting.decimal(psi))) }
        if let ks = d.ks {
            items.append(
                (
                    "ks", "Kolmogorov–Smirnov",
                    "D \(Formatting.decimal(ks.statistic)), p \(Formatting.pValue(ks.pValue, inline: true)) (\(ks.method))"
                ))
        }
        if let w = d.wasserstein {
            let normalized = d.normalizedWasserstein.map { "; \(Formatting.decimal($0)) reference standard deviations" } ?? ""
            items.append(("wasserstein", "Wasserstein", Formatting.decimal(w) + normalized))
        }
        if let js = d.jsDistance { items.append(("js_distance", "Jensen–Shannon distance", Formatting.decimal(js))) }
        if let h = d.hellinger { items.append(("hellinger", "Hellinger distance", Formatting.decimal(h))) }
        if let chi = d.chiSquare {
            items.append(
                (
                    "chi_square", "χ² test",
                    "\(Formatting.decimal(chi.statistic)) on \(chi.dof) dof, p \(Formatting.pValue(chi.pValue, inline: true))"
                        + (chi.yates ? " (Yates' correction)" : "")
                ))
        }
        if let l = d.lInfinity {
            items.append(("l_infinity", "L∞", Formatting.decimal(l) + (d.lInfinityCategory.map { ", at \($0)" } ?? "")))
        }
        let t = d.thresholds
        return .object([
            "items": .list(
                items.map {
                    .object(["name": .text($0.name), "value": .text($0.value), "definition": .text(definition($0.key))])
                }),
            "verdict": .text(d.verdict.message),
            "drifted": .bool(d.verdict.drifted),
            "thresholds": .text(
                "Thresholds: PSI ≥ \(Formatting.plain(t.psi)), or p < \(Formatting.plain(t.pValue)) with a difference in shares ≥ \(Formatting.plain(t.minimumEffect))"
                    + (t == DriftThresholds.defaults ? " (the defaults)." : " (from the schema).")),
            "binsNote": .text(d.kind == "numeric" ? definition("bins") : "Bins: the categories of either data set."),
        ])
    }
}
