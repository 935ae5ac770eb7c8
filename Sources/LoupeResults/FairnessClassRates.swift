/// One class of a multiclass model's fairness analysis: every group's one-vs-rest rates of that
/// class at the argmax decision (the class is "positive", every other class "negative"), gaps to
/// the reference group, and Fairlearn's summary metrics over the groups.
///
/// Each group is a `FairnessGroup` whose `positives` are the group's rows of this class (its
/// support) and whose `metrics` and `gaps` hold `selection_rate` (share predicted this class),
/// `tpr` (recall of the class; `null` in a group without rows of the class) and `fpr` (share of
/// the other classes' rows predicted this class).
public struct FairnessClassRates: Codable, Sendable, Equatable {
    /// The class name (results.json `class`).
    public var className: String
    public var groups: [FairnessGroup]
    /// `demographic_parity_difference`, `demographic_parity_ratio`, `equalized_odds_difference`,
    /// `equalized_odds_ratio`, `equal_opportunity_difference` of this class's one-vs-rest rates.
    public var summary: MetricSet

    public init(className: String, groups: [FairnessGroup], summary: MetricSet) {
        self.className = className
        self.groups = groups
        self.summary = summary
    }

    private enum CodingKeys: String, CodingKey {
        case className = "class"
        case groups, summary
    }

    /// `summary` defaults to empty for files other tools wrote.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        className = try c.decode(String.self, forKey: .className)
        groups = try c.decode([FairnessGroup].self, forKey: .groups)
        summary = try c.decodeIfPresent(MetricSet.self, forKey: .summary) ?? [:]
    }
}

/// One group's accuracy at a multiclass model's argmax decision, with its Wilson interval and
/// its gap to the reference group (`nil` for the reference itself and for a too-small group).
public struct FairnessGroupAccuracy: Codable, Sendable, Equatable {
    public var group: String
    public var count: Int
    /// Rows whose predicted class is their label.
    public var correct: Int
    public var tooSmall: Bool
    public var accuracy: Metric
    public var gap: FairnessGap?

    public init(group: String, count: Int, correct: Int, tooSmall: Bool, accuracy: Metric, gap: FairnessGap?) {
        self.group = group
        self.count = count
        self.correct = correct
        self.tooSmall = tooSmall
        self.accuracy = accuracy
        self.gap = gap
    }
}
