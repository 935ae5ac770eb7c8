import LoupeMetrics
import LoupeResults

/// Regression: the contract's regression metrics per group (`RegressionEvaluator`), each model's
/// residual analysis, and paired comparisons by the paired bootstrap.
struct RegressionTaskEvaluator: TaskEvaluator {
    var task: ModelTask { .regression }
    var examinesEveryColumn: Bool { true }
    var namesRows: Bool { true }

    func evaluate(_ prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions, progress: Progress)
        -> TaskOutcome
    {
        let input = prepared.input
        let groupings = prepared.sliced.map(\.grouping)
        let perModel = Parallel.map(Array(settings.scores.indices)) { m -> (RegressionEvaluation, ResidualAnalysis) in
            let data = RegressionData(labels: input.targets, predictions: input.scores[m], weights: input.weights)
            let evaluation = RegressionEvaluator.evaluate(data, groupings: groupings, options: options)
            let residuals = ResidualStage.analyze(
                labels: input.targets, predictions: input.scores[m], rows: input.rows, features: prepared.features,
                order: settings.timestamp, confidence: settings.confidence)
            return (evaluation, residuals)
        }
        progress.stage("evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s") and their residuals")
        var residuals: [String: ResidualAnalysis] = [:]
        for (m, score) in settings.scores.enumerated() { residuals[score.name] = perModel[m].1 }
        return TaskOutcome(
            evaluations: perModel.map(\.0), residuals: residuals)
    }

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
    {
        stage.regression(input, evaluations: evaluations)
    }
}
