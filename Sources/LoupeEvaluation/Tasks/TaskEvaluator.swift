import LoupeMetrics
import LoupeResults

/// One task's part of a build: evaluating every model (metrics overall and per group, and what
/// else the task analyses: fairness, residuals), and comparing each model with the baseline,
/// paired. The pipeline around it (reading, slicing, assembling `Results`) is the same for every
/// task; adding a task is one type conforming to this protocol plus its metrics in
/// `MetricRegistry`.
protocol TaskEvaluator: Sendable {
    var task: ModelTask { get }
    /// Whether the task analyses every column of the data against the model (a regression's
    /// residuals), so the pipeline reads the columns no option names as `PreparedData.features`.
    var examinesEveryColumn: Bool { get }
    /// Whether results name rows by their line in the file (a regression's largest errors), so
    /// the evaluated rows' numbers are kept.
    var namesRows: Bool { get }
    /// Whether `evaluate`, with monitoring windows, also works from the rows it sorts by each
    /// model's score (`TaskOutcome.sortedRowsMonitoring`): each watched model's window × slice
    /// groups and, when the windows are compared with the reference windows (no `--reference`
    /// file), each model's prediction drift per window. Otherwise the pipeline computes both on
    /// its own (`MonitoringStage.worstSlices`, `allWindowDrift`).
    var monitorsSortedRows: Bool { get }

    func evaluate(_ prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions, progress: Progress)
        -> TaskOutcome

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
}

extension TaskEvaluator {
    var monitorsSortedRows: Bool { false }
}

/// The evaluator of each task this version can evaluate.
public enum TaskEvaluators {
    /// The tasks `evaluator(for:)` has an evaluator for, in the contract's order.
    public static let supported: [ModelTask] = [.binary, .multiclass, .regression]

    static func evaluator(for task: ModelTask) throws -> any TaskEvaluator {
        switch task {
        case .binary: return BinaryTaskEvaluator()
        case .regression: return RegressionTaskEvaluator()
        case .multiclass: return MulticlassTaskEvaluator()
        }
    }

    /// The usage error for a task the contract names but this version cannot evaluate.
    public static func unsupported(_ task: ModelTask) -> LoupeError {
        .usage("--task \(task.rawValue): this version of loupe evaluates binary classifiers and regression models")
    }
}

/// What the evaluation needs from the data. The parsed table itself is dropped once this is made,
/// so its columns (labels as numbers, category codes, timestamps) are not held while the models
/// are evaluated.
struct PreparedData: Sendable {
    /// The evaluator of the data's task (given or inferred).
    var evaluator: any TaskEvaluator
    var input: EvaluationInput
    var sliced: [Slicer.SlicedSpec]
    var fairness: [FairnessStage.Attribute]
    /// When the evaluator examines every column: each one that is not the label, a score or the weight, over the
    /// evaluated rows, for the residual analysis.
    var features: [FeatureColumn]
    var rowsRead: Int
    var rowsUsed: Int
    var columns: [ColumnSummary]
    /// With `--window`: the windows over the evaluated rows (`MonitoringStage`).
    var monitoring: MonitoringStage.Plan? = nil
}

/// What the evaluation of every model produced, for `assemble`.
struct TaskOutcome {
    var evaluations: [any ModelEvaluation]
    var curves: [String: ModelCurves] = [:]
    var fairness: [FairnessResult] = []
    var residuals: [String: ResidualAnalysis] = [:]
    var multiclass: [String: MulticlassAnalysis] = [:]
    var comparisons: [LoupeResults.ComparisonResult] = []
    var digest = ""
    /// With `monitorsSortedRows` and windows, per model (configured order), the monitoring work
    /// on the rows its evaluation sorted, still running: started as each model's evaluation ends,
    /// it overlaps the comparison instead of lengthening the evaluation.
    var sortedRowsMonitoring: [BackgroundTask<SortedRowsMonitoring>]? = nil
}

/// One model's monitoring work on the rows its evaluation sorted by score.
struct SortedRowsMonitoring: Sendable {
    /// Its window × slice groups' ROC AUC and counts (`MonitoringStage.SortedCrossing`); `nil`
    /// for the baseline or with no slices to cross.
    var windowSlices: GroupedMetrics?
    /// Its prediction's drift per window; `nil` when measured against a `--reference` file.
    var predictionDrift: [WindowDrift?]?
}
