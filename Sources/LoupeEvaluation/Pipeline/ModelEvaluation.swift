import LoupeMetrics
import LoupeResults

/// What the results need of any task's evaluation of one model: its metrics overall and per
/// group of every grouping, with each group's rows and summed weight.
protocol ModelEvaluation {
    var overall: MetricSet { get }
    /// `[grouping][group code]`, `nil` for a group below the minimum size.
    var groups: [[MetricSet?]] { get }
    var groupCounts: [[Int]] { get }
    var groupWeights: [[Double]] { get }
    /// `[grouping][group code]`: the group's curves for its detail view, where the task draws
    /// them (empty otherwise).
    var groupCurves: [[SliceCurves?]] { get }
    /// `[grouping][group code]`: the group's per-class metrics, where the task has classes
    /// (empty otherwise).
    var groupClasses: [[[ClassMetrics]?]] { get }
}

extension ModelEvaluation {
    var groupClasses: [[[ClassMetrics]?]] { [] }
}

extension BinaryEvaluation: ModelEvaluation {}
extension RegressionEvaluation: ModelEvaluation {
    var groupCurves: [[SliceCurves?]] { [] }
}
