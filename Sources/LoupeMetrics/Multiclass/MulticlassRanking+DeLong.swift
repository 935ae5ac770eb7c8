/// DeLong's variances of the multiclass ROC AUCs, computed inside the slot walk (no resampling).
///
/// Placement values, with weighted counts, for class a in one set of rows (P = weight of class
/// a, N = weight of the other classes): a positive's V10 = (negatives scored lower + ½ tied) / N,
/// a negative's V01 = (positives scored higher + ½ tied) / P. The mean of V10 over the positives
/// and of V01 over the negatives (weighted) is the AUC A.
///
/// * Each class's OvR ROC AUC: `BinaryMetrics.delongVariance` of the one-vs-rest labels, i.e.
///   S10 / (m_eff − 1) + S01 / (n_eff − 1), with S10 = Σ_pos w (V10 − A)² / P (S01 likewise)
///   and Kish's effective sizes (classic DeLong for unit weights).
/// * The averages (`macro_ovr_auc`, `weighted_ovr_auc`, `macro_ovo_auc`): the influence-function
///   (delta method) form of DeLong's variance, Var = Σ_i ψ_i², where a row's influence is the
///   average's coefficients applied to its influence on each AUC it enters: w (V10 − A) / P as a
///   positive, w (V01 − A) / N as a negative. This keeps the covariances between the classes'
///   AUCs (the same rows enter all of them). For one AUC and unit weights it is DeLong's variance
///   with 1/m² and 1/n² instead of 1/(m(m − 1)) and 1/(n(n − 1)). The weights of the weighted
///   average (each class's weight) and the pairs of Hand & Till's M are taken as fixed.
///   For M, the pairwise AUC(a | b) is an AUC on the rows of a and b (score p_a).
extension MulticlassRanking {
    public struct AUCVariances: Sendable, Equatable {
        /// Per class, the OvR AUC's variance; `nil` where the AUC is undefined or a side has an
        /// effective size of at most 1.
        public var rocAUC: [Double?]
        public var macroOVRAUC: Double?
        public var weightedOVRAUC: Double?
        public var macroOVOAUC: Double?
    }

    /// The walk's per-slot state for the variances: each (slot, class)'s weight and the
    /// averages' coefficients, fixed before the walks; each row's placement sums per slot (three
    /// averages), accumulated over the K walks; and the current class's per-slot sums for its
    /// own variance. Pointers, freed by `deallocate`.
    struct InfluenceState {
        let k: Int, width: Int, slotCount: Int
        /// Weight of each (slot, class), and of each slot.
        let classWeight: UnsafeMutablePointer<Double>
        let slotWeight: UnsafeMutablePointer<Double>
        /// 1 / (classes with an OvR AUC) per slot (0 without any).
        let macroCoefficient: UnsafeMutablePointer<Double>
        /// W_c / Σ W over the classes with an OvR AUC, per (slot, class).
        let weightedCoefficient: UnsafeMutablePointer<Double>
        /// 1 / (2 · pairs of present classes) per slot (0 below two classes).
        let pairCoefficient: UnsafeMutablePointer<Double>
        /// Per (row, slot position): the placement sums of the three averages.
        let placements: UnsafeMutablePointer<Double>
        /// The walk writes each row's terms here, in walk order, with the row's index; `flush`
        /// adds a full buffer to `placements`. Adding them there at once in a short loop keeps
        /// many of its cache misses in flight (the rows come in score order, scattered over
        /// `placements`); from inside the walk the misses came one at a time.
        let buffer: UnsafeMutablePointer<Double>
        let bufferIndex: UnsafeMutablePointer<Int>
        /// Rows in the buffer (one number, behind a pointer so that the state is shared).
        let cursor: UnsafeMutablePointer<Int>
        static let bufferRows = 2048
        /// The current class's sums per (slot, side: 0 positives, 1 negatives): Σ w·d, Σ w·d²,
        /// Σ w², with d = 1 − V (so that an AUC near 1 keeps its digits).
        let sums: UnsafeMutablePointer<Double>

        init(rows m: Int, classCount k: Int, slots: MulticlassSlots, weights: [Double]?) {
            self.k = k
            width = slots.width
            slotCount = slots.count + 1
            classWeight = .allocate(capacity: slotCount * k)
            classWeight.initialize(repeating: 0, count: slotCount * k)
            slotWeight = .allocate(capacity: slotCount)
            slotWeight.initialize(repeating: 0, count: slotCount)
            macroCoefficient = .allocate(capacity: slotCount)
            macroCoefficient.initialize(repeating: 0, count: slotCount)
            weightedCoefficient = .allocate(capacity: slotCount * k)
            weightedCoefficient.initialize(repeating: 0, count: slotCount * k)
            pairCoefficient = .allocate(capacity: slotCount)
            pairCoefficient.initialize(repeating: 0, count: slotCount)
            placements = .allocate(capacity: max(m * width * 3, 1))
            placements.initialize(repeating: 0, count: max(m * width * 3, 1))
            buffer = .allocate(capacity: Self.bufferRows * width * 3)
            buffer.initialize(repeating: 0, count: Self.bufferRows * width * 3)
            bufferIndex = .allocate(capacity: Self.bufferRows)
            bufferIndex.initialize(repeating: 0, count: Self.bufferRows)
            cursor = .allocate(capacity: 1)
            cursor.initialize(to: 0)
            sums = .allocate(capacity: slotCount * 6)
            sums.initialize(repeating: 0, count: slotCount * 6)
            // Weight per combination first (few of them), then per (slot, class).
            let combinations = slots.combinationLabel.count
            var combinationWeight = [Double](repeating: 0, count: combinations)
            for i in 0..<m { combinationWeight[Int(slots.combination[i])] += weights?[i] ?? 1 }
            for c in 0..<combinations {
                let y = Int(slots.combinationLabel[c])
                for j in 0..<width {
                    let s = Int(slots.combinationSlots[c * width + j])
                    classWeight[s * k + y] += combinationWeight[c]
                }
            }
            for s in 0..<slotCount {
                var total = 0.0, defined = 0, definedWeight = 0.0, present = 0
                for c in 0..<k { total += classWeight[s * k + c] }
                slotWeight[s] = total
                for c in 0..<k where classWeight[s * k + c] > 0 {
                    present += 1
                    if total - classWeight[s * k + c] > 0 {
                        defined += 1
                        definedWeight += classWeight[s * k + c]
                    }
                }
                macroCoefficient[s] = defined > 0 ? 1 / Double(defined) : 0
                for c in 0..<k where classWeight[s * k + c] > 0 && total - classWeight[s * k + c] > 0 {
                    weightedCoefficient[s * k + c] = classWeight[s * k + c] / definedWeight
                }
                pairCoefficient[s] = present >= 2 ? 1 / Double(present * (present - 1)) : 0
            }
        }

        func deallocate() {
            classWeight.deallocate()
            slotWeight.deallocate()
            macroCoefficient.deallocate()
            weightedCoefficient.deallocate()
            pairCoefficient.deallocate()
            placements.deallocate()
            buffer.deallocate()
            bufferIndex.deallocate()
            cursor.deallocate()
            sums.deallocate()
        }

        /// Clears the per-class sums before class `a`'s walk.
        func startClass() {
            sums.update(repeating: 0, count: slotCount * 6)
        }

        /// Ends the terms of the row at `index` (`record` of each of its slots came first).
        @inline(__always)
        func finishRow(index: Int) {
            bufferIndex[cursor.pointee] = index
            cursor.pointee += 1
            if cursor.pointee == Self.bufferRows { flush() }
        }

        /// Adds the buffered rows' terms to `placements` and empties the buffer.
        func flush() {
            let stride = width * 3, count = cursor.pointee
            for r in 0..<count {
                let target = placements + bufferIndex[r] * stride, source = buffer + r * stride
                for t in 0..<stride { target[t] += source[t] }
            }
            buffer.update(repeating: 0, count: count * stride)
            cursor.pointee = 0
        }

        /// One row of class `y` and weight `w` in class `a`'s walk, in slot `s` (its `j`-th):
        /// `above` the slot's class weights above the row's run, `negativesAbove` its weight of
        /// other classes above, `runA` / `runNegatives` the run's weight of class a / of the
        /// others in the slot, `run` the run's weight per class (`nil`: the row is alone in its run).
        @inline(__always)
        func record(
            j: Int, y: Int, w: Double, a: Int, s: Int, above: UnsafeMutablePointer<Double>,
            negativesAbove: Double, runA: Double, runNegatives: Double, run: UnsafeMutablePointer<Double>?
        ) {
            let cells = s * k
            let positives = classWeight[cells + a], negatives = slotWeight[s] - positives
            guard positives > 0 else { return }
            let out = buffer + (cursor.pointee * width + j) * 3
            if y == a {
                if negatives > 0 {
                    let v = (negatives - negativesAbove - runNegatives / 2) / negatives
                    let d = 1 - v, sum = sums + s * 6
                    sum[0] += w * d
                    sum[1] += w * d * d
                    sum[2] += w * w
                    out[0] += macroCoefficient[s] * v / positives
                    out[1] += weightedCoefficient[cells + a] * v / positives
                }
                let pair = pairCoefficient[s]
                if pair > 0 {
                    var t = 0.0
                    for b in 0..<k where b != a {
                        let wb = classWeight[cells + b]
                        if wb > 0 { t += (wb - above[cells + b] - (run?[cells + b] ?? 0) / 2) / wb }
                    }
                    out[2] += pair * t / positives
                }
            } else {
                let v = (above[cells + a] + runA / 2) / positives
                if negatives > 0 {
                    let d = 1 - v, sum = sums + s * 6 + 3
                    sum[0] += w * d
                    sum[1] += w * d * d
                    sum[2] += w * w
                    out[0] += macroCoefficient[s] * v / negatives
                    out[1] += weightedCoefficient[cells + a] * v / negatives
                }
                let pair = pairCoefficient[s], wy = classWeight[cells + y]
                if pair > 0 && wy > 0 { out[2] += pair * v / wy }
            }
        }

        /// Class `a`'s OvR AUC variance in slot `s` once its walk is done (`auc` its AUC).
        func classVariance(a: Int, s: Int, auc: Double?) -> Double? {
            guard let auc else { return nil }
            let positives = classWeight[s * k + a], negatives = slotWeight[s] - positives
            let e = 1 - auc
            func side(_ sum: UnsafeMutablePointer<Double>, _ total: Double) -> Double? {
                let effective = total * total / sum[2]
                guard effective > 1 else { return nil }
                // Σ w (V − A)² = Σ w (e − d)².
                let squares = e * e * total - 2 * e * sum[0] + sum[1]
                return max(0, squares) / total / (effective - 1)
            }
            guard let v10 = side(sums + s * 6, positives), let v01 = side(sums + s * 6 + 3, negatives) else { return nil }
            return v10 + v01
        }

        /// The averages' variances per real slot, from the rows' placement sums and the slots'
        /// AUCs (`passes[a][s]`): a row's influence is w (placements − the part of its class).
        func averageVariances(
            passes: [[ClassPass]], slots: MulticlassSlots, weights: [Double]?
        ) -> [(macro: Double, weighted: Double, ovo: Double)] {
            // Per (slot, class, average): Σ over the AUCs the row enters of coefficient · A / side weight.
            var offset = [Double](repeating: 0, count: slotCount * k * 3)
            for s in 0..<slotCount {
                let cells = s * k, total = slotWeight[s]
                var auc = [Double](repeating: 0, count: k)
                for a in 0..<k {
                    let pass = passes[a][s], p = pass.above[a]
                    if p > 0 && pass.negatives > 0 { auc[a] = 1 - pass.deficit.value / (p * pass.negatives) }
                }
                for y in 0..<k where classWeight[cells + y] > 0 {
                    let wy = classWeight[cells + y]
                    var macro = 0.0, weighted = 0.0
                    for a in 0..<k {
                        let pa = classWeight[cells + a], na = total - pa
                        guard pa > 0 && na > 0 else { continue }
                        let side = a == y ? pa : na
                        macro += macroCoefficient[s] * auc[a] / side
                        weighted += weightedCoefficient[cells + a] * auc[a] / side
                    }
                    var pairs = 0.0
                    if pairCoefficient[s] > 0 {
                        for b in 0..<k where b != y && classWeight[cells + b] > 0 {
                            let yb = passes[y][s], by = passes[b][s]
                            pairs += 1 - yb.pairDeficit[b].value / (yb.above[y] * yb.above[b])
                            pairs += 1 - by.pairDeficit[y].value / (by.above[b] * by.above[y])
                        }
                        pairs *= pairCoefficient[s] / wy
                    }
                    offset[(cells + y) * 3] = macro
                    offset[(cells + y) * 3 + 1] = weighted
                    offset[(cells + y) * 3 + 2] = pairs
                }
            }
            var squares = [Double](repeating: 0, count: slotCount * 3)
            let m = slots.combination.count
            for i in 0..<m {
                let combination = Int(slots.combination[i]), y = Int(slots.combinationLabel[combination])
                let w = weights?[i] ?? 1
                for j in 0..<width {
                    let s = Int(slots.combinationSlots[combination * width + j])
                    let out = placements + (i * width + j) * 3, base = (s * k + y) * 3
                    for t in 0..<3 {
                        let psi = w * (out[t] - offset[base + t])
                        squares[s * 3 + t] += psi * psi
                    }
                }
            }
            return (0..<slots.count).map { s in (squares[s * 3], squares[s * 3 + 1], squares[s * 3 + 2]) }
        }
    }
}
