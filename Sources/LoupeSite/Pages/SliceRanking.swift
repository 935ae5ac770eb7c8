import LoupeResults

/// The order of slices wherever they are ranked (the slices page, the overview's weakest slices,
/// the Markdown summary): by the evidence that a slice is worse than the model's overall value,
/// not by the point estimate, which puts tiny slices with wide intervals first.
///
/// A gap's *worse bound* is the end of its interval nearest to "no gap", oriented so that a
/// positive value means worse: for ROC AUC (higher is better) the negated upper bound of
/// slice − overall, for RMSE the lower bound. It is positive exactly when the gap is significantly
/// worse, and larger when the shortfall is both large and sure.
enum SliceRanking {
    /// `nil` without an interval or for a metric with no better direction.
    static func worseBound(_ gap: SliceGap?) -> Double? {
        guard let gap, let higherIsBetter = MetricRegistry.higherIsBetter(gap.metric), let lower = gap.difference.lower,
            let upper = gap.difference.upper
        else { return nil }
        return higherIsBetter ? -upper : lower
    }

    /// The slice's rank key over `models`: the largest worse bound (slices without one after all
    /// that have one), then the largest point shortfall.
    static func key(_ slice: SliceResult, models: [String]) -> (bound: Double, worse: Double) {
        let bound = models.compactMap { worseBound(slice.gap[$0]) }.max() ?? -Double.infinity
        let worse = models.compactMap { slice.gap[$0]?.worse }.max() ?? -Double.infinity
        return (bound, worse)
    }

    /// Whether `a` ranks before `b` (ties keep the caller's order).
    static func precedes(_ a: (bound: Double, worse: Double), _ b: (bound: Double, worse: Double)) -> Bool {
        a.bound != b.bound ? a.bound > b.bound : a.worse > b.worse
    }

    /// `slices` weakest first, stable.
    static func ordered(_ slices: [SliceResult], models: [String]) -> [SliceResult] {
        let keyed = slices.enumerated().map { ($0.offset, $0.element, key($0.element, models: models)) }
        return keyed.sorted { a, b in
            precedes(a.2, b.2) ? true : precedes(b.2, a.2) ? false : a.0 < b.0
        }.map(\.1)
    }

    /// The sentence that says how the order was made, for the pages that rank.
    static func explanation(_ site: Site) -> String {
        "Ranked by how surely each slice falls below the model's overall \(site.rankName) (for any model): by the end of the gap's \(site.confidence) interval nearest zero, so a slice comes first when its shortfall is large even at the favourable end of its interval; a small slice with a wide interval ranks below a sure one."
    }
}
