import LoupeResults

/// Everything `RegressionEvaluator.evaluate` computes for one model.
public struct RegressionEvaluation: Sendable {
    /// Every contract regression metric name → value and interval, on all rows (plus
    /// `weighted_count` when the data has weights).
    public var overall: MetricSet
    /// `[grouping][group code]`: the group's metrics, or `nil` when it has fewer than
    /// `minGroupSize` rows (empty groups included).
    public var groups: [[MetricSet?]]
    /// `[grouping][group code]`: rows in the group.
    public var groupCounts: [[Int]]
    /// `[grouping][group code]`: the group's summed weight (its row count when unweighted).
    public var groupWeights: [[Double]]

    public init(overall: MetricSet, groups: [[MetricSet?]], groupCounts: [[Int]], groupWeights: [[Double]]) {
        self.overall = overall
        self.groups = groups
        self.groupCounts = groupCounts
        self.groupWeights = groupWeights
    }
}
