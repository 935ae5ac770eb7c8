import LoupeMetrics
import LoupeResults

/// Multiclass classification: every multiclass metric per group (`MulticlassEvaluator`) and each
/// model's fairness at its argmax decision (`MulticlassFairness`), models in parallel.
struct MulticlassTaskEvaluator: TaskEvaluator {
    var task: ModelTask { .multiclass }
    var examinesEveryColumn: Bool { false }
    var namesRows: Bool { false }
    /// `top_k_accuracy`'s k.
    static let topK = 3

    func evaluate(_ prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions, progress: Progress)
        -> TaskOutcome
    {
        let input = prepared.input
        let groupings = prepared.sliced.map(\.grouping)
        let attributes = prepared.fairness
        let perModel = Parallel.map(Array(settings.scores.indices)) { m -> (MulticlassModelEvaluation, [FairnessResult]) in
            let data = MulticlassData(
                classCount: input.classNames.count, labels: input.classLabels, predictions: input.classPredictions[m],
                weights: input.weights)
            return (
                MulticlassEvaluator.evaluate(
                    data, classNames: input.classNames, groupings: groupings, options: options, topK: Self.topK),
                FairnessStage.analyzeMulticlass(
                    attributes, model: settings.scores[m].name, settings: settings, input: input,
                    predictions: input.classPredictions[m])
            )
        }
        progress.stage(
            "evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s")"
                + (attributes.isEmpty
                    ? "" : " and their fairness on \(attributes.count) attribute\(attributes.count == 1 ? "" : "s")"))
        var analyses: [String: MulticlassAnalysis] = [:]
        for (m, score) in settings.scores.enumerated() { analyses[score.name] = perModel[m].0.analysis }
        // Attribute by attribute, models in configured order, as for binary.
        return TaskOutcome(
            evaluations: perModel.map(\.0), fairness: attributes.indices.flatMap { a in perModel.map { $0.1[a] } },
            multiclass: analyses)
    }

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
    {
        []
    }
}

extension MulticlassModelEvaluation: ModelEvaluation {
    var groupCurves: [[SliceCurves?]] { [] }
}
