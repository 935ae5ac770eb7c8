import LoupeMetrics
import LoupeResults

/// One task's part of a build: evaluating every model (metrics overall and per group, and what
/// else the task analyses: fairness, residuals), and comparing each model with the baseline,
/// paired. The pipeline around it (reading, slicing, assembling `Results`) is the same for every
/// task; adding a task is one type conforming to this protocol plus its metrics in
/// `MetricRegistry`.
protocol TaskEvaluator: Sendable {
    var task: ModelTask { get }

    func evaluate(_ prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions, progress: Progress)
        -> TaskOutcome

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
}

/// The evaluator of each task this version can evaluate.
public enum TaskEvaluators {
    /// The tasks `evaluator(for:)` has an evaluator for, in the contract's order.
    public static let supported: [ModelTask] = [.binary, .regression]

    static func evaluator(for task: ModelTask) throws -> any TaskEvaluator {
        switch task {
        case .binary: return BinaryTaskEvaluator()
        case .regression: return RegressionTaskEvaluator()
        case .multiclass: throw unsupported(task)
        }
    }

    /// The usage error for a task the contract names but this version cannot evaluate.
    public static func unsupported(_ task: ModelTask) -> LoupeError {
        .usage("--task \(task.rawValue): this version of loupe evaluates binary classifiers and regression models")
    }
}

struct PreparedData {
    var input: EvaluationInput
    var sliced: [Slicer.SlicedSpec]
    var fairness: [FairnessStage.Attribute]
    /// Regression: every column that is not the label, a score or the weight, over the
    /// evaluated rows, for the residual analysis.
    var features: [FeatureColumn]
    var rowsRead: Int
    var rowsUsed: Int
    var columns: [ColumnSummary]
}

/// What the evaluation of every model produced, for `assemble`.
struct TaskOutcome {
    var evaluations: [any ModelEvaluation]
    var curves: [String: ModelCurves] = [:]
    var fairness: [FairnessResult] = []
    var residuals: [String: ResidualAnalysis] = [:]
    var intervalMethods: [String: String]
    var comparisons: [LoupeResults.ComparisonResult] = []
    var digest = ""
}
