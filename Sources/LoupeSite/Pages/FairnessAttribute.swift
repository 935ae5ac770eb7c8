import LoupeResults

/// One sensitive attribute's fairness results, one per model, with what every page needs to
/// point at them: the section anchors on fairness.html and a colour per group.
///
/// Anchors are `fairness-<attribute>`, `…--<model>` per model and `…--<group>--<rate>` per gap
/// row; slugs never hold `--` or `_`, so these never collide, and the page's own ids
/// (`summary`, `…_title`, `…_summary`) cannot collide with them either.
struct FairnessAttribute {
    /// One model's analysis of the attribute and the anchor of its block.
    struct Entry {
        var result: FairnessResult
        var anchor: String
    }

    var name: String
    var anchor: String
    /// In `results.models` order; results of models not listed there are not shown, as they
    /// get no page or column anywhere else.
    var entries: [Entry]
    /// The reference group first, then the others in the order the results first name them;
    /// a group's palette index is its position here, on every chart of the attribute.
    var groups: [String]

    func colorIndex(_ group: String) -> Int { groups.firstIndex(of: group) ?? 0 }

    /// Groups the results of the listed models by attribute (first-seen order). A repeated
    /// (attribute, model) pair keeps its first result.
    static func grouped(_ fairness: [FairnessResult], models: [String], modelSlugs: [String: String]) -> [FairnessAttribute] {
        var names: [String] = []
        var byName: [String: [FairnessResult]] = [:]
        for result in fairness where modelSlugs[result.model] != nil {
            if byName[result.attribute] == nil { names.append(result.attribute) }
            if byName[result.attribute, default: []].contains(where: { $0.model == result.model }) { continue }
            byName[result.attribute, default: []].append(result)
        }
        let anchors = Slug.unique(names, fallback: "attribute")
        return names.enumerated().map { index, name in
            let anchor = "fairness-" + anchors[index]
            let results = (byName[name] ?? []).sorted {
                (models.firstIndex(of: $0.model) ?? Int.max) < (models.firstIndex(of: $1.model) ?? Int.max)
            }
            let entries = results.map { Entry(result: $0, anchor: anchor + "--" + (modelSlugs[$0.model] ?? "model")) }
            var groups: [String] = []
            for result in results {
                let named =
                    [result.reference] + result.groups.map(\.group) + result.thresholds.flatMap { $0.groups.map(\.group) }
                    + (result.accuracy ?? []).map(\.group)
                for group in named where !groups.contains(group) { groups.append(group) }
            }
            return FairnessAttribute(name: name, anchor: anchor, entries: entries, groups: groups)
        }
    }
}
