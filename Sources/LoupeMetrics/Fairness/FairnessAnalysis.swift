import LoupeResults

/// The fairness analysis of one model on one sensitive attribute: every group's rates at every
/// threshold with Wilson intervals, gaps to a reference group, Fairlearn's summary metrics, the
/// per-group ROC AUC, and the exact threshold analysis.
///
/// * **Rates** (`FairnessRate`): predicted positive iff score >= t; weighted when weights are
///   given; Wilson intervals with the Kish effective size of the rate's denominator rows; `nil`
///   where undefined, never 0. All thresholds come from one sequential pass over the rows sorted
///   once per model (`SortedRows`, `FairnessConfusionTable`).
/// * **Too small**: a group with fewer than `minGroupSize` rows (or none) is listed with its counts
///   and `tooSmall`, with empty metrics and gaps, no AUC, no thresholds, and is left out of the
///   summary metrics and of the Holm family.
/// * **Gaps** (`FairnessGap`), for every group except the reference and every rate:
///   `difference` = group − reference with Newcombe's hybrid score interval, `significant` when the
///   interval excludes 0; `pValue` of the pooled two-proportion z-test (effective sizes as the
///   numbers of trials); `holmPValue` adjusts over every (group, rate) comparison with a p-value at
///   that threshold; `ratio` = group / reference (`nil` when the reference rate is 0 or either is
///   undefined); `outsideFourFifths` when the ratio is below 0.8 or above 1.25. With either rate
///   undefined the gap is undefined, not significant, and inside the band. When the reference
///   itself is too small there are no gaps.
/// * **Summary** per threshold: `FairnessSummary` over the groups that are not too small, with
///   bootstrap intervals when `options.bootstrapReplicates` > 0 (`FairnessSummaryBootstrap`).
/// * **ROC AUC** per group with DeLong's interval, from `BinaryEvaluator` (`nil` for a one-class
///   or too-small group), as the caller passes it or computed here.
/// * **Threshold analysis**: `FairnessThresholdSearch`; its targets are the reference group's TPR
///   and selection rate at the decision threshold (none when the reference is too small).
///   `nil` only when the attribute has no groups.
///
/// Deterministic: the output depends on the inputs only (no clock, no randomness, stable order).
public enum FairnessAnalysis {
    /// - Parameters:
    ///   - labels: 0 or 1 (any non-zero value is 1).
    ///   - scores: finite.
    ///   - weights: non-negative, or `nil` for weight 1.
    ///   - groups: per row a code in `0..<groupNames.count`; `Grouping.none` (or any larger code)
    ///     for a row in no group, which takes no part.
    public static func analyze(
        attribute: String, model: String, labels: [UInt8], scores: [Double], weights: [Double]?, groups: [UInt32],
        groupNames: [String], options: FairnessOptions
    ) -> FairnessResult {
        let grouping = Grouping(codes: groups, groupCount: groupNames.count)
        return analyze(
            attribute: attribute, model: model,
            rows: SortedRows(labels: labels, scores: scores, weights: weights, groupings: [grouping]), grouping: 0,
            groupNames: groupNames, options: options,
            rocAUC: groupAUC(labels: labels, scores: scores, weights: weights, grouping: grouping, options: options))
    }

    /// The same, on a model's rows sorted once (`SortedRows`, e.g. as `BinaryEvaluator` hands
    /// them over) for several attributes: `rows.groups[grouping]` are the attribute's codes.
    /// - Parameter rocAUC: each group's ROC AUC, e.g. from `BinaryEvaluator.evaluate` with this
    ///   attribute among its groupings (`groups[g][code]?["roc_auc"] ?? .undefined`, with the same
    ///   `minGroupSize`).
    public static func analyze(
        attribute: String, model: String, rows data: SortedRows, grouping: Int, groupNames: [String],
        options: FairnessOptions, rocAUC auc: [Metric]
    ) -> FairnessResult {
        let groupCount = groupNames.count
        precondition(auc.count == groupCount, "rocAUC needs one metric per group")
        let thresholds = options.resolvedThresholds
        let sortedGroups = data.groups[grouping]
        let table = FairnessConfusionTable(
            scores: data, sortedGroups: sortedGroups, groupCount: groupCount, thresholds: thresholds)
        let tooSmall = (0..<groupCount).map { table.rows[$0] == 0 || table.rows[$0] < options.minGroupSize }
        let reference = referenceGroup(options.referenceGroup, rows: table.rows)
        let comparable = reference.map { !tooSmall[$0] } ?? false

        var results: [FairnessThreshold] = []
        for (j, threshold) in thresholds.enumerated() {
            let estimates = (0..<groupCount).map { g in FairnessRate.all.map { $0.estimate(table.confusions[g][j]) } }
            // Every comparison of this threshold, then Holm over all of them.
            var gaps = [[String: FairnessGap]](repeating: [:], count: groupCount)
            var family: [(group: Int, rate: String, p: Double?)] = []
            if let r = reference, comparable {
                for g in 0..<groupCount where g != r && !tooSmall[g] {
                    for (k, rate) in FairnessRate.all.enumerated() {
                        let gap = self.gap(estimates[g][k], estimates[r][k], confidence: options.confidence)
                        gaps[g][rate.name] = gap
                        family.append((g, rate.name, gap.pValue))
                    }
                }
            }
            let adjusted = ProportionComparison.holm(family.map(\.p))
            for (f, holm) in zip(family, adjusted) { gaps[f.group][f.rate]?.holmPValue = holm }
            // The verdict the report states: significant on its own and after Holm's adjustment.
            let alpha = 1 - options.confidence
            for g in gaps.indices {
                for (rate, gap) in gaps[g] {
                    gaps[g][rate]?.holmSignificant = gap.significant && (gap.holmPValue.map { $0 < alpha } ?? true)
                }
            }

            var rows: [FairnessGroup] = []
            for g in 0..<groupCount {
                var metrics: MetricSet = [:]
                if !tooSmall[g] {
                    for (k, rate) in FairnessRate.all.enumerated() {
                        metrics[rate.name] = estimates[g][k].metric(confidence: options.confidence)
                    }
                }
                rows.append(
                    FairnessGroup(
                        group: groupNames[g], count: table.rows[g], positives: table.positives[g], tooSmall: tooSmall[g],
                        metrics: metrics, gaps: gaps[g]))
            }
            let kept = (0..<groupCount).filter { !tooSmall[$0] }
            func values(_ name: String) -> [Double?] {
                let k = FairnessRate.all.firstIndex { $0.name == name }!
                return kept.map { estimates[$0][k].value }
            }
            let summary = FairnessSummaryBootstrap.withIntervals(
                FairnessSummary.metrics(
                    selectionRates: values("selection_rate"), truePositiveRates: values("tpr"),
                    falsePositiveRates: values("fpr")),
                groups: kept.map { g in
                    table.confusions[g][j].cells.map {
                        FairnessSummaryBootstrap.Cell(weight: $0.weight, squaredWeight: $0.squaredWeight)
                    }
                },
                replicates: options.bootstrapReplicates,
                seed: BinaryEvaluator.streamSeed(options.seed ^ 0xFA12_5EED_0000_0000, grouping: j, group: 0),
                confidence: options.confidence)
            results.append(FairnessThreshold(threshold: threshold, groups: rows, summary: summary))
        }

        let summaries = (0..<groupCount).map { g in
            FairnessGroupSummary(
                group: groupNames[g], count: table.rows[g], positives: table.positives[g], tooSmall: tooSmall[g],
                rocAUC: tooSmall[g] ? .undefined : auc[g])
        }

        var analysis: FairnessThresholdAnalysis?
        if groupCount > 0 {
            let decisionIndex = thresholds.firstIndex(of: options.decisionThreshold + 0.0)
            var tprTarget: Double?, selectionTarget: Double?
            if let r = reference, comparable, let j = decisionIndex {
                tprTarget = FairnessRate.all[1].estimate(table.confusions[r][j]).value
                selectionTarget = FairnessRate.all[0].estimate(table.confusions[r][j]).value
            }
            let outcome = FairnessThresholdSearch.run(
                scores: data, sortedGroups: sortedGroups, groupCount: groupCount, eligible: tooSmall.map { !$0 },
                tprTarget: tprTarget, selectionTarget: selectionTarget,
                decision: options.decisionThreshold + 0.0, costRatio: options.costRatio)
            analysis = FairnessThresholdAnalysis(
                costRatio: options.costRatio,
                groups: (0..<groupCount).map { g in
                    FairnessThresholdAnalysis.GroupThresholds(
                        group: groupNames[g], equalOpportunity: outcome.equalOpportunity[g],
                        demographicParity: outcome.demographicParity[g], lowestCost: outcome.lowestCost[g])
                },
                singleThreshold: outcome.singleThreshold, singleThresholdCost: outcome.singleThresholdCost,
                perGroupCost: outcome.perGroupCost, decisionThresholdCost: outcome.decisionThresholdCost)
        }
        return FairnessResult(
            attribute: attribute, model: model, reference: reference.map { groupNames[$0] } ?? "",
            thresholds: results, groups: summaries, thresholdAnalysis: analysis)
    }

    /// The configured reference code when it names a group, else the group with the most rows
    /// (the lowest code among equals); `nil` without groups.
    static func referenceGroup(_ configured: Int?, rows: [Int]) -> Int? {
        if let c = configured, rows.indices.contains(c) { return c }
        var best: Int?
        for g in rows.indices where best == nil || rows[g] > rows[best!] { best = g }
        return best
    }

    /// One rate of a group against the reference's (see the type's documentation).
    static func gap(_ group: FairnessRate.Estimate, _ reference: FairnessRate.Estimate, confidence: Double) -> FairnessGap {
        guard let p1 = group.value, let p2 = reference.value else {
            return FairnessGap(
                difference: .undefined, ratio: nil, significant: false, pValue: nil, holmPValue: nil,
                outsideFourFifths: false)
        }
        let difference: Metric
        var significant = false
        if let ci = ProportionComparison.newcombeInterval(
            p1, trials: group.trials, p2, trials: reference.trials, confidence: confidence)
        {
            difference = Metric(p1 - p2, lower: ci.lower, upper: ci.upper)
            significant = ci.lower > 0 || ci.upper < 0
        } else {
            difference = Metric(p1 - p2)
        }
        let ratio: Double? = p2 > 0 ? p1 / p2 : nil
        return FairnessGap(
            difference: difference, ratio: ratio, significant: significant,
            pValue: ProportionComparison.pooledZTestPValue(p1, trials: group.trials, p2, trials: reference.trials),
            holmPValue: nil, outsideFourFifths: ratio.map { $0 < 0.8 || $0 > 1.25 } ?? false)
    }

    /// Each group's ROC AUC with its DeLong interval, from `BinaryEvaluator` with the attribute as
    /// its one grouping (`.undefined` for a too-small or one-class group).
    static func groupAUC(
        labels: [UInt8], scores: [Double], weights: [Double]?, grouping: Grouping, options: FairnessOptions
    ) -> [Metric] {
        let groupCount = grouping.groupCount
        guard groupCount > 0, !scores.isEmpty else { return [Metric](repeating: .undefined, count: groupCount) }
        let evaluation = BinaryEvaluator.evaluate(
            BinaryData(labels: labels, scores: scores, weights: weights),
            groupings: [grouping],
            options: EvaluationOptions(
                threshold: options.decisionThreshold, confidence: options.confidence, bootstrapReplicates: 0,
                minGroupSize: options.minGroupSize, curvePoints: 2))
        return (0..<groupCount).map { evaluation.groups[0][$0]?["roc_auc"] ?? .undefined }
    }
}
