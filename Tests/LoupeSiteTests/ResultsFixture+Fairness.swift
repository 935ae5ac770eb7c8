import Foundation
import LoupeResults

/// The fixture's fairness section: two attributes (race with a planted false-positive gap for the
/// candidate, a group without positives and a too-small group; sex with no real gap), both
/// models, nine thresholds plus the decision threshold, and a threshold analysis for race.
///
/// Rates are made from smooth curves per group and turned into counts, so intervals, gaps,
/// p-values (two-proportion z-test, Holm-adjusted per attribute and threshold) and summary
/// metrics are consistent with each other the way the real computation's are.
extension ResultsFixture {
    struct FairnessGroupSpec {
        var name: String
        var count: Int
        var positives: Int
        /// Added to the reference curves: true and false positive rates.
        var tprShift: Double
        var fprShift: Double
        var auc: Double?
    }

    static let fairnessThresholds = [0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

    func fairnessSpecs(model: String) -> [(attribute: String, reference: String, groups: [FairnessGroupSpec])] {
        let strong = model == candidate
        return [
            (
                raceColumn, "Caucasian",
                [
                    FairnessGroupSpec(name: "Caucasian", count: 2_100, positives: 820, tprShift: 0, fprShift: 0, auc: 0.79),
                    FairnessGroupSpec(
                        name: "African-American", count: 3_170, positives: 1_630, tprShift: strong ? 0.16 : 0.05,
                        fprShift: strong ? 0.2 : 0.04, auc: 0.75),
                    FairnessGroupSpec(
                        name: fairnessGroup, count: 509, positives: 190, tprShift: -0.03, fprShift: 0.02, auc: 0.77),
                    FairnessGroupSpec(name: "Other", count: 60, positives: 0, tprShift: 0, fprShift: -0.05, auc: nil),
                    FairnessGroupSpec(name: "Native American", count: 11, positives: 4, tprShift: 0, fprShift: 0, auc: nil),
                ]
            ),
            (
                "sex", "Male",
                [
                    FairnessGroupSpec(name: "Male", count: 4_960, positives: 2_000, tprShift: 0, fprShift: 0, auc: 0.78),
                    FairnessGroupSpec(name: "Female", count: 1_212, positives: 480, tprShift: -0.01, fprShift: 0.012, auc: 0.8),
                ]
            ),
        ]
    }

    static func wilson(_ successes: Double, _ n: Double) -> Metric {
        guard n > 0 else { return .undefined }
        let z = 1.959964
        let p = successes / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return Metric(p, lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// Counts of one group at one threshold, from the reference curves plus the group's shifts.
    static func rates(_ spec: FairnessGroupSpec, threshold t: Double) -> (
        metrics: MetricSet, denominators: [String: (Double, Double)]
    ) {
        let clamp = { (x: Double) in min(1, max(0, x)) }
        let positives = Double(spec.positives)
        let negatives = Double(spec.count - spec.positives)
        let tpr = clamp(pow(1 - t, 0.6) + spec.tprShift * (1 - abs(2 * t - 1)))
        let fpr = clamp(pow(1 - t, 2.2) + spec.fprShift * (1 - abs(2 * t - 1)))
        let tp = (tpr * positives).rounded()
        let fp = (fpr * negatives).rounded()
        let (fn, tn) = (positives - tp, negatives - fp)
        let n = Double(spec.count)
        let pairs: [String: (Double, Double)] = [
            "selection_rate": (tp + fp, n), "tpr": (tp, positives), "fpr": (fp, negatives), "fnr": (fn, positives),
            "tnr": (tn, negatives), "ppv": (tp, tp + fp), "npv": (tn, tn + fn), "accuracy": (tp + tn, n),
        ]
        return (pairs.mapValues { wilson($0.0, $0.1) }, pairs)
    }

    static func normalTail(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    func fairnessResults() -> [FairnessResult] {
        var out: [FairnessResult] = []
        for model in [candidate, benchmark] {
            for (attribute, reference, specs) in fairnessSpecs(model: model) {
                let thresholds = Self.fairnessThresholds.map { t in fairnessThreshold(t, reference: reference, specs: specs) }
                let groups = specs.map { spec in
                    FairnessGroupSummary(
                        group: spec.name, count: spec.count, positives: spec.positives, tooSmall: spec.count < 30,
                        rocAUC: spec.count < 30
                            ? .undefined
                            : spec.auc.map {
                                Metric(
                                    $0, lower: $0 - 0.9 / Double(spec.count).squareRoot(),
                                    upper: $0 + 0.9 / Double(spec.count).squareRoot())
                            }
                                ?? .undefined)
                }
                var analysis: FairnessThresholdAnalysis? = nil
                if attribute == raceColumn {
                    let shift = model == candidate ? 0.08 : 0.03
                    analysis = FairnessThresholdAnalysis(
                        costRatio: 1,
                        groups: [
                            .init(
                                group: "African-American", equalOpportunity: 0.5 + shift, demographicParity: 0.5 + shift * 1.6,
                                lowestCost: 0.52),
                            .init(group: "Caucasian", equalOpportunity: 0.5, demographicParity: 0.5, lowestCost: 0.47),
                            .init(group: fairnessGroup, equalOpportunity: 0.47, demographicParity: 0.49, lowestCost: 0.5),
                            .init(group: "Other", equalOpportunity: nil, demographicParity: 0.55, lowestCost: 0.61),
                            .init(group: "Native American", equalOpportunity: nil, demographicParity: nil, lowestCost: nil),
                        ],
                        singleThreshold: 0.49, singleThresholdCost: model == candidate ? 1_402 : 1_466,
                        perGroupCost: model == candidate ? 1_371 : 1_450,
                        decisionThresholdCost: model == candidate ? 1_409 : 1_470)
                }
                out.append(
                    FairnessResult(
                        attribute: attribute, model: model, reference: reference, thresholds: thresholds, groups: groups,
                        thresholdAnalysis: analysis))
            }
        }
        return out
    }

    private func fairnessThreshold(_ t: Double, reference: String, specs: [FairnessGroupSpec]) -> FairnessThreshold {
        let computed = specs.map { spec in (spec, Self.rates(spec, threshold: t)) }
        guard let base = computed.first(where: { $0.0.name == reference })?.1 else {
            return FairnessThreshold(threshold: t, groups: [], summary: [:])
        }
        // Raw gaps first, then Holm over every defined test of the attribute at this threshold.
        var raw: [(group: Int, rate: String, difference: Metric, ratio: Double?, p: Double?)] = []
        for (index, (spec, rates)) in computed.enumerated() where spec.name != reference && spec.count >= 30 {
            for rate in rates.metrics.keys.sorted() {
                let (x1, n1) = rates.denominators[rate] ?? (0, 0)
                let (x2, n2) = base.denominators[rate] ?? (0, 0)
                guard n1 > 0, n2 > 0 else {
                    raw.append((index, rate, .undefined, nil, nil))
                    continue
                }
                let (p1, p2) = (x1 / n1, x2 / n2)
                let se = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
                let pooled = (x1 + x2) / (n1 + n2)
                let seTest = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
                let p = seTest > 0 ? Self.normalTail((p1 - p2) / seTest) : 1
                raw.append(
                    (
                        index, rate, Metric(p1 - p2, lower: p1 - p2 - 1.96 * se, upper: p1 - p2 + 1.96 * se),
                        p2 > 0 ? p1 / p2 : nil, p
                    ))
            }
        }
        let tested = raw.indices.filter { raw[$0].p != nil }.sorted { (raw[$0].p ?? 1, $0) < (raw[$1].p ?? 1, $1) }
        var holm: [Int: Double] = [:]
        var running = 0.0
        for (rank, index) in tested.enumerated() {
            running = max(running, min(1, Double(tested.count - rank) * (raw[index].p ?? 1)))
            holm[index] = running
        }
        var gaps: [Int: [String: FairnessGap]] = [:]
        for (position, item) in raw.enumerated() {
            let excludesZero = (item.difference.lower ?? 0) > 0 || (item.difference.upper ?? 0) < 0
            gaps[item.group, default: [:]][item.rate] = FairnessGap(
                difference: item.difference, ratio: item.ratio, significant: excludesZero, pValue: item.p,
                holmPValue: holm[position],
                holmSignificant: excludesZero && (holm[position].map { $0 < 0.05 } ?? true),
                outsideFourFifths: item.ratio.map { $0 < 0.8 || $0 > 1.25 } ?? false)
        }
        let groups = computed.enumerated().map { index, pair in
            let (spec, rates) = pair
            let tooSmall = spec.count < 30
            return FairnessGroup(
                group: spec.name, count: spec.count, positives: spec.positives, tooSmall: tooSmall,
                metrics: tooSmall ? [:] : rates.metrics, gaps: gaps[index] ?? [:])
        }
        func spread(_ rate: String) -> (difference: Double, ratio: Double)? {
            let values = groups.filter { !$0.tooSmall }.compactMap { $0.metrics[rate]?.value }
            guard let low = values.min(), let high = values.max() else { return nil }
            return (high - low, high > 0 ? low / high : 1)
        }
        var summary: MetricSet = [:]
        if let selection = spread("selection_rate") {
            summary["demographic_parity_difference"] = Metric(selection.difference)
            summary["demographic_parity_ratio"] = Metric(selection.ratio)
        }
        if let tpr = spread("tpr"), let fpr = spread("fpr") {
            summary["equalized_odds_difference"] = Metric(max(tpr.difference, fpr.difference))
            summary["equalized_odds_ratio"] = Metric(min(tpr.ratio, fpr.ratio))
            summary["equal_opportunity_difference"] = Metric(tpr.difference)
        }
        return FairnessThreshold(threshold: t, groups: groups, summary: summary)
    }
}
