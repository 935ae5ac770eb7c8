import LoupeMarkup
import LoupeResults

/// What a model card shows from the results, chosen once for every output (MODEL_CARD.md, the
/// Hugging Face README, MCT JSON, the card page): the model the card describes, its headline
/// metrics, the slices and fairness attributes the card names, the comparison with the
/// baseline. Choosing only; nothing is computed here.
struct ModelCardContent {
    let card: ModelCard
    let site: Site
    /// The model the card describes (`CardOptions.model`, else the first non-baseline model).
    let model: String
    /// The model's overall metrics the card reports, in registry order.
    let headline: [(key: String, metric: Metric)]
    /// The weakest slices of the model (significantly or not), worst first.
    let weakest: [SliceResult]
    /// Every slice of the specs the card names (every spec when it names none), in results order.
    let namedSlices: [SliceResult]
    let fairness: [FairnessResult]
    /// The model against the baseline on the whole data, when there is one.
    let comparison: ComparisonResult?

    static let weakestCount = 5

    /// `nil` when the results name no model the card can describe (an unknown `loupe.model`).
    init?(results: Results, card: ModelCard) {
        guard let model = card.options.model(in: results), results.models.contains(model) else { return nil }
        self.card = card
        self.model = model
        let site = Site(results: results, resultsHref: "results.json")
        self.site = site
        let overall = results.overall[model] ?? [:]
        var keys = MetricRegistry.headline.filter { overall[$0] != nil }
        if !keys.contains(results.rankMetric), overall[results.rankMetric] != nil { keys.insert(results.rankMetric, at: 0) }
        if keys.isEmpty { keys = MetricCatalog.ordered(overall.keys) }
        headline = keys.compactMap { key in overall[key].map { (key, $0) } }
        weakest = IndexPage.weakest(site, count: .max).filter { $0.1 == model }.prefix(Self.weakestCount).map(\.0)
        let specs = card.options.slices
        namedSlices = results.slices.filter { slice in
            !slice.tooSmall && (specs.isEmpty || specs.contains(slice.spec))
        }
        let attributes = card.options.sensitiveAttributes
        fairness = results.fairness.filter { result in
            result.model == model && (attributes.isEmpty || attributes.contains(result.attribute))
        }
        comparison = results.comparisons.first { $0.model == model && $0.spec.isEmpty }
    }

    var results: Results { site.results }

    /// The card's title: the model's name from the card, else the results' title.
    var title: String { card.modelDetails.name ?? results.title }

    /// The fairness thresholds' entry at the results' decision threshold (else the first).
    static func atThreshold(_ result: FairnessResult, _ threshold: Double) -> FairnessThreshold? {
        result.thresholds.first { $0.threshold == threshold } ?? result.thresholds.first
    }

    /// A slice as the card names it: `region = North, sex = F`.
    func label(_ slice: SliceResult) -> String { site.label(of: slice) }
}
