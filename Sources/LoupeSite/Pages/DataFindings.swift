import LoupeMarkup
import LoupeResults

/// The overview's findings about the data (see `DataPage`): anomalies against the schema, then
/// the drift of each model's predictions and of the label (prior shift), then the columns that
/// drifted — each linked to the evidence on data.html; a reassurance when a schema or a
/// reference was given and nothing departed from it.
enum DataFindings {
    /// How many error sentences, and how many drifted columns, the overview names.
    static let named = 2

    static func derive(_ site: Site) -> [Finding] {
        anomalies(site) + predictionAndLabel(site) + columns(site)
    }

    private static func anomalies(_ site: Site) -> [Finding] {
        guard let anomalies = site.results.anomalies else { return [] }
        let errors = anomalies.filter(\.isError), warnings = anomalies.filter { !$0.isError }
        if anomalies.isEmpty {
            return [
                Finding(
                    kind: .reassurance, sentence: Markup.text("The current data matches the schema: no anomalies."),
                    href: "data.html#anomalies", linkText: "data", concern: false)
            ]
        }
        var findings: [Finding] = errors.prefix(named).enumerated().map { index, anomaly in
            let more =
                index == min(errors.count, named) - 1 && errors.count > named ? " \(errors.count - named) more errors." : ""
            return Finding(
                kind: .dataAnomaly, sentence: Markup.strong("Data anomaly:") + Markup.text(" " + anomaly.message + more),
                href: DataPage.columnHref(site, anomaly.column) ?? "data.html#anomalies",
                linkText: DataPage.columnHref(site, anomaly.column) == nil ? "anomalies" : "column",
                concern: true)
        }
        if let first = warnings.first {
            let sentence =
                warnings.count == 1
                ? Markup.text("Data warning: " + first.message)
                : Markup.text("\(warnings.count) data warnings against the schema, e.g. " + first.message)
            findings.append(
                Finding(
                    kind: .dataAnomaly, sentence: sentence, href: "data.html#anomalies", linkText: "anomalies", concern: false))
        }
        return findings
    }

    private static func predictionAndLabel(_ site: Site) -> [Finding] {
        (site.results.drift ?? []).filter { $0.role != "feature" && $0.verdict.drifted }.map { d in
            let href = DataPage.columnHref(site, d.column) ?? "data.html#moved"
            if d.role == "prediction" {
                let sentence =
                    Markup.text("The predictions of ") + Markup.strong(d.model ?? d.column)
                    + Markup.text(
                        " drifted from the reference: \(DataPage.decidedBy(d)). The scores it gives now are distributed differently; its metrics on the reference may not carry over."
                    )
                return Finding(
                    kind: .dataDrift, sentence: sentence, href: href, linkText: "prediction drift", concern: true, model: d.model)
            }
            var shift = ""
            if let category = d.lInfinityCategory, let k = d.categories?.firstIndex(of: category),
                k < d.referenceCounts.count, k < d.currentCounts.count
            {
                let r = Double(d.referenceCounts[k]) / Double(max(1, d.referenceCounts.reduce(0, +)))
                let c = Double(d.currentCounts[k]) / Double(max(1, d.currentCounts.reduce(0, +)))
                shift =
                    "; the share of \(category) went from \(NumberFormat.percent(r, digits: 1)) to \(NumberFormat.percent(c, digits: 1))"
            }
            if shift.isEmpty, let means = means(site, d.column) {
                shift = "; its mean went from \(Formatting.decimal(means.0)) to \(Formatting.decimal(means.1))"
            }
            let sentence =
                Markup.text("The label ") + Markup.strong(d.column)
                + Markup.text(" drifted from the reference (prior shift): \(DataPage.decidedBy(d))\(shift).")
            return Finding(kind: .dataDrift, sentence: sentence, href: href, linkText: "label drift", concern: true)
        }
    }

    /// A numeric column's mean in the reference and the current data (a 0/1 label's positive rate).
    private static func means(_ site: Site, _ column: String) -> (Double, Double)? {
        guard let data = site.results.data,
            let reference = data.reference?.columns.first(where: { $0.name == column })?.numeric?.mean,
            let current = data.current.columns.first(where: { $0.name == column })?.numeric?.mean
        else { return nil }
        return (reference, current)
    }

    private static func columns(_ site: Site) -> [Finding] {
        let features = DataPage.ranked(site.results.drift ?? []).filter { $0.role == "feature" }
        guard !features.isEmpty else { return [] }
        let drifted = features.filter(\.verdict.drifted)
        guard !drifted.isEmpty else {
            var sentence = "No column drifted from the reference"
            if let top = features.first, let psi = top.psi {
                sentence += " (the largest PSI is \(Formatting.decimal(psi)), \(top.column))"
            }
            return [
                Finding(
                    kind: .reassurance, sentence: Markup.text(sentence + "."), href: "data.html#moved", linkText: "drift",
                    concern: false)
            ]
        }
        var sentence =
            Markup.text(
                "\(Formatting.count(drifted.count)) of \(Formatting.count(features.count)) columns drifted from the reference")
        for (index, d) in drifted.prefix(named).enumerated() {
            sentence =
                sentence + Markup.text(index == 0 ? ", most " : ", then ") + Markup.strong(d.column)
                + Markup.text(" (\(DataPage.decidedBy(d)))")
        }
        sentence = sentence + Markup.text(drifted.count > named ? ", and \(drifted.count - named) more." : ".")
        return [
            Finding(kind: .dataDrift, sentence: sentence, href: "data.html#moved", linkText: "drifted columns", concern: true)
        ]
    }
}
