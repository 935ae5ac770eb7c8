import LoupeResults

/// The fairness analysis of a multiclass model on one sensitive attribute, at its argmax decision:
/// per class, each group's one-vs-rest rates with Wilson intervals and gaps to the reference group,
/// Fairlearn's summary metrics per class, and each group's accuracy with its gap.
///
/// The binary analysis (`FairnessAnalysis`) with a class in place of the positive label:
/// * **Decision**: a row is predicted its argmax class (the lowest class on ties, as numpy's
///   `argmax`), or the given hard prediction.
/// * **Rates** per class c (`rates`): `selection_rate` = share of the group predicted c,
///   `tpr` = share of the group's rows of class c predicted c (its recall), `fpr` = share of the
///   group's other rows predicted c — Fairlearn's `selection_rate`, `true_positive_rate` and
///   `false_positive_rate` of `y == c` against `pred == c`. Weighted when weights are given, Wilson
///   intervals with the Kish effective size of the denominator rows, `nil` where the denominator
///   has no rows or no weight (a group without rows of c has no TPR — never 0).
/// * **Accuracy** per group: share of rows predicted their label.
/// * **Too small**, **reference** and **gaps** as in `FairnessAnalysis` (Newcombe's interval, the
///   pooled two-proportion z-test, ratio and four-fifths band). Holm's adjustment runs over every
///   comparison of the attribute for this model — every (class, group, rate) and every group's
///   accuracy — since they are searched together; `holmSignificant` is the verdict the report
///   states, as for binary.
/// * **Summary** per class: `FairnessSummary` over the groups that are not too small, with the
///   cell bootstrap's intervals (`FairnessSummaryBootstrap`) when replicates are asked for.
///
/// One pass over the rows per attribute fills a group × true class × predicted class table of
/// rows, Σw and Σw² (compensated); every rate is a sum of its cells, so none is found by
/// subtraction. O(n + G·K³). `options.thresholds`, `decisionThreshold` and `costRatio` do not
/// apply. Deterministic.
public enum MulticlassFairness {
    /// The one-vs-rest rates compared per class, in the order they are reported.
    public static let rates = ["selection_rate", "tpr", "fpr"]

    /// Each row's predicted class: the given hard predictions, or the argmax of its probabilities
    /// (the lowest class on ties). Computed once per model and shared by its attributes.
    public static func decisions(_ predictions: MulticlassPredictions, classCount k: Int) -> [Int32] {
        switch predictions {
        case .classes(let classes): return classes
        case .probabilities(let p):
            precondition(p.classCount == k, "a probability column per class")
            let n = p.rowCount
            return [Int32](unsafeUninitializedCapacity: n) { out, count in
                p.withColumns { p in
                    var cursor = RowTermsCursor(argmaxOf: p, rowCount: n, classCount: k)
                    defer { cursor.deallocate() }
                    for i in 0..<n { out[i] = Int32(truncatingIfNeeded: cursor.terms(row: i).argmax) }
                }
                count = n
            }
        }
    }

    /// - Parameters:
    ///   - labels: per row a class code in `0..<classNames.count`.
    ///   - decisions: per row the predicted class code (`decisions(_:classCount:)`).
    ///   - weights: non-negative, or `nil` for weight 1.
    ///   - groups: per row a code in `0..<groupNames.count`; a larger code (`Grouping.none`) for a
    ///     row in no group, which takes no part.
    public static func analyze(
        attribute: String, model: String, classNames: [String], labels: [Int32], decisions: [Int32],
        weights: [Double]?, groups: [UInt32], groupNames: [String], options: FairnessOptions
    ) -> FairnessResult {
        let k = classNames.count, groupCount = groupNames.count
        precondition(labels.count == decisions.count && labels.count == groups.count, "one label, decision and group per row")
        let table = Table(
            labels: labels, decisions: decisions, weights: weights, groups: groups, groupCount: groupCount, classCount: k)
        let tooSmall = (0..<groupCount).map { table.rows(group: $0) == 0 || table.rows(group: $0) < options.minGroupSize }
        let reference = FairnessAnalysis.referenceGroup(options.referenceGroup, rows: (0..<groupCount).map(table.rows(group:)))
        let comparable = reference.map { !tooSmall[$0] } ?? false
        let rateKinds = rates.map { name in FairnessRate.all.first { $0.name == name }! }

        // confusion[c][g]: class c's one-vs-rest cells in group g; estimates[c][g][rate].
        let confusion = (0..<k).map { c in (0..<groupCount).map { g in table.oneVsRest(group: g, class: c) } }
        let estimates = confusion.map { perGroup in perGroup.map { cells in rateKinds.map { $0.estimate(cells) } } }
        let accuracy = (0..<groupCount).map { g in table.accuracy(group: g) }

        // Every comparison with the reference, then Holm over all of them.
        let noGaps = [[String: FairnessGap]](repeating: [:], count: groupCount)
        var gaps = [[[String: FairnessGap]]](repeating: noGaps, count: k)
        var accuracyGaps = [FairnessGap?](repeating: nil, count: groupCount)
        var family: [(cls: Int?, group: Int, rate: String, p: Double?)] = []
        if let r = reference, comparable {
            for c in 0..<k {
                for g in 0..<groupCount where g != r && !tooSmall[g] {
                    for (j, rate) in rates.enumerated() {
                        let gap = FairnessAnalysis.gap(estimates[c][g][j], estimates[c][r][j], confidence: options.confidence)
                        gaps[c][g][rate] = gap
                        family.append((c, g, rate, gap.pValue))
                    }
                }
            }
            for g in 0..<groupCount where g != r && !tooSmall[g] {
                let gap = FairnessAnalysis.gap(accuracy[g], accuracy[r], confidence: options.confidence)
                accuracyGaps[g] = gap
                family.append((nil, g, "accuracy", gap.pValue))
            }
        }
        let alpha = 1 - options.confidence
        func judged(_ gap: FairnessGap, holm: Double?) -> FairnessGap {
            var out = gap
            out.holmPValue = holm
            out.holmSignificant = gap.significant && (holm.map { $0 < alpha } ?? true)
            return out
        }
        for (f, holm) in zip(family, ProportionComparison.holm(family.map(\.p))) {
            if let c = f.cls {
                gaps[c][f.group][f.rate] = gaps[c][f.group][f.rate].map { judged($0, holm: holm) }
            } else {
                accuracyGaps[f.group] = accuracyGaps[f.group].map { judged($0, holm: holm) }
            }
        }

        let kept = (0..<groupCount).filter { !tooSmall[$0] }
        let classes = (0..<k).map { c -> FairnessClassRates in
            let rows = (0..<groupCount).map { g -> FairnessGroup in
                var metrics: MetricSet = [:]
                if !tooSmall[g] {
                    for (j, rate) in rates.enumerated() {
                        metrics[rate] = estimates[c][g][j].metric(confidence: options.confidence)
                    }
                }
                return FairnessGroup(
                    group: groupNames[g], count: table.rows(group: g), positives: table.support(group: g, class: c),
                    tooSmall: tooSmall[g], metrics: metrics, gaps: gaps[c][g])
            }
            let summary = FairnessSummaryBootstrap.withIntervals(
                FairnessSummary.metrics(
                    selectionRates: kept.map { estimates[c][$0][0].value },
                    truePositiveRates: kept.map { estimates[c][$0][1].value },
                    falsePositiveRates: kept.map { estimates[c][$0][2].value }),
                groups: kept.map { g in
                    confusion[c][g].cells.map {
                        FairnessSummaryBootstrap.Cell(weight: $0.weight, squaredWeight: $0.squaredWeight)
                    }
                },
                replicates: options.bootstrapReplicates,
                seed: BinaryEvaluator.streamSeed(options.seed ^ 0xFA12_C1A5_0000_0000, grouping: c, group: 0),
                confidence: options.confidence)
            return FairnessClassRates(className: classNames[c], groups: rows, summary: summary)
        }
        let accuracies = (0..<groupCount).map { g in
            FairnessGroupAccuracy(
                group: groupNames[g], count: table.rows(group: g), correct: table.correctRows(group: g),
                tooSmall: tooSmall[g],
                accuracy: tooSmall[g] ? .undefined : accuracy[g].metric(confidence: options.confidence),
                gap: accuracyGaps[g])
        }
        var result = FairnessResult(
            attribute: attribute, model: model, reference: reference.map { groupNames[$0] } ?? "", thresholds: [],
            groups: [], thresholdAnalysis: nil)
        result.classes = classes
        result.accuracy = accuracies
        return result
    }

    /// The group × true class × predicted class table of rows, Σw and Σw².
    struct Table {
        let groupCount: Int
        let classCount: Int
        let rowCounts: [Int]
        /// Σw and Σw² per cell; empty without weights (every weight 1).
        let weightSums: [Double]
        let squareSums: [Double]

        init(labels: [Int32], decisions: [Int32], weights: [Double]?, groups: [UInt32], groupCount: Int, classCount k: Int) {
            self.groupCount = groupCount
            self.classCount = k
            let cellCount = groupCount * k * k
            var rowCounts = [Int](repeating: 0, count: cellCount)
            var ws = [CompensatedSum](repeating: CompensatedSum(), count: weights == nil ? 0 : cellCount)
            var ss = ws
            let g32 = UInt32(truncatingIfNeeded: groupCount)
            let k32 = UInt32(truncatingIfNeeded: k)
            rowCounts.withUnsafeMutableBufferPointer { rc in
                labels.withUnsafeBufferPointer { lb in
                    decisions.withUnsafeBufferPointer { dc in
                        groups.withUnsafeBufferPointer { gs in
                            for i in 0..<gs.count {
                                let g = gs[i]
                                guard g < g32 else { continue }
                                let y = UInt32(bitPattern: lb[i]), p = UInt32(bitPattern: dc[i])
                                precondition(y < k32 && p < k32, "labels and decisions must be in 0..<classCount")
                                let cell = (Int(g) &* k &+ Int(y)) &* k &+ Int(p)
                                rc[cell] &+= 1
                                if let w = weights?[i] {
                                    ws[cell].add(w)
                                    ss[cell].add(w * w)
                                }
                            }
                        }
                    }
                }
            }
            self.rowCounts = rowCounts
            weightSums = ws.map(\.value)
            squareSums = ss.map(\.value)
        }

        func cell(_ g: Int, _ t: Int, _ p: Int) -> FairnessConfusionTable.Cell {
            let c = (g * classCount + t) * classCount + p
            let n = rowCounts[c]
            if weightSums.isEmpty { return FairnessConfusionTable.Cell(rows: n, weight: Double(n), squaredWeight: Double(n)) }
            return FairnessConfusionTable.Cell(rows: n, weight: weightSums[c], squaredWeight: squareSums[c])
        }

        /// The sum of the cells of group g whose (true, predicted) pair passes `include`.
        func sum(_ g: Int, _ include: (Int, Int) -> Bool) -> FairnessConfusionTable.Cell {
            var rows = 0
            var w = CompensatedSum(), w2 = CompensatedSum()
            for t in 0..<classCount {
                for p in 0..<classCount where include(t, p) {
                    let c = cell(g, t, p)
                    rows += c.rows
                    w.add(c.weight)
                    w2.add(c.squaredWeight)
                }
            }
            return FairnessConfusionTable.Cell(rows: rows, weight: w.value, squaredWeight: w2.value)
        }

        func rows(group g: Int) -> Int { sum(g) { _, _ in true }.rows }
        func support(group g: Int, class c: Int) -> Int { sum(g) { t, _ in t == c }.rows }
        func correctRows(group g: Int) -> Int { sum(g) { t, p in t == p }.rows }

        /// Class c against the rest in group g: TN, FP, FN, TP.
        func oneVsRest(group g: Int, class c: Int) -> FairnessConfusionTable.Confusion {
            FairnessConfusionTable.Confusion(cells: [
                sum(g) { t, p in t != c && p != c }, sum(g) { t, p in t != c && p == c },
                sum(g) { t, p in t == c && p != c }, sum(g) { t, p in t == c && p == c },
            ])
        }

        /// The share of the group's weight predicted its label, with the Kish size of the group.
        func accuracy(group g: Int) -> FairnessRate.Estimate {
            let all = sum(g) { _, _ in true }, correct = sum(g) { t, p in t == p }
            let trials = Intervals.kishEffectiveSize(sumOfWeights: all.weight, sumOfSquaredWeights: all.squaredWeight)
            guard all.weight > 0 else { return FairnessRate.Estimate(value: nil, trials: trials) }
            return FairnessRate.Estimate(value: min(1, max(0, correct.weight / all.weight)), trials: trials)
        }
    }
}
