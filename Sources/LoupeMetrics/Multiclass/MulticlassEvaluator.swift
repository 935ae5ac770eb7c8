import LoupeResults

/// Every multiclass metric of one model with its confidence interval, for the whole data and for
/// every group of every grouping (`MulticlassMetrics` per set of rows).
///
/// Intervals (at `options.confidence`), as `MetricRegistry` records them:
/// * `wilson` — accuracy, top-2 and top-k accuracy, micro F1 (the same proportion for
///   single-label data): the Wilson score interval with Kish's effective size (Σw)²/Σw²;
/// * `normal` — log loss and Brier: mean ± z·s/√n_eff of the per-row terms (the lower bound
///   clipped at 0);
/// * `bootstrap` — a Poisson bootstrap on compressed data, as the binary task's: the confusion
///   matrix's K² cells for the averaged precision, recall and F1, balanced accuracy, Cohen's
///   kappa and MCC; the top-label calibration bins × correctness for the ECE. A cell of n rows
///   receives Poisson(n) copies carrying its mean weight (and mean confidence), so a replicate
///   costs O(K²) whatever the rows; percentile intervals corrected for bias
///   (`Intervals.biasCorrected`), each group on its own SplitMix64 stream.
/// The AUCs have no interval in this version.
public enum MulticlassEvaluator {
    /// The evaluation of one model: `data` holds every evaluated row; `groupings` give each
    /// row's group per slicing spec (`Grouping.none` or a code ≥ `groupCount`: in no group).
    public static func evaluate(
        _ data: MulticlassData, groupings: [Grouping], options: EvaluationOptions, topK: Int
    ) -> MulticlassModelEvaluation {
        let n = data.rowCount
        precondition(groupings.allSatisfy { $0.codes.count == n }, "every grouping needs a code per row")
        // Every slot's sums and rank walks in one pass over the rows (one sort per class), not
        // one gather and walk per group: the same values, at a fraction of the cost.
        let slots = MulticlassSlots(labels: data.labels, classCount: data.classCount, groupings: groupings, weights: data.weights)
        let accumulators = MulticlassAccumulator.grouped(data, slots: slots)
        let rankings = MulticlassRanking.grouped(data, slots: slots)
        let overall = slot(
            accumulators[0], ranking: rankings?[0], options: options, topK: topK,
            seed: BinaryEvaluator.streamSeed(options.seed, grouping: -1, group: 0))
        var groups: [[MetricSet?]] = [], counts: [[Int]] = [], weights: [[Double]] = []
        for (g, grouping) in groupings.enumerated() {
            var sets: [MetricSet?] = [], groupCounts: [Int] = [], groupWeights: [Double] = []
            for c in 0..<grouping.groupCount {
                let s = slots.offsets[g] + c
                let count = slots.rowCounts[s]
                groupCounts.append(count)
                groupWeights.append(slots.weights[s])
                guard count > 0, count >= options.minGroupSize else {
                    sets.append(nil)
                    continue
                }
                let seed = BinaryEvaluator.streamSeed(options.seed, grouping: g, group: c)
                sets.append(slot(accumulators[s], ranking: rankings?[s], options: options, topK: topK, seed: seed).metrics)
            }
            groups.append(sets)
            counts.append(groupCounts)
            weights.append(groupWeights)
        }
        return MulticlassModelEvaluation(
            overall: overall.metrics, groups: groups, groupCounts: counts, groupWeights: weights,
            perClass: overall.evaluation.perClass, confusion: overall.evaluation.confusion)
    }

    /// The rows of each group of `grouping`, in row order (a counting sort of the codes).
    static func rowsByGroup(_ grouping: Grouping) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: grouping.groupCount)
        for (i, code) in grouping.codes.enumerated() where Int(code) < grouping.groupCount {
            rows[Int(code)].append(i)
        }
        return rows
    }

    /// One set of rows, from its sums and rank walks: its metrics, and the intervals of
    /// `MetricRegistry`'s methods.
    static func slot(
        _ accumulator: MulticlassAccumulator, ranking: MulticlassRanking?, options: EvaluationOptions, topK: Int,
        seed: UInt64
    ) -> (metrics: MetricSet, evaluation: MulticlassEvaluation) {
        let evaluation = MulticlassMetrics.evaluate(accumulator: accumulator, ranking: ranking, k: topK)
        var metrics: MetricSet = [:]
        for (name, value) in evaluation.values { metrics[name] = Metric(value) }
        let confidence = options.confidence
        let total = accumulator.weightedCount
        let nEff = Intervals.kishEffectiveSize(sumOfWeights: total, sumOfSquaredWeights: accumulator.sumOfSquaredWeights)
        for name in ["accuracy", "top_2_accuracy", "top_k_accuracy", "micro_f1"] {
            guard let p = evaluation.values[name] ?? nil,
                let ci = Intervals.wilson(proportion: p, trials: nEff, confidence: confidence)
            else { continue }
            metrics[name] = Metric(p, lower: ci.lower, upper: ci.upper)
        }
        for (name, meanOfSquares) in [("log_loss", accumulator.logLossMeanOfSquares), ("brier", accumulator.brierMeanOfSquares)] {
            guard let mean = evaluation.values[name] ?? nil, let meanOfSquares,
                let ci = Intervals.normalMean(
                    mean: mean, meanOfSquares: meanOfSquares, effectiveSize: nEff, confidence: confidence)
            else { continue }
            metrics[name] = Metric(mean, lower: max(0, ci.lower), upper: ci.upper)
        }
        if options.bootstrapReplicates > 0 && accumulator.rowCount > 0 {
            bootstrap(accumulator, into: &metrics, options: options, seed: seed)
        }
        return (metrics, evaluation)
    }

    /// The confusion-matrix metrics and the ECE, replicated on Poisson draws per cell.
    static func bootstrap(
        _ accumulator: MulticlassAccumulator, into metrics: inout MetricSet, options: EvaluationOptions, seed: UInt64
    ) {
        var rng = SplitMix64(seed: seed)
        let k = accumulator.classCount
        let cells = accumulator.confusion.counts
        let binCount = MulticlassAccumulator.binCount
        let bins = accumulator.calibrationBins, correctConfidence = accumulator.correctConfidence
        let confusionNames = [
            "balanced_accuracy", "macro_precision", "macro_recall", "macro_f1", "weighted_precision", "weighted_recall",
            "weighted_f1", "cohen_kappa", "mcc",
        ]
        var replicates: [String: [Double]] = [:]
        let samplers = accumulator.cellRows.map { PoissonSampler(lambda: Double($0)) }
        let binSamplers = accumulator.binRows.map { PoissonSampler(lambda: Double($0)) }
        for _ in 0..<options.bootstrapReplicates {
            var drawn = [Double](repeating: 0, count: k * k)
            for c in 0..<(k * k) where accumulator.cellRows[c] > 0 {
                drawn[c] = samplers[c].draw(&rng) * cells[c] / Double(accumulator.cellRows[c])
            }
            let confusion = MulticlassConfusion(classCount: k, counts: drawn)
            let values: [String: Double?] = [
                "balanced_accuracy": confusion.balancedAccuracy, "macro_precision": confusion.macroPrecision,
                "macro_recall": confusion.macroRecall, "macro_f1": confusion.macroF1,
                "weighted_precision": confusion.weightedPrecision, "weighted_recall": confusion.weightedRecall,
                "weighted_f1": confusion.weightedF1, "cohen_kappa": confusion.cohenKappa, "mcc": confusion.matthewsCorrelation,
            ]
            for name in confusionNames { if let v = values[name] ?? nil { replicates[name, default: []].append(v) } }
            guard accumulator.hasProbabilities else { continue }
            // ECE: per bin, the copies of its correct and its incorrect rows, each with their mean
            // weight and mean confidence.
            var weight = 0.0, gap = 0.0
            for b in 0..<binCount {
                var correctWeight = 0.0, confidence = 0.0
                for correct in [false, true] {
                    let rows = accumulator.binRows[2 * b + (correct ? 1 : 0)]
                    guard rows > 0 else { continue }
                    let copies = binSamplers[2 * b + (correct ? 1 : 0)].draw(&rng) / Double(rows)
                    let w = correct ? bins[b].correct : bins[b].weight - bins[b].correct
                    let conf = correct ? correctConfidence[b] : bins[b].confidence - correctConfidence[b]
                    weight += copies * w
                    confidence += copies * conf
                    if correct { correctWeight += copies * w }
                }
                gap += (correctWeight - confidence).magnitude
            }
            if weight > 0 { replicates["ece", default: []].append(gap / weight) }
        }
        for (name, values) in replicates {
            guard let estimate = metrics[name]?.value,
                let ci = Intervals.biasCorrected(replicates: values, estimate: estimate, confidence: options.confidence)
            else { continue }
            metrics[name] = Metric(estimate, lower: ci.lower, upper: ci.upper)
        }
    }
}

/// Everything `MulticlassEvaluator.evaluate` computes for one model.
public struct MulticlassModelEvaluation: Sendable {
    public let overall: MetricSet
    /// `[grouping][group code]`: the group's metrics, `nil` below `minGroupSize` rows.
    public let groups: [[MetricSet?]]
    public let groupCounts: [[Int]]
    public let groupWeights: [[Double]]
    /// One-vs-rest metrics of each class on the whole data.
    public let perClass: [MulticlassClassMetrics]
    /// The confusion matrix of the whole data.
    public let confusion: MulticlassConfusion
}
