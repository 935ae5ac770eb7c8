/// The outcome of one validation gate on one model and one set of rows (results.json `gates`).
/// A gate over a slicing spec (`fpr <= 0.3 for race`) gives one result per slice.
public struct GateResult: Codable, Sendable, Equatable {
    /// The gate as written (`candidate:log_loss <= baseline * 1.02`), with the slice when it
    /// applies to one (`fpr <= 0.3 for race = Caucasian`).
    public let name: String
    public let passed: Bool
    public let model: String
    public let metric: String
    /// `>=`, `<=`, `>` or `<`.
    public let comparison: String
    /// The measured value; `nil` when the metric or slice is missing (the gate then fails).
    public let value: Double?
    /// The bound the value was compared with, resolved (a baseline bound becomes a number).
    public let bound: Double?
    /// The bound as written: `0.75`, `baseline * 1.02`, `previous - 0.01`.
    public let boundExpression: String
    /// The slice, for a gate on a slicing spec: its columns and values.
    public let spec: [String]?
    public let key: [String: String]?
    /// The fairness attribute, for a gate on the fairness analysis (`for fairness race`, or a
    /// fairness summary metric): `race`, or `sex × race` for an intersection.
    public let attribute: String?
    /// The attribute's group, for a gate on a fairness rate (judged at the decision threshold).
    public let group: String?
    /// The class, for a gate on a per-class metric of a multiclass model (`recall[cat]`).
    public let className: String?
    /// Whether the gate asked for significance (fail only when the interval excludes the bound).
    public let requiresSignificance: Bool
    /// One sentence saying why it passed or failed, for people and JUnit.
    public let message: String

    public init(
        name: String, passed: Bool, model: String, metric: String, comparison: String, value: Double?, bound: Double?,
        boundExpression: String, spec: [String]? = nil, key: [String: String]? = nil, attribute: String? = nil,
        group: String? = nil, className: String? = nil, requiresSignificance: Bool = false, message: String
    ) {
        self.className = className
        self.name = name
        self.passed = passed
        self.model = model
        self.metric = metric
        self.comparison = comparison
        self.value = value
        self.bound = bound
        self.boundExpression = boundExpression
        self.spec = spec
        self.key = key
        self.attribute = attribute
        self.group = group
        self.requiresSignificance = requiresSignificance
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case name, passed, model, metric, comparison, value, bound, boundExpression, spec, key, attribute, group
        case className = "class"
        case requiresSignificance, message
    }
}
