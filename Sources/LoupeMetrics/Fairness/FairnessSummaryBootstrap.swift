import LoupeResults

/// Intervals for Fairlearn's summary metrics (`FairnessSummary`), and the paired comparison of two
/// models' summaries on the same rows, by a seeded Poisson bootstrap on confusion cells.
///
/// The summaries are functions of each group's confusion cells at a threshold, so the bootstrap
/// draws cells, not rows: under the Poisson bootstrap a cell of `n` unweighted rows receives a
/// Poisson(n) total multiplicity, exactly what drawing each row's Poisson(1) would give. With
/// weights a cell of weight W and Kish effective size n = W²/ΣW² receives W·Poisson(n)/n, which
/// has the right mean and variance (an approximation: the rows' own weights are not kept apart).
/// Groups are drawn independently, as rows are. Each replicate recomputes the summaries;
/// the interval is the bias-corrected percentile interval (`Intervals.biasCorrected`) centred on
/// the exact value, as for the other bootstrap intervals.
///
/// For two models the cells are joint — (label, model A's decision, model B's decision), eight
/// per group — and one draw serves both, so the replicate differences A − B are paired; the
/// interval and two-sided p-value come from `PairedBootstrap.difference`.
public enum FairnessSummaryBootstrap {
    /// One cell's total weight and total squared weight.
    public struct Cell: Sendable, Equatable {
        public var weight: Double
        public var squaredWeight: Double

        public init(weight: Double = 0, squaredWeight: Double = 0) {
            self.weight = weight
            self.squaredWeight = squaredWeight
        }
    }

    /// A cell's sampler: the scale W/n and Poisson(n), n = W²/ΣW² (`nil` for an empty cell).
    struct CellDraw {
        var scale: Double
        var sampler: PoissonSampler?

        init(_ cell: Cell) {
            if cell.weight > 0, cell.squaredWeight > 0 {
                let n = cell.weight * cell.weight / cell.squaredWeight
                scale = cell.weight / n
                sampler = PoissonSampler(lambda: n)
            } else {
                scale = 0
                sampler = nil
            }
        }

        func draw(_ rng: inout SplitMix64) -> Double {
            guard let sampler else { return 0 }
            return scale * sampler.draw(&rng)
        }
    }

    /// The summary from each group's four cells, in `2·label + predicted` order (TN, FP, FN, TP).
    static func summary(_ groups: [[Double]]) -> MetricSet {
        var selection: [Double?] = [], tpr: [Double?] = [], fpr: [Double?] = []
        for c in groups {
            let all = c[0] + c[1] + c[2] + c[3]
            selection.append(all > 0 ? (c[1] + c[3]) / all : nil)
            tpr.append(c[2] + c[3] > 0 ? c[3] / (c[2] + c[3]) : nil)
            fpr.append(c[0] + c[1] > 0 ? c[1] / (c[0] + c[1]) : nil)
        }
        return FairnessSummary.metrics(selectionRates: selection, truePositiveRates: tpr, falsePositiveRates: fpr)
    }

    /// `estimate` (the summary metrics of the given groups, each its four cells TN, FP, FN, TP)
    /// with bootstrap intervals; without replicates, `estimate` unchanged.
    public static func withIntervals(
        _ estimate: MetricSet, groups: [[Cell]], replicates: Int, seed: UInt64, confidence: Double
    ) -> MetricSet {
        guard replicates > 0, !groups.isEmpty else { return estimate }
        let draws = groups.map { $0.map(CellDraw.init) }
        var rng = SplitMix64(seed: seed)
        var samples: [String: [Double]] = [:]
        for _ in 0..<replicates {
            let replicate = summary(draws.map { group in group.map { $0.draw(&rng) } })
            for name in FairnessSummary.metricNames { samples[name, default: []].append(replicate[name]?.value ?? .nan) }
        }
        var out = estimate
        for (name, metric) in estimate {
            guard let value = metric.value, let replicates = samples[name],
                let ci = Intervals.biasCorrected(replicates: replicates, estimate: value, confidence: confidence)
            else { continue }
            out[name] = Metric(value, lower: ci.lower, upper: ci.upper)
        }
        return out
    }

    /// Model A's summary metrics minus model B's at one threshold, paired, over the groups whose
    /// code is `eligible` (the caller leaves out the too-small ones, as the summaries do).
    /// - Parameters:
    ///   - groups: per row a code in `0..<groupCount`, or a larger code for a row in no group.
    /// - Returns: metric → difference (only metrics defined for both models).
    public static func paired(
        labels: [UInt8], scoresA: [Double], scoresB: [Double], weights: [Double]?, groups: [UInt32], groupCount: Int,
        eligible: [Bool], threshold: Double, replicates: Int, seed: UInt64, confidence: Double
    ) -> [String: PairedDifference] {
        // cells[g][4·label + 2·decisionA + decisionB]
        var cells = [[Cell]](repeating: [Cell](repeating: Cell(), count: 8), count: groupCount)
        for i in labels.indices {
            let g = Int(groups[i])
            guard g < groupCount, eligible[g] else { continue }
            let w = weights?[i] ?? 1
            let k = 4 * (labels[i] != 0 ? 1 : 0) + 2 * (scoresA[i] >= threshold ? 1 : 0) + (scoresB[i] >= threshold ? 1 : 0)
            cells[g][k].weight += w
            cells[g][k].squaredWeight += w * w
        }
        let kept = (0..<groupCount).filter { eligible[$0] }
        // Model m's four cells (TN, FP, FN, TP) from the eight joint ones.
        func marginal(_ joint: [Double], model m: Int) -> [Double] {
            var c = [0.0, 0, 0, 0]
            for k in 0..<8 {
                let label = k >> 2, decision = m == 0 ? (k >> 1) & 1 : k & 1
                c[2 * label + decision] += joint[k]
            }
            return c
        }
        func both(_ joint: [[Double]]) -> (MetricSet, MetricSet) {
            (summary(joint.map { marginal($0, model: 0) }), summary(joint.map { marginal($0, model: 1) }))
        }
        let (a, b) = both(kept.map { g in cells[g].map(\.weight) })
        var samples: [String: [Double]] = [:]
        if replicates > 0, !kept.isEmpty {
            let draws = kept.map { g in cells[g].map(CellDraw.init) }
            var rng = SplitMix64(seed: seed)
            for _ in 0..<replicates {
                let (ra, rb) = both(draws.map { group in group.map { $0.draw(&rng) } })
                for name in FairnessSummary.metricNames {
                    if let x = ra[name]?.value, let y = rb[name]?.value {
                        samples[name, default: []].append(x - y)
                    } else {
                        samples[name, default: []].append(.nan)
                    }
                }
            }
        }
        var out: [String: PairedDifference] = [:]
        for name in FairnessSummary.metricNames {
            guard let x = a[name]?.value, let y = b[name]?.value else { continue }
            out[name] = PairedBootstrap.difference(x - y, replicates: samples[name] ?? [], confidence: confidence)
        }
        return out
    }

    /// `better` / `worse` for model A when the interval excludes 0 (a difference metric is better
    /// smaller, a ratio larger), `no_significant_difference` when it contains 0, `not_tested`
    /// without one.
    public static func verdict(metric: String, lower: Double?, upper: Double?) -> String {
        guard let lower, let upper else { return "not_tested" }
        let higherIsBetter = metric.hasSuffix("_ratio")
        if lower > 0 { return higherIsBetter ? "better" : "worse" }
        if upper < 0 { return higherIsBetter ? "worse" : "better" }
        return "no_significant_difference"
    }
}
