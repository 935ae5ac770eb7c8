import LoupeMetrics
import LoupeResults

/// Binary classification: every contract binary metric per group in one sorted pass per model
/// (`BinaryEvaluator`), each model's fairness analysis on the rows that pass sorted, and paired
/// comparisons by DeLong, McNemar and the paired bootstrap.
struct BinaryTaskEvaluator: TaskEvaluator {
    var task: ModelTask { .binary }
    var examinesEveryColumn: Bool { false }
    var namesRows: Bool { false }
    var monitorsSortedRows: Bool { true }

    func evaluate(_ prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions, progress: Progress)
        -> TaskOutcome
    {
        let input = prepared.input
        let fairnessGroupings = FairnessStage.groupings(prepared.fairness, specCount: prepared.sliced.count)
        let groupings = prepared.sliced.map(\.grouping) + fairnessGroupings.extra
        // Each model is evaluated and then analysed for fairness on the rows its evaluation sorted,
        // models in parallel.
        let attributes = prepared.fairness
        // With windows, from the rows each model's evaluation sorted (no second sort of its
        // scores): each watched model's window × slice groups, and each model's prediction drift
        // per window unless the windows are compared with a --reference file.
        let crossing = MonitoringStage.SortedCrossing(prepared)
        let plan = prepared.monitoring
        let driftsPredictions = plan != nil && settings.referencePath == nil
        let windowGrouping = prepared.sliced.count - 1
        let perModel = Parallel.map(Array(settings.scores.indices)) {
            m -> (BinaryEvaluation, [FairnessResult], BackgroundTask<SortedRowsMonitoring>?) in
            let data = BinaryData(labels: input.labels, scores: input.scores[m], weights: input.weights)
            let crossed = settings.scores[m].name == settings.baseline ? nil : crossing
            var kept = fairnessGroupings.index + (crossed?.kept ?? [])
            // The windows' codes in sorted order: the crossing's last kept grouping, or kept alone.
            var windowsAt: Int?
            if driftsPredictions {
                if crossed == nil { kept.append(windowGrouping) }
                windowsAt = kept.count - 1
            }
            guard !kept.isEmpty else {
                return (BinaryEvaluator.evaluate(data, groupings: groupings, options: options), [], nil)
            }
            let (evaluation, sorted) = BinaryEvaluator.evaluate(
                data, groupings: groupings, options: options, keepingSortedGroupings: kept)
            let score = settings.scores[m]
            let fairness =
                attributes.isEmpty
                ? []
                : FairnessStage.analyze(
                    attributes, model: score.name, settings: settings, evaluation: evaluation, sorted: sorted,
                    groupingIndex: fairnessGroupings.index)
            guard let plan, crossed != nil || windowsAt != nil else { return (evaluation, fairness, nil) }
            let first = fairnessGroupings.index.count
            let monitoring = BackgroundTask { [windowsAt] in
                SortedRowsMonitoring(
                    windowSlices: crossed?.evaluate(sorted, from: first, options: options),
                    predictionDrift: windowsAt.map { at in
                        MonitoringStage.predictionDrift(
                            sorted, windowsAt: at, plan: plan, column: score.column, model: score.name)
                    })
            }
            return (evaluation, fairness, monitoring)
        }
        progress.stage(
            "evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s")"
                + (attributes.isEmpty
                    ? "" : " and their fairness on \(attributes.count) attribute\(attributes.count == 1 ? "" : "s")"))
        let fairness = Self.comparingFairness(
            attributes, results: perModel.map(\.1), input: input, settings: settings)
        var curves: [String: ModelCurves] = [:]
        for (m, score) in settings.scores.enumerated() { curves[score.name] = perModel[m].0.curves }
        return TaskOutcome(
            evaluations: perModel.map(\.0), curves: curves,
            // Attribute by attribute, models in configured order.
            fairness: attributes.indices.flatMap { a in fairness.map { $0[a] } },
            sortedRowsMonitoring: plan == nil ? nil : perModel.compactMap(\.2))
    }

    /// Each model's fairness results (per model, per attribute) with, for every model but the
    /// baseline, its summary metrics compared with the baseline's at the decision threshold,
    /// paired (`FairnessSummaryBootstrap.paired`), so a page can say which model has the smaller
    /// gaps only when the difference is significant.
    static func comparingFairness(
        _ attributes: [FairnessStage.Attribute], results: [[FairnessResult]], input: EvaluationInput,
        settings: BuildSettings
    ) -> [[FairnessResult]] {
        guard let name = settings.baseline, let b = settings.scores.firstIndex(where: { $0.name == name }) else {
            return results
        }
        var out = results
        for m in settings.scores.indices where m != b {
            for (a, attribute) in attributes.enumerated() {
                let mine = results[m][a], theirs = results[b][a]
                let at = { (r: FairnessResult) in r.thresholds.first { $0.threshold == settings.threshold + 0.0 } }
                guard let x = at(mine), let y = at(theirs) else { continue }
                let eligible = attribute.names.indices.map { g in
                    !(mine.groups.indices.contains(g) ? mine.groups[g].tooSmall : true)
                }
                let paired = FairnessSummaryBootstrap.paired(
                    labels: input.labels, scoresA: input.scores[m], scoresB: input.scores[b], weights: input.weights,
                    groups: attribute.codes, groupCount: attribute.names.count, eligible: eligible,
                    threshold: settings.threshold, replicates: settings.bootstrap,
                    seed: settings.seed ^ 0xFA12_C0DE ^ UInt64(a &* 7919 &+ m), confidence: settings.confidence)
                var metrics: [String: MetricComparison] = [:]
                for (metric, summary) in x.summary {
                    guard let v = summary.value, let w = y.summary[metric]?.value else { continue }
                    let test = paired[metric]
                    metrics[metric] = MetricComparison(
                        model: v, baseline: w, difference: Metric(v - w, lower: test?.lower, upper: test?.upper),
                        relative: w != 0 ? (v - w) / w.magnitude : nil, method: test?.method, pValue: test?.pValue,
                        verdict: FairnessSummaryBootstrap.verdict(metric: metric, lower: test?.lower, upper: test?.upper))
                }
                out[m][a].comparison = FairnessComparison(
                    baseline: name, threshold: settings.threshold, metrics: metrics)
            }
        }
        return out
    }

    func compare(_ input: EvaluationInput, evaluations: [any ModelEvaluation], stage: ComparisonStage)
        -> [ComparisonResult]
    {
        stage.binary(input, evaluations: evaluations)
    }
}
