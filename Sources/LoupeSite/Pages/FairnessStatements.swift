import LoupeCharts
import LoupeMarkup
import LoupeResults

/// The plain-language side of the fairness analysis: which gaps to name, and the sentences that
/// name them, for the top of fairness.html and for the overview's findings.
///
/// A gap is called significant when its interval excludes zero *and* its Holm-adjusted p-value
/// (when given) is below 1 − confidence, so that testing many groups and rates does not make
/// noise look like a finding. Gaps are ranked by Holm p-value, floored at 0.001 (below that the
/// order says nothing a reader could use), then by the size of the difference.
enum FairnessStatements {
    /// How many gaps the summary names per attribute and model; the tables list the rest.
    static let perModel = 3

    /// One group's gap to the reference group on one rate, at the decision threshold.
    struct Item {
        var attribute: String
        var model: String
        var reference: String
        /// The decision threshold; `nil` for a multiclass model's argmax decision.
        var threshold: Double?
        /// A multiclass model's class whose one-vs-rest rate this is; `nil` for accuracy.
        var className: String? = nil
        var rate: String
        var group: FairnessGroup
        var referenceGroup: FairnessGroup?
        var gap: FairnessGap
        /// The gap's row on fairness.html.
        var href: String
    }

    /// The `FairnessThreshold` at the report's decision threshold, else the nearest (the lower
    /// of two equally near).
    static func decisionThreshold(_ result: FairnessResult, threshold: Double) -> FairnessThreshold? {
        result.thresholds.enumerated().min { a, b in
            let (x, y) = (abs(a.element.threshold - threshold), abs(b.element.threshold - threshold))
            if x != y { return x < y }
            return a.element.threshold != b.element.threshold ? a.element.threshold < b.element.threshold : a.offset < b.offset
        }?.element
    }

    static func alpha(_ site: Site) -> Double {
        let confidence = site.results.intervals.confidence
        return confidence > 0 && confidence < 1 ? 1 - confidence : 0.05
    }

    /// The producer's verdict after Holm's adjustment; results that do not give one fall back to
    /// the gap's own interval.
    static func isSignificant(_ gap: FairnessGap) -> Bool {
        gap.holmSignificant ?? gap.significant
    }

    /// Ascending: the first item is the strongest evidence of the largest gap.
    static func precedes(_ a: Item, _ b: Item) -> Bool {
        let (pa, pb) = (max(a.gap.holmPValue ?? a.gap.pValue ?? 1, 0.001), max(b.gap.holmPValue ?? b.gap.pValue ?? 1, 0.001))
        if pa != pb { return pa < pb }
        return abs(a.gap.difference.value ?? 0) > abs(b.gap.difference.value ?? 0)
    }

    /// Every gap of one attribute and model at the decision threshold (reportable groups other
    /// than the reference, mirrored rates left out), worst first.
    static func items(_ site: Site, _ attribute: FairnessAttribute, _ entry: FairnessAttribute.Entry) -> [Item] {
        let result = entry.result
        if result.isMulticlass { return multiclassItems(attribute, entry) }
        guard let at = decisionThreshold(result, threshold: site.results.threshold) else { return [] }
        let reference = at.groups.first { $0.group == result.reference }
        let groups = at.groups.filter { !$0.tooSmall && $0.group != result.reference }
        let slugs = FairnessPage.groupSlugs(at.groups)
        var items: [Item] = []
        for group in groups {
            for rate in FairnessCatalog.gapRates(group.gaps.keys) {
                guard let gap = group.gaps[rate] else { continue }
                items.append(
                    Item(
                        attribute: attribute.name, model: result.model, reference: result.reference, threshold: at.threshold,
                        rate: rate, group: group, referenceGroup: reference, gap: gap,
                        href: "fairness.html#"
                            + FairnessPage.gapAnchor(entry, groupSlug: slugs[group.group] ?? "group", rate: rate)))
            }
        }
        return items.enumerated().sorted { a, b in
            precedes(a.element, b.element) ? true : precedes(b.element, a.element) ? false : a.offset < b.offset
        }.map(\.element)
    }

    /// "1.9× higher", "12% lower", "higher (the reference group's rate is 0)".
    static func comparison(_ item: Item) -> String {
        let difference = item.gap.difference.value ?? 0
        let direction = difference >= 0 ? "higher" : "lower"
        guard let ratio = item.gap.ratio, ratio.isFinite, ratio >= 0 else {
            return "\(direction) (the reference group's rate is 0)"
        }
        if ratio >= 10 { return "\(Formatting.plain(ratio.rounded()))× higher" }
        if ratio >= 1.5 { return "\(NumberFormat.decimal(ratio, digits: 1))× higher" }
        let percent = Int((abs(ratio - 1) * 100).rounded())
        if percent == 0 { return "slightly \(direction)" }
        return "\(percent)% \(ratio >= 1 ? "higher" : "lower")"
    }

    /// `Holm p < 0.001`, `Holm p = 0.012`, `p = 0.030`, or nothing.
    static func pText(_ gap: FairnessGap) -> String? {
        if let holm = gap.holmPValue { return "Holm p \(Formatting.pValue(holm, inline: true))" }
        if let p = gap.pValue { return "p \(Formatting.pValue(p, inline: true))" }
        return nil
    }

    /// "At threshold 0.5, the false positive rate for **A** is 0.423 (0.404–0.442) vs 0.220
    /// (0.201–0.240) for the reference group **B**: 1.9× higher, significant (Holm p < 0.001)."
    /// With `model`, it opens "For **model** at threshold 0.5, …".
    static func sentence(_ item: Item, model: String?, groupLabel: String) -> HTML {
        let rate = item.threshold == nil ? FairnessCatalog.multiclassRate(item.rate) : FairnessCatalog.rate(item.rate)
        var sentence: HTML
        if let threshold = item.threshold {
            let at = "threshold \(Formatting.threshold(threshold))"
            sentence =
                model.map { Markup.text("For ") + Markup.strong($0) + Markup.text(" at \(at), ") } ?? Markup.text("At \(at), ")
            sentence = sentence + Markup.text("the ")
        } else {
            // A multiclass model: "For **m**, class **fox**: the recall for …", "The accuracy for …".
            sentence = model.map { Markup.text("For ") + Markup.strong($0) + Markup.text(", ") } ?? Markup.text("")
            if let name = item.className {
                sentence =
                    sentence + Markup.text(model == nil ? "Class " : "class ") + Markup.strong(name) + Markup.text(": the ")
            } else {
                sentence = sentence + Markup.text(model == nil ? "The " : "the ")
            }
        }
        sentence =
            sentence + Markup.text("\(rate.phrase) for ") + Markup.strong(groupLabel)
            + Markup.text(
                " is \(Formatting.estimate(item.group.metrics[item.rate])) vs \(Formatting.estimate(item.referenceGroup?.metrics[item.rate])) for the reference group "
            )
            + Markup.strong(item.reference)
        var verdict = comparison(item)
        if item.gap.outsideFourFifths { verdict += " (outside the four-fifths band)" }
        if isSignificant(item.gap) {
            verdict += ", significant" + (pText(item.gap).map { " (\($0))" } ?? "")
        } else if item.gap.significant {
            verdict +=
                ", significant before adjustment for multiple comparisons only" + (pText(item.gap).map { " (\($0))" } ?? "")
        } else {
            verdict += ", not significant" + (pText(item.gap).map { " (\($0))" } ?? "")
        }
        return sentence + Markup.text(": \(verdict).")
    }

    struct Line {
        var sentence: HTML
        var href: String?
        var concern: Bool
    }

    /// The summary of one attribute: the largest significant gaps per model (or that there are
    /// none), then the groups too small to judge.
    static func lines(_ site: Site, _ attribute: FairnessAttribute) -> [Line] {
        let several = attribute.entries.count > 1
        var lines: [Line] = []
        for entry in attribute.entries {
            let model = several ? entry.result.model : nil
            let all = items(site, attribute, entry)
            let at = decisionThreshold(entry.result, threshold: site.results.threshold)
            if at == nil, !entry.result.isMulticlass {
                var sentence = Markup.text("No rates at any threshold")
                if let model { sentence = sentence + Markup.text(" for ") + Markup.strong(model) }
                lines.append(Line(sentence: sentence + Markup.text("."), href: nil, concern: false))
                continue
            }
            let significant = all.filter { isSignificant($0.gap) }
            let shown = significant.prefix(perModel)
            for (index, item) in shown.enumerated() {
                var sentence = self.sentence(item, model: model, groupLabel: item.group.group)
                if index == shown.count - 1, significant.count > shown.count {
                    let more = significant.count - shown.count
                    sentence =
                        sentence + Markup.text(more == 1 ? " 1 more gap is significant." : " \(more) more gaps are significant.")
                }
                lines.append(Line(sentence: sentence, href: item.href, concern: true))
            }
            if shown.isEmpty {
                let opening =
                    model.map { Markup.text("For ") + Markup.strong($0) + Markup.text(" at ") } ?? Markup.text("At ")
                let decision = at.map { "threshold \(Formatting.threshold($0.threshold))" } ?? "the predicted class"
                let what = entry.result.isMulticlass ? "no group's per-class rate or accuracy" : "no group's rate"
                var sentence =
                    opening
                    + Markup.text("\(decision), \(what) differs significantly from the reference group ")
                    + Markup.strong(entry.result.reference)
                    + Markup.text(" after Holm's adjustment for multiple comparisons.")
                let unadjusted = all.filter { $0.gap.significant }.count
                if unadjusted > 0 {
                    sentence =
                        sentence
                        + Markup.text(
                            unadjusted == 1
                                ? " 1 gap is significant before adjustment only."
                                : " \(unadjusted) gaps are significant before adjustment only.")
                }
                lines.append(Line(sentence: sentence, href: "#" + entry.anchor, concern: false))
            }
        }
        if let tooSmall = tooSmallSentence(site, attribute) {
            lines.append(Line(sentence: tooSmall, href: nil, concern: false))
        }
        return lines
    }

    /// "**Native American** (n = 11) and **Asian** (n = 23) have too few examples to judge: …",
    /// never a verdict that they are treated fairly.
    static func tooSmallSentence(_ site: Site, _ attribute: FairnessAttribute) -> HTML? {
        var seen: [String] = []
        var counts: [String: Int] = [:]
        for entry in attribute.entries {
            for group in sizes(site, entry.result) where group.tooSmall && counts[group.group] == nil {
                seen.append(group.group)
                counts[group.group] = group.count
            }
        }
        guard !seen.isEmpty else { return nil }
        let names = seen.map { Markup.strong($0) + Markup.text(" (n = \(Formatting.count(counts[$0] ?? 0)))") }
        var list = names[0]
        for (index, name) in names.enumerated().dropFirst() {
            list = list + Markup.text(index == names.count - 1 ? " and " : ", ") + name
        }
        let verb = seen.count == 1 ? "has" : "have"
        return list
            + Markup.text(
                " \(verb) too few examples to judge: listed without rates, which says nothing about whether the model treats "
                    + (seen.count == 1 ? "it fairly." : "them fairly."))
    }

    /// The overview's finding: the worst significant gap over every attribute and model, or
    /// that no gap is significant.
    static func finding(_ site: Site) -> Finding? {
        guard !site.fairness.isEmpty else { return nil }
        var all: [Item] = []
        for attribute in site.fairness {
            for entry in attribute.entries { all += items(site, attribute, entry) }
        }
        let significant = all.filter { isSignificant($0.gap) }.enumerated().sorted { a, b in
            precedes(a.element, b.element) ? true : precedes(b.element, a.element) ? false : a.offset < b.offset
        }.map(\.element)
        let several = site.results.models.count > 1 || Set(all.map(\.model)).count > 1
        guard let worst = significant.first else {
            let names = site.fairness.map(\.name)
            let decision =
                site.results.task == .multiclass
                ? "the predicted class" : "threshold \(Formatting.threshold(site.results.threshold))"
            var sentence = Markup.text("No gap between groups is significant at \(decision) on ")
            for (index, name) in names.enumerated() {
                if index > 0 { sentence = sentence + Markup.text(index == names.count - 1 ? " or " : ", ") }
                sentence = sentence + Markup.strong(name)
            }
            sentence = sentence + Markup.text(".")
            let tooSmall = site.fairness.compactMap { tooSmallCount(site, $0) }.reduce(0, +)
            if tooSmall > 0 {
                sentence =
                    sentence
                    + Markup.text(
                        tooSmall == 1
                            ? " 1 group has too few examples to judge." : " \(tooSmall) groups have too few examples to judge.")
            }
            return Finding(
                kind: .reassurance, sentence: sentence, href: "fairness.html", linkText: "fairness page", concern: false)
        }
        var sentence = self.sentence(
            worst, model: several ? worst.model : nil, groupLabel: "\(worst.attribute) = \(worst.group.group)")
        let more = significant.count - 1
        if more > 0 {
            sentence =
                sentence
                + Markup.text(
                    more == 1
                        ? " 1 more gap between groups is significant." : " \(more) more gaps between groups are significant.")
        }
        return Finding(
            kind: .fairnessGap, sentence: sentence, href: worst.href, linkText: "fairness table", concern: true,
            model: worst.model)
    }

    /// Each group's size and whether it is too small to judge, at the decision.
    static func sizes(_ site: Site, _ result: FairnessResult) -> [(group: String, count: Int, tooSmall: Bool)] {
        if let accuracy = result.accuracy { return accuracy.map { ($0.group, $0.count, $0.tooSmall) } }
        return decisionThreshold(result, threshold: site.results.threshold)?.groups.map { ($0.group, $0.count, $0.tooSmall) }
            ?? []
    }

    private static func tooSmallCount(_ site: Site, _ attribute: FairnessAttribute) -> Int? {
        var groups: Set<String> = []
        for entry in attribute.entries {
            groups.formUnion(sizes(site, entry.result).filter(\.tooSmall).map(\.group))
        }
        return groups.count
    }
}
