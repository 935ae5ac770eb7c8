/// The human-written parts of a model card, in the terms of Google's Model Card Toolkit (MCT,
/// schema v0.0.2), plus Loupe's own options for drawing the card.
///
/// A `card.json` is an MCT `model_card.json` with two additions: `evaluation_data` (the data the
/// results were computed on) and `considerations.out_of_scope_uses`, and a `loupe` object
/// (`CardOptions`). The quantitative analysis is filled in from `Results`; what the card gives in
/// `quantitative_analysis` is kept so an MCT card reads back without loss.
///
/// Lists are empty, and optional texts `nil`, when the card does not give them: the outputs show
/// such a section as "not provided" and never invent it (`ModelCard.Section`).
public struct ModelCard: Sendable, Equatable {
    /// MCT's `schema_version` as given (`"0.0.2"`); written back as `0.0.2`.
    public var schemaVersion: String?
    public var modelDetails: ModelDetails
    public var modelParameters: ModelParameters
    /// Metrics and graphics the card itself carries (an MCT card's); Loupe's outputs use the
    /// results' metrics instead when there are results.
    public var quantitativeAnalysis: QuantitativeAnalysis
    public var considerations: Considerations
    /// Loupe addition: the evaluation data the results were computed on. In MCT output it is
    /// appended to `model_parameters.data`.
    public var evaluationData: Dataset?
    /// Loupe addition (`loupe` in card.json): which slices and attributes the card shows,
    /// Hugging Face metadata, required sections.
    public var options: CardOptions

    public init(
        schemaVersion: String? = nil, modelDetails: ModelDetails = ModelDetails(),
        modelParameters: ModelParameters = ModelParameters(),
        quantitativeAnalysis: QuantitativeAnalysis = QuantitativeAnalysis(),
        considerations: Considerations = Considerations(), evaluationData: Dataset? = nil,
        options: CardOptions = CardOptions()
    ) {
        self.schemaVersion = schemaVersion
        self.modelDetails = modelDetails
        self.modelParameters = modelParameters
        self.quantitativeAnalysis = quantitativeAnalysis
        self.considerations = considerations
        self.evaluationData = evaluationData
        self.options = options
    }

    /// The MCT schema version Loupe reads and writes.
    public static let mctSchemaVersion = "0.0.2"
}

extension ModelCard {
    /// MCT `model_details`.
    public struct ModelDetails: Sendable, Equatable {
        public var name: String?
        /// A brief description of the model.
        public var overview: String?
        /// A thorough description of the model and its usage.
        public var documentation: String?
        public var owners: [Owner]
        public var version: Version?
        public var licenses: [License]
        /// Links (MCT `references[].reference`).
        public var references: [String]
        public var citations: [Citation]
        /// Where the model is stored.
        public var path: String?

        public init(
            name: String? = nil, overview: String? = nil, documentation: String? = nil, owners: [Owner] = [],
            version: Version? = nil, licenses: [License] = [], references: [String] = [], citations: [Citation] = [],
            path: String? = nil
        ) {
            self.name = name
            self.overview = overview
            self.documentation = documentation
            self.owners = owners
            self.version = version
            self.licenses = licenses
            self.references = references
            self.citations = citations
            self.path = path
        }
    }

    public struct Owner: Sendable, Equatable {
        public var name: String?
        public var contact: String?

        public init(name: String? = nil, contact: String? = nil) {
            self.name = name
            self.contact = contact
        }
    }

    public struct Version: Sendable, Equatable {
        public var name: String?
        /// As written (MCT's examples use several date forms; Loupe never reads the clock).
        public var date: String?
        /// The changes from the previous version.
        public var diff: String?

        public init(name: String? = nil, date: String? = nil, diff: String? = nil) {
            self.name = name
            self.date = date
            self.diff = diff
        }
    }

    /// MCT's license: an SPDX identifier (or `proprietary`), or the text of a custom license —
    /// exactly one of the two, as the schema's `oneOf` requires.
    public enum License: Sendable, Equatable {
        case identifier(String)
        case customText(String)
    }

    public struct Citation: Sendable, Equatable {
        public var style: String?
        public var citation: String?

        public init(style: String? = nil, citation: String? = nil) {
            self.style = style
            self.citation = citation
        }
    }

    /// MCT `model_parameters`.
    public struct ModelParameters: Sendable, Equatable {
        public var modelArchitecture: String?
        /// The datasets used to train and evaluate the model.
        public var data: [Dataset]
        public var inputFormat: String?
        public var inputFormatMap: [KeyValue]
        public var outputFormat: String?
        public var outputFormatMap: [KeyValue]

        public init(
            modelArchitecture: String? = nil, data: [Dataset] = [], inputFormat: String? = nil,
            inputFormatMap: [KeyValue] = [], outputFormat: String? = nil, outputFormatMap: [KeyValue] = []
        ) {
            self.modelArchitecture = modelArchitecture
            self.data = data
            self.inputFormat = inputFormat
            self.inputFormatMap = inputFormatMap
            self.outputFormat = outputFormat
            self.outputFormatMap = outputFormatMap
        }
    }

    public struct KeyValue: Sendable, Equatable {
        public var key: String?
        public var value: String?

        public init(key: String? = nil, value: String? = nil) {
            self.key = key
            self.value = value
        }
    }

    /// MCT `dataset`.
    public struct Dataset: Sendable, Equatable {
        public var name: String?
        public var link: String?
        public var description: String?
        /// MCT `sensitive.sensitive_data`: `nil` when the card has no `sensitive` object.
        public var sensitiveData: [String]?
        /// Kept as given (PNG images in base64); Loupe draws its own charts.
        public var graphics: GraphicsCollection?

        public init(
            name: String? = nil, link: String? = nil, description: String? = nil, sensitiveData: [String]? = nil,
            graphics: GraphicsCollection? = nil
        ) {
            self.name = name
            self.link = link
            self.description = description
            self.sensitiveData = sensitiveData
            self.graphics = graphics
        }
    }

    public struct GraphicsCollection: Sendable, Equatable {
        public var description: String?
        public var collection: [Graphic]

        public init(description: String? = nil, collection: [Graphic] = []) {
            self.description = description
            self.collection = collection
        }
    }

    public struct Graphic: Sendable, Equatable {
        public var name: String?
        /// Base64-encoded PNG, as MCT writes it.
        public var image: String?
        /// Not in the schema's definition, but in MCT's own example card.
        public var description: String?

        public init(name: String? = nil, image: String? = nil, description: String? = nil) {
            self.name = name
            self.image = image
            self.description = description
        }
    }

    /// MCT `quantitative_analysis` as a card gives it.
    public struct QuantitativeAnalysis: Sendable, Equatable {
        public var performanceMetrics: [PerformanceMetric]
        public var graphics: GraphicsCollection?

        public init(performanceMetrics: [PerformanceMetric] = [], graphics: GraphicsCollection? = nil) {
            self.performanceMetrics = performanceMetrics
            self.graphics = graphics
        }
    }

    /// MCT `performance_metric`: every number is a string in MCT.
    public struct PerformanceMetric: Sendable, Equatable {
        public var type: String?
        public var value: String?
        public var slice: String?
        /// Not in the schema's definition, but in MCT's own example card.
        public var threshold: String?
        public var confidenceInterval: ConfidenceInterval?

        public init(
            type: String? = nil, value: String? = nil, slice: String? = nil, threshold: String? = nil,
            confidenceInterval: ConfidenceInterval? = nil
        ) {
            self.type = type
            self.value = value
            self.slice = slice
            self.threshold = threshold
            self.confidenceInterval = confidenceInterval
        }
    }

    public struct ConfidenceInterval: Sendable, Equatable {
        public var lowerBound: String?
        public var upperBound: String?

        public init(lowerBound: String? = nil, upperBound: String? = nil) {
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }
    }

    /// MCT `considerations`; each list holds the items' descriptions.
    public struct Considerations: Sendable, Equatable {
        /// Who the model is for (MCT `users[].description`).
        public var users: [String]
        public var useCases: [String]
        /// Loupe addition (`out_of_scope_uses[].description`): not in MCT v0.0.2. MCT output
        /// writes it as `considerations.out_of_scope_uses`, which the schema allows (only the
        /// top level forbids extra keys) and MCT's own reader ignores.
        public var outOfScopeUses: [String]
        public var limitations: [String]
        public var tradeoffs: [String]
        public var ethicalConsiderations: [Risk]

        public init(
            users: [String] = [], useCases: [String] = [], outOfScopeUses: [String] = [], limitations: [String] = [],
            tradeoffs: [String] = [], ethicalConsiderations: [Risk] = []
        ) {
            self.users = users
            self.useCases = useCases
            self.outOfScopeUses = outOfScopeUses
            self.limitations = limitations
            self.tradeoffs = tradeoffs
            self.ethicalConsiderations = ethicalConsiderations
        }
    }

    /// An ethical consideration: the risk and the strategy used to address it.
    public struct Risk: Sendable, Equatable {
        public var name: String?
        public var mitigationStrategy: String?

        public init(name: String? = nil, mitigationStrategy: String? = nil) {
            self.name = name
            self.mitigationStrategy = mitigationStrategy
        }
    }
}
