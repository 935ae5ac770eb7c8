import LoupeResults

/// Every contract binary metric with its confidence interval, for the whole data and for every
/// group of every grouping, from one sort and one pass over the rows.
///
/// Values match scikit-learn where it defines them (see `BinaryMetrics`); where scikit-learn
/// returns 0 under `zero_division` we return `Metric(nil)` (see `ConfusionCounts`), and ROC AUC and
/// average precision of a one-class set are `nil`.
///
/// Intervals (at `options.confidence`), by metric, as `MetricRegistry` records them:
/// * `wilson` — the Wilson score interval on the proportion, with the Kish effective size
///   (Σw)²/Σw² of the proportion's denominator rows as the number of trials (all rows for
///   accuracy, selection_rate, mean_label; predicted positives for precision; positives for
///   recall and fnr; negatives for fpr and tnr);
/// * `delong` — AUC ± z·√Var with DeLong's variance (`BinaryMetrics.delongVariance`), clipped
///   to [0, 1];
/// * `normal` — mean ± z·s/√n_eff for log_loss, brier, mean_prediction (for the losses, on the
///   log scale where that would reach below 0: `Intervals.nonNegativeMean`);
/// * `bootstrap` — a Poisson bootstrap on compressed data (see `BinaryEvaluator+Bootstrap`),
///   percentile interval, for f1, balanced_accuracy, mcc, average_precision, ece.
/// `count` and `weighted_count` have no interval.
public enum BinaryEvaluator {
    /// The threshold sweep's thresholds: 0.00, 0.02, …, 1.00.
    public static let sweepThresholds: [Double] = (0...50).map { Double($0) / 50 }

    public static func evaluate(_ data: BinaryData, groupings: [Grouping], options: EvaluationOptions) -> BinaryEvaluation {
        evaluate(data, groupings: groupings, options: options, keeping: nil).evaluation
    }

    /// The same, also handing over the rows in the order this pass sorted them, with the group
    /// codes of the groupings at `keepingSortedGroupings` (indices into `groupings`), so a later
    /// walk by score (`FairnessAnalysis`) needs no sort or gather of its own.
    public static func evaluate(
        _ data: BinaryData, groupings: [Grouping], options: EvaluationOptions, keepingSortedGroupings kept: [Int]
    ) -> (evaluation: BinaryEvaluation, sorted: SortedRows) {
        let (evaluation, sorted) = evaluate(data, groupings: groupings, options: options, keeping: kept)
        return (evaluation, sorted!)
    }

    static func evaluate(_ data: BinaryData, groupings: [Grouping], options: EvaluationOptions, keeping kept: [Int]?) -> (
        evaluation: BinaryEvaluation, sorted: SortedRows?
    ) {
        precondition(kept?.allSatisfy(groupings.indices.contains) ?? true, "kept groupings must be among the groupings")
        let n = data.scores.count
        precondition(
            data.labels.count == n && (data.weights?.count ?? n) == n, "labels, scores and weights must have one entry per row")
        precondition(groupings.allSatisfy { $0.codes.count == n }, "every grouping needs a code per row")
        precondition(n < Int(UInt32.max), "row indices are 32-bit")

        // Pack the label and every grouping's code (UInt32.max and out-of-range codes → groupCount,
        // "no group") into as few 64-bit words per row as fit, so the sorted pass makes one
        // gather per word instead of one per grouping.
        let fields = BitFields(widths: groupings.map { BitFields.width(forCodesUpTo: $0.groupCount) }, startBit: 1)
        let (wordIndex, shift) = (fields.word, fields.shift)
        let wordsPerRow = fields.wordCount, bit = fields.lastWordBits
        // Unweighted rows whose label and codes fit in 32 bits need no row index: the radix sort
        // carries the packed word itself (built in `order`), and nothing is gathered afterwards.
        let carriesPacked = data.weights == nil && wordsPerRow == 1 && bit <= 32
        var packed = [UInt64](repeating: 0, count: carriesPacked ? 0 : n * wordsPerRow)
        // Every element of keys and order is written by the scan below.
        var keys = uninitializedScratch(UInt64.self, count: n)
        var order = uninitializedScratch(UInt32.self, count: n)
        var digitCounts = [Int](repeating: 0, count: RadixSort.radix * RadixSort.passes)
        var totals = (positives: 0.0, negatives: 0.0)
        packed.withUnsafeMutableBufferPointer { pk in
            keys.withUnsafeMutableBufferPointer { ky in
                order.withUnsafeMutableBufferPointer { od in
                    digitCounts.withUnsafeMutableBufferPointer { dc in
                        data.scores.withUnsafeBufferPointer { sc in
                            data.labels.withUnsafeBufferPointer { lb in
                                var positiveRows = 0
                                for i in 0..<n {
                                    let k = RadixSort.key(sc[i])
                                    ky[i] = k
                                    RadixSort.countDigits(k, into: dc.baseAddress!)
                                    let y: UInt8 = lb[i] != 0 ? 1 : 0
                                    positiveRows &+= Int(y)
                                    if carriesPacked {
                                        od[i] = UInt32(y)
                                    } else {
                                        od[i] = UInt32(truncatingIfNeeded: i)
                                        pk[i &* wordsPerRow] = UInt64(y)
                                    }
                                }
                                totals = classTotals(labels: lb, weights: data.weights, positiveRows: positiveRows)
                            }
                        }
                    }
                    // Chunks of rows keep the packed words being OR-ed into in cache across groupings.
                    let chunk = 4096
                    for start in stride(from: 0, to: n, by: chunk) {
                        let end = min(start + chunk, n)
                        for (g, grouping) in groupings.enumerated() {
                            let count = UInt32(truncatingIfNeeded: grouping.groupCount)
                            let w = wordIndex[g], sh = shift[g]
                            grouping.codes.withUnsafeBufferPointer { codes in
                                if carriesPacked {
                                    for i in start..<end {
                                        let c = codes[i]
                                        od[i] |= (c < count ? c : count) &<< UInt32(truncatingIfNeeded: sh)
                                    }
                                } else {
                                    for i in start..<end {
                                        let c = codes[i]
                                        let v = UInt64(c < count ? c : count)
                                        pk[i &* wordsPerRow &+ w] |= v &<< sh
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        RadixSort.sort(keys: &keys, carrying: &order, digitCounts: &digitCounts)

        if carriesPacked {
            // `order` holds the sorted rows' packed words already.
            return walkSorted(
                keys: keys, packed: order, wordsPerRow: 1, weights: nil, groupings: groupings, fields: fields,
                totals: totals, options: options, keeping: kept)
        }
        // Gather the packed words and weights into sorted order in tight loops of independent
        // loads (the walk itself would stall on each random access).
        let sortedPacked = gather(packed, order: order, wordsPerRow: wordsPerRow)
        packed = []
        let sortedWeights = data.weights.map { gather($0, order: order, wordsPerRow: 1) }
        order = []
        return walkSorted(
            keys: keys, packed: sortedPacked, wordsPerRow: wordsPerRow, weights: sortedWeights, groupings: groupings,
            fields: fields, totals: totals, options: options, keeping: kept)
    }

    /// The weight of the positive rows (label ≠ 0) and of the negative ones: with unit weights
    /// the row counts (exact in a double), else compensated sums of plain sums over chunks of
    /// 65,536 rows, in the rows' order.
    private static func classTotals(
        labels: UnsafeBufferPointer<UInt8>, weights: [Double]?, positiveRows: Int
    ) -> (positives: Double, negatives: Double) {
        guard let weights else { return (Double(positiveRows), Double(labels.count - positiveRows)) }
        var positives = CompensatedSum(), negatives = CompensatedSum()
        weights.withUnsafeBufferPointer { wt in
            var p = 0.0, q = 0.0
            for i in 0..<labels.count {
                if labels[i] != 0 { p += wt[i] } else { q += wt[i] }
                if i & 0xFFFF == 0xFFFF {
                    positives.add(p)
                    negatives.add(q)
                    p = 0
                    q = 0
                }
            }
            positives.add(p)
            negatives.add(q)
        }
        return (positives.value, negatives.value)
    }

    /// The walk down the sorted rows and every slot's metrics: `keys` ascending, `packed` each
    /// row's label and group codes (`fields`) in that order, `wordsPerRow` words a row.
    private static func walkSorted<Word: FixedWidthInteger & UnsignedInteger>(
        keys: [UInt64], packed: [Word], wordsPerRow: Int, weights sortedWeights: [Double]?, groupings: [Grouping],
        fields: BitFields, totals: (positives: Double, negatives: Double), options: EvaluationOptions, keeping kept: [Int]?
    ) -> (evaluation: BinaryEvaluation, sorted: SortedRows?) {
        let n = keys.count
        let (wordIndex, shift, mask) = (fields.word, fields.shift, fields.mask)

        var pass = DescendingPass(
            groupings: groupings, wordIndex: wordIndex, shift: shift, mask: mask, wordsPerRow: wordsPerRow,
            binCap: options.bootstrapBins, totalPositives: totals.positives, totalNegatives: totals.negatives,
            curvePoints: options.curvePoints)

        let segments = DescendingPass.Segments(keys: keys, threshold: options.threshold)
        var sweepTP: [Double] = [], sweepFP: [Double] = []
        var sorted: SortedRows?
        if let kept {
            let stride = wordsPerRow
            sorted = SortedRows(
                keys: keys, labels: (0..<n).map { UInt8(truncatingIfNeeded: packed[$0 &* stride] & 1) },
                weights: sortedWeights,
                groups: kept.map { g in
                    let w = wordIndex[g], sh = Word(truncatingIfNeeded: shift[g]), m = Word(truncatingIfNeeded: mask[g])
                    return (0..<n).map { UInt32(truncatingIfNeeded: (packed[$0 &* stride &+ w] &>> sh) & m) }
                })
        }
        keys.withUnsafeBufferPointer { ky in
            packed.withUnsafeBufferPointer { pk in
                func walk(_ weights: UnsafePointer<Double>?) {
                    (sweepTP, sweepFP) = pass.walkAll(
                        boundaries: segments.boundaries, sweepPositions: segments.sweepPositions, infoOf: segments.info,
                        keys: ky.baseAddress!, packed: pk.baseAddress!, weights: weights)
                }
                if let w = sortedWeights {
                    w.withUnsafeBufferPointer { walk($0.baseAddress!) }
                } else {
                    walk(nil)
                }
            }
        }
        defer { pass.deallocate() }

        // Metrics per slot.
        let z = Intervals.criticalValue(confidence: options.confidence)
        func metrics(_ s: Int, grouping: Int, group: Int) -> (MetricSet, Int, Double) {
            let t = pass.totals(s)
            let seed = streamSeed(options.seed, grouping: grouping, group: group)
            return (
                assemble(t, z: z, options: options, seed: seed), t.cellCounts.reduce(0, +),
                t.cells.reduce(0) { $0 + $1[0] }
            )
        }
        let overall = metrics(0, grouping: -1, group: 0).0
        var groups: [[MetricSet?]] = [], groupCounts: [[Int]] = [], groupWeights: [[Double]] = []
        var groupCurves: [[SliceCurves?]] = []
        for (g, grouping) in groupings.enumerated() {
            var sets: [MetricSet?] = [], counts: [Int] = [], weights: [Double] = [], curves: [SliceCurves?] = []
            for c in 0..<grouping.groupCount {
                let s = pass.slotBase[g] + c
                let t = pass.totals(s)
                let count = t.cellCounts.reduce(0, +)
                counts.append(count)
                weights.append(t.cells.reduce(0) { $0 + $1[0] })
                if count > 0 && count >= options.minGroupSize {
                    sets.append(metrics(s, grouping: g, group: c).0)
                    curves.append(sliceCurves(t))
                } else {
                    sets.append(nil)
                    curves.append(nil)
                }
            }
            groups.append(sets)
            groupCurves.append(curves)
            groupCounts.append(counts)
            groupWeights.append(weights)
        }

        let curves = makeCurves(
            pass: &pass, maxScore: segments.maxScore, histEdges: segments.histogramEdges,
            sweepTP: sweepTP, sweepFP: sweepFP, options: options)
        return (
            BinaryEvaluation(
                overall: overall, groups: groups, groupCounts: groupCounts, groupWeights: groupWeights, curves: curves,
                groupCurves: groupCurves),
            sorted
        )
    }

    static func gather<T>(_ values: [T], order: [UInt32], wordsPerRow: Int) -> [T] {
        values.withUnsafeBufferPointer { v in
            order.withUnsafeBufferPointer { o in
                scratchArray(T.self, count: o.count * wordsPerRow) { out in
                    if wordsPerRow == 1 {
                        for k in 0..<o.count { (out.baseAddress! + k).initialize(to: v[Int(o[k])]) }
                    } else {
                        for k in 0..<o.count {
                            let row = Int(o[k])
                            for w in 0..<wordsPerRow {
                                (out.baseAddress! + k * wordsPerRow + w).initialize(to: v[row * wordsPerRow + w])
                            }
                        }
                    }
                }
            }
        }
    }

    /// A bootstrap stream per group, from the seed and the group's position only, so results do
    /// not depend on evaluation order or threads.
    static func streamSeed(_ seed: UInt64, grouping: Int, group: Int) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (UInt64(bitPattern: Int64(grouping + 1)) &* 0x9E37_79B9_7F4A_7C15))
        var h = SplitMix64(seed: g.next() ^ (UInt64(bitPattern: Int64(group)) &* 0xD1B5_4A32_D192_ED03))
        return h.next()
    }

    static func assemble(_ t: DescendingPass.SlotTotals, z: Double, options: EvaluationOptions, seed: UInt64) -> MetricSet {
        let confidence = options.confidence
        // cells[(label * 2) + predicted]
        let tn = t.cells[0], fp = t.cells[1], fn = t.cells[2], tp = t.cells[3]
        let all = tn + fp + fn + tp
        let count = t.cellCounts.reduce(0, +)
        let w = all[0], w2 = all[1]
        let confusion = ConfusionCounts(truePositives: tp[0], falsePositives: fp[0], trueNegatives: tn[0], falseNegatives: fn[0])
        var m: MetricSet = [:]
        m["count"] = Metric(Double(count))
        m["weighted_count"] = Metric(w)

        func wilson(_ value: Double?, _ denominator: SIMD8<Double>) -> Metric {
            guard let v = value else { return .undefined }
            let nEff = Intervals.kishEffectiveSize(sumOfWeights: denominator[0], sumOfSquaredWeights: denominator[1])
            guard let ci = Intervals.wilson(proportion: v, trials: nEff, confidence: confidence) else { return Metric(v) }
            return Metric(v, lower: ci.lower, upper: ci.upper)
        }
        m["accuracy"] = wilson(confusion.accuracy, all)
        m["precision"] = wilson(confusion.precision, tp + fp)
        m["recall"] = wilson(confusion.recall, tp + fn)
        m["fnr"] = wilson(confusion.falseNegativeRate, tp + fn)
        m["fpr"] = wilson(confusion.falsePositiveRate, tn + fp)
        m["tnr"] = wilson(confusion.trueNegativeRate, tn + fp)
        m["selection_rate"] = wilson(confusion.selectionRate, all)
        m["mean_label"] = wilson(w > 0 ? (tp[0] + fn[0]) / w : nil, all)

        let nEff = Intervals.kishEffectiveSize(sumOfWeights: w, sumOfSquaredWeights: w2)
        func normal(_ sumLane: Int, clipAtZero: Bool) -> Metric {
            guard w > 0 else { return .undefined }
            let mean = all[sumLane] / w
            let interval = clipAtZero ? Intervals.nonNegativeMean : Intervals.normalMean
            guard
                let ci = interval(mean, all[sumLane + 1] / w, nEff, confidence)
            else {
                return Metric(mean)
            }
            return Metric(mean, lower: ci.lower, upper: ci.upper)
        }
        m["mean_prediction"] = normal(2, clipAtZero: false)
        m["log_loss"] = normal(4, clipAtZero: true)
        m["brier"] = normal(6, clipAtZero: true)

        let pos = tp + fn, neg = tn + fp
        let p = pos[0]
        m["roc_auc"] = rocAUC(
            positives: (pos[0], pos[1]), negatives: (neg[0], neg[1]), a1: t.a1, a2: t.a2, b2: t.b2, z: z)
        let ap: Double? = p > 0 ? t.ap / p : nil
        var ece: Double?
        if w > 0 {
            var sum = 0.0
            for b in 0..<10 {
                let negatives = t.calibration[2 * b], positives = t.calibration[2 * b + 1]
                sum += (positives[0] - negatives[2] - positives[2]).magnitude
            }
            ece = sum / w
        }
        m["f1"] = Metric(confusion.f1)
        m["balanced_accuracy"] = Metric(confusion.balancedAccuracy)
        m["mcc"] = Metric(confusion.matthewsCorrelation)
        m["average_precision"] = Metric(ap)
        m["ece"] = Metric(ece)
        if options.bootstrapReplicates > 0 && count > 0 {
            bootstrap(t, into: &m, options: options, seed: seed)
        }
        return m
    }

    /// ROC AUC with DeLong's variance (see `BinaryMetrics.delongVariance`) from a walk's sums
    /// (`RunClosing`'s a1, a2, b2) and the positives' and negatives' Σw and Σw².
    static func rocAUC(
        positives: (weight: Double, squares: Double), negatives: (weight: Double, squares: Double), a1: Double,
        a2: Double, b2: Double, z: Double
    ) -> Metric {
        let p = positives.weight, q = negatives.weight
        guard p > 0 && q > 0 else { return .undefined }
        let auc = 1 - a1 / (p * q)
        let mEff = p * p / positives.squares, nEffNeg = q * q / negatives.squares
        guard mEff > 1 && nEffNeg > 1 else { return Metric(auc) }
        let v10 = (p - 2 * a1 / q + a2 / (q * q)) / p - auc * auc
        let v01 = b2 / (p * p * q) - auc * auc
        let variance = max(0, v10) / (mEff - 1) + max(0, v01) / (nEffNeg - 1)
        let half = z * variance.squareRoot()
        return Metric(auc, lower: max(0, auc - half), upper: min(1, auc + half))
    }

    static func makeCurves(
        pass: inout DescendingPass, maxScore: Double, histEdges: [Double],
        sweepTP: [Double], sweepFP: [Double], options: EvaluationOptions
    ) -> ModelCurves {
        let top = maxScore.nextUp
        let rocTail = pass.roc.finish(maxPoints: max(options.curvePoints - 1, 2))
        let prTail = pass.precisionRecall.finish(maxPoints: max(options.curvePoints - 1, 2))
        let roc =
            pass.totalPositives > 0 && pass.totalNegatives > 0
            ? Curve(x: [0] + rocTail.x, y: [0] + rocTail.y, thresholds: [top] + rocTail.thresholds)
            : Curve(x: [], y: [], thresholds: [])
        let pr =
            pass.totalPositives > 0
            ? Curve(x: [0] + prTail.x, y: [1] + prTail.y, thresholds: [top] + prTail.thresholds)
            : Curve(x: [], y: [], thresholds: [])

        let t = pass.totals(0)
        let reliability = reliabilityBins(t)
        let histogram = ScoreHistogram(
            edges: histEdges,
            positives: (0..<20).map { pass.histogram[2 * $0 + 1].value },
            negatives: (0..<20).map { pass.histogram[2 * $0].value })
        let confusion = confusionMatrix(t)
        let total = pass.totalPositives + pass.totalNegatives
        var precision: [Double?] = [], recall: [Double?] = [], f1: [Double?] = [], selection: [Double?] = []
        for j in sweepThresholds.indices {
            let c = ConfusionCounts(
                truePositives: sweepTP[j], falsePositives: sweepFP[j],
                trueNegatives: pass.totalNegatives - sweepFP[j],
                falseNegatives: pass.totalPositives - sweepTP[j])
            precision.append(c.precision)
            recall.append(pass.totalPositives > 0 ? sweepTP[j] / pass.totalPositives : nil)
            let f1Denominator = sweepTP[j] + sweepFP[j] + pass.totalPositives
            f1.append(f1Denominator > 0 ? 2 * sweepTP[j] / f1Denominator : nil)
            selection.append(total > 0 ? (sweepTP[j] + sweepFP[j]) / total : nil)
        }
        let sweep = ThresholdSweep(
            thresholds: sweepThresholds, precision: precision, recall: recall, f1: f1, selectionRate: selection)
        return ModelCurves(
            roc: roc, precisionRecall: pr, reliability: reliability, scoreHistogram: histogram,
            confusion: confusion, thresholdSweep: sweep)
    }

    /// The 10 equal-width score bins of the reliability diagram (as `ece` uses them).
    static func reliabilityBins(_ t: DescendingPass.SlotTotals) -> [ReliabilityBin] {
        (0..<10).map { b -> ReliabilityBin in
            let negatives = t.calibration[2 * b], positives = t.calibration[2 * b + 1]
            let weight = negatives[0] + positives[0]
            return ReliabilityBin(
                lower: Double(b) / 10, upper: Double(b + 1) / 10,
                count: t.calibrationCounts[2 * b] + t.calibrationCounts[2 * b + 1],
                meanPrediction: weight > 0 ? (negatives[2] + positives[2]) / weight : nil,
                fractionPositive: weight > 0 ? positives[0] / weight : nil)
        }
    }

    /// The weighted confusion matrix at the decision threshold (`cells[label * 2 + predicted]`).
    static func confusionMatrix(_ t: DescendingPass.SlotTotals) -> ConfusionMatrix {
        ConfusionMatrix(
            truePositives: t.cells[3][0], falsePositives: t.cells[1][0],
            trueNegatives: t.cells[0][0], falseNegatives: t.cells[2][0])
    }

    /// Points per curve of a slice's detail view.
    static let sliceCurvePoints = 30

    /// A group's curves from the pass's totals: the bootstrap bins are its runs of equal scores
    /// pooled in descending order, so their cumulative positive and negative weights are exact
    /// points of the group's ROC and precision–recall curves (at most `bootstrapBins`), thinned
    /// to `sliceCurvePoints`. Without both classes there is no ROC curve; without positives no
    /// precision–recall curve.
    static func sliceCurves(_ t: DescendingPass.SlotTotals) -> SliceCurves {
        let positives = t.bins.reduce(0) { $0 + $1[2] }, negatives = t.bins.reduce(0) { $0 + $1[3] }
        var fpr: [Double] = [0], tpr: [Double] = [0], recall: [Double] = [0], precision: [Double] = [1]
        var tp = 0.0, fp = 0.0
        for bin in t.bins {
            tp += bin[2]
            fp += bin[3]
            if negatives > 0 && positives > 0 {
                fpr.append(fp / negatives)
                tpr.append(tp / positives)
            }
            if positives > 0 && tp + fp > 0 {
                recall.append(tp / positives)
                precision.append(tp / (tp + fp))
            }
        }
        func curve(_ x: [Double], _ y: [Double], defined: Bool) -> Curve {
            guard defined else { return Curve(x: [], y: [], thresholds: []) }
            let keep = CurveThinning.indices(x: x, y: y, maxPoints: sliceCurvePoints)
            return Curve(x: keep.map { x[$0] }, y: keep.map { y[$0] }, thresholds: [])
        }
        return SliceCurves(
            roc: curve(fpr, tpr, defined: positives > 0 && negatives > 0),
            precisionRecall: curve(recall, precision, defined: positives > 0),
            reliability: reliabilityBins(t), confusion: confusionMatrix(t))
    }
}
