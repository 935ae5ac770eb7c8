import LoupeMarkup
import LoupeResults

/// `MODEL_CARD.md`: the model card for a repository, GitHub/GitLab-flavoured Markdown that also
/// reads as plain text: tables, no raw HTML, charts as SVG files beside it (linked relatively),
/// every estimate with its interval, and each human section the card leaves empty shown as
/// "Not provided." rather than invented.
///
/// Every string from the card or the data goes through `Markdown.escape` (backslashes, never
/// HTML entities, so the plain text stays readable).
enum ModelCardMarkdown {
    static let notProvided = "_Not provided._"

    /// `charts` maps a chart's role (`headline`, `slices`) to its path relative to the card;
    /// `withSite` links sections to the site's pages that prove them.
    static func render(_ content: ModelCardContent, charts: [String: String], withSite: Bool) -> String {
        var out = MarkdownLines()
        let card = content.card
        let details = card.modelDetails
        out.heading(1, "Model card: " + Markdown.escape(content.title))
        out.paragraph(text(details.overview))
        if withSite {
            out.paragraph(
                "The evidence for every number is in the [evaluation report](index.html); the exact values are in [results.json](results.json)."
            )
        }

        out.heading(2, "Model details")
        var rows: [(String, String)] = [("Name", text(details.name, inline: true))]
        if let version = details.version {
            let parts = [version.name, version.date.map { "released \($0)" }].compactMap { $0 }
            rows.append(("Version", parts.isEmpty ? notProvided : Markdown.escape(parts.joined(separator: ", "))))
            if let diff = version.diff { rows.append(("Changes", Markdown.escape(diff))) }
        } else {
            rows.append(("Version", notProvided))
        }
        rows.append(("Owners", details.owners.isEmpty ? notProvided : details.owners.map(owner).joined(separator: "; ")))
        rows.append(("License", details.licenses.isEmpty ? notProvided : details.licenses.map(license).joined(separator: "; ")))
        if let path = details.path { rows.append(("Path", Markdown.escape(path))) }
        out.table(["Field", "Value"], align: ["---", "---"], rows.map { [$0.0, $0.1] })
        out.heading(3, "Documentation")
        out.paragraph(text(details.documentation))
        out.heading(3, "References")
        out.list(details.references.map { Markdown.escape($0, atLineStart: true) })
        out.heading(3, "Citation")
        out.list(
            details.citations.map { citation in
                let text = Markdown.escape(citation.citation ?? "", atLineStart: true)
                return citation.style.map { "\(text) (\(Markdown.escape($0)))" } ?? text
            })

        out.heading(2, "Intended use")
        out.heading(3, "Intended users")
        out.list(card.considerations.users.map { Markdown.escape($0, atLineStart: true) })
        out.heading(3, "Use cases")
        out.list(card.considerations.useCases.map { Markdown.escape($0, atLineStart: true) })
        out.heading(3, "Out-of-scope uses")
        out.list(card.considerations.outOfScopeUses.map { Markdown.escape($0, atLineStart: true) })

        modelParameters(card.modelParameters, into: &out)
        evaluationData(content, into: &out)
        quantitative(content, charts: charts, withSite: withSite, into: &out)

        out.heading(2, "Considerations")
        out.heading(3, "Limitations")
        out.list(card.considerations.limitations.map { Markdown.escape($0, atLineStart: true) })
        out.heading(3, "Trade-offs")
        out.list(card.considerations.tradeoffs.map { Markdown.escape($0, atLineStart: true) })
        out.heading(3, "Ethical considerations")
        let risks = card.considerations.ethicalConsiderations
        if risks.isEmpty {
            out.paragraph(notProvided)
        } else {
            out.table(
                ["Risk", "Mitigation strategy"], align: ["---", "---"],
                risks.map { [text($0.name, inline: true), text($0.mitigationStrategy, inline: true)] })
        }
        return out.text
    }

    // MARK: Human sections

    static func modelParameters(_ parameters: ModelCard.ModelParameters, into out: inout MarkdownLines) {
        out.heading(2, "Model parameters")
        out.heading(3, "Architecture")
        out.paragraph(text(parameters.modelArchitecture))
        out.heading(3, "Input format")
        format(parameters.inputFormat, parameters.inputFormatMap, into: &out)
        out.heading(3, "Output format")
        format(parameters.outputFormat, parameters.outputFormatMap, into: &out)
        out.heading(3, "Data")
        if parameters.data.isEmpty {
            out.paragraph(notProvided)
        } else {
            out.table(
                ["Dataset", "Description", "Sensitive data"], align: ["---", "---", "---"],
                parameters.data.map(datasetRow))
        }
    }

    static func format(_ text: String?, _ map: [ModelCard.KeyValue], into out: inout MarkdownLines) {
        if text == nil && map.isEmpty {
            out.paragraph(notProvided)
            return
        }
        if let text { out.paragraph(Self.text(text)) }
        if !map.isEmpty {
            out.table(
                ["Key", "Value"], align: ["---", "---"],
                map.map { [Markdown.escape($0.key ?? ""), Markdown.escape($0.value ?? "")] })
        }
    }

    static func datasetRow(_ dataset: ModelCard.Dataset) -> [String] {
        var name = Markdown.escape(dataset.name ?? "(unnamed)")
        if let link = dataset.link { name += " (\(Markdown.escape(link)))" }
        let sensitive = dataset.sensitiveData.map { $0.isEmpty ? "none" : $0.map { Markdown.escape($0) }.joined(separator: ", ") }
        return [name, dataset.description.map { Markdown.escape($0) } ?? "—", sensitive ?? "not stated"]
    }

    static func evaluationData(_ content: ModelCardContent, into out: inout MarkdownLines) {
        let results = content.results
        out.heading(2, "Evaluation data")
        if let data = content.card.evaluationData {
            if let name = data.name {
                out.paragraph("**\(Markdown.escape(name))**" + (data.link.map { " (\(Markdown.escape($0)))" } ?? ""))
            }
            out.paragraph(text(data.description))
            if let sensitive = data.sensitiveData, !sensitive.isEmpty {
                out.paragraph("Sensitive data: " + sensitive.map { Markdown.escape($0) }.joined(separator: ", ") + ".")
            }
        } else {
            out.paragraph(notProvided)
        }
        let provenance = results.provenance
        var rows = [["Rows evaluated", Formatting.count(results.rowCount)]]
        for reason in provenance.rowsExcluded.keys.sorted() {
            rows.append(["Rows excluded: " + Markdown.escape(reason), Formatting.count(provenance.rowsExcluded[reason] ?? 0)])
        }
        if !provenance.dataFile.isEmpty { rows.append(["Data file", Markdown.escape(provenance.dataFile)]) }
        if !provenance.dataSHA256.isEmpty { rows.append(["SHA-256", "`\(provenance.dataSHA256.filter(\.isHexDigit))`"]) }
        rows.append(["Label", Markdown.escape(results.label)])
        out.table(["", "Value"], align: ["---", "--:"], rows)
        dataChecks(content, into: &out)
    }

    /// The anomalies and drifted columns (`DataCheckLines`), when the build checked the data.
    static func dataChecks(_ content: ModelCardContent, into out: inout MarkdownLines) {
        let lines = DataCheckLines(content.results)
        guard !lines.isEmpty else { return }
        out.heading(3, "Data checks")
        if !lines.anomalies.isEmpty {
            out.paragraph("Anomalies against the schema:")
            out.list(lines.anomalies.map { Markdown.escape($0, atLineStart: true) })
        }
        if !lines.drifted.isEmpty {
            out.paragraph("Drifted from the reference:")
            out.list(lines.drifted.map { Markdown.escape($0, atLineStart: true) })
        }
        for line in lines.reassurances { out.paragraph(Markdown.escape(line, atLineStart: true)) }
    }

    // MARK: Quantitative analysis

    static func quantitative(
        _ content: ModelCardContent, charts: [String: String], withSite: Bool, into out: inout MarkdownLines
    ) {
        let results = content.results
        let site = content.site
        out.heading(2, "Quantitative analysis")
        var facts = "Model evaluated: **\(Markdown.escape(content.model))** (\(results.task.rawValue))"
        if results.task == .binary { facts += ", decision threshold \(Formatting.threshold(results.threshold))" }
        facts += ". Intervals are \(site.confidence) confidence intervals."
        out.paragraph(facts)

        out.heading(3, "Headline metrics")
        let models = [content.model] + (site.baseline.map { $0 == content.model ? [] : [$0] } ?? [])
        out.table(
            ["Metric"] + models.map { Markdown.escape(site.displayName($0)) }, align: ["---"] + models.map { _ in "--:" },
            content.headline.map { entry in
                [Markdown.escape(MetricCatalog.name(entry.key))]
                    + models.map { Formatting.estimate(results.overall[$0]?[entry.key], of: entry.key) }
            })
        if let chart = charts["headline"] { out.paragraph("![Headline metrics with \(site.confidence) intervals](\(chart))") }

        if let comparison = content.comparison { compare(comparison, site: site, withSite: withSite, into: &out) }

        out.heading(3, "Performance by slice")
        if content.weakest.isEmpty && content.namedSlices.isEmpty {
            out.paragraph("The results have no slices.")
        } else {
            if !content.weakest.isEmpty {
                out.paragraph("Weakest slices (\(Markdown.escape(site.rankName)), slice minus overall):")
                out.table(sliceHeader(site), align: ["---", "--:", "--:", "--:"], content.weakest.map { sliceRow($0, content) })
            }
            if !content.namedSlices.isEmpty {
                out.paragraph("Every slice of the specs this card names:")
                out.table(
                    sliceHeader(site), align: ["---", "--:", "--:", "--:"], content.namedSlices.map { sliceRow($0, content) })
            }
            if let chart = charts["slices"] { out.paragraph("![\(Markdown.escape(site.rankName)) per slice](\(chart))") }
        }
        if withSite { out.paragraph("Evidence: [slices](slices.html).") }

        fairness(content, withSite: withSite, into: &out)
        multiclass(content, into: &out)
        monitoring(content, withSite: withSite, into: &out)
        gates(content, into: &out)
    }

    /// The monitoring verdict on the card's model (`MonitoringVerdict`), with `--window`.
    static func monitoring(_ content: ModelCardContent, withSite: Bool, into out: inout MarkdownLines) {
        guard let monitoring = content.results.monitoring,
            let verdict = MonitoringVerdict(content.results, model: content.model)
        else { return }
        out.heading(3, "Monitoring over time")
        out.paragraph(Markdown.escape(MonitoringVerdict.scope(monitoring), atLineStart: true))
        out.list(verdict.sentences.map { Markdown.escape($0, atLineStart: true) })
        if withSite { out.paragraph("Evidence: [monitoring](monitoring.html).") }
    }

    static func sliceHeader(_ site: Site) -> [String] {
        ["Slice", "Rows", Markdown.escape(site.rankName), "Gap to overall"]
    }

    static func sliceRow(_ slice: SliceResult, _ content: ModelCardContent) -> [String] {
        let rank = content.site.rankMetric
        var gap = "—"
        if let difference = content.site.results.slices.first(where: { $0 == slice })?.gap[content.model]?.difference {
            gap = difference.value.map(Formatting.signed) ?? "undefined"
            if let interval = Formatting.interval(difference, signed: true) { gap += " " + interval }
            if slice.gap[content.model]?.significant == true { gap += ", significant" }
        }
        return [
            Markdown.escape(content.label(slice)), Formatting.count(slice.count),
            Formatting.estimate(slice.metrics[content.model]?[rank], of: rank), gap,
        ]
    }

    static func compare(_ comparison: ComparisonResult, site: Site, withSite: Bool, into out: inout MarkdownLines) {
        out.heading(3, "Comparison with the baseline")
        out.paragraph(
            "\(Markdown.escape(comparison.model)) against \(Markdown.escape(comparison.baseline)) on the same \(Formatting.count(comparison.count)) rows (difference = model − baseline, paired):"
        )
        let keys = MetricCatalog.ordered(comparison.metrics.keys)
        out.table(
            ["Metric", "Model", "Baseline", "Difference", "Verdict"], align: ["---", "--:", "--:", "--:", "---"],
            keys.compactMap { key in
                guard let metric = comparison.metrics[key] else { return nil }
                var difference = metric.difference.value.map(Formatting.signed) ?? "undefined"
                if let interval = Formatting.interval(metric.difference, signed: true) { difference += " " + interval }
                return [
                    Markdown.escape(MetricCatalog.name(key)), metric.model.map(Formatting.decimal) ?? "undefined",
                    metric.baseline.map(Formatting.decimal) ?? "undefined", difference,
                    Markdown.escape(metric.reportedVerdict.replacingUnderscores()),
                ]
            })
        if withSite { out.paragraph("Evidence: [comparison](comparison.html).") }
    }

    static func fairness(_ content: ModelCardContent, withSite: Bool, into out: inout MarkdownLines) {
        guard !content.fairness.isEmpty else { return }
        out.heading(3, "Fairness")
        let threshold = content.results.threshold
        for result in content.fairness {
            guard let entry = ModelCardContent.atThreshold(result, threshold) else { continue }
            out.heading(4, Markdown.escape(result.attribute))
            out.paragraph(
                "Reference group: \(Markdown.escape(result.reference)); threshold \(Formatting.threshold(entry.threshold)).")
            let keys = FairnessCatalog.gapRates(Set(entry.groups.flatMap(\.metrics.keys)))
            out.table(
                ["Group", "Rows"] + keys.map { Markdown.escape(FairnessCatalog.rate($0).short) },
                align: ["---", "--:"] + keys.map { _ in "--:" },
                entry.groups.map { group in
                    [Markdown.escape(group.group), Formatting.count(group.count)]
                        + keys.map { group.tooSmall ? "too few rows" : Formatting.estimate(group.metrics[$0]) }
                })
            let summary = FairnessCatalog.summaries.map(\.key).filter { entry.summary[$0] != nil }
            if !summary.isEmpty {
                out.table(
                    ["Summary metric", "Value"], align: ["---", "--:"],
                    summary.map { [Markdown.escape(FairnessCatalog.summary($0).name), Formatting.estimate(entry.summary[$0])] })
            }
        }
        if withSite { out.paragraph("Evidence: [fairness](fairness.html).") }
    }

    static func multiclass(_ content: ModelCardContent, into out: inout MarkdownLines) {
        guard let analysis = content.results.multiclass?[content.model], !analysis.perClass.isEmpty else { return }
        out.heading(3, "Per class")
        let keys = ClassMetrics.metricNames.filter { key in analysis.perClass.contains { $0.metrics[key] != nil } }
        out.table(
            ["Class", "Support"] + keys.map { Markdown.escape(MetricCatalog.name($0)) },
            align: ["---", "--:"] + keys.map { _ in "--:" },
            analysis.perClass.map { row in
                [Markdown.escape(row.className), Formatting.count(row.support)]
                    + keys.map { Formatting.estimate(row.metrics[$0]) }
            })
    }

    static func gates(_ content: ModelCardContent, into out: inout MarkdownLines) {
        let gates = content.results.gates
        guard !gates.isEmpty else { return }
        out.heading(3, "Gates")
        out.paragraph("**\(GateStatus.line(gates)).**")
        let ordered = gates.filter { !$0.passed } + gates.filter(\.passed)
        out.table(
            ["Result", "Gate", "Model", "Value", "Bound"], align: ["---", "---", "---", "--:", "--:"],
            ordered.prefix(MarkdownSummary.gateRows).map { gate in
                [
                    gate.passed ? "✅ passed" : "❌ failed", Markdown.escape(gate.name), Markdown.escape(gate.model),
                    gate.value.map(Formatting.decimal) ?? "undefined",
                    gate.bound.map { "\(Markdown.escape(gate.comparison)) \(Formatting.decimal($0))" } ?? "—",
                ]
            })
    }

    // MARK: Text

    /// A human text as paragraphs (blank lines kept as paragraph breaks), or "Not provided.".
    static func text(_ text: String?, inline: Bool = false) -> String {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return notProvided }
        if inline { return Markdown.escape(text) }
        return paragraphs(text).map { Markdown.escape($0, atLineStart: true) }.joined(separator: "\n\n")
    }

    static func paragraphs(_ text: String) -> [String] {
        let normalized = text.replacing("\r\n", with: "\n")
        var out: [String] = []
        var current: [Substring] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { out.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: " ")) }
        return out
    }

    static func owner(_ owner: ModelCard.Owner) -> String {
        let name = Markdown.escape(owner.name ?? "(unnamed)")
        return owner.contact.map { "\(name) (\(Markdown.escape($0)))" } ?? name
    }

    static func license(_ license: ModelCard.License) -> String {
        switch license {
        case .identifier(let id): return Markdown.escape(id)
        case .customText(let text): return "custom: " + Markdown.escape(text)
        }
    }
}

/// Markdown lines with blank lines between blocks.
struct MarkdownLines {
    private(set) var lines: [String] = []

    var text: String { lines.joined(separator: "\n") + "\n" }

    private mutating func block(_ block: [String]) {
        if !lines.isEmpty { lines.append("") }
        lines += block
    }

    mutating func heading(_ level: Int, _ text: String) { block([String(repeating: "#", count: level) + " " + text]) }

    mutating func paragraph(_ text: String) { block([text]) }

    /// Items already escaped; "Not provided." when there are none.
    mutating func list(_ items: [String]) {
        block(items.isEmpty ? [ModelCardMarkdown.notProvided] : items.map { "- " + $0 })
    }

    /// Cells already escaped (`|` is escaped by `Markdown.escape`).
    mutating func table(_ header: [String], align: [String], _ rows: [[String]]) {
        block(
            ["| " + header.joined(separator: " | ") + " |", "|" + align.joined(separator: "|") + "|"]
                + rows.map { "| " + $0.joined(separator: " | ") + " |" })
    }
}
