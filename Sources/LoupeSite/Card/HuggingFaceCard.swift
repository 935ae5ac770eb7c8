import LoupeMarkup
import LoupeResults

/// The Hugging Face `README.md`: YAML front matter the Hub parses (`license`, `tags`,
/// `datasets`, `metrics`, and a `model-index` whose results list the task, the dataset with
/// name, type and split, and the metrics with type, value and name — the whole data as one
/// result and each slice the card shows as another, the slice in the dataset's `config`), then
/// the Hub's model card template sections filled from the card.
///
/// Every string in the front matter is written double-quoted by `YAML.quoted`; the text below
/// it is escaped Markdown as in MODEL_CARD.md.
enum HuggingFaceCard {
    static func render(_ content: ModelCardContent, charts: [String: String], withSite: Bool) -> String {
        frontMatter(content) + "\n" + body(content, charts: charts, withSite: withSite)
    }

    // MARK: Front matter

    /// The Hub's task for a Loupe task, unless the card names one.
    static func taskType(_ content: ModelCardContent) -> String {
        if let type = content.card.options.huggingFace.taskType { return type }
        switch content.results.task {
        case .binary, .multiclass: return "tabular-classification"
        case .regression: return "tabular-regression"
        }
    }

    static func taskName(_ content: ModelCardContent) -> String {
        if let name = content.card.options.huggingFace.taskName { return name }
        switch content.results.task {
        case .binary: return "Binary classification"
        case .multiclass: return "Multiclass classification"
        case .regression: return "Regression"
        }
    }

    /// The license as the Hub names it: the card's choice, else the first SPDX identifier in
    /// lower case (`apache-2.0`), `other` for a custom text; `nil` when the card gives none.
    static func license(_ card: ModelCard) -> String? {
        if let license = card.options.huggingFace.license { return license }
        switch card.modelDetails.licenses.first {
        case .identifier(let id)?: return id.lowercased()
        case .customText?: return "other"
        case nil: return nil
        }
    }

    /// The dataset of the results: the card's first Hugging Face dataset, else one named after
    /// the evaluation data (its `type` from the data file's name, as the Hub requires one).
    static func dataset(_ content: ModelCardContent) -> HuggingFaceDataset {
        if let first = content.card.options.huggingFace.datasets.first { return first }
        let file = content.results.provenance.dataFile.split(separator: "/").last.map(String.init) ?? ""
        let stem = file.split(separator: ".").first.map(String.init) ?? ""
        let type = stem.isEmpty ? "evaluation-data" : stem
        return HuggingFaceDataset(
            name: content.card.evaluationData?.name ?? (file.isEmpty ? "Evaluation data" : file), type: type)
    }

    /// One `model-index` result: the whole data (`slice == nil`) or one slice.
    struct IndexResult {
        var datasetName: String
        var config: String?
        var metrics: [(type: String, value: Double, name: String)]
    }

    /// The results the model-index lists: the whole data with the headline metrics, then each
    /// slice the card shows (weakest first, then the named specs') with the rank metric. A
    /// metric without a value is left out (the Hub needs a number).
    static func indexResults(_ content: ModelCardContent) -> [IndexResult] {
        let dataset = dataset(content)
        let confidence = content.site.confidence
        func entry(_ key: String, _ metric: Metric?) -> (type: String, value: Double, name: String)? {
            guard let metric, let value = metric.value else { return nil }
            // The Hub has no field for an interval: the display name carries it.
            var name = MetricCatalog.name(key)
            if let interval = Formatting.interval(of: key, metric) {
                name += " (\(confidence) CI \(interval.dropFirst().dropLast()))"
            }
            return (key, value, name)
        }
        var out = [
            IndexResult(
                datasetName: dataset.name, config: dataset.config,
                metrics: content.headline.compactMap { entry($0.key, $0.metric) })
        ]
        var seen: Set<String> = []
        let rank = content.site.rankMetric
        for slice in content.weakest + content.namedSlices {
            let label = content.label(slice)
            guard seen.insert(label).inserted, let metric = entry(rank, slice.metrics[content.model]?[rank]) else { continue }
            let config = slice.spec.map { "\($0)=\(slice.key[$0] ?? "(missing)")" }.joined(separator: ",")
            out.append(IndexResult(datasetName: "\(dataset.name) (\(label))", config: config, metrics: [metric]))
        }
        return out.filter { !$0.metrics.isEmpty }
    }

    static func frontMatter(_ content: ModelCardContent) -> String {
        let card = content.card
        let hub = card.options.huggingFace
        var y = ["---"]
        if let license = license(card) { y.append("license: " + YAML.quoted(license)) }
        let tags = hub.tags.isEmpty ? ["tabular", taskType(content), "loupe"] : hub.tags
        y.append("tags:")
        y += tags.map { "- " + YAML.quoted($0) }
        let dataset = dataset(content)
        let datasetIDs = hub.datasets.isEmpty ? [dataset.type] : hub.datasets.map(\.type)
        y.append("datasets:")
        y += datasetIDs.map { "- " + YAML.quoted($0) }
        let results = indexResults(content)
        var metricIDs: [String] = []
        for result in results {
            for metric in result.metrics where !metricIDs.contains(metric.type) { metricIDs.append(metric.type) }
        }
        if !metricIDs.isEmpty {
            y.append("metrics:")
            y += metricIDs.map { "- " + YAML.quoted($0) }
        }
        if !results.isEmpty {
            y.append("model-index:")
            y.append("- name: " + YAML.quoted(hub.modelName ?? content.title))
            y.append("  results:")
            for result in results {
                y.append("  - task:")
                y.append("      type: " + YAML.quoted(taskType(content)))
                y.append("      name: " + YAML.quoted(taskName(content)))
                y.append("    dataset:")
                y.append("      name: " + YAML.quoted(result.datasetName))
                y.append("      type: " + YAML.quoted(dataset.type))
                if let config = result.config { y.append("      config: " + YAML.quoted(config)) }
                if let split = dataset.split { y.append("      split: " + YAML.quoted(split)) }
                if let revision = dataset.revision { y.append("      revision: " + YAML.quoted(revision)) }
                y.append("    metrics:")
                for metric in result.metrics {
                    guard let value = YAML.number(metric.value) else { continue }
                    y.append("    - type: " + YAML.quoted(metric.type))
                    y.append("      value: " + value)
                    y.append("      name: " + YAML.quoted(metric.name))
                }
            }
        }
        y.append("---")
        return y.joined(separator: "\n") + "\n"
    }

    // MARK: Body (the Hub template's sections)

    static func body(_ content: ModelCardContent, charts: [String: String], withSite: Bool) -> String {
        typealias M = ModelCardMarkdown
        let card = content.card
        let details = card.modelDetails
        let c = card.considerations
        var out = MarkdownLines()
        out.heading(1, "Model Card for " + Markdown.escape(content.title))
        out.paragraph(M.text(details.overview))

        out.heading(2, "Model Details")
        out.heading(3, "Model Description")
        out.paragraph(M.text(details.documentation))
        var rows: [[String]] = [
            ["Developed by", details.owners.isEmpty ? M.notProvided : details.owners.map(M.owner).joined(separator: "; ")],
            ["Model type", Markdown.escape(taskName(content))],
            ["License", details.licenses.isEmpty ? M.notProvided : details.licenses.map(M.license).joined(separator: "; ")],
        ]
        if let version = details.version {
            rows.append(["Version", Markdown.escape([version.name, version.date].compactMap { $0 }.joined(separator: ", "))])
        }
        out.table(["", ""], align: ["---", "---"], rows)
        out.heading(3, "Model Sources")
        out.list(details.references.map { Markdown.escape($0, atLineStart: true) })

        out.heading(2, "Uses")
        out.heading(3, "Direct Use")
        out.list((c.users.map { "Users: " + Markdown.escape($0) }) + c.useCases.map { Markdown.escape($0, atLineStart: true) })
        out.heading(3, "Out-of-Scope Use")
        out.list(c.outOfScopeUses.map { Markdown.escape($0, atLineStart: true) })

        out.heading(2, "Bias, Risks, and Limitations")
        out.list(
            c.limitations.map { Markdown.escape($0, atLineStart: true) }
                + c.tradeoffs.map { "Trade-off: " + Markdown.escape($0) }
                + c.ethicalConsiderations.map { "Risk: " + M.text($0.name, inline: true) })
        out.heading(3, "Recommendations")
        out.list(
            c.ethicalConsiderations.compactMap { risk in
                risk.mitigationStrategy.map { "\(M.text(risk.name, inline: true)): \(Markdown.escape($0))" }
            })

        out.heading(2, "Training Details")
        out.heading(3, "Training Data")
        if card.modelParameters.data.isEmpty {
            out.paragraph(M.notProvided)
        } else {
            out.table(
                ["Dataset", "Description", "Sensitive data"], align: ["---", "---", "---"],
                card.modelParameters.data.map(M.datasetRow))
        }

        out.heading(2, "Evaluation")
        out.heading(3, "Testing Data, Factors & Metrics")
        out.heading(4, "Testing Data")
        out.paragraph(M.text(card.evaluationData?.description ?? card.evaluationData?.name))
        out.heading(4, "Factors")
        let specs = Array(Set((content.weakest + content.namedSlices).map { $0.spec.joined(separator: " × ") })).sorted()
        let attributes = content.fairness.map(\.attribute)
        let factors =
            specs.map { "Slices by " + Markdown.escape($0) } + attributes.map { "Fairness across " + Markdown.escape($0) }
        out.list(factors)
        out.heading(4, "Metrics")
        out.list(
            content.headline.map {
                Markdown.escape(MetricCatalog.name($0.key)) + " (`\($0.key.filter { $0.isLetter || $0.isNumber || $0 == "_" })`)"
            })
        out.heading(3, "Results")
        var results = MarkdownLines()
        M.quantitative(content, charts: charts, withSite: withSite, into: &results)
        // The quantitative analysis without its own level-2 heading, one level down.
        let lines = results.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2)
        out.paragraph(lines.map { $0.hasPrefix("#") ? "#" + $0 : String($0) }.joined(separator: "\n").trimmingNewlines())

        out.heading(2, "Technical Specifications")
        out.heading(3, "Model Architecture and Objective")
        out.paragraph(M.text(card.modelParameters.modelArchitecture))

        out.heading(2, "Citation")
        out.list(details.citations.map { Markdown.escape($0.citation ?? "", atLineStart: true) })

        out.heading(2, "Model Card Authors")
        out.list(details.owners.compactMap { $0.name.map { Markdown.escape($0, atLineStart: true) } })
        out.heading(2, "Model Card Contact")
        out.list(details.owners.compactMap { $0.contact.map { Markdown.escape($0, atLineStart: true) } })
        return out.text
    }
}

extension String {
    fileprivate func trimmingNewlines() -> String {
        var text = Substring(self)
        while text.last == "\n" { text = text.dropLast() }
        while text.first == "\n" { text = text.dropFirst() }
        return String(text)
    }
}
