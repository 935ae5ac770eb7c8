/// Loupe's own card options (`loupe` in card.json): what the card shows from the results and
/// what `loupe card --check` insists on. Every field is optional in the file.
public struct CardOptions: Sendable, Equatable {
    /// The model the card describes; by default the first model that is not the baseline (or
    /// the only model).
    public var model: String?
    /// Slicing specs whose every slice the card lists (each a list of columns, `["sex", "race"]`);
    /// the card always shows the weakest slices as well. Empty: every spec of the results.
    public var slices: [[String]]
    /// Sensitive attributes whose fairness results the card shows, as results.json names them
    /// (`race`, `sex & race`). Empty: every attribute of the results.
    public var sensitiveAttributes: [String]
    /// Sections `loupe card --check` requires (exit 1 when one is empty).
    public var requiredSections: [ModelCard.Section]
    public var huggingFace: HuggingFaceMetadata

    public init(
        model: String? = nil, slices: [[String]] = [], sensitiveAttributes: [String] = [],
        requiredSections: [ModelCard.Section] = [], huggingFace: HuggingFaceMetadata = HuggingFaceMetadata()
    ) {
        self.model = model
        self.slices = slices
        self.sensitiveAttributes = sensitiveAttributes
        self.requiredSections = requiredSections
        self.huggingFace = huggingFace
    }

    /// The model a card on `results` describes: `model` when given, else the first model that is
    /// not the baseline, else the first model.
    public func model(in results: Results) -> String? {
        if let model { return model }
        return results.models.first { $0 != results.baseline } ?? results.models.first
    }
}

/// What the Hugging Face README's front matter needs beyond the MCT card
/// (`loupe.hugging_face` in card.json).
public struct HuggingFaceMetadata: Sendable, Equatable {
    /// `model-index[0].name`; by default the card's model name.
    public var modelName: String?
    /// The `license` field (a Hub license id such as `apache-2.0`, or `other`); by default the
    /// card's first SPDX identifier in lower case, `other` for a custom text.
    public var license: String?
    public var tags: [String]
    /// The evaluation datasets as the Hub names them; the first is the dataset of the results.
    public var datasets: [HuggingFaceDataset]
    /// The task of `model-index` results (`type`, e.g. `tabular-classification`, and a display
    /// `name`); by default from the results' task.
    public var taskType: String?
    public var taskName: String?

    public init(
        modelName: String? = nil, license: String? = nil, tags: [String] = [], datasets: [HuggingFaceDataset] = [],
        taskType: String? = nil, taskName: String? = nil
    ) {
        self.modelName = modelName
        self.license = license
        self.tags = tags
        self.datasets = datasets
        self.taskType = taskType
        self.taskName = taskName
    }
}

/// A dataset in the Hub's `model-index` terms: `type` is its Hub id (`scikit-learn/adult`).
public struct HuggingFaceDataset: Sendable, Equatable {
    public var name: String
    public var type: String
    public var split: String?
    public var config: String?
    public var revision: String?

    public init(name: String, type: String, split: String? = nil, config: String? = nil, revision: String? = nil) {
        self.name = name
        self.type = type
        self.split = split
        self.config = config
        self.revision = revision
    }
}
