import LoupeResults

/// The exact threshold analysis behind `FairnessThresholdAnalysis`: one sort of the scores, then
/// one descending walk that visits every candidate threshold.
///
/// **Candidates.** A threshold s predicts positive iff score >= s. The candidates are every
/// distinct score of the rows in some group, the next double above the largest score (nobody
/// selected), and the decision threshold d; any other threshold splits the rows as one of these
/// does.
///
/// **Choice.** Each quantity is minimised over the candidates; candidates whose values are equal
/// (within 10⁻¹² relative) tie, and a tie goes to the candidate closest to d, then to the smaller
/// one. Between two of its own scores a group's rates do not change, so its choice among such a
/// stretch of candidates is decided by that rule alone.
///
/// * equal opportunity: the candidate minimising |TPR_g(s) − TPR_ref(d)|;
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
            let tolerance = 1e-12 * max(1, objective.magnitude, self.objective.magnitude)
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

    static func run(
        labels: [UInt8], scores: [Double], weights: [Double]?, groups: [UInt32], groupCount: Int,
        eligible: [Bool], tprTarget: Double?, selectionTarget: Double?, decision d: Double, costRatio: Double
    ) -> Outcome {
        let g32 = UInt32(truncatingIfNeeded: groupCount)
        // Grouped rows only, sorted by score.
        var keys: [UInt64] = [], rows: [UInt32] = []
        var totalPositive = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        var totalNegative = totalPositive
        for i in scores.indices where groups[i] < g32 {
            keys.append(RadixSort.key(scores[i]))
            rows.append(UInt32(truncatingIfNeeded: i))
            let w = weights?[i] ?? 1
            if labels[i] != 0 { totalPositive[Int(groups[i])].add(w) } else { totalNegative[Int(groups[i])].add(w) }
        }
        RadixSort.sort(keys: &keys, carrying: &rows)
        let positives = totalPositive.map(\.value), negatives = totalNegative.map(\.value)
        var allPositive = CompensatedSum()
        for p in positives { allPositive.add(p) }

        var truePositive = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        var falsePositive = truePositive
        var allTrue = CompensatedSum(), allFalse = CompensatedSum()
        var equalOpportunity = [Best](repeating: Best(decision: d), count: groupCount)
        var demographicParity = equalOpportunity, lowestCost = equalOpportunity
        var single = Best(decision: d)
        var decisionCost = 0.0

        // Closes group g's current stretch of candidates [low, start[g]] (its rates constant there).
        var start = [Double](repeating: 0, count: groupCount)
        func close(_ g: Int, low: Double) {
            guard eligible[g] else { return }
            let high = start[g]
            let candidate = d > high ? high : (d < low ? low : d)
            let tp = truePositive[g].value, fp = falsePositive[g].value
            let p = positives[g], all = positives[g] + negatives[g]
            if let target = tprTarget, p > 0 { equalOpportunity[g].offer((tp / p - target).magnitude, at: candidate) }
            if let target = selectionTarget, all > 0 {
                demographicParity[g].offer(((tp + fp) / all - target).magnitude, at: candidate)
            }
            lowestCost[g].offer(fp * costRatio + (p - tp), at: candidate)
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

        let n = keys.count
        let top = n > 0 ? RadixSort.value(ofKey: keys[n - 1]).nextUp : d
        if d > top { visit(d) }
        visit(top)
        for g in 0..<groupCount { start[g] = max(d, top) }
        var stamp = [Int](repeating: -1, count: groupCount)
        var end = n
        while end > 0 {
            let key = keys[end - 1]
            var begin = end - 1
            while begin > 0 && keys[begin - 1] == key { begin -= 1 }
            let s = RadixSort.value(ofKey: key)
            if !decisionVisited && d > s { visit(d) }
            for k in begin..<end {
                let i = Int(rows[k])
                let g = Int(groups[i])
                if stamp[g] != begin {
                    close(g, low: last)
                    start[g] = s
                    stamp[g] = begin
                }
                let w = weights?[i] ?? 1
                if labels[i] != 0 {
                    truePositive[g].add(w)
                    allTrue.add(w)
                } else {
                    falsePositive[g].add(w)
                    allFalse.add(w)
                }
            }
            visit(s)
            end = begin
        }
        if !decisionVisited { visit(d) }
        for g in 0..<groupCount { close(g, low: last) }

        // Per-group total: own thresholds for eligible groups, the single threshold for the rest.
        let best = single.value ?? d
        var perGroup = CompensatedSum()
        for g in 0..<groupCount where eligible[g] { perGroup.add(lowestCost[g].objective) }
        if eligible.contains(false) {
            var rest = CompensatedSum()
            for i in scores.indices where groups[i] < g32 && !eligible[Int(groups[i])] {
                let w = weights?[i] ?? 1
                if labels[i] != 0 {
                    if scores[i] < best { rest.add(w) }
                } else if scores[i] >= best {
                    rest.add(w * costRatio)
                }
            }
            perGroup.add(rest.value)
        }
        return Outcome(
            equalOpportunity: equalOpportunity.map(\.value), demographicParity: demographicParity.map(\.value),
            lowestCost: lowestCost.map(\.value), singleThreshold: best, singleThresholdCost: single.objective,
            perGroupCost: perGroup.value, decisionThresholdCost: decisionCost)
    }
}
