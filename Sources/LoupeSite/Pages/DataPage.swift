import LoupeCharts
import LoupeMarkup
import LoupeResults

/// The data page: anomalies against the schema first, as sentences; then which columns moved
/// the most from the reference (ranked by the verdict's distance, each with its bins drawn over
/// the reference's); then one collapsed card per column with both data sets' statistics side by
/// side and every distance with its definition.
///
/// Its size is bounded whatever the number of columns: at most `anomalyLimit` sentences,
/// `moverLimit` charts, `tableLimit` ranked rows and `cardLimit` cards; each cut says how many
/// more there are, all of them in results.json.
struct DataPage: SingleSitePage {
    let path = "data.html"
    let title = "Data"
    let template = "data.html"

    static func applies(to site: Site) -> Bool {
        let results = site.results
        return results.data != nil || !(results.drift ?? []).isEmpty || results.anomalies != nil
    }

    static let anomalyLimit = 100
    static let moverLimit = 12
    static let tableLimit = 250
    static let cardLimit = 100
    /// A categorical chart draws this many categories, the rest pooled as "other".
    static let chartCategories = 20

    func context(_ site: Site) -> TemplateValue {
        let data = site.results.data
        let drift = Self.ranked(site.results.drift ?? [])
        let cards = Self.cardColumns(site, ranked: drift)
        let anchors = Self.anchors(cards.map(\.name))
        return .object([
            "lede": .text(Self.lede(site)),
            "schema": .optional(
                data?.schemaFile.map { file in
                    .text(
                        "Validated against the schema \(file)"
                            + (data?.environment.map { " in the environment \($0)" } ?? "") + ".")
                }),
            "anomalies": .optional(site.results.anomalies.map { Self.anomalies(site, $0, anchors: anchors) }),
            "drift": .optional(drift.isEmpty ? nil : Self.moved(site, drift, anchors: anchors)),
            "cardsIntro": .text(Self.cardsIntro(site, shown: min(cards.count, Self.cardLimit), total: cards.count)),
            "cards": .list(cards.prefix(Self.cardLimit).map { Self.card(site, $0, anchor: anchors[$0.name] ?? "col") }),
            "hasCards": .bool(!cards.isEmpty),
            "definitions": .list(
                Self.definitions.map { .object(["term": .text($0.term), "definition": .text($0.definition)]) }),
            "hasDrift": .bool(!drift.isEmpty),
        ])
    }

    // MARK: Order

    /// Drifted first, then by PSI (the verdict's distance) descending, then by the largest
    /// difference in shares (KS D or L-infinity); undefined comparisons last; ties in results order.
    static func ranked(_ drift: [ColumnDrift]) -> [ColumnDrift] {
        func group(_ d: ColumnDrift) -> Int { d.verdict.drifted ? 0 : d.verdict.status == "undefined" ? 2 : 1 }
        func effect(_ d: ColumnDrift) -> Double { d.ks?.statistic ?? d.lInfinity ?? -1 }
        return drift.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if group(x) != group(y) { return group(x) < group(y) }
            let (px, py) = (x.psi ?? -1, y.psi ?? -1)
            if px != py { return px > py }
            if effect(x) != effect(y) { return effect(x) > effect(y) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// One card's worth of a column: its statistics in either data set and its drift.
    struct ColumnCard {
        var name: String
        var reference: DataColumnStatistics?
        var current: DataColumnStatistics?
        var drift: ColumnDrift?
        var anomalies: [DataAnomaly]
    }

    /// Columns with a drift entry in ranked order, then the others — those with anomalies first
    /// — in file order (current, then reference-only columns).
    static func cardColumns(_ site: Site, ranked: [ColumnDrift]) -> [ColumnCard] {
        let data = site.results.data
        let current = data?.current.columns ?? [], reference = data?.reference?.columns ?? []
        let anomalies = site.results.anomalies ?? []
        var names: [String] = []
        var seen: Set<String> = []
        for name in ranked.map(\.column) + current.map(\.name) + reference.map(\.name) where seen.insert(name).inserted {
            names.append(name)
        }
        let drifting = Set(ranked.map(\.column))
        let flagged = Set(anomalies.map(\.column))
        let rest = names.filter { !drifting.contains($0) }
        names = names.filter(drifting.contains) + rest.filter(flagged.contains) + rest.filter { !flagged.contains($0) }
        // By name, the first of each (thousands of columns: no search per card).
        func index<T>(_ items: [T], _ key: (T) -> String) -> [String: T] {
            Dictionary(items.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let referenceByName = index(reference, \.name), currentByName = index(current, \.name)
        let driftByName = index(ranked, \.column)
        let anomaliesByName = Dictionary(grouping: anomalies, by: \.column)
        return names.map { name in
            ColumnCard(
                name: name, reference: referenceByName[name], current: currentByName[name], drift: driftByName[name],
                anomalies: anomaliesByName[name] ?? [])
        }
    }

    /// The card of `column` on data.html, when the page shows one.
    static func columnHref(_ site: Site, _ column: String) -> String? {
        let cards = cardColumns(site, ranked: ranked(site.results.drift ?? []))
        guard cards.prefix(cardLimit).contains(where: { $0.name == column }) else { return nil }
        return anchors(cards.map(\.name))[column].map { "data.html#" + $0 }
    }

    static func anchors(_ names: [String]) -> [String: String] {
        let slugs = Slug.unique(names, fallback: "column")
        return Dictionary(zip(names, slugs.map { "col-" + $0 }), uniquingKeysWith: { first, _ in first })
    }

    // MARK: Header

    static func lede(_ site: Site) -> String {
        guard let data = site.results.data else {
            return "How the current data compares with the reference, column by column."
        }
        let current =
            "\(data.current.file) (\(Formatting.count(data.current.rowCount)) rows, \(Formatting.count(data.current.columns.count)) columns)"
        guard let reference = data.reference else {
            return
                "The statistics of every column of \(current). No reference data set was given (--reference), so nothing is compared."
        }
        return
            "The current data, \(current), against the reference, \(reference.file) (\(Formatting.count(reference.rowCount)) rows): what departs from the schema, which columns moved, and every column's statistics side by side."
    }

    static func cardsIntro(_ site: Site, shown: Int, total: Int) -> String {
        var text = "Open a column for its statistics"
        text += site.results.data?.reference != nil ? " in both data sets side by side" : ""
        text += site.results.drift?.isEmpty == false ? ", its bins and every distance." : "."
        if total > shown {
            text +=
                " The first \(Formatting.count(shown)) of \(Formatting.count(total)) columns are shown, in the order above; results.json has all of them."
        }
        return text
    }

    // MARK: Anomalies

    static func anomalies(_ site: Site, _ anomalies: [DataAnomaly], anchors: [String: String]) -> TemplateValue {
        let errors = anomalies.filter(\.isError), warnings = anomalies.filter { !$0.isError }
        let ordered = errors + warnings
        let summary: String
        if anomalies.isEmpty {
            summary = "No anomalies: the current data matches the schema."
        } else {
            let parts = [
                errors.isEmpty ? nil : plural(errors.count, "error"), warnings.isEmpty ? nil : plural(warnings.count, "warning"),
            ].compactMap { $0 }
            summary =
                "\(parts.joined(separator: " and ")) against the schema"
                + (errors.isEmpty ? "." : "; an error fails the build (exit status 1), the site is still written.")
        }
        let shown = ordered.prefix(anomalyLimit)
        return .object([
            "summary": .text(summary),
            "failed": .bool(!errors.isEmpty),
            "items": .list(
                shown.map { anomaly in
                    .object([
                        "error": .bool(anomaly.isError),
                        "severity": .text(anomaly.isError ? "error" : "warning"),
                        "message": .text(anomaly.message),
                        "href": .optional(anchors[anomaly.column].map { .text("#" + $0) }),
                    ])
                }),
            "more": .optional(
                ordered.count > shown.count
                    ? .text("\(plural(ordered.count - shown.count, "more anomaly", "more anomalies")) in results.json.")
                    : nil),
        ])
    }

    static func plural(_ n: Int, _ word: String, _ words: String? = nil) -> String {
        "\(Formatting.count(n)) " + (n == 1 ? word : words ?? word + "s")
    }

    // MARK: Which columns moved

    static func moved(_ site: Site, _ ranked: [ColumnDrift], anchors: [String: String]) -> TemplateValue {
        let features = ranked.filter { $0.role == "feature" }
        let drifted = features.filter(\.verdict.drifted)
        let others = ranked.filter { $0.role != "feature" && $0.verdict.drifted }.map(roleName)
        var summary =
            drifted.isEmpty && !features.isEmpty
            ? "None of the \(plural(features.count, "column")) drifted"
            : "\(Formatting.count(drifted.count)) of \(plural(features.count, "column")) drifted"
        if !others.isEmpty {
            summary += (drifted.isEmpty ? ", but " : ", and so did ") + others.joined(separator: " and ")
            if drifted.isEmpty { summary += " did" }
        }
        summary += "."
        let movers = ranked.prefix(moverLimit)
        let table = rankedTable(site, Array(ranked.prefix(tableLimit)), anchors: anchors)
        return .object([
            "summary": .text(summary),
            "rule": .text(rule(site, ranked)),
            "movers": .list(
                movers.map { d in
                    .object([
                        "name": .text(d.column),
                        "role": .optional(d.role == "feature" ? nil : .text(roleTag(d))),
                        "href": .text("#" + (anchors[d.column] ?? "")),
                        "drifted": .bool(d.verdict.drifted),
                        "status": .text(d.verdict.status),
                        "decided": .text(decidedBy(d)),
                        "chart": .html(chart(d, suffix: "m-" + (anchors[d.column] ?? "col"))),
                    ])
                }),
            "table": table.templateValue,
            "tableNote": .optional(
                ranked.count > tableLimit
                    ? .text(
                        "The \(Formatting.count(tableLimit)) columns that moved most of \(Formatting.count(ranked.count)); results.json has every distance of every column."
                    ) : nil),
        ])
    }

    static func roleName(_ d: ColumnDrift) -> String {
        d.role == "prediction"
            ? "the predictions of \(d.model ?? d.column)" : d.role == "label" ? "the label \(d.column)" : d.column
    }

    static func roleTag(_ d: ColumnDrift) -> String {
        d.role == "prediction" ? "prediction · \(d.model ?? d.column)" : d.role
    }

    /// The defaults, and a note when some column has thresholds of its own.
    static func rule(_ site: Site, _ drift: [ColumnDrift]) -> String {
        let t = DriftThresholds.defaults
        var text =
            "A column drifted when its PSI is at least \(Formatting.plain(t.psi)), or when its test of a difference (Kolmogorov–Smirnov for numbers, χ² for categories) has p < \(Formatting.plain(t.pValue)) and the largest difference in shares (KS D or L∞) is at least \(Formatting.plain(t.minimumEffect)), so that a very large data set does not flag a trivial shift."
        let own = drift.filter { $0.thresholds != t }.count
        if own > 0 {
            text += " \(plural(own, "column has", "columns have")) thresholds of its own from the schema (on its card)."
        }
        return text + " Columns are ranked by PSI, drifted ones first."
    }

    /// "PSI 0.312 ≥ 0.2" or "KS p < 0.001, D 0.14" — the test that decided and its numbers.
    static func decidedBy(_ d: ColumnDrift) -> String {
        let v = d.verdict
        switch v.test {
        case "psi":
            guard let value = v.value else { return "PSI undefined" }
            let threshold = v.threshold.map { (v.drifted ? " ≥ " : " < ") + Formatting.plain($0) } ?? ""
            return "PSI \(Formatting.decimal(value))\(threshold)"
        case "ks", "chi_square":
            let name = v.test == "ks" ? "KS" : "χ²"
            let p = v.value.map { "p " + Formatting.pValue($0, inline: true) } ?? "p undefined"
            let effect = v.effect.map { ", \(v.test == "ks" ? "D" : "L∞") \(Formatting.decimal($0))" } ?? ""
            return "\(name) \(p)\(effect)"
        default:
            return "not compared"
        }
    }

    static func rankedTable(_ site: Site, _ ranked: [ColumnDrift], anchors: [String: String]) -> Table {
        let columns = [
            Table.Column(label: "Column"),
            Table.Column(label: "Verdict"),
            Table.Column(label: "PSI", numeric: true, note: definition("psi")),
            Table.Column(label: "KS D", sub: "p-value", numeric: true, note: definition("ks")),
            Table.Column(label: "χ²", sub: "p-value", numeric: true, note: definition("chi_square")),
            Table.Column(label: "JS distance", numeric: true, note: definition("js_distance")),
            Table.Column(label: "Missing", sub: "reference → current", numeric: true),
        ]
        // One convention of decimals per column: the largest statistic in it sets them.
        let ksScale = ranked.compactMap { $0.ks?.statistic.magnitude }.max() ?? 0
        let chiScale = ranked.compactMap { $0.chiSquare?.statistic.magnitude }.max() ?? 0
        let rows = ranked.map { d in
            var name = Markup.link(d.column, href: "#" + (anchors[d.column] ?? ""))
            if d.role != "feature" { name = name + HTML(trusted: " ") + Markup.tag(roleTag(d)) }
            var verdict = Table.Cell(
                content: (d.verdict.drifted ? Markup.badge("drifted") : Markup.text(d.verdict.status))
                    + Markup.sub(decidedBy(d)), flag: d.verdict.drifted, sortValue: d.verdict.drifted ? "0" : "1")
            verdict.numeric = false
            return Table.Row(cells: [
                .header(name, sortValue: d.column),
                verdict,
                numberCell(d.psi),
                pair(d.ks.map { ($0.statistic, $0.pValue) }, scale: ksScale),
                pair(d.chiSquare.map { ($0.statistic, $0.pValue) }, scale: chiScale),
                numberCell(d.jsDistance),
                .text(missingShift(d)),
            ])
        }
        return Table(columns: columns, rows: rows)
    }

    static func numberCell(_ x: Double?) -> Table.Cell {
        guard let x else { return Table.Cell(content: Markup.text("—"), numeric: true, sortValue: "-1") }
        return Table.Cell(content: Markup.text(Formatting.decimal(x)), numeric: true, sortValue: Formatting.exact(x))
    }

    /// A statistic with its p-value beneath it.
    static func pair(_ value: (Double, Double)?, scale: Double) -> Table.Cell {
        guard let (statistic, p) = value else { return numberCell(nil) }
        return Table.Cell(
            content: Markup.text(Formatting.decimal(statistic, scale: scale)), numeric: true,
            sortValue: Formatting.exact(statistic),
            interval: "p " + Formatting.pValue(p, inline: true))
    }

    static func missingShift(_ d: ColumnDrift) -> String {
        func share(_ missing: Int, _ count: Int) -> String {
            count + missing == 0 ? "—" : NumberFormat.percent(Double(missing) / Double(count + missing), digits: 1)
        }
        return "\(share(d.referenceMissing, d.referenceCount)) → \(share(d.currentMissing, d.currentCount))"
    }

    // MARK: Charts

    /// The bins a distance was computed on, the reference's shares under the current's.
    static func chart(_ d: ColumnDrift, suffix: String) -> HTML {
        let (labels, reference, current) = bins(d)
        let what = d.kind == "numeric" ? "the reference's decile bins" : "categories"
        let largest = zip(labels, zip(reference, current)).max { abs($0.1.1 - $0.1.0) < abs($1.1.1 - $1.1.0) }
        let moved = largest.map {
            " The largest change is in \($0.0): \(NumberFormat.percent($0.1.0, digits: 1)) of the reference, \(NumberFormat.percent($0.1.1, digits: 1)) of the current data."
        }
        return BinShareChart(
            title: "How did \(d.column) move?",
            description:
                "Share of rows of \(d.column) in each of \(what): the reference as grey bars, the current data as a blue outline."
                + (moved ?? ""),
            labels: labels, reference: reference, current: current, idSuffix: suffix
        ).render()
    }

    /// Bin labels and shares: numeric decile bins as `< a`, `[a, b)`, `≥ b`; categories ordered by
    /// the reference's share, beyond `chartCategories` pooled as "other".
    static func bins(_ d: ColumnDrift) -> ([String], [Double], [Double]) {
        let rt = Double(max(1, d.referenceCounts.reduce(0, +))), ct = Double(max(1, d.currentCounts.reduce(0, +)))
        let r = d.referenceCounts.map { Double($0) / rt }, c = d.currentCounts.map { Double($0) / ct }
        if let edges = d.binEdges, !edges.isEmpty {
            let e = edges.map { Formatting.decimal($0).trimmingTrailingZeros() }
            let labels = (0...edges.count).map { i in
                i == 0 ? "< \(e[0])" : i == edges.count ? "≥ \(e[i - 1])" : "[\(e[i - 1]), \(e[i]))"
            }
            // Bins empty in both data sets (between tied deciles) are left out, as the PSI skips them.
            let kept = labels.indices.filter { i in
                i < r.count && i < c.count && (d.referenceCounts[i] > 0 || d.currentCounts[i] > 0)
            }
            return (kept.map { labels[$0] }, kept.map { r[$0] }, kept.map { c[$0] })
        }
        // Numeric bins whose edges are not finite have no labels but their rank.
        let names = d.categories ?? d.referenceCounts.indices.map { "bin \($0 + 1)" }
        let order = names.indices.sorted { a, b in
            let (x, y) = (r[safe: a] ?? 0, r[safe: b] ?? 0)
            if x != y { return x > y }
            let (u, v) = (c[safe: a] ?? 0, c[safe: b] ?? 0)
            return u != v ? u > v : a < b
        }
        guard order.count > chartCategories else {
            return (order.map { names[$0] }, order.map { r[safe: $0] ?? 0 }, order.map { c[safe: $0] ?? 0 })
        }
        let kept = order.prefix(chartCategories - 1), rest = order.dropFirst(chartCategories - 1)
        return (
            kept.map { names[$0] } + ["other (\(Formatting.count(rest.count)))"],
            kept.map { r[safe: $0] ?? 0 } + [rest.reduce(0) { $0 + (r[safe: $1] ?? 0) }],
            kept.map { c[safe: $0] ?? 0 } + [rest.reduce(0) { $0 + (c[safe: $1] ?? 0) }]
        )
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
