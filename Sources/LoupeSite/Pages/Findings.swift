import LoupeCharts
import LoupeResults

/// One plain sentence for the top of the overview, with a link to the evidence.
struct Finding {
    enum Kind: Int, Comparable {
        case baselineOverall, baselineSlice, sliceGap, calibration, reassurance
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    var kind: Kind
    var sentence: HTML
    var href: String
    var linkText: String
    /// Marks a problem (as opposed to context or good news).
    var concern: Bool
    var model: String? = nil
    var sliceLabel: String? = nil
}

/// Derives the findings from the results alone, most decision-relevant first: the model against
/// the baseline overall, slices where it loses to the baseline, its weakest slice against its own
/// overall value, calibration, then reassurance where nothing was found.
///
/// Model-versus-baseline differences are judged from the two marginal intervals, each turned into
/// a standard error (`(upper − lower) / 2z`, z the normal quantile of the confidence level) and
/// combined as if independent. Both models are scored on the same rows, so their errors are
/// positively correlated and the true standard error of the difference is smaller: a difference
/// called significant here is significant, but some real differences may be missed. A paired test
/// arrives with the comparison analysis.
enum Findings {
    /// How many slices a model can lose to the baseline on in the overview.
    static let perModel = 2
    /// A slice is called miscalibrated when its ECE is at least this much above overall and at
    /// least twice the overall value.
    static let calibrationMargin = 0.05
    /// Overall ECE above this is called out on its own.
    static let overallCalibrationLimit = 0.1

    static func derive(_ site: Site) -> [Finding] {
        var findings: [Finding] = []
        for model in site.results.models {
            var named: Set<String> = []
            if let baseline = site.baseline, baseline != model {
                findings += baselineOverall(site, model: model, baseline: baseline)
                let losses = baselineSlices(site, model: model, baseline: baseline)
                named = Set(losses.compactMap(\.sliceLabel))
                findings += losses
            }
            findings += weakestSlice(site, model: model, alreadyNamed: named)
            findings += calibration(site, model: model)
        }
        return findings.enumerated()
            .sorted { a, b in a.element.kind != b.element.kind ? a.element.kind < b.element.kind : a.offset < b.offset }
            .map(\.element)
    }

    /// The model against the baseline on the whole data set.
    private static func baselineOverall(_ site: Site, model: String, baseline: String) -> [Finding] {
        let rank = site.rankMetric
        guard let mine = site.overall(model)[rank], let theirs = site.overall(baseline)[rank],
            let test = compare(mine, theirs, direction: MetricCatalog.info(rank).direction, z: site.z)
        else { return [] }
        let verdict: String
        switch test.outcome {
        case .better: verdict = "significantly better"
        case .worse: verdict = "significantly worse"
        case .unclear: verdict = "not significantly different"
        }
        let numbers = "\(site.rankName) \(Formatting.estimate(mine)) vs \(Formatting.estimate(theirs))"
        let sentence =
            Markup.strong(model) + Markup.text(" vs ") + Markup.strong(baseline)
            + Markup.text(" overall: \(numbers), a difference of \(Formatting.signed(test.difference)) — \(verdict).")
        return [
            Finding(
                kind: .baselineOverall, sentence: sentence, href: site.modelPages[model] ?? "index.html",
                linkText: "model page", concern: test.outcome == .worse)
        ]
    }

    /// Slices where the model is significantly worse than the baseline on the same rows.
    private static func baselineSlices(_ site: Site, model: String, baseline: String) -> [Finding] {
        let rank = site.rankMetric
        let direction = MetricCatalog.info(rank).direction
        let losses = site.results.slices.compactMap { slice -> (SliceResult, Metric, Metric, Comparison)? in
            guard !slice.tooSmall, let mine = slice.metrics[model]?[rank], let theirs = slice.metrics[baseline]?[rank],
                let test = compare(mine, theirs, direction: direction, z: site.z), test.outcome == .worse
            else { return nil }
            return (slice, mine, theirs, test)
        }
        .sorted { abs($0.3.difference) > abs($1.3.difference) }
        return losses.prefix(perModel).map { slice, mine, theirs, test in
            let label = site.label(of: slice)
            let numbers = "\(site.rankName) \(Formatting.estimate(mine)) vs \(Formatting.estimate(theirs))"
            let sentence =
                Markup.strong(model) + Markup.text(" loses to ") + Markup.strong(baseline) + Markup.text(" on ")
                + Markup.strong(label)
                + Markup.text(": \(numbers) — significantly worse (difference \(Formatting.signed(test.difference))).")
            return Finding(
                kind: .baselineSlice, sentence: sentence, href: site.sliceHref(slice), linkText: "slice table",
                concern: true, model: model, sliceLabel: label)
        }
    }

    /// The slice furthest below the model's own overall value with a significant gap, or a
    /// reassurance when there is none.
    private static func weakestSlice(_ site: Site, model: String, alreadyNamed: Set<String>) -> [Finding] {
        guard !site.results.slices.isEmpty else { return [] }
        let significant = site.results.slices
            .filter { !$0.tooSmall && ($0.gap[model]?.significant ?? false) && ($0.gap[model]?.worse ?? 0) > 0 }
            .sorted { ($0.gap[model]?.worse ?? 0) > ($1.gap[model]?.worse ?? 0) }
        if significant.isEmpty {
            let sentence =
                Markup.text("No slice is significantly worse than overall for ") + Markup.strong(model)
                + Markup.text(" on \(site.rankName).")
            return [Finding(kind: .reassurance, sentence: sentence, href: "slices.html", linkText: "all slices", concern: false)]
        }
        let unnamed = significant.filter { !alreadyNamed.contains(site.label(of: $0)) }
        guard let slice = unnamed.first, let difference = slice.gap[model]?.difference.value else { return [] }
        let overall = site.overall(model)[site.rankMetric]?.value.map(Formatting.decimal) ?? "undefined"
        let estimate = Formatting.estimate(slice.metrics[model]?[site.rankMetric])
        let sentence =
            Markup.strong(model) + Markup.text(" is worse on ") + Markup.strong(site.label(of: slice))
            + Markup.text(
                ": \(site.rankName) \(estimate) vs \(overall) overall — a significant gap of \(Formatting.signed(difference))."
                    + more(unnamed.count - 1, "significantly weaker"))
        return [
            Finding(
                kind: .sliceGap, sentence: sentence, href: site.sliceHref(slice), linkText: "slice table", concern: true,
                model: model, sliceLabel: site.label(of: slice))
        ]
    }

    /// Overall miscalibration, and the slice whose ECE is furthest above the overall value.
    private static func calibration(_ site: Site, model: String) -> [Finding] {
        guard let overall = site.overall(model)["ece"], let ece = overall.value else { return [] }
        var findings: [Finding] = []
        if ece > overallCalibrationLimit {
            let sentence =
                Markup.strong(model)
                + Markup.text(
                    " is miscalibrated overall: ECE \(Formatting.estimate(overall)) — predicted probabilities are off by "
                        + "\(Formatting.decimal(ece)) on average.")
            findings.append(
                Finding(
                    kind: .calibration, sentence: sentence, href: (site.modelPages[model] ?? "index.html") + "#calibration",
                    linkText: "reliability diagram", concern: true))
        }
        let miscalibrated = site.results.slices.compactMap { slice -> (SliceResult, Double)? in
            guard !slice.tooSmall, let value = slice.metrics[model]?["ece"]?.value,
                value >= ece + calibrationMargin, value >= 2 * ece
            else { return nil }
            return (slice, value)
        }
        .sorted { $0.1 > $1.1 }
        if let (slice, _) = miscalibrated.first {
            let metric = slice.metrics[model]?["ece"]
            let separated = (metric?.lower).map { $0 > (overall.upper ?? ece) } ?? false
            let sentence =
                Markup.strong(model) + Markup.text(" is miscalibrated for ") + Markup.strong(site.label(of: slice))
                + Markup.text(
                    ": ECE \(Formatting.estimate(metric)) vs \(Formatting.decimal(ece)) overall"
                        + (separated ? " — the intervals do not overlap." : ".")
                        + more(miscalibrated.count - 1, "miscalibrated"))
            findings.append(
                Finding(
                    kind: .calibration, sentence: sentence, href: site.sliceHref(slice), linkText: "slice table",
                    concern: true, model: model, sliceLabel: site.label(of: slice)))
        }
        return findings
    }

    /// " 2 more slices are significantly weaker." or nothing.
    private static func more(_ count: Int, _ adjective: String) -> String {
        count <= 0 ? "" : count == 1 ? " 1 more slice is \(adjective)." : " \(count) more slices are \(adjective)."
    }

    struct Comparison {
        enum Outcome { case better, worse, unclear }
        var difference: Double
        var outcome: Outcome
    }

    /// `a − b` and whether it is significant at the intervals' confidence level, `z` being its
    /// two-sided normal quantile (see the type's note on independence). Without intervals, or
    /// for a metric with no better direction, no significance is claimed.
    static func compare(_ a: Metric, _ b: Metric, direction: MetricDirection, z: Double) -> Comparison? {
        guard let va = a.value, let vb = b.value else { return nil }
        let difference = va - vb
        guard let la = a.lower, let ua = a.upper, let lb = b.lower, let ub = b.upper else {
            return Comparison(difference: difference, outcome: .unclear)
        }
        let (sa, sb) = ((ua - la) / (2 * z), (ub - lb) / (2 * z))
        let standardError = (sa * sa + sb * sb).squareRoot()
        guard standardError > 0, abs(difference) > z * standardError, direction != .neutral else {
            return Comparison(difference: difference, outcome: .unclear)
        }
        let better = direction == .higherIsBetter ? difference > 0 : difference < 0
        return Comparison(difference: difference, outcome: better ? .better : .worse)
    }
}
