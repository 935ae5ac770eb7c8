/// A candidate against a baseline on the same rows, for every metric that is a function of sums:
/// a paired, seeded Poisson bootstrap on cells (`PairedCells`), and McNemar's test for accuracy
/// from the same cell totals.
///
/// Per cell the sums of both models are kept side by side (binary, at the threshold: weighted
/// TN/FP/FN/TP, Σw·log-loss, Σw·(s − y)², Σw·s and the 10 calibration bins' Σw·(y − s) for each
/// model, with Σw, Σw², the discordant weights and the weight of rows whose decision flips;
/// regression: Σw, Σw², Σw·y, Σw·y², rows, and per model Σw·e², Σw·e, Σw·e² of the shifted residual,
/// Σw·|e|, Σw·|e|/max(|y|, ε)). A replicate gives every cell of a group a Poisson(1) multiplicity
/// — the same for both models — and recomputes both models' metrics from the reweighted sums;
/// the replicate differences candidate − baseline give
/// * the interval: percentile, corrected for the bootstrap's estimate of bias
///   (`Intervals.biasCorrected`, as the one-model intervals), centred on the exact difference;
/// * the two-sided p-value 2·min(share ≤ 0, share ≥ 0) of those (bias-shifted) replicate
///   differences, at most 1; with R replicates the smallest p that can show is 0, read "< 1/R".
/// Metrics that are not functions of sums (average_precision, median_absolute_error, max_error)
/// are not here: the caller reports their difference without interval. Each group draws from its
/// own SplitMix64 stream (`BinaryEvaluator.streamSeed` of `options.seed`, the grouping's position
/// in the call and the group), so results are reproducible and do not depend on threading.
public enum PairedBootstrap {
    /// One group (or the whole data) of one pairing.
    public struct GroupComparison: Sendable, Equatable {
        public var rows: Int
        /// Metric → difference; metrics undefined for either model are left out.
        public var differences: [String: PairedDifference]
        /// Binary: the (weighted) share of rows whose decision at the threshold differs.
        public var flipRate: Double?
    }

    /// The order of the metrics the binary and regression lane sums yield (`MetricRegistry` says
    /// which metrics are compared by this bootstrap; a test keeps the two in step).
    static let binaryMetrics = [
        "precision", "recall", "f1", "fpr", "fnr", "tnr", "selection_rate", "balanced_accuracy", "mcc", "log_loss",
        "brier", "mean_prediction", "ece",
    ]
    static let regressionMetrics = ["mse", "rmse", "mae", "mape", "r2", "explained_variance", "residual_std"]

    /// Binary lanes: shared, then 7 per model from `modelBase(m)`, then the calibration bins of
    /// both models side by side (`calibration(bin, model)`): a row touches few cache lines of its
    /// cell, and correlated models mostly share a bin's line.
    enum BinaryLane {
        static let weight = 0, squaredWeight = 1, candidateOnlyRight = 2, baselineOnlyRight = 3, flips = 4
        static let perModel = 7
        static func modelBase(_ m: Int) -> Int { 5 + m * perModel }
        /// Within a model's lanes (after the four confusion cells, `2·label + predicted`).
        static let logLoss = 4, brier = 5, score = 6
        @inline(__always) static func calibration(_ bin: Int, _ m: Int) -> Int { 5 + 2 * perModel + 2 * bin + m }
        static let count = 5 + 2 * perModel + 20
    }

    /// Regression lanes: shared, then 5 per model from `modelBase(m)`.
    enum RegressionLane {
        static let weight = 0, squaredWeight = 1, label = 2, squaredLabel = 3, rows = 4
        static let perModel = 5
        static let count = 5 + 2 * perModel
        static func modelBase(_ m: Int) -> Int { 5 + m * perModel }
        static let squaredError = 0, residual = 1, squaredResidual = 2, absoluteError = 3, percentageError = 4
    }

    /// The cells' seed: one assignment of rows to cells for every grouping and pairing.
    static func cellSeed(_ seed: UInt64) -> UInt64 {
        var g = SplitMix64(seed: seed ^ 0x5EED_CE11_9A12_ED00)
        return g.next()
    }

    /// Every group of every grouping (`nil`: all rows as one group), `nil` for a group of fewer
    /// than `options.minGroupSize` rows; one pass over the rows for all of them.
    public static func binary(
        labels: [UInt8], candidate: [Double], baseline: [Double], weights: [Double]?, groupings: [Grouping?],
        options: EvaluationOptions
    ) -> [[GroupComparison?]] {
        typealias L = BinaryLane
        let threshold = options.threshold
        let cells = labels.withUnsafeBufferPointer { lb in
            candidate.withUnsafeBufferPointer { ca in
                baseline.withUnsafeBufferPointer { ba in
                    PairedCells(lanes: L.count, rowCount: lb.count, groupings: groupings, seed: cellSeed(options.seed)) {
                        i, terms in
                        let y = lb[i] != 0 ? 1 : 0
                        let w = weights?[i] ?? 1
                        let sa = ca[i], sb = ba[i]
                        let pa = sa >= threshold ? 1 : 0, pb = sb >= threshold ? 1 : 0
                        terms.add(L.weight, w)
                        terms.add(L.squaredWeight, w * w)
                        if pa != pb {
                            terms.add(L.flips, w)
                            terms.add(pa == y ? L.candidateOnlyRight : L.baselineOnlyRight, w)
                        }
                        @inline(__always) func add(_ m: Int, score s: Double, predicted p: Int) {
                            let b = L.modelBase(m)
                            terms.add(b + 2 * y + p, w)
                            terms.add(b + L.logLoss, w * BinaryMetrics.logLossTerm(label: UInt8(y), score: s))
                            let d = s - Double(y)
                            terms.add(b + L.brier, w * d * d)
                            terms.add(b + L.score, w * s)
                            terms.add(L.calibration(BinaryMetrics.calibrationBin(s), m), -w * d)
                        }
                        add(0, score: sa, predicted: pa)
                        add(1, score: sb, predicted: pb)
                    }
                }
            }
        }
        return compare(cells, names: binaryMetrics, options: options) { sums, m in
            binaryValues(sums, model: m)
        } extra: { total in
            var extra: [String: PairedDifference] = [:]
            extra["accuracy"] = McNemar.compare(
                b: total[L.candidateOnlyRight], c: total[L.baselineOnlyRight], total: total[L.weight],
                squaredTotal: total[L.squaredWeight], weighted: weights != nil, confidence: options.confidence)
            let flip = total[L.weight] > 0 ? total[L.flips] / total[L.weight] : nil
            return (extra, flip)
        }
    }

    /// The binary metrics of model `m` from lane sums, in `binaryMetrics` order.
    static func binaryValues(_ s: [Double], model m: Int) -> [Double?] {
        typealias L = BinaryLane
        let b = L.modelBase(m), w = s[L.weight]
        let c = ConfusionCounts(
            truePositives: s[b + 3], falsePositives: s[b + 1], trueNegatives: s[b], falseNegatives: s[b + 2])
        func mean(_ lane: Int) -> Double? { w > 0 ? s[b + lane] / w : nil }
        var gap = 0.0
        for bin in 0..<10 { gap += s[L.calibration(bin, m)].magnitude }
        return [
            c.precision, c.recall, c.f1, c.falsePositiveRate, c.falseNegativeRate, c.trueNegativeRate, c.selectionRate,
            c.balancedAccuracy, c.matthewsCorrelation, mean(L.logLoss), mean(L.brier), mean(L.score),
            w > 0 ? gap / w : nil,
        ]
    }

    /// Every group of every grouping for two regression models (see `binary`); labels and
    /// predictions finite, rows in the evaluation's order.
    public static func regression(
        labels: [Double], candidate: [Double], baseline: [Double], weights: [Double]?, groupings: [Grouping?],
        options: EvaluationOptions
    ) -> [[GroupComparison?]] {
        typealias L = RegressionLane
        // Shifts (the first row's label and residuals) keep the one-pass spreads accurate when the
        // values sit far from zero (see `RegressionPass`); spreads do not depend on them.
        let shiftLabel = labels.first ?? 0
        let shiftCandidate = shiftLabel - (candidate.first ?? 0), shiftBaseline = shiftLabel - (baseline.first ?? 0)
        let cells = PairedCells(
            lanes: L.count, rowCount: labels.count, groupings: groupings, seed: cellSeed(options.seed)
        ) { i, terms in
            let y = labels[i], w = weights?[i] ?? 1
            let ys = y - shiftLabel
            terms.add(L.weight, w)
            terms.add(L.squaredWeight, w * w)
            terms.add(L.label, w * ys)
            terms.add(L.squaredLabel, w * ys * ys)
            terms.add(L.rows, 1)
            let scale = max(y.magnitude, Double.ulpOfOne)
            @inline(__always) func add(_ b: Int, prediction: Double, shift: Double) {
                let e = y - prediction, es = e - shift
                terms.add(b + L.squaredError, w * e * e)
                terms.add(b + L.residual, w * es)
                terms.add(b + L.squaredResidual, w * es * es)
                terms.add(b + L.absoluteError, w * e.magnitude)
                terms.add(b + L.percentageError, w * e.magnitude / scale)
            }
            add(L.modelBase(0), prediction: candidate[i], shift: shiftCandidate)
            add(L.modelBase(1), prediction: baseline[i], shift: shiftBaseline)
        }
        return compare(cells, names: regressionMetrics, options: options) { sums, m in
            regressionValues(sums, model: m)
        } extra: { _ in
            ([:], nil)
        }
    }

    /// The regression metrics of model `m` from lane sums, in `regressionMetrics` order.
    static func regressionValues(_ s: [Double], model m: Int) -> [Double?] {
        typealias L = RegressionLane
        let b = L.modelBase(m), w = s[L.weight]
        guard w > 0 else { return [Double?](repeating: nil, count: regressionMetrics.count) }
        let mse = s[b + L.squaredError] / w
        let smooth = RegressionEvaluator.smoothMetrics(
            SIMD8(
                w, s[L.squaredWeight], s[L.label], s[L.squaredLabel], s[b + L.squaredError], s[b + L.residual],
                s[b + L.squaredResidual], s[L.rows]))
        return [
            mse, mse.squareRoot(), s[b + L.absoluteError] / w, s[b + L.percentageError] / w, smooth.r2,
            smooth.explainedVariance, smooth.residualStd,
        ]
    }

    /// Point differences from the groups' totals and intervals from their replicates, per slot
    /// and group.
    static func compare(
        _ cells: PairedCells, names: [String], options: EvaluationOptions, values: ([Double], Int) -> [Double?],
        extra: ([Double]) -> (differences: [String: PairedDifference], flipRate: Double?)
    ) -> [[GroupComparison?]] {
        let minimum = max(1, options.minGroupSize)
        return cells.groupCounts.indices.map { s in
            (0..<cells.groupCounts[s]).map { g -> GroupComparison? in
                let global = cells.slotBase[s] + g
                let rows = cells.rowCounts[global]
                guard rows >= minimum else { return nil }
                let total = cells.total(global)
                let a = values(total, 0), b = values(total, 1)
                var replicates: [[Double]] = names.map { _ in [] }
                if options.bootstrapReplicates > 0 {
                    let seed = BinaryEvaluator.streamSeed(options.seed ^ 0xD1FF_0000_0000_0000, grouping: s, group: g)
                    let draws = cells.replicates(global, count: options.bootstrapReplicates, seed: seed) { sums in
                        zip(values(sums, 0), values(sums, 1)).map { x, y -> Double in
                            guard let x, let y else { return .nan }
                            return x - y
                        }
                    }
                    for r in draws {
                        for j in names.indices { replicates[j].append(r[j]) }
                    }
                }
                var (differences, flipRate) = extra(total)
                for (j, name) in names.enumerated() {
                    guard let x = a[j], let y = b[j] else { continue }
                    differences[name] = difference(x - y, replicates: replicates[j], confidence: options.confidence)
                }
                return GroupComparison(rows: rows, differences: differences, flipRate: flipRate)
            }
        }
    }

    /// The exact difference `d` with the bias-corrected percentile interval and the bootstrap
    /// p-value of the replicate differences (NaN = undefined in a replicate, left out).
    static func difference(_ d: Double, replicates: [Double], confidence: Double) -> PairedDifference {
        let defined = replicates.filter { $0.isFinite }
        guard let ci = Intervals.biasCorrected(replicates: defined, estimate: d, confidence: confidence) else {
            return PairedDifference(difference: d, lower: nil, upper: nil, pValue: nil, method: "paired_bootstrap")
        }
        let shift = d - defined.reduce(0, +) / Double(defined.count)
        var atOrBelow = 0, atOrAbove = 0
        for r in defined {
            if r + shift <= 0 { atOrBelow += 1 }
            if r + shift >= 0 { atOrAbove += 1 }
        }
        let p = min(1, 2 * Double(min(atOrBelow, atOrAbove)) / Double(defined.count))
        return PairedDifference(difference: d, lower: ci.lower, upper: ci.upper, pValue: p, method: "paired_bootstrap")
    }
}
