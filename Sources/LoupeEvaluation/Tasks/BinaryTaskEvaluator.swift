import LoupeMetrics
import LoupeResults

/// Binary classification: every contract binary metric per group in one sorted pass per model
/// (`BinaryEvaluator`), each model's fairness analysis on the rows that pass sorted, and paired
/// comparisons by DeLong, McNemar and the paired bootstrap.
struct BinaryTaskEvaluator: TaskEvaluator {
    var task: ModelTask { .binary }
    var examinesEveryColumn: Bool { false }
    var namesRows: Bool { false }

    func evaluate(_ prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions, progress: Progress)
        -> TaskOutcome
    {
        let input = prepared.input
        let fairnessGroupings = FairnessStage.groupings(prepared.fairness, specCount: prepared.sliced.count)
        let groupings = prepared.sliced.map(\.grouping) + fairnessGroupings.extra
        // Each model is evaluated and then analysed for fairness on the rows its evaluation sorted,
        // models in parallel.
        let attributes = prepared.fairness
        let perModel = Parallel.map(Array(settings.scores.indices)) { m -> (BinaryEvaluation, [FairnessResult]) in
            let data = BinaryData(labels: input.labels, scores: input.scores[m], weights: input.weights)
            guard !attributes.isEmpty else {
                return (BinaryEvaluator.evaluate(data, groupings: groupings, options: options), [])
            }
            let (evaluation, sorted) = BinaryEvaluator.evaluate(
                data, groupings: groupings, options: options, keepingSortedGroupings: fairnessGroupings.index)
            return (
                evaluation,
                FairnessStage.analyze(
                    attributes, model: settings.scores[m].name, settings: settings, evaluation: evaluation, sorted: sorted,
                    groupingIndex: fairnessGroupings.index)
            )
        }
        progress.stage(
            "evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s")"
                + (attributes.isEmpty
                    ? "" : " and their fairness on \(attributes.count) attribute\(attributes.count == 1 ? "" : "s")"))
        var curves: [String: ModelCurves] = [:]
        for (m, score) in settings.scores.enumerated() { curves[score.name] = perModel[m].0.curves }
        return TaskOutcome(
            evaluations: perModel.map(\.0), curves: curves,
            // Attribute by attribute, models in configured order.
            fairness: attributes.indices.flatMap { a in perModel.map { $0.1[a] } })
    }

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
    {
        stage.binary(input, evaluations: evaluations)
    }
}
