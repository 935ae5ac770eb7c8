/// The fairness analysis of one model on one sensitive attribute (the contract's `fairness[]`).
///
/// Rates per group at several thresholds, each group's gap to the reference group, Fairlearn's
/// summary metrics, the threshold-free ROC AUC per group, and what per-group thresholds would
/// take to equalise opportunity or selection.
public struct FairnessResult: Codable, Sendable, Equatable {
    /// The column, or `sex × race` for an intersection.
    public var attribute: String
    public var model: String
    /// The group others are compared with (the largest unless configured).
    public var reference: String
    public var thresholds: [FairnessThreshold]
    /// Per group, independent of any threshold: count, positives and ROC AUC with its interval.
    public var groups: [FairnessGroupSummary]
    public var thresholdAnalysis: FairnessThresholdAnalysis?
    /// A model other than the baseline: its summary metrics against the baseline's, paired.
    public var comparison: FairnessComparison?
    /// A multiclass model (whose `thresholds` and `groups` are empty): per class, each group's
    /// one-vs-rest rates at the argmax decision. `nil` for a binary model.
    public var classes: [FairnessClassRates]?
    /// A multiclass model: each group's accuracy at the argmax decision. `nil` for a binary model.
    public var accuracy: [FairnessGroupAccuracy]?

    public init(
        attribute: String, model: String, reference: String, thresholds: [FairnessThreshold],
        groups: [FairnessGroupSummary], thresholdAnalysis: FairnessThresholdAnalysis?,
        comparison: FairnessComparison? = nil
    ) {
        self.attribute = attribute
        self.model = model
        self.reference = reference
        self.thresholds = thresholds
        self.groups = groups
        self.thresholdAnalysis = thresholdAnalysis
        self.comparison = comparison
    }

    private enum CodingKeys: String, CodingKey {
        case attribute, model, reference, thresholds, groups, thresholdAnalysis, comparison, classes, accuracy
    }

    /// The contract's `attribute`, `model`, `reference` and `thresholds` are required; `groups`
    /// defaults to none (files other tools wrote).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attribute = try c.decode(String.self, forKey: .attribute)
        model = try c.decode(String.self, forKey: .model)
        reference = try c.decode(String.self, forKey: .reference)
        thresholds = try c.decode([FairnessThreshold].self, forKey: .thresholds)
        groups = try c.decodeIfPresent([FairnessGroupSummary].self, forKey: .groups) ?? []
        thresholdAnalysis = try c.decodeIfPresent(FairnessThresholdAnalysis.self, forKey: .thresholdAnalysis)
        comparison = try c.decodeIfPresent(FairnessComparison.self, forKey: .comparison)
        classes = try c.decodeIfPresent([FairnessClassRates].self, forKey: .classes)
        accuracy = try c.decodeIfPresent([FairnessGroupAccuracy].self, forKey: .accuracy)
    }

    /// Whether this is a multiclass model's analysis (per-class rates at the argmax decision).
    public var isMulticlass: Bool { classes != nil }
}

/// A model's fairness summary metrics against the baseline's on the same rows, at the decision
/// threshold: each difference (model − baseline) with a paired bootstrap interval and p-value,
/// and a verdict for the model — `better` when its gaps are significantly smaller (a difference
/// metric lower, a ratio higher), `worse`, `no_significant_difference`, or `not_tested`.
public struct FairnessComparison: Codable, Sendable, Equatable {
    public var baseline: String
    public var threshold: Double
    public var metrics: [String: MetricComparison]

    public init(baseline: String, threshold: Double, metrics: [String: MetricComparison]) {
        self.baseline = baseline
        self.threshold = threshold
        self.metrics = metrics
    }
}

/// Every group's rates at one threshold, and the attribute's summary metrics there.
public struct FairnessThreshold: Codable, Sendable, Equatable {
    public var threshold: Double
    public var groups: [FairnessGroup]
    /// `demographic_parity_difference`, `demographic_parity_ratio`, `equalized_odds_difference`,
    /// `equalized_odds_ratio`, `equal_opportunity_difference` (Fairlearn's definitions, over the
    /// groups that are not too small).
    public var summary: MetricSet

    public init(threshold: Double, groups: [FairnessGroup], summary: MetricSet) {
        self.threshold = threshold
        self.groups = groups
        self.summary = summary
    }

    private enum CodingKeys: String, CodingKey { case threshold, groups, summary }

    /// `summary` defaults to empty for files other tools wrote.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        threshold = try c.decode(Double.self, forKey: .threshold)
        groups = try c.decode([FairnessGroup].self, forKey: .groups)
        summary = try c.decodeIfPresent(MetricSet.self, forKey: .summary) ?? [:]
    }
}

/// One group at one threshold: `selection_rate`, `tpr`, `fpr`, `fnr`, `tnr`, `ppv`, `npv`,
/// `accuracy` with Wilson intervals (`nil` value where undefined), and gaps to the reference.
public struct FairnessGroup: Codable, Sendable, Equatable {
    public var group: String
    public var count: Int
    public var positives: Int
    /// Fewer rows than the minimum size: listed, with no rates and no verdict.
    public var tooSmall: Bool
    public var metrics: MetricSet
    /// Per rate: this group minus the reference group (empty for the reference itself).
    public var gaps: [String: FairnessGap]

    public init(group: String, count: Int, positives: Int, tooSmall: Bool, metrics: MetricSet, gaps: [String: FairnessGap]) {
        self.group = group
        self.count = count
        self.positives = positives
        self.tooSmall = tooSmall
        self.metrics = metrics
        self.gaps = gaps
    }

    private enum CodingKeys: String, CodingKey { case group, count, positives, tooSmall, metrics, gaps }

    /// The contract's `group`, `count` and `metrics` are required; `positives` defaults to 0,
    /// `tooSmall` to false and `gaps` to none, for files other tools wrote.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.decode(String.self, forKey: .group)
        count = try c.decode(Int.self, forKey: .count)
        positives = try c.decodeIfPresent(Int.self, forKey: .positives) ?? 0
        tooSmall = try c.decodeIfPresent(Bool.self, forKey: .tooSmall) ?? false
        metrics = try c.decode(MetricSet.self, forKey: .metrics)
        gaps = try c.decodeIfPresent([String: FairnessGap].self, forKey: .gaps) ?? [:]
    }
}

/// A group's rate against the reference group's.
///
/// `difference` (group − reference) carries a 95% interval (Newcombe's hybrid score interval for
/// a difference of independent proportions); `significant` when it excludes 0. `pValue` is the
/// two-sided test of equal proportions, `holmPValue` the same after Holm's adjustment over every
/// comparison of the attribute at this threshold, and `holmSignificant` the verdict that counts
/// when many groups and rates are tested: the interval excludes 0 and the Holm-adjusted p-value
/// is below 1 − confidence (`nil` in results of producers that do not say). `ratio` is
/// group / reference, and `outsideFourFifths` marks a ratio outside [0.8, 1.25].
public struct FairnessGap: Codable, Sendable, Equatable {
    public let difference: Metric
    public let ratio: Double?
    public let significant: Bool
    public let pValue: Double?
    /// Set after the whole family of gaps is known (Holm's adjustment needs every p-value).
    public var holmPValue: Double?
    public var holmSignificant: Bool?
    public let outsideFourFifths: Bool

    public init(
        difference: Metric, ratio: Double?, significant: Bool, pValue: Double?, holmPValue: Double?,
        holmSignificant: Bool? = nil, outsideFourFifths: Bool
    ) {
        self.difference = difference
        self.ratio = ratio
        self.significant = significant
        self.pValue = pValue
        self.holmPValue = holmPValue
        self.holmSignificant = holmSignificant
        self.outsideFourFifths = outsideFourFifths
    }
}

/// A group's threshold-free summary.
public struct FairnessGroupSummary: Codable, Sendable, Equatable {
    public let group: String
    public let count: Int
    public let positives: Int
    public let tooSmall: Bool
    public let rocAUC: Metric

    public init(group: String, count: Int, positives: Int, tooSmall: Bool, rocAUC: Metric) {
        self.group = group
        self.count = count
        self.positives = positives
        self.tooSmall = tooSmall
        self.rocAUC = rocAUC
    }
}

/// Thresholds computed exactly over every distinct score (not a grid), from the stored scores:
/// per group, the threshold that matches the reference group's TPR (equal opportunity) or
/// selection rate (demographic parity) at the decision threshold; and the cost
/// `FP × costRatio + FN` of one threshold for everyone against the best threshold per group.
public struct FairnessThresholdAnalysis: Codable, Sendable, Equatable {
    public struct GroupThresholds: Codable, Sendable, Equatable {
        public var group: String
        public var equalOpportunity: Double?
        public var demographicParity: Double?
        /// The threshold minimising this group's own cost.
        public var lowestCost: Double?

        public init(group: String, equalOpportunity: Double?, demographicParity: Double?, lowestCost: Double?) {
            self.group = group
            self.equalOpportunity = equalOpportunity
            self.demographicParity = demographicParity
            self.lowestCost = lowestCost
        }
    }

    public let costRatio: Double
    public let groups: [GroupThresholds]
    /// The single threshold with the lowest total cost, and that cost.
    public let singleThreshold: Double
    public let singleThresholdCost: Double
    /// Total cost with each group at its own lowest-cost threshold.
    public let perGroupCost: Double
    /// Total cost at the report's decision threshold.
    public let decisionThresholdCost: Double

    public init(
        costRatio: Double, groups: [GroupThresholds], singleThreshold: Double, singleThresholdCost: Double,
        perGroupCost: Double, decisionThresholdCost: Double
    ) {
        self.costRatio = costRatio
        self.groups = groups
        self.singleThreshold = singleThreshold
        self.singleThresholdCost = singleThresholdCost
        self.perGroupCost = perGroupCost
        self.decisionThresholdCost = decisionThresholdCost
    }
}
