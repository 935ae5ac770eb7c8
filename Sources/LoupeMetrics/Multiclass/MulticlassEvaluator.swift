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
///   (`Intervals.biasCorrected`), each group on its own SplitMix64 stream;
/// * `bootstrap` on the runs of each class's sorted walk — the AUCs (`macro_ovr_auc`,
///   `weighted_ovr_auc`, `macro_ovo_auc`) and each class's ROC AUC and average precision: the
///   runs pooled into at most `rankBins` (16) bins, Poisson copies per (bin, true class)
///   cell, O(K × bins × K) a replicate, centred on the exact estimate
///   (`MulticlassRanking.bootstrapIntervals`; hard predictions have none of these metrics).
/// Per class: precision and recall Wilson (Kish's effective size of the predicted and the true
/// class's rows), F1 from the confusion bootstrap, ROC AUC and AP from the rank bootstrap.
public enum MulticlassEvaluator {
    /// The evaluation of one model: `data` holds every evaluated row; `groupings` give each
    /// row's group per slicing spec (`Grouping.none` or a code ≥ `groupCount`: in no group);
    /// `classNames` name the class codes in the per-class results.
    public static func evaluate(
        _ data: MulticlassData, classNames: [String], groupings: [Grouping], options: EvaluationOptions, topK: Int
    ) -> MulticlassModelEvaluation {
        let passes = passes(data, classNames: classNames, groupings: groupings, options: options)
        let slots = passes.jobs.map { slot(passes, job: $0, options: options, topK: topK) }
        return evaluation(passes, slots: slots, options: options)
    }

    /// The first half of `evaluate`: every slot's sums and rank walks, in one pass over the rows
    /// (one sort per class), not one gather and walk per group — the same values, at a fraction
    /// of the cost. Each slot's metrics and bootstraps (`slot(_:job:options:topK:)`) are
    /// independent (each slot draws from its own stream), so a caller may spread the slots of
    /// every model over its cores and assemble each model with `evaluation(_:slots:options:)`.
    public struct Passes: Sendable {
        let accumulators: [MulticlassAccumulator]
        let rankings: [MulticlassRanking]?
        let classNames: [String]
        let weighted: Bool
        /// Per grouping: its first slot and its groups.
        let offsets: [Int]
        let groupCounts: [Int]
        /// Per slot: rows and weight.
        let rowCounts: [Int]
        let slotWeights: [Double]
        /// The slots with metrics: the whole data, then every group with at least
        /// `options.minGroupSize` rows, with their streams' seeds.
        public let jobs: [Job]
    }

    /// A slot whose metrics `slot(_:job:options:topK:)` computes.
    public struct Job: Sendable {
        let slot: Int
        let seed: UInt64
    }

    /// One slot's metrics, for `evaluation(_:slots:options:)`.
    public struct SlotResult: @unchecked Sendable {
        let slot: Slot
    }

    public static func passes(
        _ data: MulticlassData, classNames: [String], groupings: [Grouping], options: EvaluationOptions
    ) -> Passes {
        let n = data.rowCount
        precondition(groupings.allSatisfy { $0.codes.count == n }, "every grouping needs a code per row")
        precondition(classNames.count == data.classCount, "a name per class")
        let slots = MulticlassSlots(labels: data.labels, classCount: data.classCount, groupings: groupings, weights: data.weights)
        let accumulators = MulticlassAccumulator.grouped(data, slots: slots)
        let rankings = MulticlassRanking.grouped(
            data, slots: slots, curvePoints: min(options.curvePoints, Self.rocPoints),
            bootstrapBins: options.bootstrapReplicates > 0 ? min(options.bootstrapBins, Self.rankBins) : 0)
        var jobs = [Job(slot: 0, seed: BinaryEvaluator.streamSeed(options.seed, grouping: -1, group: 0))]
        for (g, grouping) in groupings.enumerated() {
            for c in 0..<grouping.groupCount {
                let s = slots.offsets[g] + c
                let count = slots.rowCounts[s]
                guard count > 0, count >= options.minGroupSize else { continue }
                jobs.append(Job(slot: s, seed: BinaryEvaluator.streamSeed(options.seed, grouping: g, group: c)))
            }
        }
        return Passes(
            accumulators: accumulators, rankings: rankings, classNames: classNames, weighted: data.weights != nil,
            offsets: slots.offsets, groupCounts: groupings.map(\.groupCount), rowCounts: slots.rowCounts,
            slotWeights: slots.weights, jobs: jobs)
    }

    /// One slot's metrics, per-class metrics and intervals.
    public static func slot(_ passes: Passes, job: Job, options: EvaluationOptions, topK: Int) -> SlotResult {
        SlotResult(
            slot: slot(
                passes.accumulators[job.slot], ranking: passes.rankings?[job.slot], weighted: passes.weighted,
                classNames: passes.classNames, options: options, topK: topK, seed: job.seed))
    }

    /// The evaluation from every job's slot (`slots[i]` of `passes.jobs[i]`).
    public static func evaluation(_ passes: Passes, slots results: [SlotResult], options: EvaluationOptions)
        -> MulticlassModelEvaluation
    {
        precondition(results.count == passes.jobs.count, "a result per job")
        var bySlot: [Int: Slot] = [:]
        for (job, result) in zip(passes.jobs, results) { bySlot[job.slot] = result.slot }
        let overall = bySlot[0]!
        var groups: [[MetricSet?]] = [], classes: [[[ClassMetrics]?]] = [], counts: [[Int]] = [], weights: [[Double]] = []
        for (g, groupCount) in passes.groupCounts.enumerated() {
            var sets: [MetricSet?] = [], groupClasses: [[ClassMetrics]?] = []
            var groupCounts: [Int] = [], groupWeights: [Double] = []
            for c in 0..<groupCount {
                let s = passes.offsets[g] + c
                groupCounts.append(passes.rowCounts[s])
                groupWeights.append(passes.slotWeights[s])
                sets.append(bySlot[s]?.metrics)
                groupClasses.append(bySlot[s]?.classes)
            }
            groups.append(sets)
            classes.append(groupClasses)
            counts.append(groupCounts)
            weights.append(groupWeights)
        }
        return MulticlassModelEvaluation(
            overall: overall.metrics, groups: groups, groupClasses: classes, groupCounts: counts, groupWeights: weights,
            analysis: analysis(overall, classNames: passes.classNames, confidence: options.confidence))
    }

    /// Bins per class of the rank bootstrap (at most `options.bootstrapBins`): a replicate costs
    /// K × bins × K draws for every group, so 128 bins (the binary task's) made the bootstrap most
    /// of a 1M-row build. 16 keep the intervals' widths as close to resampling the rows as 32 did
    /// (ratios 0.87–1.14 against 0.86–1.14 on `MulticlassRankBootstrapTests`' data, both within
    /// that test's Monte Carlo noise) at half the draws: about 13% of the CPU of the 1M-row
    /// multiclass benchmark.
    static let rankBins = 16

    /// Points per class of the one-vs-rest ROC curves kept for the model page's small multiples.
    static let rocPoints = 200
    /// Off-diagonal cells kept as `MulticlassAnalysis.confusedPairs`.
    static let confusedPairCount = 20

    /// The whole data's per-class results: the confusion matrix, its largest off-diagonal row
    /// shares with Wilson intervals (Kish's effective size of the true class's rows), the ROC
    /// curves and the top-label reliability bins.
    static func analysis(_ overall: Slot, classNames: [String], confidence: Double) -> MulticlassAnalysis {
        let accumulator = overall.accumulator, k = accumulator.classCount
        let confusion = accumulator.confusion
        var pairs: [(t: Int, p: Int, share: Double)] = []
        for t in 0..<k {
            let support = confusion.support(of: t)
            guard support > 0 else { continue }
            for p in 0..<k where p != t && confusion.count(true: t, predicted: p) > 0 {
                pairs.append((t, p, confusion.count(true: t, predicted: p) / support))
            }
        }
        pairs.sort { ($0.share, $1.t, $1.p) > ($1.share, $0.t, $0.p) }
        let confusedPairs = pairs.prefix(confusedPairCount).map { pair in
            let support = confusion.support(of: pair.t)
            let trials = Intervals.kishEffectiveSize(
                sumOfWeights: support, sumOfSquaredWeights: accumulator.sumOfSquaredWeights(trueClass: pair.t))
            let ci = Intervals.wilson(proportion: pair.share, trials: trials, confidence: confidence)
            return ConfusedPair(
                actual: classNames[pair.t], predicted: classNames[pair.p],
                count: confusion.count(true: pair.t, predicted: pair.p),
                share: Metric(pair.share, lower: ci?.lower, upper: ci?.upper))
        }
        var reliability: [ReliabilityBin] = []
        if accumulator.hasProbabilities {
            let bins = accumulator.calibrationBins, binCount = MulticlassAccumulator.binCount
            reliability = bins.enumerated().map { b, bin in
                let rows = accumulator.binRows[2 * b] + accumulator.binRows[2 * b + 1]
                return ReliabilityBin(
                    lower: Double(b) / Double(binCount), upper: Double(b + 1) / Double(binCount), count: rows,
                    meanPrediction: bin.weight > 0 ? bin.confidence / bin.weight : nil,
                    fractionPositive: bin.weight > 0 ? bin.correct / bin.weight : nil)
            }
        }
        return MulticlassAnalysis(
            classes: classNames, perClass: overall.classes,
            confusion: (0..<k).map { t in (0..<k).map { confusion.count(true: t, predicted: $0) } },
            confusedPairs: confusedPairs, roc: overall.ranking?.roc ?? [], reliability: reliability)
    }

    /// One set of rows' metrics and per-class metrics, with the sums and ranks they came from.
    struct Slot {
        var metrics: MetricSet
        var classes: [ClassMetrics]
        var accumulator: MulticlassAccumulator
        var ranking: MulticlassRanking?
    }

    /// One set of rows: its metrics, and the intervals of `MetricRegistry`'s methods; per class
    /// precision and recall with Wilson intervals (Kish's effective size of the predicted and
    /// the true class's rows), F1 with the bootstrap's.
    static func slot(
        _ accumulator: MulticlassAccumulator, ranking: MulticlassRanking?, weighted: Bool, classNames: [String],
        options: EvaluationOptions, topK: Int, seed: UInt64
    ) -> Slot {
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
        let confusion = accumulator.confusion
        var classes = evaluation.perClass.enumerated().map { c, perClass -> ClassMetrics in
            func wilson(_ value: Double?, weight: Double, squares: Double) -> Metric {
                guard let value,
                    let ci = Intervals.wilson(
                        proportion: value,
                        trials: Intervals.kishEffectiveSize(sumOfWeights: weight, sumOfSquaredWeights: squares),
                        confidence: confidence)
                else { return Metric(value) }
                return Metric(value, lower: ci.lower, upper: ci.upper)
            }
            let support = (0..<accumulator.classCount).reduce(0) { $0 + accumulator.cellRows[c * accumulator.classCount + $1] }
            return ClassMetrics(
                className: classNames[c], support: support, weightedSupport: weighted ? perClass.support : nil,
                metrics: [
                    "precision": wilson(
                        perClass.precision, weight: confusion.predicted(of: c),
                        squares: accumulator.sumOfSquaredWeights(predictedClass: c)),
                    "recall": wilson(
                        perClass.recall, weight: perClass.support, squares: accumulator.sumOfSquaredWeights(trueClass: c)),
                    "f1": Metric(perClass.f1),
                    "roc_auc": Metric(perClass.rocAUC),
                    "average_precision": Metric(perClass.averagePrecision),
                ])
        }
        if options.bootstrapReplicates > 0 && accumulator.rowCount > 0 {
            bootstrap(accumulator, into: &metrics, classes: &classes, options: options, seed: seed)
        }
        if let ranking,
            let intervals = ranking.bootstrapIntervals(
                replicates: options.bootstrapReplicates, confidence: confidence, seed: seed ^ Self.rankStream)
        {
            attach(intervals, into: &metrics, classes: &classes)
        }
        return Slot(metrics: metrics, classes: classes, accumulator: accumulator, ranking: ranking)
    }

    /// Keeps the rank bootstrap's draws apart from the confusion bootstrap's (same group seed).
    static let rankStream: UInt64 = 0x5241_4E4B_5F42_5354

    /// The rank bootstrap's intervals on the AUCs and on each class's ROC AUC and AP.
    static func attach(
        _ intervals: MulticlassRanking.RankIntervals, into metrics: inout MetricSet, classes: inout [ClassMetrics]
    ) {
        func set(_ name: String, _ interval: (lower: Double, upper: Double)?, in set: inout MetricSet) {
            guard let interval, let value = set[name]?.value else { return }
            set[name] = Metric(value, lower: interval.lower, upper: interval.upper)
        }
        set("macro_ovr_auc", intervals.macroOVRAUC, in: &metrics)
        set("weighted_ovr_auc", intervals.weightedOVRAUC, in: &metrics)
        set("macro_ovo_auc", intervals.macroOVOAUC, in: &metrics)
        for c in classes.indices where c < intervals.rocAUC.count {
            var perClass = classes[c].metrics
            set("roc_auc", intervals.rocAUC[c], in: &perClass)
            set("average_precision", intervals.averagePrecision[c], in: &perClass)
            classes[c] = ClassMetrics(
                className: classes[c].className, support: classes[c].support, weightedSupport: classes[c].weightedSupport,
                metrics: perClass)
        }
    }

    /// The confusion-matrix metrics and the ECE, replicated on Poisson draws per cell.
    static func bootstrap(
        _ accumulator: MulticlassAccumulator, into metrics: inout MetricSet, classes: inout [ClassMetrics],
        options: EvaluationOptions, seed: UInt64
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
        var replicates = [[Double]](repeating: [], count: confusionNames.count), ece: [Double] = []
        var classF1 = [[Double]](repeating: [], count: k)
        // Every sampler's draws for a block of replicates, sampler by sampler
        // (`[sampler·block + r]`: the K² cells, then the bins' incorrect and correct rows), so
        // one table serves a cell's draws in the block (`PoissonInversion`).
        let count = options.bootstrapReplicates, block = min(count, PoissonInversion.block)
        let samplerRows = accumulator.cellRows + (accumulator.hasProbabilities ? accumulator.binRows : [])
        var copies = [Double](repeating: 0, count: samplerRows.count * block)
        var inversion = PoissonInversion()
        let binStart = k * k
        var drawn = [Double](repeating: 0, count: k * k)
        for replicate in 0..<count {
            let r = replicate % block
            if r == 0 {
                copies.withUnsafeMutableBufferPointer { copies in
                    for (j, n) in samplerRows.enumerated() where n > 0 {
                        inversion.copies(
                            rows: Double(n), count: min(block, count - replicate), scale: 1, rng: &rng,
                            into: copies.baseAddress! + j * block)
                    }
                }
            }
            for c in 0..<(k * k) where accumulator.cellRows[c] > 0 {
                drawn[c] = copies[c * block + r] * cells[c] / Double(accumulator.cellRows[c])
            }
            let confusion = MulticlassConfusion(classCount: k, counts: drawn).values
            let values: [Double?] = [
                confusion.balancedAccuracy, confusion.macroPrecision, confusion.macroRecall, confusion.macroF1,
                confusion.weightedPrecision, confusion.weightedRecall, confusion.weightedF1, confusion.cohenKappa,
                confusion.matthewsCorrelation,
            ]
            for (j, value) in values.enumerated() {
                if let value { replicates[j].append(value) }
            }
            for c in 0..<k { if let f1 = confusion.f1[c] { classF1[c].append(f1) } }
            guard accumulator.hasProbabilities else { continue }
            // ECE: per bin, the copies of its correct and its incorrect rows, each with their mean
            // weight and mean confidence.
            var weight = 0.0, gap = 0.0
            for b in 0..<binCount {
                var correctWeight = 0.0, confidence = 0.0
                for correct in [false, true] {
                    let cell = 2 * b + (correct ? 1 : 0), rows = accumulator.binRows[cell]
                    guard rows > 0 else { continue }
                    let share = copies[(binStart + cell) * block + r] / Double(rows)
                    let w = correct ? bins[b].correct : bins[b].weight - bins[b].correct
                    let conf = correct ? correctConfidence[b] : bins[b].confidence - correctConfidence[b]
                    weight += share * w
                    confidence += share * conf
                    if correct { correctWeight += share * w }
                }
                gap += (correctWeight - confidence).magnitude
            }
            if weight > 0 { ece.append(gap / weight) }
        }
        for (name, values) in zip(confusionNames + ["ece"], replicates + [ece]) where !values.isEmpty {
            guard let estimate = metrics[name]?.value,
                let ci = Intervals.biasCorrected(replicates: values, estimate: estimate, confidence: options.confidence)
            else { continue }
            metrics[name] = Metric(estimate, lower: ci.lower, upper: ci.upper)
        }
        for c in 0..<k {
            guard let estimate = classes[c].metrics["f1"]?.value,
                let ci = Intervals.biasCorrected(replicates: classF1[c], estimate: estimate, confidence: options.confidence)
            else { continue }
            var set = classes[c].metrics
            set["f1"] = Metric(estimate, lower: ci.lower, upper: ci.upper)
            classes[c] = ClassMetrics(
                className: classes[c].className, support: classes[c].support, weightedSupport: classes[c].weightedSupport,
                metrics: set)
        }
    }
}

/// Everything `MulticlassEvaluator.evaluate` computes for one model.
public struct MulticlassModelEvaluation: Sendable {
    public let overall: MetricSet
    /// `[grouping][group code]`: the group's metrics, `nil` below `minGroupSize` rows.
    public let groups: [[MetricSet?]]
    /// `[grouping][group code]`: the group's per-class metrics, `nil` below `minGroupSize` rows.
    public let groupClasses: [[[ClassMetrics]?]]
    public let groupCounts: [[Int]]
    public let groupWeights: [[Double]]
    /// The whole data's per-class results.
    public let analysis: MulticlassAnalysis
}
