extension PairedBootstrap {
    /// The multiclass metrics that are means of per-row terms, compared on random cells of rows
    /// (`PairedCells`, as the binary task's log loss): per cell Σw, Σw², and per model the sums of
    /// the log-loss terms −log(clip(p_y, ε, 1 − ε)), the Brier terms Σ_k (p_k − 1[y = k])² and,
    /// per top-label confidence bin, Σw·(1[argmax = y] − max p) — the terms of
    /// `MulticlassAccumulator`, so the point differences equal the evaluations'.
    static let multiclassMetrics = ["log_loss", "brier", "ece"]

    enum MulticlassLane {
        static let weight = 0, squaredWeight = 1
        static func logLoss(_ m: Int) -> Int { 2 + m }
        static func brier(_ m: Int) -> Int { 4 + m }
        @inline(__always) static func calibration(_ bin: Int, _ m: Int) -> Int { 6 + 2 * bin + m }
        static let count = 6 + 2 * MulticlassAccumulator.binCount
    }

    /// Every group of every grouping (`nil`: all rows as one group) for two multiclass models that
    /// both give probabilities; `nil` for a group of fewer than
    /// `options.minGroupSize` rows. One pass over the rows.
    public static func multiclass(
        labels: [Int32], classCount k: Int, candidate: ClassProbabilities, baseline: ClassProbabilities,
        weights: [Double]?,
        groupings: [Grouping?], options: EvaluationOptions
    ) -> [[GroupComparison?]] {
        typealias L = MulticlassLane
        let cells = candidate.withColumns { ca in
            baseline.withColumns { cb in
                labels.withUnsafeBufferPointer { labelBuffer in
                    // PairedCells asks for the rows in order.
                    var termsA = RowTermsCursor(ca, labels: labelBuffer, classCount: k)
                    var termsB = RowTermsCursor(cb, labels: labelBuffer, classCount: k)
                    defer {
                        termsA.deallocate()
                        termsB.deallocate()
                    }
                    return PairedCells(
                        lanes: L.count, rowCount: labels.count, groupings: groupings, seed: cellSeed(options.seed)
                    ) { i, terms in
                        let y = Int(labels[i]), w = weights?[i] ?? 1
                        terms.add(L.weight, w)
                        terms.add(L.squaredWeight, w * w)
                        @inline(__always) func add(_ m: Int, _ row: MulticlassAccumulator.RowTerms) {
                            terms.add(L.logLoss(m), w * row.loss)
                            terms.add(L.brier(m), w * row.brier)
                            terms.add(
                                L.calibration(BinaryMetrics.calibrationBin(row.best), m),
                                w * ((row.argmax == y ? 1 : 0) - row.best))
                        }
                        add(0, termsA.terms(row: i))
                        add(1, termsB.terms(row: i))
                    }
                }
            }
        }
        return compare(cells, names: multiclassMetrics, options: options) { sums, m in
            let w = sums[L.weight]
            guard w > 0 else { return [nil, nil, nil] }
            var gap = 0.0
            for bin in 0..<MulticlassAccumulator.binCount { gap += sums[L.calibration(bin, m)].magnitude }
            return [sums[L.logLoss(m)] / w, sums[L.brier(m)] / w, gap / w]
        } extra: { _ in
            ([:], nil)
        }
    }
}
