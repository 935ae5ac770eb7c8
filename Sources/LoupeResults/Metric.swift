/// One metric estimate as the contract defines it: `value` is `nil` where the metric is
/// undefined (precision with no predicted positives, AUC of a one-class slice); `lower` and
/// `upper` bound a 95% confidence interval when one was computed.
public struct Metric: Codable, Sendable, Equatable {
    public let value: Double?
    public let lower: Double?
    public let upper: Double?

    public init(_ value: Double?, lower: Double? = nil, upper: Double? = nil) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }

    public static let undefined = Metric(nil)

    private enum CodingKeys: String, CodingKey { case value, lower, upper }

    /// `value` is always written, as `null` when undefined, so readers never confuse
    /// "undefined" with "not computed".
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(lower, forKey: .lower)
        try container.encodeIfPresent(upper, forKey: .upper)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        lower = try container.decodeIfPresent(Double.self, forKey: .lower)
        upper = try container.decodeIfPresent(Double.self, forKey: .upper)
    }
}

/// Metrics of one model keyed by the contract's metric names (`roc_auc`, `log_loss`, ...).
public typealias MetricSet = [String: Metric]
