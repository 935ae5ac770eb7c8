/// The rank metrics of multiclass probabilities: per class one-vs-rest ROC AUC and average
/// precision, and the pairwise AUCs of Hand & Till's one-vs-one AUC — from one sort per class.
///
/// For each class a the rows are sorted by p_a descending (a radix sort) and walked once in runs
/// of equal p_a (`-0.0` and `0.0` are one score). Per run, with the run's weight r_c of each class
/// and A_c the weight of class c above the run:
/// * OvR AUC deficit += r_a · (Σ_{c≠a} A_c + ½ Σ_{c≠a} r_c); AUC_a = 1 − deficit / (P·N), ties
///   by the trapezoid rule (scikit-learn's `roc_auc_score`, as `BinaryMetrics.rocAUC`);
/// * AP sum += r_a · TP / (TP + FP) after the run; AP_a = sum / P (scikit-learn's step-wise
///   `average_precision_score`, as `BinaryMetrics.averagePrecision`);
/// * pairwise deficit_b += r_a · (A_b + ½ r_b) for every b ≠ a; AUC(a | b), the AUC of p_a
///   separating class a from class b on the rows of the two classes, = 1 − deficit_b / (W_a W_b).
/// The O(K) pairwise update runs only on runs holding class a, so a class costs O(n) besides its
/// sort.
///
/// A class is present when its rows have positive weight. Undefined is `nil`: the OvR AUC of a
/// class without positives or without negatives, AP without positives, AUC(a | b) unless both a
/// and b are present.
public struct MulticlassRanking: Sendable, Equatable {
    public let classCount: Int
    /// Weight of each class's rows.
    public let support: [Double]
    public let rocAUC: [Double?]
    public let averagePrecision: [Double?]
    /// `pairwiseAUC[a * classCount + b]` = AUC(a | b); `nil` on the diagonal.
    public let pairwiseAUC: [Double?]

    /// The rank metrics of `data`'s rows (or of those at `rows`); `nil` for hard predictions.
    public init?(_ data: MulticlassData, rows: [Int]? = nil) {
        guard case .probabilities(let probabilities) = data.predictions else { return nil }
        let k = data.classCount, m = rows?.count ?? data.rowCount
        precondition(m < Int(UInt32.max), "row positions are 32-bit")
        classCount = k
        var support = [Double](repeating: 0, count: k)
        var rocAUC = [Double?](repeating: nil, count: k), averagePrecision = rocAUC
        var pairwiseAUC = [Double?](repeating: nil, count: k * k)
        // Per sorted position: the row's class and weight, gathered once per class.
        var keys = [UInt64](repeating: 0, count: m), order = [UInt32](repeating: 0, count: m)
        var above = [Double](repeating: 0, count: k), run = above
        var inRun = [Bool](repeating: false, count: k), touched = [Int](repeating: 0, count: k)
        var pairDeficit = [CompensatedSum](repeating: CompensatedSum(), count: k)
        for a in 0..<k {
            probabilities.withUnsafeBufferPointer { p in
                withOptionalBuffer(rows) { rows in
                    for j in 0..<m {
                        // Inverted keys sort descending; the payload is the position j.
                        keys[j] = ~RadixSort.key(p[(rows?[j] ?? j) * k + a])
                        order[j] = UInt32(truncatingIfNeeded: j)
                    }
                }
            }
            RadixSort.sort(keys: &keys, carrying: &order)
            for c in 0..<k {
                above[c] = 0
                pairDeficit[c] = CompensatedSum()
            }
            var negativesAbove = 0.0, totalAbove = 0.0, ovrDeficit = CompensatedSum(), apSum = CompensatedSum()
            data.labels.withUnsafeBufferPointer { labels in
                withOptionalBuffer(data.weights) { weights in
                    withOptionalBuffer(rows) { rows in
                        var start = 0
                        while start < m {
                            var end = start, touchedCount = 0, runTotal = 0.0
                            let key = keys[start]
                            while end < m && keys[end] == key {
                                let i = rows?[Int(order[end])] ?? Int(order[end])
                                let c = Int(labels[i])
                                precondition(c >= 0 && c < k, "labels must be in 0..<classCount")
                                let w = weights?[i] ?? 1
                                if !inRun[c] {
                                    inRun[c] = true
                                    touched[touchedCount] = c
                                    touchedCount += 1
                                }
                                run[c] += w
                                runTotal += w
                                end += 1
                            }
                            let positives = run[a], negatives = runTotal - positives
                            if positives > 0 {
                                ovrDeficit.add(positives * (negativesAbove + negatives / 2))
                                let truePositives = above[a] + positives
                                apSum.add(positives * truePositives / (totalAbove + runTotal))
                                for b in 0..<k where b != a {
                                    pairDeficit[b].add(positives * (above[b] + run[b] / 2))
                                }
                            }
                            for t in 0..<touchedCount {
                                let c = touched[t]
                                above[c] += run[c]
                                run[c] = 0
                                inRun[c] = false
                            }
                            negativesAbove += negatives
                            totalAbove += runTotal
                            start = end
                        }
                    }
                }
            }
            let positives = above[a]
            support[a] = positives
            if positives > 0 {
                averagePrecision[a] = apSum.value / positives
                if negativesAbove > 0 { rocAUC[a] = 1 - ovrDeficit.value / (positives * negativesAbove) }
                for b in 0..<k where b != a && above[b] > 0 {
                    pairwiseAUC[a * k + b] = 1 - pairDeficit[b].value / (positives * above[b])
                }
            }
        }
        self.support = support
        self.rocAUC = rocAUC
        self.averagePrecision = averagePrecision
        self.pairwiseAUC = pairwiseAUC
    }

    /// Mean OvR AUC over the classes where it is defined; `nil` when none is. (scikit-learn's
    /// `roc_auc_score(multi_class="ovr", average="macro")` is NaN as soon as one class lacks
    /// positives or negatives; with every class defined the two agree.)
    public var macroOVRAUC: Double? { MulticlassConfusion.macro(rocAUC) }

    /// Σ support_c · AUC_c / Σ support_c over the classes where the OvR AUC is defined
    /// (`average="weighted"`; a class without support has weight 0 there anyway); `nil` when
    /// none is.
    public var weightedOVRAUC: Double? {
        var num = CompensatedSum(), den = CompensatedSum()
        for c in 0..<classCount {
            guard let auc = rocAUC[c] else { continue }
            num.add(support[c] * auc)
            den.add(support[c])
        }
        return den.value > 0 ? num.value / den.value : nil
    }

    /// Hand & Till's M: the mean over pairs {a, b} of present classes of
    /// (AUC(a | b) + AUC(b | a)) / 2 — scikit-learn's `roc_auc_score(multi_class="ovo",
    /// average="macro")`, which also pairs only the classes present in y_true. `nil` with fewer
    /// than two present classes.
    ///
    /// Weighted (our definition; scikit-learn refuses `sample_weight` for OvO): each pairwise
    /// AUC is the weighted AUC on the two classes' rows (the weighted Mann–Whitney statistic, as
    /// the weighted OvR AUC), and pairs are averaged unweighted, as in the unweighted form, to
    /// which it reduces for unit weights.
    public var macroOVOAUC: Double? {
        var sum = CompensatedSum(), pairs = 0
        for a in 0..<classCount {
            for b in (a + 1)..<max(a + 1, classCount) {
                guard let ab = pairwiseAUC[a * classCount + b], let ba = pairwiseAUC[b * classCount + a] else { continue }
                sum.add((ab + ba) / 2)
                pairs += 1
            }
        }
        return pairs > 0 ? sum.value / Double(pairs) : nil
    }
}
