import LoupeMetrics
import LoupeResults

/// Every model against the baseline (`--baseline`), on the whole data and on every slice, each
/// metric paired: ROC AUC by the paired DeLong test, accuracy by McNemar's test, the metrics that
/// are functions of sums by the paired cell bootstrap (`PairedBootstrap`), and the rest
/// (average_precision, median_absolute_error, max_error) as a bare difference. Candidates × (the
/// whole data and each slicing spec) run in parallel; each model's scores are sorted once.
struct ComparisonStage {
    let models: [String]
    let baseline: Int
    let specs: [Slicer.SlicedSpec]
    let options: EvaluationOptions

    /// `nil` when there is no baseline or nothing to compare it with.
    init?(models: [String], baseline: String?, specs: [Slicer.SlicedSpec], options: EvaluationOptions) {
        guard let baseline, let index = models.firstIndex(of: baseline), models.count > 1 else { return nil }
        self.models = models
        self.baseline = index
        self.specs = specs
        self.options = options
    }

    private var candidates: [Int] { models.indices.filter { $0 != baseline } }

    /// One pairing on one grouping (`nil` = the whole data): per group, the paired differences
    /// and the flip rate.
    private typealias Job = (candidate: Int, grouping: Int?)

    private var jobs: [Job] {
        candidates.flatMap { m in [Job(m, nil)] + specs.indices.map { Job(m, $0) } }
    }

    func binary(_ input: EvaluationInput, evaluations: [any ModelEvaluation]) -> [ComparisonResult] {
        // Sorts and log-loss terms, once per model, models in parallel.
        let prepared = Parallel.map(Array(models.indices)) { m in
            (
                PairedDeLong.Ranking(labels: input.labels, scores: input.scores[m], weights: input.weights),
                zip(input.labels, input.scores[m]).map { BinaryMetrics.logLossTerm(label: $0, score: $1) }
            )
        }
        let outcomes = Parallel.map(jobs) { job -> [PairedBootstrap.GroupComparison?] in
            let grouping = job.grouping.map { specs[$0].grouping }
            var groups = PairedBootstrap.binary(
                labels: input.labels, candidate: input.scores[job.candidate], baseline: input.scores[baseline],
                weights: input.weights, grouping: grouping, groupingIndex: job.grouping ?? -1, options: options,
                logLoss: (prepared[job.candidate].1, prepared[baseline].1))
            let auc = PairedDeLong.compare(
                prepared[job.candidate].0, prepared[baseline].0, labels: input.labels, weights: input.weights,
                grouping: grouping)
            for g in groups.indices {
                guard let test = auc[g] else { continue }
                groups[g]?.differences["roc_auc"] = test.paired(confidence: options.confidence)
            }
            return groups
        }
        return results(outcomes, evaluations: evaluations)
    }

    func regression(_ input: EvaluationInput, evaluations: [any ModelEvaluation]) -> [ComparisonResult] {
        let outcomes = Parallel.map(jobs) { job in
            PairedBootstrap.regression(
                labels: input.targets, candidate: input.scores[job.candidate], baseline: input.scores[baseline],
                weights: input.weights, grouping: job.grouping.map { specs[$0].grouping },
                groupingIndex: job.grouping ?? -1, options: options)
        }
        return results(outcomes, evaluations: evaluations)
    }

    /// The comparisons in job order: per candidate the whole data, then spec by spec, slice by
    /// slice (slices too small to have metrics are left out).
    private func results(_ outcomes: [[PairedBootstrap.GroupComparison?]], evaluations: [any ModelEvaluation])
        -> [ComparisonResult]
    {
        var out: [ComparisonResult] = []
        for (job, groups) in zip(jobs, outcomes) {
            let m = job.candidate
            for (g, paired) in groups.enumerated() {
                guard let paired else { continue }
                var spec: [String] = [], key: [String: String] = [:]
                let candidateSet: MetricSet?, baselineSet: MetricSet?
                if let s = job.grouping {
                    spec = specs[s].request.columns
                    for (column, value) in zip(spec, specs[s].keys[g]) { key[column] = value }
                    candidateSet = evaluations[m].groups[s][g]
                    baselineSet = evaluations[baseline].groups[s][g]
                } else {
                    candidateSet = evaluations[m].overall
                    baselineSet = evaluations[baseline].overall
                }
                guard let candidateSet, let baselineSet else { continue }
                out.append(
                    ComparisonResult(
                        model: models[m], baseline: models[baseline], spec: spec, key: key, count: paired.rows,
                        metrics: Self.metrics(candidateSet, baselineSet, paired: paired.differences),
                        flipRate: paired.flipRate))
            }
        }
        return out
    }

    /// Equal for both models by construction (the same rows), so not compared.
    static let sameForBoth: Set<String> = ["count", "weighted_count", "mean_label"]

    /// Every metric defined for both models (but `sameForBoth`): the evaluation's values, their
    /// difference with the paired interval and p-value where one was computed, and the verdict.
    static func metrics(_ candidate: MetricSet, _ baseline: MetricSet, paired: [String: PairedDifference])
        -> [String: MetricComparison]
    {
        var out: [String: MetricComparison] = [:]
        for (name, metric) in candidate where !sameForBoth.contains(name) {
            guard let x = metric.value, let y = baseline[name]?.value else { continue }
            let d = x - y
            let test = paired[name]
            // The interval belongs to the paired estimate, which equals x − y up to rounding.
            let lower = test?.lower, upper = test?.upper
            out[name] = MetricComparison(
                model: x, baseline: y, difference: Metric(d, lower: lower, upper: upper),
                relative: y != 0 ? d / y.magnitude : nil, method: test?.method, pValue: test?.pValue,
                verdict: ComparisonVerdict.verdict(metric: name, lower: lower, upper: upper))
        }
        return out
    }
}
