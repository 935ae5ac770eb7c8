import LoupeResults

/// One group's binary statistics in a form that merges (`MergeableState`): the state of two
/// disjoint sets of rows, merged, is the state of their union, and every binary metric with its
/// Wilson, DeLong and normal interval follows from it exactly as from `DescendingPass`.
///
/// It holds
/// * `cells`: per label × predicted class (index 2·label + predicted, predicted = score ≥
///   threshold), the weighted moments (w, w², ws, ws², wℓ, wℓ², wb, wb², see
///   `RunClosing.unitTerms`) as compensated sums, and the row counts;
/// * `calibration`: the same per calibration bin × label (index 2·bin + label);
/// * `runs`: the score-to-weight map as runs of equal score, sorted by descending score.
///
/// Merging adds the counts (exact), the compensated moments (equal to one pass's sums up to
/// rounding) and merges the run lists, adding the entries of equal scores (their row counts
/// exactly, their weights exactly for unit or integer weights). Merging is associative and
/// commutative; both states must share the threshold. The AUC, DeLong and average-precision sums
/// are not kept: they depend on the rows above each run, so `slotTotals(binCap:)` recomputes them
/// by walking the runs from the top with `RunClosing`, and pools the bootstrap bins with
/// `BootstrapBinPool`, the same arithmetic `DescendingPass` applies to the sorted rows.
struct BinaryGroupState: MergeableState, Sendable {
    /// The rows of one score: counts and summed weights by label (weights = counts when unweighted).
    struct Run: Sendable, Equatable {
        var score: Double
        var positiveRows = 0, negativeRows = 0
        var positiveWeight = 0.0, negativeWeight = 0.0
    }

    let threshold: Double
    var cells = [CompensatedSum8](repeating: CompensatedSum8(), count: 4)
    var cellCounts = [Int](repeating: 0, count: 4)
    var calibration = [CompensatedSum8](repeating: CompensatedSum8(), count: 20)
    var calibrationCounts = [Int](repeating: 0, count: 20)
    /// Descending by score, one entry per distinct score (−0 and +0 are one score).
    var runs: [Run] = []

    /// The state over no rows (the identity of `merge`).
    init(threshold: Double) {
        self.threshold = threshold
    }

    /// The state over the rows of `data`.
    init(_ data: BinaryData, threshold: Double) {
        self.init(threshold: threshold)
        let (keys, order) = RadixSort.argsort(data.scores)
        // From the top down, as `DescendingPass` walks: a run's rows in descending row order.
        var k = keys.count - 1
        while k >= 0 {
            let key = keys[k]
            let score = RadixSort.value(ofKey: key)
            let predicted = score >= threshold ? 1 : 0
            let bin = BinaryMetrics.calibrationBin(score)
            var run = Run(score: score)
            while k >= 0 && keys[k] == key {
                let i = Int(order[k])
                let label = data.labels[i] != 0 ? 1 : 0
                let terms = RunClosing.unitTerms(score: score, label: label)
                var m = terms
                if let weights = data.weights {
                    m = RunClosing.weighted(terms, weight: weights[i], score: score)
                }
                cells[2 * label + predicted].add(m)
                cellCounts[2 * label + predicted] += 1
                calibration[2 * bin + label].add(m)
                calibrationCounts[2 * bin + label] += 1
                if label == 1 {
                    run.positiveRows += 1
                    run.positiveWeight += m[0]
                } else {
                    run.negativeRows += 1
                    run.negativeWeight += m[0]
                }
                k -= 1
            }
            if data.weights == nil {
                run.positiveWeight = Double(run.positiveRows)
                run.negativeWeight = Double(run.negativeRows)
            }
            runs.append(run)
        }
    }

    /// Rows in the state.
    var count: Int { cellCounts.reduce(0, +) }

    mutating func merge(_ other: BinaryGroupState) {
        precondition(
            threshold == other.threshold || (threshold.isNaN && other.threshold.isNaN),
            "merged states must share the threshold")
        for c in 0..<4 {
            cells[c].merge(other.cells[c])
            cellCounts[c] += other.cellCounts[c]
        }
        for b in 0..<20 {
            calibration[b].merge(other.calibration[b])
            calibrationCounts[b] += other.calibrationCounts[b]
        }
        runs = Self.merged(runs, other.runs)
    }

    /// Two descending run lists as one, the runs of equal scores combined.
    static func merged(_ a: [Run], _ b: [Run]) -> [Run] {
        SortedMerge.merged(a, b, precedes: { $0.score > $1.score }) { x, y in
            var run = x
            run.positiveRows += y.positiveRows
            run.negativeRows += y.negativeRows
            run.positiveWeight += y.positiveWeight
            run.negativeWeight += y.negativeWeight
            return run
        }
    }

    /// The totals `BinaryEvaluator.assemble` reads, with the ranking sums and the bootstrap bins
    /// (at most `binCap`) from a walk over the runs from the highest score down. Each run's terms
    /// go into compensated sums, so they agree with `DescendingPass`'s block sums to rounding.
    func slotTotals(binCap: Int) -> DescendingPass.SlotTotals {
        var ranking = RunClosing()
        var a1 = CompensatedSum(), a2 = CompensatedSum(), b2 = CompensatedSum(), ap = CompensatedSum()
        var pool = BootstrapBinPool()
        var bins: [SIMD4<Double>] = []
        let cap = max(binCap, 2)
        for run in runs {
            let pr = run.positiveWeight, nr = run.negativeWeight
            let term = ranking.close(positives: pr, negatives: nr)
            ap.add(term[0] / term[1])
            a1.add(ranking.a1)
            a2.add(ranking.a2)
            b2.add(ranking.b2)
            (ranking.a1, ranking.a2, ranking.b2) = (0, 0, 0)
            if pool.isFull { pool.push(into: &bins, cap: cap) }
            pool.add(
                SIMD4(Double(run.positiveRows), Double(run.negativeRows), pr, nr),
                rows: run.positiveRows + run.negativeRows)
        }
        return DescendingPass.SlotTotals(
            cells: cells.map(\.value), cellCounts: cellCounts,
            calibration: calibration.map(\.value), calibrationCounts: calibrationCounts,
            a1: a1.value, a2: a2.value, b2: b2.value, ap: ap.value, bins: pool.finished(bins))
    }

    /// Every binary metric of the state, as `BinaryEvaluator` computes a slot's, drawing the
    /// bootstrap from the stream `seed` (`BinaryEvaluator.streamSeed` of the group).
    func metrics(options: EvaluationOptions, seed: UInt64) -> MetricSet {
        BinaryEvaluator.assemble(
            slotTotals(binCap: options.bootstrapBins), z: Intervals.criticalValue(confidence: options.confidence),
            options: options, seed: seed)
    }
}
