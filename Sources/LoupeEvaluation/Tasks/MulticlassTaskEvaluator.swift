import LoupeMetrics
import LoupeResults

/// Multiclass classification: every multiclass metric per group (`MulticlassEvaluator`: each
/// model's passes, models in parallel, then every slot of every model in parallel) and each
/// model's fairness at its argmax decision (`MulticlassFairness`), and paired
/// comparisons with the baseline (McNemar for accuracy, paired bootstraps on compressed cells for
/// the rest; `ComparisonStage.multiclass`).
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
        // Each model's passes over the rows (and its fairness), models in parallel; then every
        // slot of every model on all cores (a model's slots are independent), so neither core
        // waits while the other finishes its model's bootstraps.
        let perModel = Parallel.map(Array(settings.scores.indices)) { m -> (MulticlassEvaluator.Passes, [FairnessResult]) in
            let data = MulticlassData(
                classCount: input.classNames.count, labels: input.classLabels, predictions: input.classPredictions[m],
                weights: input.weights)
            return (
                MulticlassEvaluator.passes(data, classNames: input.classNames, groupings: groupings, options: options),
                FairnessStage.analyzeMulticlass(
                    attributes, model: settings.scores[m].name, settings: settings, input: input,
                    predictions: input.classPredictions[m])
            )
        }
        let jobs = perModel.indices.flatMap { m in perModel[m].0.jobs.map { (m, $0) } }
        let slots = Parallel.map(jobs) { m, job in
            MulticlassEvaluator.slot(perModel[m].0, job: job, options: options, topK: Self.topK)
        }
        var evaluations: [MulticlassModelEvaluation] = [], next = 0
        for (passes, _) in perModel {
            evaluations.append(
                MulticlassEvaluator.evaluation(passes, slots: Array(slots[next..<next + passes.jobs.count]), options: options))
            next += passes.jobs.count
        }
        progress.stage(
            "evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s")"
                + (attributes.isEmpty
                    ? "" : " and their fairness on \(attributes.count) attribute\(attributes.count == 1 ? "" : "s")"))
        var analyses: [String: MulticlassAnalysis] = [:]
        for (m, score) in settings.scores.enumerated() { analyses[score.name] = evaluations[m].analysis }
        // Attribute by attribute, models in configured order, as for binary.
        return TaskOutcome(
            evaluations: evaluations, fairness: attributes.indices.flatMap { a in perModel.map { $0.1[a] } },
            multiclass: analyses)
    }

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
    {
        stage.multiclass(input, evaluations: evaluations)
    }
}

extension MulticlassModelEvaluation: ModelEvaluation {
    var groupCurves: [[SliceCurves?]] { [] }
}
