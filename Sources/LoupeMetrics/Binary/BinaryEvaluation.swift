import LoupeResults

/// Everything `BinaryEvaluator.evaluate` computes for one model.
public struct BinaryEvaluation: Sendable {
    /// Every contract binary metric name → value and interval, on all rows.
    public var overall: MetricSet
    /// `[grouping][group code]`: the group's metrics, or `nil` when it has fewer than
    /// `minGroupSize` rows (empty groups included).
    public var groups: [[MetricSet?]]
    /// `[grouping][group code]`: rows in the group.
    public var groupCounts: [[Int]]
    /// `[grouping][group code]`: the group's summed weight (its row count when unweighted).
    public var groupWeights: [[Double]]
    /// Curves and tables of the whole data.
    public var curves: ModelCurves
    /// `[grouping][group code]`: the group's curves, `nil` where it has no metrics.
    public var groupCurves: [[SliceCurves?]]

    public init(
        overall: MetricSet, groups: [[MetricSet?]], groupCounts: [[Int]], groupWeights: [[Double]], curves: ModelCurves,
        groupCurves: [[SliceCurves?]] = []
    ) {
        self.overall = overall
        self.groups = groups
        self.groupCounts = groupCounts
        self.groupWeights = groupWeights
        self.curves = curves
        self.groupCurves = groupCurves
    }
}
