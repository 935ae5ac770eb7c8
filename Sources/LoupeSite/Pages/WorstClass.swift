import LoupeMarkup
import LoupeResults

/// A multiclass slice's worst class for one model: the class whose recall in the slice falls
/// furthest below its recall on all rows ("in ink = light, class 3 recall drops to 0.51"). It
/// picks among the results' numbers; the slice's recall interval comes with it.
struct WorstClass {
    let className: String
    /// The class's recall in the slice, with its interval.
    let recall: Metric
    /// The class's recall on all rows.
    let overall: Double

    /// How far the slice's recall is below overall (positive: below).
    var drop: Double { overall - (recall.value ?? overall) }

    /// Whether the slice's whole recall interval lies below the overall recall.
    var intervalBelow: Bool { recall.upper.map { $0 < overall } ?? false }

    /// The class with the largest drop (the first in class order on ties); `nil` when no class
    /// has a recall below its overall one, or the results hold no per-class metrics.
    static func of(_ slice: SliceResult, model: String, in site: Site) -> WorstClass? {
        guard let overall = site.results.multiclass?[model], let perClass = slice.perClass[model] else { return nil }
        var worst: WorstClass?
        for metrics in perClass {
            guard let recall = metrics.metrics["recall"], let value = recall.value,
                let overallRecall = overall.metrics(of: metrics.className)?.metrics["recall"]?.value, value < overallRecall
            else { continue }
            let candidate = WorstClass(className: metrics.className, recall: recall, overall: overallRecall)
            if worst.map({ candidate.drop > $0.drop }) ?? true { worst = candidate }
        }
        return worst
    }

    /// "class 3 recall drops to 0.512 (0.441–0.583) from 0.733 overall".
    var phrase: String {
        let interval = Formatting.interval(recall).map { " \($0)" } ?? ""
        return
            "class \(className) recall drops to \(Formatting.decimal(recall.value ?? overall))\(interval) from \(Formatting.decimal(overall)) overall"
    }

    /// The table cell: the class and its slice recall with interval, the overall recall under
    /// it; flagged when the interval lies below overall.
    var cell: Table.Cell {
        var content = Markup.strong(className) + HTML(escaping: ": \(Formatting.decimal(recall.value ?? overall))")
        if let interval = Formatting.interval(recall) {
            content = content + HTML(trusted: "<span class=\"ci\">\(HTML.escape(interval))</span>")
        }
        content = content + Markup.sub("overall \(Formatting.decimal(overall))")
        return Table.Cell(content: content, numeric: true, flag: intervalBelow, sortValue: Formatting.exact(-drop))
    }
}
