import LoupeResults

/// The exact threshold analysis behind `FairnessThresholdAnalysis`: one descending walk over the
/// rows sorted by score (`SortedRows`) that visits every candidate threshold.
///
/// **Candidates.** A threshold s predicts positive iff score >= s. The candidates are every
/// distinct score of the rows in some group, the next double above the largest score (nobody
/// selected), and the decision threshold d; any other threshold splits the rows as one of these
/// does.
///
/// **Choice.** Each quantity is minimised over the candidates; candidates whose values are equal
/// (within 10⁻¹² × max(1, |value|)) tie, and a tie goes to the candidate closest to d, then to the
/// smaller one. Between two of its own scores a group's rates do not change, so its choice among such a
/// stretch of candidates is decided by that rule alone.
///
/// * equal opportunity: the candidate minimising |TPR_g(s) − TPR_ref(d)| (`nil` when the group has
///   no positives or the reference no TPR at d);
/// * demographic parity: the candidate minimising |SR_g(s) − SR_ref(d)|;
/// * lowest cost: the candidate minimising cost_g(s) = FP_g(s) × costRatio + FN_g(s);
/// * single threshold: the candidate minimising Σ_g cost_g(s) over every group's rows.
///
/// Rates, counts and costs are weighted when weights are given (running sums compensated).
/// Rows in no group take no part. Groups marked ineligible (too small) get no thresholds of their
/// own; in the per-group total they keep the single threshold.
enum FairnessThresholdSearch {
    struct Outcome {
        var equalOpportunity: [Double?]
        var demographicParity: [Double?]
        var lowestCost: [Double?]
        var singleThreshold: Double
        var singleThresholdCost: Double
        var perGroupCost: Double
        var decisionThresholdCost: Double
    }

    /// The running minimum of one quantity, with the tie rule above.
    struct Best {
        let decision: Double
        var objective = Double.infinity
        var value: Double?

        mutating func offer(_ objective: Double, at candidate: Double) {
            guard objective.isFinite else { return }
            guard let current = value else {
                self.objective = objective
                value = candidate
                return
            }
            let tolerance = 1e-12 * max(max(1, objective.magnitude), self.objective.magnitude)
            if objective < self.objective - tolerance {
                self.objective = objective
                value = candidate
            } else if objective <= self.objective + tolerance {
                let d1 = (candidate - decision).magnitude, d0 = (current - decision).magnitude
                if d1 < d0 || (d1 == d0 && candidate < current) {
                    self.objective = min(objective, self.objective)
                    value = candidate
                }
            }
        }
    }

    /// A buffer of `count` copies of `value`, to be deallocated by the caller (trivial types only).
    static func buffer<T>(_ value: T, count: Int) -> UnsafeMutableBufferPointer<T> {
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
        b.initialize(repeating: value)
        return b
    }

    /// - Parameter sortedGroups: one of `scores.groups`, codes ≥ `groupCount` for no group.
    static func run(
        scores: SortedRows, sortedGroups: [UInt32], groupCount: Int, eligible: [Bool], tprTarget: Double?,
        selectionTarget: Double?, decision d: Double, costRatio: Double
    ) -> Outcome {
        // Unit weights make every running sum a count, exact in a double without compensation.
        func search<Sum: RunningSum>(_ sum: Sum.Type) -> Outcome {
            run(
                sum, scores: scores, sortedGroups: sortedGroups, groupCount: groupCount, eligible: eligible,
                tprTarget: tprTarget, selectionTarget: selectionTarget, decision: d, costRatio: costRatio)
        }
        return scores.weights == nil ? search(RowCount.self) : search(CompensatedSum.self)
    }

    static func run<Sum: RunningSum>(
        _: Sum.Type, scores: SortedRows, sortedGroups: [UInt32], groupCount: Int, eligible: [Bool], tprTarget: Double?,
        selectionTarget: Double?, decision d: Double, costRatio: Double
    ) -> Outcome {
        // Per group: running TP and FP weight, the totals, the three running minima, where the
        // group's current stretch of candidates began, and the run that last touched it.
        let tp = buffer(Sum(), count: groupCount), fp = buffer(Sum(), count: groupCount)
        let eo = buffer(Best(decision: d), count: groupCount), dp = buffer(Best(decision: d), count: groupCount)
        let lc = buffer(Best(decision: d), count: groupCount)
        let st = buffer(0.0, count: groupCount), sp = buffer(-1, count: groupCount)
        defer {
            for b in [tp, fp] { b.deallocate() }
            for b in [eo, dp, lc] { b.deallocate() }
            st.deallocate()
            sp.deallocate()
        }
        let g32 = UInt32(truncatingIfNeeded: groupCount)
        let n = scores.keys.count
        let (single, decisionCost, smallRest) = withSortedRows(scores, sortedGroups) {
            keys, gs, lb, weights -> (Best, Double, Double) in
            var single = Best(decision: d)
            var decisionCost = 0.0
            var smallRest = Sum()
            var totalPositive = [Sum](repeating: Sum(), count: groupCount)
            var totalNegative = totalPositive
            for k in 0..<n where gs[k] < g32 {
                let w = weights?[k] ?? 1
                if lb[k] != 0 { totalPositive[Int(gs[k])].add(w) } else { totalNegative[Int(gs[k])].add(w) }
            }
            let positives = totalPositive.map(\.value), negatives = totalNegative.map(\.value)
            var allPositive = Sum()
            for p in positives { allPositive.add(p) }
            var allTrue = Sum(), allFalse = Sum()

            // Closes group g's stretch [low, start], over which its rates are constant.
            func close(_ g: Int, low: Double) {
                guard eligible[g] else { return }
                let high = st[g]
                let candidate = d > high ? high : (d < low ? low : d)
                let t = tp[g].value, f = fp[g].value
                let p = positives[g], all = positives[g] + negatives[g]
                if let target = tprTarget, p > 0 { eo[g].offer((t / p - target).magnitude, at: candidate) }
                if let target = selectionTarget, all > 0 { dp[g].offer(((t + f) / all - target).magnitude, at: candidate) }
                lc[g].offer(f * costRatio + (p - t), at: candidate)
            }
            var last = 0.0
            var decisionVisited = false
            func visit(_ candidate: Double) {
                let cost = allFalse.value * costRatio + (allPositive.value - allTrue.value)
                single.offer(cost, at: candidate)
                if candidate == d {
                    decisionCost = cost
                    decisionVisited = true
                }
                last = candidate
            }

            var highest = n
            while highest > 0 && gs[highest - 1] >= g32 { highest -= 1 }
            let top = highest > 0 ? RadixSort.value(ofKey: keys[highest - 1]).nextUp : d
            if d > top { visit(d) }
            visit(top)
            for g in 0..<groupCount { st[g] = max(d, top) }
            var end = highest
            while end > 0 {
                let key = keys[end - 1]
                var begin = end - 1
                while begin > 0 && keys[begin - 1] == key { begin -= 1 }
                let s = RadixSort.value(ofKey: key)
                var grouped = false
                for k in begin..<end where gs[k] < g32 {
                    if !grouped {
                        grouped = true
                        if !decisionVisited && d > s { visit(d) }
                    }
                    let g = Int(gs[k])
                    if sp[g] != begin {
                        close(g, low: last)
                        st[g] = s
                        sp[g] = begin
                    }
                    let w = weights?[k] ?? 1
                    if lb[k] != 0 {
                        tp[g].add(w)
                        allTrue.add(w)
                    } else {
                        fp[g].add(w)
                        allFalse.add(w)
                    }
                }
                if grouped { visit(s) }
                end = begin
            }
            if !decisionVisited { visit(d) }
            for g in 0..<groupCount { close(g, low: last) }

            // Too-small groups at the single threshold, for the per-group total.
            if eligible.contains(false), let best = single.value {
                let from = scores.lowerBound(best)
                for k in 0..<n where gs[k] < g32 && !eligible[Int(gs[k])] {
                    let w = weights?[k] ?? 1
                    if lb[k] != 0 {
                        if k < from { smallRest.add(w) }
                    } else if k >= from {
                        smallRest.add(w * costRatio)
                    }
                }
            }
            return (single, decisionCost, smallRest.value)
        }
        var perGroup = CompensatedSum()
        for g in 0..<groupCount where eligible[g] { perGroup.add(lc[g].objective) }
        perGroup.add(smallRest)
        return Outcome(
            equalOpportunity: eo.map(\.value), demographicParity: dp.map(\.value), lowestCost: lc.map(\.value),
            singleThreshold: single.value ?? d, singleThresholdCost: single.objective, perGroupCost: perGroup.value,
            decisionThresholdCost: decisionCost)
    }

    /// Calls `body` with the sorted keys, group codes, labels and weights (`nil` when unweighted).
    static func withSortedRows<R>(
        _ scores: SortedRows, _ sortedGroups: [UInt32],
        _ body: (UnsafePointer<UInt64>, UnsafePointer<UInt32>, UnsafePointer<UInt8>, UnsafePointer<Double>?) -> R
    ) -> R {
        // With no rows, one-element stand-ins keep every base address non-nil (nothing is read).
        let empty = scores.keys.isEmpty
        let keys = empty ? [0] : scores.keys, groups = empty ? [0] : sortedGroups
        let labels = empty ? [0] : scores.labels
        return keys.withUnsafeBufferPointer { k in
            groups.withUnsafeBufferPointer { g in
                labels.withUnsafeBufferPointer { l in
                    if let w = scores.weights {
                        return (empty ? [0] : w).withUnsafeBufferPointer {
                            body(k.baseAddress!, g.baseAddress!, l.baseAddress!, $0.baseAddress!)
                        }
                    }
                    return body(k.baseAddress!, g.baseAddress!, l.baseAddress!, nil)
                }
            }
        }
    }
}
