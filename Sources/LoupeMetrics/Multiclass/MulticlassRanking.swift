import LoupeResults

/// The rank metrics of multiclass probabilities: per class one-vs-rest ROC AUC and average
/// precision, and the pairwise AUCs of Hand & Till's one-vs-one AUC — from one sort per class.
///
/// For each class a the rows are sorted by p_a descending (`RadixSort`, carrying each row's class
/// and weight so the walk reads them in order) and walked once in runs of equal p_a (`-0.0` and
/// `0.0` are one score). Per run, with the run's weight r_c of each class
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
    /// Per class its one-vs-rest ROC curve (x = FPR, y = TPR, from (0, 0) at a threshold above
    /// every score), thinned to at most `curvePoints`; an empty curve for a class without
    /// positives or negatives. Empty when no curves were asked for.
    public let roc: [Curve]
    /// Per class a, its walk's runs pooled into at most `bootstrapBins` bins for the bootstrap
    /// (`MulticlassBinPool`: 2K numbers a bin, from the top); empty when none were asked for.
    public let bootstrapBins: [[Double]]

    /// The rank metrics of `data`'s rows (or of those at `rows`); `nil` for hard predictions.
    /// With `curvePoints` > 0 the walks also keep each class's ROC curve; with `bootstrapBins`
    /// > 0 each walk's runs pooled into at most that many bins (`bootstrapIntervals`).
    public init?(_ data: MulticlassData, rows: [Int]? = nil, curvePoints: Int = 0, bootstrapBins: Int = 0) {
        guard case .probabilities(let probabilities) = data.predictions else { return nil }
        let k = data.classCount
        let passes: [ClassPass]
        if let weights = data.weights {
            passes = Self.passes(probabilities, k, rows ?? Array(0..<data.rowCount), curvePoints, bootstrapBins) { i in
                WeightedRow(weight: weights[i], code: data.labels[i])
            }
        } else {
            passes = Self.passes(probabilities, k, rows ?? Array(0..<data.rowCount), curvePoints, bootstrapBins) { i in
                UnitRow(code: data.labels[i])
            }
        }
        self.init(classCount: k, passes: passes, curves: curvePoints > 0, bins: bootstrapBins > 0)
    }

    /// The metrics from each class's walk; `curves`: the walks kept ROC curves; `bins`: they
    /// pooled their runs for the bootstrap.
    init(classCount k: Int, passes: [ClassPass], curves: Bool, bins: Bool) {
        classCount = k
        var rocAUC = [Double?](repeating: nil, count: k), averagePrecision = rocAUC
        var pairwiseAUC = [Double?](repeating: nil, count: k * k)
        for a in 0..<k {
            let pass = passes[a], positives = pass.above[a]
            guard positives > 0 else { continue }
            averagePrecision[a] = pass.precisionSum.value / positives
            if pass.negatives > 0 { rocAUC[a] = 1 - pass.deficit.value / (positives * pass.negatives) }
            for b in 0..<k where b != a && pass.above[b] > 0 {
                pairwiseAUC[a * k + b] = 1 - pass.pairDeficit[b].value / (positives * pass.above[b])
            }
        }
        support = passes.indices.map { passes[$0].above[$0] }
        roc = curves ? passes.map { $0.roc ?? Curve(x: [], y: [], thresholds: []) } : []
        bootstrapBins = bins ? passes.map(\.bins) : []
        self.rocAUC = rocAUC
        self.averagePrecision = averagePrecision
        self.pairwiseAUC = pairwiseAUC
    }

    /// A row as the sort carries it, so the walk reads the sorted rows in order (no gather).
    protocol RankedRow {
        var code: Int32 { get }
        var weight: Double { get }
    }

    struct UnitRow: RankedRow {
        let code: Int32
        var weight: Double { 1 }
    }

    struct WeightedRow: RankedRow {
        let weight: Double
        let code: Int32
    }

    /// The sums of one class's walk: weight of each class (all rows walked), weight of the
    /// other classes, the OvR deficit, the AP sum and the pairwise deficits.
    struct ClassPass {
        var above: [Double]
        var negatives: Double
        var deficit: CompensatedSum
        var precisionSum: CompensatedSum
        var pairDeficit: [CompensatedSum]
        var roc: Curve?
        /// The runs pooled for the bootstrap (`MulticlassBinPool.finished`); empty without.
        var bins: [Double]
    }

    /// For each class a: sorts the rows at `rows` by p_a descending, carrying `row(i)`, and walks
    /// the runs of equal p_a (pooling them into at most `binCap` bins when it is positive).
    static func passes<Row: RankedRow>(
        _ probabilities: ClassProbabilities, _ k: Int, _ rows: [Int], _ curvePoints: Int, _ binCap: Int,
        _ row: (Int) -> Row
    ) -> [ClassPass] {
        let m = rows.count
        precondition(m < Int(UInt32.max), "row positions are 32-bit")
        var keys = [UInt64](repeating: 0, count: m)
        var payload = [Row]()
        payload.reserveCapacity(m)
        var digitCounts = [Int](repeating: 0, count: RadixSort.radix * RadixSort.passes)
        var run = [Double](repeating: 0, count: k)
        var inRun = [Bool](repeating: false, count: k), touched = [Int](repeating: 0, count: k)
        var runRows = [Int](repeating: 0, count: k)
        return (0..<k).map { a in
            payload.removeAll(keepingCapacity: true)
            for i in rows {
                let c = row(i)
                precondition(c.code >= 0 && Int(c.code) < k, "labels must be in 0..<classCount")
                payload.append(c)
            }
            for d in digitCounts.indices { digitCounts[d] = 0 }
            probabilities.columns[a].withUnsafeBufferPointer { p in
                keys.withUnsafeMutableBufferPointer { keys in
                    digitCounts.withUnsafeMutableBufferPointer { dc in
                        for j in 0..<m {
                            // Inverted keys sort descending.
                            let key = ~RadixSort.key(p[rows[j]])
                            keys[j] = key
                            RadixSort.countDigits(key, into: dc.baseAddress!)
                        }
                    }
                }
            }
            RadixSort.sort(keys: &keys, carrying: &payload, digitCounts: &digitCounts)
            // The curve's axes need the class's totals before the walk.
            var curve: CurveCollector?, positiveTotal = 0.0, negativeTotal = 0.0
            if curvePoints > 0 {
                curve = CurveCollector(tolerance: 1 / (20 * Double(curvePoints)))
                for r in payload { if Int(r.code) == a { positiveTotal += r.weight } else { negativeTotal += r.weight } }
            }
            var above = [Double](repeating: 0, count: k)
            var pairDeficit = [CompensatedSum](repeating: CompensatedSum(), count: k)
            var negativesAbove = 0.0, totalAbove = 0.0, deficit = CompensatedSum(), precisionSum = CompensatedSum()
            var pool = binCap > 0 ? MulticlassBinPool(classCount: k, cap: binCap) : nil
            keys.withUnsafeBufferPointer { keys in
                payload.withUnsafeBufferPointer { sorted in
                    run.withUnsafeMutableBufferPointer { run in
                        inRun.withUnsafeMutableBufferPointer { inRun in
                            touched.withUnsafeMutableBufferPointer { touched in
                                above.withUnsafeMutableBufferPointer { above in
                                    pairDeficit.withUnsafeMutableBufferPointer { pairDeficit in
                                        var start = 0
                                        while start < m {
                                            var end = start, touchedCount = 0, runTotal = 0.0
                                            let key = keys[start]
                                            while end < m && keys[end] == key {
                                                let c = Int(sorted[end].code), w = sorted[end].weight
                                                if !inRun[c] {
                                                    inRun[c] = true
                                                    touched[touchedCount] = c
                                                    touchedCount += 1
                                                }
                                                run[c] += w
                                                runTotal += w
                                                runRows[c] += 1
                                                end += 1
                                            }
                                            let positives = run[a], negatives = runTotal - positives
                                            if positives > 0 {
                                                deficit.add(positives * (negativesAbove + negatives / 2))
                                                precisionSum.add(positives * (above[a] + positives) / (totalAbove + runTotal))
                                                for b in 0..<k where b != a {
                                                    pairDeficit[b].add(positives * (above[b] + run[b] / 2))
                                                }
                                            }
                                            pool?.startRun()
                                            for t in 0..<touchedCount {
                                                let c = touched[t]
                                                pool?.add(class: c, weight: run[c], rows: runRows[c])
                                                runRows[c] = 0
                                                above[c] += run[c]
                                                run[c] = 0
                                                inRun[c] = false
                                            }
                                            pool?.close(runRows: end - start)
                                            negativesAbove += negatives
                                            totalAbove += runTotal
                                            if positiveTotal > 0 && negativeTotal > 0 {
                                                curve?.add(
                                                    negativesAbove / negativeTotal, above[a] / positiveTotal,
                                                    RadixSort.value(ofKey: ~key))
                                            }
                                            start = end
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var roc: Curve?
            if var curve, positiveTotal > 0 && negativeTotal > 0 {
                let tail = curve.finish(maxPoints: max(curvePoints - 1, 2))
                let top = keys.first.map { RadixSort.value(ofKey: ~$0).nextUp } ?? 1
                roc = Curve(x: [0] + tail.x, y: [0] + tail.y, thresholds: [top] + tail.thresholds)
            }
            return ClassPass(
                above: above, negatives: negativesAbove, deficit: deficit, precisionSum: precisionSum, pairDeficit: pairDeficit,
                roc: roc, bins: pool?.finished() ?? [])
        }
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
