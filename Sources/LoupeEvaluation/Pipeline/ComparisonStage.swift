import LoupeMetrics
import LoupeResults

/// Every model against the baseline (`--baseline`), on the whole data and on every slice, each
/// metric paired: ROC AUC by the paired DeLong test, accuracy by McNemar's test, the metrics that
/// are functions of sums by the paired cell bootstrap (`PairedBootstrap`; multiclass confusion
/// metrics and AUCs on joint cells, `PairedMulticlassCells`), and the rest
/// (average_precision, median_absolute_error, max_error) as a bare difference, `not_tested`. Slice
/// verdicts are adjusted for the number of slices searched (Holm, `adjustedForMultipleSlices`). Each model's scores
/// are sorted once; per candidate, the DeLong walks and the bootstrap's one pass over the rows (all
/// slicing specs at once) run side by side.
struct ComparisonStage {
    let models: [String]
    let baseline: Int
    let specs: [Slicer.SlicedSpec]
    let options: EvaluationOptions
    /// Multiclass: the pairings (`multiclassPairings`) when they were started before the evaluation.
    var early: BackgroundTask<[MulticlassPairing]>?

    /// `nil` when there is no baseline or nothing to compare it with.
    init?(models: [String], baseline: String?, specs: [Slicer.SlicedSpec], options: EvaluationOptions) {
        guard let baseline, let index = models.firstIndex(of: baseline), models.count > 1 else { return nil }
        self.models = models
        self.baseline = index
        self.specs = specs
        self.options = options
    }

    private var candidates: [Int] { models.indices.filter { $0 != baseline } }

    /// The whole data, then every slicing spec.
    private var groupings: [Grouping?] { [nil] + specs.map(\.grouping) }

    func binary(_ input: EvaluationInput, evaluations: [any ModelEvaluation]) -> [ComparisonResult] {
        // Every model's scores sorted once, models in parallel; then per candidate the paired
        // DeLong walks beside the bootstrap's pass.
        let rankings = Parallel.map(Array(models.indices)) { m in
            PairedDeLong.Ranking(labels: input.labels, scores: input.scores[m], weights: input.weights)
        }
        let groupings = self.groupings
        let perCandidate = candidates.map { m -> [[PairedBootstrap.GroupComparison?]] in
            let halves = Parallel.map([0, 1]) { half -> ([[PairedBootstrap.GroupComparison?]], [[PairedDeLong.Result?]]) in
                if half == 0 {
                    return (
                        PairedBootstrap.binary(
                            labels: input.labels, candidate: input.scores[m], baseline: input.scores[baseline],
                            weights: input.weights, groupings: groupings, options: options), []
                    )
                }
                return ([], PairedDeLong.compare(rankings[m], rankings[baseline], groupings: groupings))
            }
            var slots = halves[0].0
            let auc = halves[1].1
            for s in slots.indices {
                for g in slots[s].indices {
                    guard let test = auc[s][g] else { continue }
                    slots[s][g]?.differences["roc_auc"] = test.paired(confidence: options.confidence)
                }
            }
            return slots
        }
        return results(perCandidate, evaluations: evaluations)
    }

    func regression(_ input: EvaluationInput, evaluations: [any ModelEvaluation]) -> [ComparisonResult] {
        let groupings = self.groupings
        let perCandidate = Parallel.map(candidates) { m in
            PairedBootstrap.regression(
                labels: input.targets, candidate: input.scores[m], baseline: input.scores[baseline],
                weights: input.weights, groupings: groupings, options: options)
        }
        return results(perCandidate, evaluations: evaluations)
    }

    /// Multiclass, the part that needs no evaluation: per candidate, the joint confusion and
    /// rank-bin cells (`PairedMulticlassCells`) built beside the random-cell bootstrap of the
    /// means (log loss, Brier, ECE; both models with probabilities only), then every group's
    /// replicates in parallel (`PairedMulticlassCells.replicate`). `BuildPipeline` starts it
    /// beside the evaluation (`early`).
    struct MulticlassPairing: Sendable {
        let means: [[PairedBootstrap.GroupComparison?]]
        /// Per slot (the whole data, then every spec) its groups; empty without cells.
        let groupCounts: [Int]
        /// Per group of every slot, in that order.
        let replicated: [PairedMulticlassCells.Replicated?]
    }

    func multiclassPairings(_ input: EvaluationInput) -> [MulticlassPairing] {
        let groupings = self.groupings
        let k = input.classNames.count
        return candidates.map { m -> MulticlassPairing in
            let candidate = input.classPredictions[m], reference = input.classPredictions[baseline]
            let halves = Parallel.map([0, 1]) { half -> ([[PairedBootstrap.GroupComparison?]], PairedMulticlassCells?) in
                if half == 1 {
                    return (
                        [],
                        PairedMulticlassCells(
                            labels: input.classLabels, classCount: k, candidate: candidate, baseline: reference,
                            weights: input.weights, groupings: groupings, seed: options.seed)
                    )
                }
                guard case .probabilities(let a) = candidate, case .probabilities(let b) = reference else { return ([], nil) }
                return (
                    PairedBootstrap.multiclass(
                        labels: input.classLabels, classCount: k, candidate: a, baseline: b, weights: input.weights,
                        groupings: groupings, options: options), nil
                )
            }
            guard let cells = halves[1].1 else { return MulticlassPairing(means: halves[0].0, groupCounts: [], replicated: []) }
            let slotGroups = groupings.indices.flatMap { s in (0..<cells.groupCounts[s]).map { (s, $0) } }
            let replicated = Parallel.map(slotGroups) { s, g in cells.replicate(slot: s, group: g, options: options) }
            return MulticlassPairing(means: halves[0].0, groupCounts: cells.groupCounts, replicated: replicated)
        }
    }

    /// Multiclass: McNemar for accuracy, the cell bootstrap for the confusion metrics and the
    /// AUCs, from each candidate's pairing (`multiclassPairings`, from `early` when it was started
    /// beside the evaluation), the AUCs' intervals centred on the evaluations' exact differences.
    func multiclass(_ input: EvaluationInput, evaluations: [any ModelEvaluation]) -> [ComparisonResult] {
        let groupings = self.groupings
        let pairings = (try? early?.result()) ?? multiclassPairings(input)
        let perCandidate = zip(candidates, pairings).map { m, pairing -> [[PairedBootstrap.GroupComparison?]] in
            guard !pairing.groupCounts.isEmpty else { return [] }
            let means = pairing.means
            let slotGroups = groupings.indices.flatMap { s in (0..<pairing.groupCounts[s]).map { (s, $0) } }
            let compared = slotGroups.indices.map { i -> PairedBootstrap.GroupComparison? in
                let (s, g) = slotGroups[i]
                // The AUCs' exact differences, on which their intervals are centred.
                let pair: (MetricSet?, MetricSet?) =
                    s == 0
                    ? (evaluations[m].overall, evaluations[baseline].overall)
                    : (evaluations[m].groups[s - 1][g], evaluations[baseline].groups[s - 1][g])
                var exact: [String: Double] = [:]
                for name in ["macro_ovr_auc", "weighted_ovr_auc"] {
                    if let x = pair.0?[name]?.value, let y = pair.1?[name]?.value { exact[name] = x - y }
                }
                guard var comparison = pairing.replicated[i]?.finished(exact: exact) else { return nil }
                if means.indices.contains(s), let paired = means[s][g] {
                    comparison.differences.merge(paired.differences) { first, _ in first }
                }
                return comparison
            }
            var slots: [[PairedBootstrap.GroupComparison?]] = []
            var next = 0
            for s in groupings.indices {
                slots.append(Array(compared[next..<next + pairing.groupCounts[s]]))
                next += pairing.groupCounts[s]
            }
            return slots
        }
        return results(perCandidate, evaluations: evaluations)
    }

    /// The comparisons per candidate: the whole data, then spec by spec, slice by slice (slices
    /// too small to have metrics are left out).
    private func results(_ perCandidate: [[[PairedBootstrap.GroupComparison?]]], evaluations: [any ModelEvaluation])
        -> [ComparisonResult]
    {
        var out: [ComparisonResult] = []
        for (m, slots) in zip(candidates, perCandidate) {
            for (slot, groups) in slots.enumerated() {
                for (g, paired) in groups.enumerated() {
                    guard let paired else { continue }
                    var spec: [String] = [], key: [String: String] = [:]
                    let candidateSet: MetricSet?, baselineSet: MetricSet?
                    if slot > 0 {
                        let s = slot - 1
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
        }
        return Self.adjustedForMultipleSlices(out, alpha: 1 - options.confidence)
    }

    /// Searching many slices for a loss finds some by chance: per model and metric, Holm's
    /// adjustment over every slice of every spec (the whole data is one comparison and keeps its
    /// own verdict), stored as `holmPValue` and `holmVerdict`.
    static func adjustedForMultipleSlices(_ comparisons: [ComparisonResult], alpha: Double) -> [ComparisonResult] {
        var out = comparisons
        let sliceIndices = out.indices.filter { !out[$0].spec.isEmpty }
        for model in Set(sliceIndices.map { out[$0].model }).sorted() {
            let ofModel = sliceIndices.filter { out[$0].model == model }
            for metric in Set(ofModel.flatMap { out[$0].metrics.keys }).sorted() {
                let members = ofModel.filter { out[$0].metrics[metric] != nil }
                let adjusted = ComparisonVerdict.holm(
                    verdicts: members.map { out[$0].metrics[metric]?.verdict ?? "" },
                    pValues: members.map { out[$0].metrics[metric]?.pValue }, alpha: alpha)
                for (i, holm) in zip(members, adjusted) {
                    var metrics = out[i].metrics
                    metrics[metric]?.holmPValue = holm.pValue
                    metrics[metric]?.holmVerdict = holm.verdict
                    let c = out[i]
                    out[i] = ComparisonResult(
                        model: c.model, baseline: c.baseline, spec: c.spec, key: c.key, count: c.count, metrics: metrics,
                        flipRate: c.flipRate)
                }
            }
        }
        return out
    }

    /// Every metric defined for both models (but those that describe the rows, equal for both): the evaluation's values, their
    /// difference with the paired interval and p-value where one was computed, and the verdict.
    static func metrics(_ candidate: MetricSet, _ baseline: MetricSet, paired: [String: PairedDifference])
        -> [String: MetricComparison]
    {
        var out: [String: MetricComparison] = [:]
        for (name, metric) in candidate where MetricRegistry.definition(name)?.describesRows != true {
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
