import LoupeMarkup
import LoupeResults

/// A short Markdown summary of a run for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
/// the title, the gates' verdict, the headline metric per model with its interval, every gate
/// (failed first, ✅/❌ with value and bound), the data anomalies and the weakest slices. Drawn from `Results` alone,
/// so `loupe build` and `loupe render` write the same summary.
///
/// Data strings (titles, model names, slice values, gate text) are escaped: Markdown's
/// emphasis, code, table and HTML characters are backslash-escaped and line breaks become spaces.
public enum MarkdownSummary {
    /// At most this many gate rows; the rest (passed ones first to go) are counted in a line.
    static let gateRows = 50
    static let weakestRows = 5

    public static func render(_ results: Results) -> String {
        let site = Site(results: results, resultsHref: "results.json")
        var lines: [String] = []
        lines.append("## Loupe: \(Markdown.escape(results.title))")
        lines.append("")
        let gates = results.gates
        if gates.isEmpty {
            lines.append("No validation gates were configured.")
        } else {
            let failed = gates.contains { !$0.passed }
            lines.append("**\(failed ? "❌" : "✅") \(GateStatus.line(gates)).**")
        }
        lines.append("")
        if results.isDataOnly {
            let columns = results.data?.current.columns.count ?? 0
            lines.append(
                Markdown.escape(
                    "Data only: \(NumberFormat.count(results.rowCount)) rows, \(NumberFormat.count(columns)) columns of \(results.provenance.dataFile)",
                    atLineStart: true) + ".")
        } else {
            lines.append(Markdown.escape(IndexPage.summary(site), atLineStart: true) + ".")
            lines.append("")
            lines += headline(site)
        }
        if !gates.isEmpty {
            lines.append("")
            lines += gateTable(gates)
        }
        if let anomalies = results.anomalies {
            lines.append("")
            lines += anomalyLines(anomalies)
        }
        let weakest = IndexPage.weakest(site, count: weakestRows)
        if !weakest.isEmpty {
            lines.append("")
            lines += weakestTable(site, weakest)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per anomaly (errors first, ❌; warnings ⚠️), at most `gateRows`.
    static func anomalyLines(_ anomalies: [DataAnomaly]) -> [String] {
        let errors = anomalies.filter(\.isError).count
        var lines = ["### Data anomalies", ""]
        if anomalies.isEmpty {
            lines.append("✅ The data matches its schema.")
            return lines
        }
        lines.append(
            "**\(errors) error\(errors == 1 ? "" : "s"), \(anomalies.count - errors) warning\(anomalies.count - errors == 1 ? "" : "s").**"
        )
        lines.append("")
        let ordered = anomalies.filter(\.isError) + anomalies.filter { !$0.isError }
        lines += ordered.prefix(gateRows).map { "- \($0.isError ? "❌" : "⚠️") \(Markdown.escape($0.message))" }
        if ordered.count > gateRows { lines.append("- …and \(ordered.count - gateRows) more in results.json.") }
        return lines
    }

    /// | Model | ROC AUC | 95% interval |
    static func headline(_ site: Site) -> [String] {
        let metric = site.rankMetric
        var lines = [
            "| Model | \(Markdown.escape(site.rankName)) | \(site.confidence) interval |",
            "|---|--:|--:|",
        ]
        for model in site.results.models {
            let estimate = site.overall(model)[metric]
            let value = estimate?.value.map(Formatting.decimal) ?? "undefined"
            let interval = estimate.flatMap { Formatting.interval($0) } ?? "—"
            let name = Markdown.escape(model) + (model == site.baseline ? " (baseline)" : "")
            lines.append("| \(name) | \(value) | \(interval) |")
        }
        return lines
    }

    static func gateTable(_ gates: [GateResult]) -> [String] {
        let ordered = gates.filter { !$0.passed } + gates.filter(\.passed)
        var lines = ["### Gates", "", "| | Gate | Model | Value | Bound |", "|---|---|---|--:|--:|"]
        for gate in ordered.prefix(gateRows) {
            let value = gate.value.map(Formatting.decimal) ?? "undefined"
            let bound = gate.bound.map { "\(Markdown.escape(gate.comparison)) \(Formatting.decimal($0))" } ?? "—"
            lines.append(
                "| \(gate.passed ? "✅" : "❌") | \(Markdown.escape(gate.name)) | \(Markdown.escape(gate.model)) | \(value) | \(bound) |"
            )
        }
        if ordered.count > gateRows {
            lines.append("")
            lines.append("…and \(ordered.count - gateRows) more gates in results.json.")
        }
        let failures = ordered.filter { !$0.passed }.prefix(gateRows)
        if !failures.isEmpty {
            lines.append("")
            lines += failures.map { "- ❌ \(Markdown.escape($0.message))" }
        }
        return lines
    }

    static func weakestTable(_ site: Site, _ weakest: [(SliceResult, String, Double)]) -> [String] {
        let metric = site.rankMetric
        var lines = [
            "### Weakest slices", "",
            "| Slice | Model | Rows | \(Markdown.escape(site.rankName)) | Overall | Gap |", "|---|---|--:|--:|--:|--:|",
        ]
        for (slice, model, _) in weakest {
            let value = slice.metrics[model]?[metric]?.value.map(Formatting.decimal) ?? "undefined"
            let overall = site.overall(model)[metric]?.value.map(Formatting.decimal) ?? "undefined"
            var gap = slice.gap[model]?.difference.value.map(Formatting.signed) ?? "undefined"
            if slice.gap[model]?.significant == true { gap += " (significant)" }
            lines.append(
                "| \(Markdown.escape(site.label(of: slice))) | \(Markdown.escape(model)) | \(Formatting.count(slice.count)) | \(value) | \(overall) | \(gap) |"
            )
        }
        return lines
    }

}
