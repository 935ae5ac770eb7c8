import LoupeMarkup
import LoupeResults

/// A multiclass model's gaps: per class its one-vs-rest rates, and per group its accuracy.
extension FairnessStatements {
    /// The rates compared per class, in the order the page shows them.
    static let classRates = ["tpr", "fpr", "selection_rate"]

    /// Each group's accuracy as a `FairnessGroup` (`metrics.accuracy`, `gaps.accuracy`), so the
    /// accuracy gaps read like the rates'.
    static func accuracyGroups(_ result: FairnessResult) -> [FairnessGroup] {
        (result.accuracy ?? []).map {
            FairnessGroup(
                group: $0.group, count: $0.count, positives: $0.correct, tooSmall: $0.tooSmall,
                metrics: $0.tooSmall ? [:] : ["accuracy": $0.accuracy], gaps: $0.gap.map { ["accuracy": $0] } ?? [:])
        }
    }

    /// The gap row's anchor key of a class's rate (`c3-tpr`: the class's position, since class
    /// names need not make distinct slugs) or of accuracy.
    static func rateKey(classIndex: Int?, rate: String) -> String {
        classIndex.map { "c\($0)-\(rate)" } ?? rate
    }

    /// Every gap of a multiclass model on one attribute — each class's rates, then accuracy —
    /// worst first.
    static func multiclassItems(_ attribute: FairnessAttribute, _ entry: FairnessAttribute.Entry) -> [Item] {
        let result = entry.result
        var blocks: [(index: Int?, name: String?, groups: [FairnessGroup], rates: [String])] = []
        for (index, block) in (result.classes ?? []).enumerated() {
            blocks.append((index, block.className, block.groups, classRates))
        }
        blocks.append((nil, nil, accuracyGroups(result), ["accuracy"]))
        let slugs = FairnessPage.groupSlugs(accuracyGroups(result))
        var items: [Item] = []
        for block in blocks {
            let reference = block.groups.first { $0.group == result.reference }
            for group in block.groups where !group.tooSmall && group.group != result.reference {
                for rate in block.rates {
                    guard let gap = group.gaps[rate] else { continue }
                    let key = rateKey(classIndex: block.index, rate: rate)
                    items.append(
                        Item(
                            attribute: attribute.name, model: result.model, reference: result.reference, threshold: nil,
                            className: block.name, rate: rate, group: group, referenceGroup: reference, gap: gap,
                            href: "fairness.html#"
                                + FairnessPage.gapAnchor(entry, groupSlug: slugs[group.group] ?? "group", rate: key)))
                }
            }
        }
        return items.enumerated().sorted { a, b in
            precedes(a.element, b.element) ? true : precedes(b.element, a.element) ? false : a.offset < b.offset
        }.map(\.element)
    }
}
