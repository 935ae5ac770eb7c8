import LoupeCharts
import LoupeMarkup
import LoupeResults

/// One plain sentence for the top of the overview, with a link to the evidence.
struct Finding {
    enum Kind: Int, Comparable {
        case baselineOverall, baselineSlice, dataAnomaly, dataDrift, monitoring, sliceGap, fairnessGap, residuals, confusion,
            calibration,
            reassurance
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
    /// The slice's `column=value` parts, so later findings can skip what this one named.
    var sliceParts: [String]? = nil
}

/// Derives the findings from the results alone, most decision-relevant first: the model against
/// the baseline overall, slices where it loses to the baseline, its weakest slice against its own
/// overall value, the worst significant gap between groups (see `FairnessStatements`), calibration,
/// then reassurance where nothing was found. Data anomalies and drift (`DataFindings`) come right
/// after the comparison with the baseline, then the monitoring verdict (`MonitoringVerdict`) as
/// one sentence.
///
/// Model-versus-baseline findings come from the paired comparison (`results.comparisons`: paired
/// DeLong for ROC AUC, a paired bootstrap for RMSE, …) and link to comparison.html. Results
/// without comparisons (another producer's) get the overall difference marked "not tested": the
/// site judges no significance of its own.
enum Findings {
    /// How many slices each kind of finding names per model; the tables list the rest.
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
                let paired = site.overallComparison(of: model) != nil
                findings +=
                    paired ? pairedOverall(site, model: model) : untestedOverall(site, model: model, baseline: baseline)
                let losses = paired ? pairedSlices(site, model: model) : []
                named = Set(losses.compactMap(\.sliceParts).joined())
                findings += losses
            }
            // The baseline's own weak slices matter less than the candidate's; its tables show them.
            let isBaselineOfOthers = model == site.baseline && site.results.models.count > 1
            findings += weakestSlices(site, model: model, alreadyNamed: named, slicesToo: !isBaselineOfOthers)
            findings += calibration(site, model: model, slicesToo: !isBaselineOfOthers)
            if !isBaselineOfOthers { findings += residuals(site, model: model) + confusion(site, model: model) }
        }
        if let fairness = FairnessStatements.finding(site) { findings.append(fairness) }
        findings += DataFindings.derive(site)
        if let monitoring = monitoring(site) { findings.append(monitoring) }
        return findings.enumerated()
            .sorted { a, b in a.element.kind != b.element.kind ? a.element.kind < b.element.kind : a.offset < b.offset }
            .map(\.element)
    }

    /// The monitoring verdict in one sentence, linked to monitoring.html: a concern when a metric
    /// left its control limits for the worse, a detector flagged the model, or an input drifted.
    static func monitoring(_ site: Site) -> Finding? {
        guard let monitoring = site.results.monitoring, let verdict = MonitoringVerdict(site.results) else { return nil }
        return Finding(
            kind: .monitoring,
            sentence: Markup.strong("Monitoring")
                + Markup.text(String(verdict.summary(monitoring).dropFirst("Monitoring".count))),
            href: "monitoring.html",
            linkText: "monitoring", concern: verdict.concern)
    }

    /// A multiclass confusion is called out as a concern when even the low end of its share's
    /// interval is this large.
    static let confusionLimit = 0.1

    /// A multiclass model's largest confusion: "candidate predicts 1 for 7 in 15.4% (12.8–18.4%)
    /// of the rows of 7", linked to the model page's confusions.
    private static func confusion(_ site: Site, model: String) -> [Finding] {
        guard let pair = site.results.multiclass?[model]?.confusedPairs.first, pair.count > 0, pair.share.value != nil,
            let page = site.modelPages[model]
        else { return [] }
        let sentence =
            Markup.strong(model) + Markup.text(" confuses ") + Markup.strong(pair.actual) + Markup.text(" with ")
            + Markup.strong(pair.predicted) + Markup.text(" most: ")
            + Markup.text(
                "\(MulticlassModelPage.percentEstimate(pair.share)) of the rows of \(pair.actual) are predicted as \(pair.predicted)."
            )
        return [
            Finding(
                kind: .confusion, sentence: sentence, href: page + "#confusions", linkText: "confusions",
                concern: (pair.share.lower ?? 0) >= confusionLimit, model: model)
        ]
    }

    /// The model against the baseline on the whole data set, from the paired comparison.
    private static func pairedOverall(_ site: Site, model: String) -> [Finding] {
        guard let comparison = site.overallComparison(of: model), let m = comparison.metrics[site.rankMetric] else {
            return []
        }
        let verdict: String
        switch m.verdict {
        case "better": verdict = "significantly better"
        case "worse": verdict = "significantly worse"
        default: verdict = "not significantly different"
        }
        let sentence =
            Markup.strong(model) + Markup.text(" vs ") + Markup.strong(comparison.baseline)
            + Markup.text(" overall: \(ComparisonPage.numbers(site.rankMetric, m)) — \(verdict).")
        return [
            Finding(
                kind: .baselineOverall, sentence: sentence, href: "comparison.html#" + site.comparisonAnchor(comparison),
                linkText: "comparison", concern: m.verdict == "worse")
        ]
    }

    /// Slices where the paired comparison finds the model significantly worse than the baseline,
    /// surest first (the comparison page's order), naming distinct slices.
    private static func pairedSlices(_ site: Site, model: String) -> [Finding] {
        let losses = ComparisonPage.losses(site, site.comparisons(of: model)).filter {
            $0.metric == site.rankMetric && !$0.comparison.spec.isEmpty
        }
        var named: Set<String> = []
        var shown: [ComparisonPage.Loss] = []
        for loss in losses {
            let parts = loss.comparison.key.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            guard named.isDisjoint(with: parts) else { continue }
            named.formUnion(parts)
            shown.append(loss)
            if shown.count == perModel { break }
        }
        return shown.enumerated().compactMap { index, loss in
            let c = loss.comparison
            guard let m = c.metrics[site.rankMetric] else { return nil }
            let label = ComparisonPage.label(c)
            let sentence =
                Markup.strong(model) + Markup.text(" loses to ") + Markup.strong(c.baseline) + Markup.text(" on ")
                + Markup.strong(label)
                + Markup.text(
                    ": \(ComparisonPage.numbers(site.rankMetric, m)) — significantly worse."
                        + (index == shown.count - 1
                            ? more(losses.count - shown.count, "significantly worse than the baseline") : ""))
            return Finding(
                kind: .baselineSlice, sentence: sentence, href: "comparison.html#" + site.comparisonAnchor(c),
                linkText: "comparison", concern: true, model: model, sliceLabel: label,
                sliceParts: c.key.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        }
    }

    /// The model against the baseline on the whole data set when the results carry no paired
    /// comparison (another producer's): the two values and their difference, not tested, since
    /// only a paired test on the same rows says whether it is real.
    private static func untestedOverall(_ site: Site, model: String, baseline: String) -> [Finding] {
        let rank = site.rankMetric
        guard let mine = site.overall(model)[rank], let theirs = site.overall(baseline)[rank], let a = mine.value,
            let b = theirs.value
        else { return [] }
        let numbers = "\(site.rankName) \(Formatting.estimate(mine)) vs \(Formatting.estimate(theirs))"
        let sentence =
            Markup.strong(model) + Markup.text(" vs ") + Markup.strong(baseline)
            + Markup.text(
                " overall: \(numbers), a difference of \(Formatting.signed(a - b)) — not tested (these results carry no paired comparison)."
            )
        return [
            Finding(
                kind: .baselineOverall, sentence: sentence, href: site.modelPages[model] ?? "index.html",
                linkText: "model page", concern: false)
        ]
    }

    /// The slices furthest below the model's own overall value, by strength of evidence (the gap
    /// over its standard error) and naming distinct problems; a reassurance when there are none.
    private static func weakestSlices(_ site: Site, model: String, alreadyNamed: Set<String>, slicesToo: Bool) -> [Finding] {
        guard !site.results.slices.isEmpty else { return [] }
        let significant = site.results.slices
            .filter { !$0.tooSmall && ($0.gap[model]?.significant ?? false) && ($0.gap[model]?.worse ?? 0) > 0 }
            .sorted { gapStrength($0.gap[model]) > gapStrength($1.gap[model]) }
        if significant.isEmpty {
            let sentence =
                Markup.text("No slice is significantly worse than overall for ") + Markup.strong(model)
                + Markup.text(" on \(site.rankName).")
            return [Finding(kind: .reassurance, sentence: sentence, href: "slices.html", linkText: "all slices", concern: false)]
        }
        guard slicesToo else { return [] }
        let unnamed = significant.filter { alreadyNamed.isDisjoint(with: parts(of: $0)) }
        let shown = Array(distinctSlices(unnamed, site: site).prefix(perModel))
        let overall = site.overall(model)[site.rankMetric]?.value.map(Formatting.decimal) ?? "undefined"
        return shown.enumerated().compactMap { index, slice in
            guard let difference = slice.gap[model]?.difference.value else { return nil }
            let estimate = Formatting.estimate(slice.metrics[model]?[site.rankMetric])
            let sentence =
                Markup.strong(model) + Markup.text(" is worse on ") + Markup.strong(site.label(of: slice))
                + Markup.text(
                    ": \(site.rankName) \(estimate) vs \(overall) overall — a significant gap of \(Formatting.signed(difference))."
                        + (index == shown.count - 1 ? more(unnamed.count - shown.count, "significantly weaker") : ""))
            return Finding(
                kind: .sliceGap, sentence: sentence, href: site.sliceHref(slice), linkText: "slice table", concern: true,
                model: model, sliceLabel: site.label(of: slice))
        }
    }

    /// The gap over its interval's width (which is proportional to its standard error), oriented
    /// so that larger means "worse, surer".
    static func gapStrength(_ gap: SliceGap?) -> Double {
        guard let gap, let worse = gap.worse, let lower = gap.difference.lower, let upper = gap.difference.upper else { return 0 }
        let width = upper - lower
        return width > 0 ? worse / width : 0
    }

    static func parts(of slice: SliceResult) -> [String] {
        slice.key.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// Keeps slices, in the given order, that share no `column = value` part with one kept
    /// earlier: once `loan_purpose = Small business` is named, its crosses add nothing new.
    static func distinctSlices(_ slices: [SliceResult], site: Site) -> [SliceResult] {
        var named: Set<String> = []
        var kept: [SliceResult] = []
        for slice in slices {
            let parts = parts(of: slice)
            guard named.isDisjoint(with: parts) else { continue }
            named.formUnion(parts)
            kept.append(slice)
        }
        return kept
    }

    /// Overall miscalibration, and the slices whose ECE stands furthest above the overall value,
    /// by strength of evidence (excess over the slice interval's standard error), distinct problems first.
    private static func calibration(_ site: Site, model: String, slicesToo: Bool) -> [Finding] {
        guard let overall = site.overall(model)["ece"], let ece = overall.value else { return [] }
        var findings: [Finding] = []
        if ece > overallCalibrationLimit {
            let sentence =
                Markup.strong(model)
                + Markup.text(
                    " is miscalibrated overall: ECE \(Formatting.estimate(overall)) — "
                        + (site.results.task == .multiclass
                            ? "the probability of the predicted class is off by " : "predicted probabilities are off by ")
                        + "\(Formatting.decimal(ece)) on average.")
            findings.append(
                Finding(
                    kind: .calibration, sentence: sentence, href: (site.modelPages[model] ?? "index.html") + "#calibration",
                    linkText: "reliability diagram", concern: true))
        }
        guard slicesToo else { return findings }
        let miscalibrated = site.results.slices.compactMap { slice -> (SliceResult, Double)? in
            guard !slice.tooSmall, let metric = slice.metrics[model]?["ece"], let value = metric.value,
                value >= ece + calibrationMargin, value >= 2 * ece
            else { return nil }
            // The distance to overall over the interval's lower half-width (proportional to the
            // standard error): larger means surer.
            let halfWidth = metric.lower.map { value - $0 } ?? 0
            return (slice, halfWidth > 0 ? (value - ece) / halfWidth : 0)
        }
        .sorted { $0.1 > $1.1 }
        let shown = Array(distinctSlices(miscalibrated.map(\.0), site: site).prefix(perModel))
        for (index, slice) in shown.enumerated() {
            let metric = slice.metrics[model]?["ece"]
            let separated = (metric?.lower).map { $0 > (overall.upper ?? ece) } ?? false
            let sentence =
                Markup.strong(model) + Markup.text(" is miscalibrated for ") + Markup.strong(site.label(of: slice))
                + Markup.text(
                    ": ECE \(Formatting.estimate(metric)) vs \(Formatting.decimal(ece)) overall"
                        + (separated ? " — the intervals do not overlap." : ".")
                        + (index == shown.count - 1 ? more(miscalibrated.count - shown.count, "miscalibrated") : ""))
            findings.append(
                Finding(
                    kind: .calibration, sentence: sentence, href: site.sliceHref(slice), linkText: "slice table",
                    concern: true, model: model, sliceLabel: site.label(of: slice)))
        }
        return findings
    }

    /// A regression model's residual findings that are concerns (see `ResidualFindings`), linked
    /// to the charts on its page.
    private static func residuals(_ site: Site, model: String) -> [Finding] {
        guard let analysis = site.results.residuals[model], let page = site.modelPages[model] else { return [] }
        return ResidualFindings.derive(site, model: model, analysis: analysis, page: page).filter(\.concern).prefix(
            ResidualFindings.columnFindings + 1
        ).map { finding in
            Finding(
                kind: .residuals, sentence: Markup.strong(model) + Markup.text(": ") + finding.sentence, href: finding.href,
                linkText: "residual chart", concern: true, model: model)
        }
    }

    /// " 2 more slices are significantly weaker." or nothing.
    private static func more(_ count: Int, _ adjective: String) -> String {
        count <= 0 ? "" : count == 1 ? " 1 more slice is \(adjective)." : " \(count) more slices are \(adjective)."
    }
}
