extension ModelCard {
    /// A human-written section of the card: what `--check` lists when empty and what
    /// `required_sections` names (the names are card.json's keys).
    public enum Section: String, Sendable, Equatable, CaseIterable {
        case name, overview, documentation, owners, version, licenses, references, citations
        case modelArchitecture = "model_architecture"
        case data
        case inputFormat = "input_format"
        case outputFormat = "output_format"
        case users
        case useCases = "use_cases"
        case outOfScopeUses = "out_of_scope_uses"
        case limitations, tradeoffs
        case ethicalConsiderations = "ethical_considerations"
        case evaluationData = "evaluation_data"

        /// The section's heading in the card's outputs.
        public var title: String {
            switch self {
            case .name: return "Name"
            case .overview: return "Overview"
            case .documentation: return "Documentation"
            case .owners: return "Owners"
            case .version: return "Version"
            case .licenses: return "License"
            case .references: return "References"
            case .citations: return "Citation"
            case .modelArchitecture: return "Architecture"
            case .data: return "Data"
            case .inputFormat: return "Input format"
            case .outputFormat: return "Output format"
            case .users: return "Intended users"
            case .useCases: return "Use cases"
            case .outOfScopeUses: return "Out-of-scope uses"
            case .limitations: return "Limitations"
            case .tradeoffs: return "Trade-offs"
            case .ethicalConsiderations: return "Ethical considerations"
            case .evaluationData: return "Evaluation data"
            }
        }
    }

    /// Whether the card gives `section` (a text that is not blank, a list with an item).
    public func provides(_ section: Section) -> Bool {
        func given(_ text: String?) -> Bool { text.map { !$0.allSatisfy(\.isWhitespace) } ?? false }
        let d = modelDetails
        let p = modelParameters
        let c = considerations
        switch section {
        case .name: return given(d.name)
        case .overview: return given(d.overview)
        case .documentation: return given(d.documentation)
        case .owners: return !d.owners.isEmpty
        case .version: return given(d.version?.name) || given(d.version?.date)
        case .licenses: return !d.licenses.isEmpty
        case .references: return !d.references.isEmpty
        case .citations: return !d.citations.isEmpty
        case .modelArchitecture: return given(p.modelArchitecture)
        case .data: return !p.data.isEmpty
        case .inputFormat: return given(p.inputFormat) || !p.inputFormatMap.isEmpty
        case .outputFormat: return given(p.outputFormat) || !p.outputFormatMap.isEmpty
        case .users: return !c.users.isEmpty
        case .useCases: return !c.useCases.isEmpty
        case .outOfScopeUses: return !c.outOfScopeUses.isEmpty
        case .limitations: return !c.limitations.isEmpty
        case .tradeoffs: return !c.tradeoffs.isEmpty
        case .ethicalConsiderations: return !c.ethicalConsiderations.isEmpty
        case .evaluationData: return given(evaluationData?.description) || given(evaluationData?.name)
        }
    }

    /// The sections the card leaves empty, in the order above.
    public var missingSections: [Section] { Section.allCases.filter { !provides($0) } }
}
