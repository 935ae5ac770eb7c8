import LoupeMarkup
import LoupeResults

/// model-card.html: the model card (Mitchell et al., "Model Cards for Model Reporting") — the
/// sections only people can write, from the card the build was given (`--card`), and the
/// quantitative analysis filled in from the results, every number with its interval and a link to
/// the page that proves it (`ModelCardPage+Analysis.swift`).
///
/// The page exists only when a card was given: without one every written section would read
/// "not provided", which is no card at all. A section the card leaves empty is shown as "not
/// provided", never filled in.
struct ModelCardPage: SingleSitePage {
    let path = "model-card.html"
    let title = "Model card"
    let template = "model-card.html"
    /// A card is read, printed and filed, not explored: its tables keep the order they are
    /// given (worst first) and the page carries no script.
    let sortsTables = false

    static func applies(to site: Site) -> Bool { site.card != nil }

    func context(_ site: Site) -> TemplateValue {
        let card = site.card ?? ModelCard()
        let results = site.results
        let details = card.modelDetails
        let parameters = card.modelParameters
        let considerations = card.considerations
        let described = card.options.model(in: results)
        let specs = Self.specs(site, card)
        let attributes = Self.attributes(site, card)
        let multiclass = Self.multiclassSections(site)
        // The weakest slices of the model the card describes, the same the card's other outputs list.
        let content = ModelCardContent(results: results, card: card)
        let weakest = content?.weakest ?? Self.weakestSlices(site)
        let weakestModel = content?.model
        var meta: [String] = []
        if let version = details.version?.name.flatMap(Self.given) { meta.append("Version \(version)") }
        if let date = details.version?.date.flatMap(Self.given) { meta.append(date) }
        meta.append(IndexPage.summary(site))
        let failed = results.gates.filter { !$0.passed }.count
        return .object([
            "name": .html(Markup.prose(details.name.flatMap(Self.given) ?? described ?? results.title)),
            "nameProvided": .bool(card.provides(.name)),
            "overview": Self.paragraphs(details.overview),
            "meta": .text(meta.joined(separator: " · ")),
            "describedModel": .optional(
                described.map { model in
                    .object([
                        "model": .text(model), "href": .text(site.modelPages[model] ?? "index.html"),
                        "baseline": .optional(site.baseline.flatMap { $0 == model ? nil : .text($0) }),
                    ])
                }),
            "confidence": .text(site.confidence),
            // At a glance: the verdict first.
            "hasGates": .bool(!results.gates.isEmpty),
            "gatesPassed": .bool(failed == 0),
            "gateStatus": .text(GateStatus.line(results.gates)),
            "headline": Self.headline(site),
            "comparisonSentences": .list(Self.comparisonSentences(site)),
            // Model details.
            "details": .list(Self.detailFacts(card)),
            "documentation": Self.paragraphs(details.documentation),
            // Intended use.
            "users": Self.items(considerations.users),
            "useCases": Self.items(considerations.useCases),
            "outOfScope": Self.items(considerations.outOfScopeUses),
            // Factors: the groups the evaluation looks at, as the results have them.
            "factorSpecs": .list(
                specs.map { spec in .object(["name": .text(spec.name), "href": .text(site.specHref(spec.name))]) }),
            "factorAttributes": .list(
                attributes.map { attribute in
                    .object(["name": .text(attribute.name), "href": .text("fairness.html#" + attribute.anchor)])
                }),
            "hasFactors": .bool(!specs.isEmpty || !attributes.isEmpty),
            "sensitiveData": .optional(
                Self.sensitiveData(card).isEmpty
                    ? nil : .html(Markup.prose(Self.sensitiveData(card).joined(separator: ", ")))),
            // Quantitative analysis.
            "metrics": Self.metricsTable(site).templateValue,
            "gates": .optional(Self.gatesTable(site)?.templateValue),
            "comparison": .optional(
                Self.comparisonTable(site).map { table in
                    .object(["table": table.templateValue, "baseline": .text(site.baseline ?? "the baseline")])
                }),
            "hasSlices": .bool(!results.slices.isEmpty),
            "rankMetric": .text(site.rankName),
            "weakestModel": .optional(weakestModel.map(TemplateValue.text)),
            "weakest": .optional(Self.weakestTable(site, slices: weakest)?.templateValue),
            "specs": .list(specs.map { Self.specSection(site, $0) }),
            "fairness": .list(attributes.map { Self.fairnessSection(site, $0) }),
            "hasFairness": .bool(!attributes.isEmpty),
            "multiclass": .list(multiclass),
            "hasMulticlass": .bool(!multiclass.isEmpty),
            "monitoring": .optional(Self.monitoring(site, model: content?.model)),
            // Data.
            "evaluationData": Self.dataset(card.evaluationData),
            "data": Self.dataFacts(site),
            "trainingData": .list(parameters.data.map { Self.dataset($0) }),
            "hasTrainingData": .bool(!parameters.data.isEmpty),
            // Considerations.
            "limitations": Self.items(considerations.limitations),
            "tradeoffs": Self.items(considerations.tradeoffs),
            "ethical": .list(
                considerations.ethicalConsiderations.map { risk in
                    .object([
                        "name": .html(Markup.prose(risk.name.flatMap(Self.given) ?? "(risk not named)")),
                        "mitigation": .optional(
                            risk.mitigationStrategy.flatMap(Self.given).map { .html(Markup.prose($0)) }),
                    ])
                }),
            "hasEthical": .bool(!considerations.ethicalConsiderations.isEmpty),
            "resultsHref": .text(site.resultsHref),
        ])
    }

    // MARK: What the card names

    /// The specs whose every slice the card lists: those the card names (by their columns), or
    /// every spec when it names none.
    static func specs(_ site: Site, _ card: ModelCard) -> [SliceSpec] {
        let named = card.options.slices
        let withSlices = site.specs.filter { !(site.slicesBySpec[$0.name] ?? []).isEmpty }
        guard !named.isEmpty else { return withSlices }
        return withSlices.filter { named.contains($0.columns) }
    }

    /// The sensitive attributes the card names, or every attribute of the results.
    static func attributes(_ site: Site, _ card: ModelCard) -> [FairnessAttribute] {
        let named = card.options.sensitiveAttributes
        guard !named.isEmpty else { return site.fairness }
        return site.fairness.filter { named.contains($0.name) }
    }

    /// The sensitive data the card's datasets declare, each named once, in card order.
    static func sensitiveData(_ card: ModelCard) -> [String] {
        var seen: [String] = []
        for dataset in card.modelParameters.data + (card.evaluationData.map { [$0] } ?? []) {
            for item in dataset.sensitiveData ?? [] where given(item) != nil && !seen.contains(item) { seen.append(item) }
        }
        return seen
    }

    // MARK: Written sections

    /// A text that is not blank, trimmed of surrounding white space; `nil` otherwise.
    static func given(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        return String(scalars[first...last])
    }

    /// A written text as paragraphs (split at blank lines); an empty list when not provided.
    static func paragraphs(_ text: String?) -> TemplateValue {
        guard let text = text.flatMap(given) else { return .list([]) }
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
        return .list(paragraphs.map { .html(Markup.prose($0)) })
    }

    /// The items of a written list that are not blank, as `items` of an object that is absent
    /// when there are none (so the template draws the list or "not provided").
    static func items(_ list: [String]) -> TemplateValue {
        let given = list.compactMap(given)
        return .optional(given.isEmpty ? nil : .object(["items": .list(given.map { .html(Markup.prose($0)) })]))
    }

    /// A web address or contact as text, not a link: the site links only to its own pages (it
    /// is checked to reach no other host), and written out it prints as it reads.
    static func address(_ text: String) -> HTML {
        HTML(trusted: "<span class=\"address\">") + Markup.prose(text) + HTML(trusted: "</span>")
    }

    /// Model details as term and description; a term the card leaves empty reads "not provided".
    static func detailFacts(_ card: ModelCard) -> [TemplateValue] {
        let details = card.modelDetails
        let parameters = card.modelParameters
        var facts: [(String, [HTML])] = []
        var version: [HTML] = []
        if let v = details.version {
            let parts = [v.name.flatMap(given), v.date.flatMap(given).map { "dated \($0)" }].compactMap { $0 }
            if !parts.isEmpty { version.append(Markup.prose(parts.joined(separator: ", "))) }
            if let diff = v.diff.flatMap(given) { version.append(Markup.prose("Changes: \(diff)")) }
        }
        facts.append(("Version", version))
        facts.append(
            (
                "Owners",
                details.owners.compactMap { owner -> HTML? in
                    let name = owner.name.flatMap(given), contact = owner.contact.flatMap(given)
                    switch (name, contact) {
                    case (let name?, let contact?): return Markup.prose(name) + Markup.prose(" — ") + address(contact)
                    case (let name?, nil): return Markup.prose(name)
                    case (nil, let contact?): return address(contact)
                    case (nil, nil): return nil
                    }
                }
            ))
        facts.append(
            (
                "License",
                details.licenses.compactMap { license -> HTML? in
                    switch license {
                    case .identifier(let id):
                        return given(id).map { HTML(trusted: "<code>") + Markup.prose($0) + HTML(trusted: "</code>") }
                    case .customText(let text): return given(text).map(Markup.prose)
                    }
                }
            ))
        facts.append(("References", details.references.compactMap(given).map(address)))
        facts.append(
            (
                "Citation",
                details.citations.compactMap { citation -> HTML? in
                    guard let text = citation.citation.flatMap(given) else { return nil }
                    let style = citation.style.flatMap(given).map { " (\($0))" } ?? ""
                    return HTML(trusted: "<span class=\"citation\">") + Markup.prose(text) + HTML(trusted: "</span>")
                        + Markup.prose(style)
                }
            ))
        facts.append(("Architecture", parameters.modelArchitecture.flatMap(given).map { [Markup.prose($0)] } ?? []))
        facts.append(("Input format", format(parameters.inputFormat, parameters.inputFormatMap)))
        facts.append(("Output format", format(parameters.outputFormat, parameters.outputFormatMap)))
        if let path = details.path.flatMap(given) { facts.append(("Stored at", [address(path)])) }
        return facts.map { term, values in
            .object([
                "term": .text(term),
                "values": .list(values.map(TemplateValue.html)),
                "several": .bool(values.count > 1),
                "provided": .bool(!values.isEmpty),
            ])
        }
    }

    /// A format as the card writes it: its text, then `key: value` lines.
    static func format(_ text: String?, _ map: [ModelCard.KeyValue]) -> [HTML] {
        var out = text.flatMap(given).map { [Markup.prose($0)] } ?? []
        for pair in map {
            guard let key = pair.key.flatMap(given) else { continue }
            out.append(
                HTML(trusted: "<code>") + Markup.prose(key) + HTML(trusted: "</code>")
                    + Markup.prose(pair.value.flatMap(given).map { ": \($0)" } ?? ""))
        }
        return out
    }

    /// A dataset the card describes: name, its address when given, description and
    /// its sensitive data; `provided` false when the card gives nothing.
    static func dataset(_ dataset: ModelCard.Dataset?) -> TemplateValue {
        let name = dataset?.name.flatMap(given)
        let link = dataset?.link.flatMap(given)
        let description = dataset?.description.flatMap(given)
        let sensitive = (dataset?.sensitiveData ?? []).compactMap(given)
        return .object([
            "provided": .bool(name != nil || description != nil || link != nil),
            "name": .optional(name.map { .html(Markup.prose($0)) }),
            "link": .optional(link.map { .html(Self.address($0)) }),
            "description": paragraphs(description),
            "sensitive": .optional(sensitive.isEmpty ? nil : .html(Markup.prose(sensitive.joined(separator: ", ")))),
        ])
    }
}
