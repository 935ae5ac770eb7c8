/// A model against the baseline on one set of rows (overall, or one slice), every metric paired:
/// both models are scored on the same rows, so the difference's interval comes from a paired
/// method (results.json `comparisons`).
public struct ComparisonResult: Codable, Sendable, Equatable {
    public let model: String
    public let baseline: String
    /// The slicing spec's columns, empty for the whole data.
    public let spec: [String]
    /// The slice's column values as text, empty for the whole data.
    public let key: [String: String]
    public let count: Int
    /// Metric name → the comparison; metrics undefined for either model are left out.
    public let metrics: [String: MetricComparison]
    /// Binary: the share of rows whose decision at the threshold differs between the two models.
    public let flipRate: Double?

    public init(
        model: String, baseline: String, spec: [String], key: [String: String], count: Int,
        metrics: [String: MetricComparison], flipRate: Double?
    ) {
        self.model = model
        self.baseline = baseline
        self.spec = spec
        self.key = key
        self.count = count
        self.metrics = metrics
        self.flipRate = flipRate
    }
}

/// One metric of a model against the baseline on the same rows.
public struct MetricComparison: Codable, Sendable, Equatable {
    public let model: Double?
    public let baseline: Double?
    /// model − baseline, with the paired interval when one was computed.
    public let difference: Metric
    /// (model − baseline) / |baseline|; `nil` when the baseline is 0 or undefined.
    public let relative: Double?
    /// How the interval and p-value were made: `paired_delong`, `mcnemar`, `paired_bootstrap`.
    public let method: String?
    public let pValue: Double?
    /// `better`, `worse` or `no_significant_difference` (from the interval and the metric's
    /// direction), `not_tested` when no paired method gave an interval (the difference is bare),
    /// or `not_comparable` for a metric with no better direction.
    public let verdict: String
    /// Slices only: `pValue` after Holm's adjustment over the model's family of slice comparisons
    /// on this metric (every slice of every slicing spec that has a p-value); `nil` for the whole
    /// data, which is one comparison, and where there is no p-value.
    public var holmPValue: Double?
    /// Slices only: the verdict the report states when many slices are searched: `verdict`, but
    /// `no_significant_difference` where `holmPValue` is not below 1 − confidence; `nil` where
    /// `holmPValue` is.
    public var holmVerdict: String?

    public init(
        model: Double?, baseline: Double?, difference: Metric, relative: Double?, method: String?, pValue: Double?,
        verdict: String, holmPValue: Double? = nil, holmVerdict: String? = nil
    ) {
        self.model = model
        self.baseline = baseline
        self.difference = difference
        self.relative = relative
        self.method = method
        self.pValue = pValue
        self.verdict = verdict
        self.holmPValue = holmPValue
        self.holmVerdict = holmVerdict
    }

    /// The verdict to state: after Holm's adjustment where there is one, else the comparison's own.
    public var reportedVerdict: String { holmVerdict ?? verdict }
}
