/// The mergeable state of the multiclass metrics that are sums over rows: the weighted confusion
/// matrix, the sums of the log loss and Brier terms, the weight of rows by the rank of their true
/// class (for top-k accuracy) and the calibration bins of the top-label confidence.
///
/// Two accumulators over disjoint rows merge into the state of their union (`merge`): every
/// field is a sum, so the merged metrics equal those of one pass over all rows up to the rounding
/// of compensated sums (exactly, for unit weights, whose sums are integer counts). Per-row work
/// is O(K) and allocation-free.
///
/// Per probability row p with true class y and weight w:
/// * predicted class = argmax p (the lowest class on ties);
/// * log loss term −log(clip(p_y, ε, 1 − ε)), ε = `Double.ulpOfOne` (2.22e-16), as
///   scikit-learn ≥ 1.5's `log_loss` (clip at the dtype's machine epsilon, no renormalisation of
///   the row; only the true class's entry counts, since 0 · log p = 0). Note the binary task's
///   own log loss clips at 1e-15;
/// * Brier term Σ_k (p_k − 1[y = k])² (scikit-learn's multiclass `brier_score_loss` with
///   `scale_by_half=False`; for K = 2 this is twice the binary task's Brier score);
/// * rank of the true class = #{c : p_c > p_y, or p_c = p_y and c > y}: scikit-learn's
///   `top_k_accuracy_score` sorts each row with a stable ascending sort and reverses it, so among
///   equal probabilities the higher class index ranks first;
/// * calibration bin of the confidence max p (`BinaryMetrics.calibrationBin`), with the
///   weights of the rows, of the correct rows and of the confidence.
public struct MulticlassAccumulator: Sendable, Equatable {
    public let classCount: Int
    /// Whether rows come as probabilities (otherwise as hard classes: no probability metrics).
    public let hasProbabilities: Bool
    public private(set) var rowCount = 0
    /// Rows (not weights) per confusion cell, `[true * K + predicted]`: the Poisson bootstrap
    /// draws each cell's copies from its row count.
    public private(set) var cellRows: [Int]
    /// Rows per calibration bin and correctness, `[2 * bin + (correct ? 1 : 0)]`, for the
    /// bootstrap of the ECE.
    public private(set) var binRows: [Int]
    /// All sums in one array (see the offsets below), so one buffer serves the row loop and
    /// merging is element-wise.
    var sums: [CompensatedSum]

    var cellsEnd: Int { classCount * classCount }
    var ranksStart: Int { cellsEnd }
    /// 4 × 10: weight, correct weight, confidence weight, confidence weight of the correct rows.
    var binsStart: Int { ranksStart + classCount }
    var logLossIndex: Int { binsStart + 4 * Self.binCount }
    var brierIndex: Int { logLossIndex + 1 }
    var squaredWeightIndex: Int { brierIndex + 1 }
    /// Σ w·ℓ² and Σ w·b² of the log-loss and Brier terms, for their normal intervals.
    var logLossSquaresIndex: Int { squaredWeightIndex + 1 }
    var brierSquaresIndex: Int { logLossSquaresIndex + 1 }
    /// Σ w² of the rows of each true class, then of each predicted class: Kish's effective
    /// sizes of the per-class recall and precision.
    var trueSquaresStart: Int { brierSquaresIndex + 1 }
    var predictedSquaresStart: Int { trueSquaresStart + classCount }

    static let binCount = 10
    static let epsilon = Double.ulpOfOne

    public init(classCount: Int, hasProbabilities: Bool) {
        precondition(classCount >= 2, "a multiclass task has at least two classes")
        self.classCount = classCount
        self.hasProbabilities = hasProbabilities
        sums = [CompensatedSum](
            repeating: CompensatedSum(), count: classCount * classCount + 3 * classCount + 4 * Self.binCount + 5)
        cellRows = [Int](repeating: 0, count: classCount * classCount)
        binRows = [Int](repeating: 0, count: 2 * Self.binCount)
    }

    /// The state of `data`'s rows, or of the rows at `rows` (indices into `data`) only.
    public init(_ data: MulticlassData, rows: [Int]? = nil) {
        self.init(classCount: data.classCount, hasProbabilities: data.predictions.hasProbabilities)
        add(data, rows: rows)
    }

    /// Adds `data`'s rows (or those at `rows`).
    public mutating func add(_ data: MulticlassData, rows: [Int]? = nil) {
        precondition(data.classCount == classCount, "class counts differ")
        precondition(data.predictions.hasProbabilities == hasProbabilities, "prediction kinds differ")
        let m = rows?.count ?? data.rowCount
        rowCount += m
        let k = classCount, squaredWeightIndex = squaredWeightIndex
        let trueSquaresStart = trueSquaresStart, predictedSquaresStart = predictedSquaresStart
        var cellRows = self.cellRows, binRows = self.binRows
        defer {
            self.cellRows = cellRows
            self.binRows = binRows
        }
        sums.withUnsafeMutableBufferPointer { s in
            let s = s.baseAddress!
            data.labels.withUnsafeBufferPointer { labels in
                withOptionalBuffer(data.weights) { weights in
                    withOptionalBuffer(rows) { rows in
                        switch data.predictions {
                        case .classes(let predicted):
                            predicted.withUnsafeBufferPointer { predicted in
                                for j in 0..<m {
                                    let i = rows?[j] ?? j
                                    let y = Int(labels[i]), p = Int(predicted[i])
                                    precondition(y >= 0 && y < k && p >= 0 && p < k, "class codes must be in 0..<classCount")
                                    let w = weights?[i] ?? 1
                                    s[y * k + p].add(w)
                                    cellRows[y * k + p] += 1
                                    s[squaredWeightIndex].add(w * w)
                                    s[trueSquaresStart + y].add(w * w)
                                    s[predictedSquaresStart + p].add(w * w)
                                }
                            }
                        case .probabilities(let probabilities):
                            probabilities.withColumns { probabilities in
                                cellRows.withUnsafeMutableBufferPointer { cellRows in
                                    binRows.withUnsafeMutableBufferPointer { binRows in
                                        for j in 0..<m {
                                            let i = rows?[j] ?? j
                                            let y = Int(labels[i])
                                            precondition(y >= 0 && y < k, "labels must be in 0..<classCount")
                                            let w = weights?[i] ?? 1
                                            let terms = RowTerms(probabilities, row: i, classCount: k, label: y)
                                            terms.add(
                                                weight: w, label: y, classCount: k, to: s, cellRows: cellRows.baseAddress!,
                                                binRows: binRows.baseAddress!)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// What one probability row adds: its hard prediction, the rank of its true class, its
    /// confidence, Brier term and log-loss term — computed once per row however many sets of
    /// rows (slots) it is added to.
    struct RowTerms {
        var argmax = 0, rank = 0
        var best: Double, brier = 0.0, loss: Double

        /// Row `i`'s terms, its classes taken in order, from the columns' addresses
        /// (`ClassProbabilities.withColumns`).
        @inline(__always)
        init(_ p: UnsafePointer<UnsafePointer<Double>>, row i: Int, classCount k: Int, label y: Int) {
            let py = p[y][i]
            best = p[0][i]
            for c in 0..<k {
                let v = p[c][i]
                if v > best {
                    best = v
                    argmax = c
                }
                if v > py || (v == py && c > y) { rank += 1 }
                let d = c == y ? v - 1 : v
                brier += d * d
            }
            loss = Self.logLoss(py)
        }

        /// The log-loss term of a row whose true class has probability `py`.
        @inline(__always) static func logLoss(_ py: Double) -> Double {
            -libmLog(min(max(py, MulticlassAccumulator.epsilon), 1 - MulticlassAccumulator.epsilon))
        }

        /// Terms computed elsewhere (`RowTermsCursor`).
        @inline(__always) init(argmax: Int, rank: Int, best: Double, brier: Double, loss: Double) {
            (self.argmax, self.rank, self.best, self.brier, self.loss) = (argmax, rank, best, brier, loss)
        }

        /// Adds the row with weight 1 to the sums at `s` that are not counts: the confidence
        /// sums, the log-loss and Brier terms and their squares. The counts (the confusion cells,
        /// the ranks, the bins' and correct rows' weights, the Σ w² sums) are `cellRows`,
        /// `binRows` and `rankRows`, which `fillCounts` turns into the sums `add` would give.
        @inline(__always)
        func addUnit(
            label y: Int, classCount k: Int, to s: UnsafeMutablePointer<CompensatedSum>, cellRows: UnsafeMutablePointer<Int>,
            binRows: UnsafeMutablePointer<Int>, rankRows: UnsafeMutablePointer<Int>
        ) {
            let binCount = MulticlassAccumulator.binCount
            let binsStart = k * k + k, logLossIndex = binsStart + 4 * binCount
            cellRows[y * k + argmax] += 1
            rankRows[rank] += 1
            let binIndex = BinaryMetrics.calibrationBin(best)
            let bin = binsStart + binIndex
            // w · x = x and w · ℓ · ℓ = ℓ · ℓ exactly for w = 1: the same terms as `add`.
            if argmax == y { s[bin + 3 * binCount].add(best) }
            s[bin + 2 * binCount].add(best)
            binRows[2 * binIndex + (argmax == y ? 1 : 0)] += 1
            s[logLossIndex].add(loss)
            s[logLossIndex + 1].add(brier)
            s[logLossIndex + 3].add(loss * loss)
            s[logLossIndex + 4].add(brier * brier)
        }

        /// Adds the row with weight `w` to the sums at `s` (one accumulator's `sums` layout).
        @inline(__always)
        func add(
            weight w: Double, label y: Int, classCount k: Int, to s: UnsafeMutablePointer<CompensatedSum>,
            cellRows: UnsafeMutablePointer<Int>, binRows: UnsafeMutablePointer<Int>
        ) {
            let binCount = MulticlassAccumulator.binCount
            let ranksStart = k * k, binsStart = ranksStart + k, logLossIndex = binsStart + 4 * binCount
            s[y * k + argmax].add(w)
            cellRows[y * k + argmax] += 1
            s[ranksStart + rank].add(w)
            let binIndex = BinaryMetrics.calibrationBin(best)
            let bin = binsStart + binIndex
            s[bin].add(w)
            if argmax == y {
                s[bin + binCount].add(w)
                s[bin + 3 * binCount].add(w * best)
            }
            s[bin + 2 * binCount].add(w * best)
            binRows[2 * binIndex + (argmax == y ? 1 : 0)] += 1
            s[logLossIndex].add(w * loss)
            s[logLossIndex + 1].add(w * brier)
            s[logLossIndex + 3].add(w * loss * loss)
            s[logLossIndex + 4].add(w * brier * brier)
            s[logLossIndex + 2].add(w * w)
            // Σ w² by true class, then by predicted class.
            s[logLossIndex + 5 + y].add(w * w)
            s[logLossIndex + 5 + k + argmax].add(w * w)
        }
    }

    /// The states of every slot (`MulticlassSlots`: the whole data and every group) in one pass
    /// over the rows, equal to `init(data, rows: slotRows)` of each slot: each row's terms are
    /// computed once and added to each of its slots, so every slot's sums take the same terms in
    /// row order.
    static func grouped(_ data: MulticlassData, slots: MulticlassSlots) -> [MulticlassAccumulator] {
        let k = data.classCount, width = slots.width
        let empty = MulticlassAccumulator(classCount: k, hasProbabilities: data.predictions.hasProbabilities)
        let stride = empty.sums.count, slotCount = slots.count + 1
        var sums = [CompensatedSum](repeating: CompensatedSum(), count: slotCount * stride)
        // Per slot its cell and bin rows, flat, so a row's update is a store, not a uniqueness
        // check of an array of arrays.
        let cellWidth = empty.cellRows.count, binWidth = empty.binRows.count
        var cellRows = [Int](repeating: 0, count: slotCount * cellWidth)
        var binRows = [Int](repeating: 0, count: slotCount * binWidth)
        let squaredWeightIndex = empty.squaredWeightIndex
        let trueSquaresStart = empty.trueSquaresStart, predictedSquaresStart = empty.predictedSquaresStart
        // Without weights every sum of w or w² is a count of rows: the rows add only the sums
        // that are not (`RowTerms.addUnit`), and the counts become sums after the pass.
        var rankRows = [Int](repeating: 0, count: slotCount * k)
        if data.weights == nil, case .probabilities(let probabilities) = data.predictions {
            withUnsafeMutableBuffers(&sums, &cellRows, &binRows) { sums, cellRows, binRows in
                rankRows.withUnsafeMutableBufferPointer { rankRows in
                    let rankRows = rankRows.baseAddress!
                    data.labels.withUnsafeBufferPointer { labels in
                        probabilities.withColumns { probabilities in
                            slots.combination.withUnsafeBufferPointer { combination in
                                slots.combinationSlots.withUnsafeBufferPointer { rowSlots in
                                    var cursor = RowTermsCursor(probabilities, labels: labels, classCount: k)
                                    defer { cursor.deallocate() }
                                    for i in 0..<data.rowCount {
                                        let y = Int(labels[i]), base = Int(combination[i]) * width
                                        let terms = cursor.terms(row: i)
                                        for j in 0..<width {
                                            let slot = Int(rowSlots[base + j])
                                            terms.addUnit(
                                                label: y, classCount: k, to: sums + slot * stride,
                                                cellRows: cellRows + slot * cellWidth, binRows: binRows + slot * binWidth,
                                                rankRows: rankRows + slot * k)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for slot in 0..<slots.count {
                empty.fillCounts(
                    of: &sums[(slot * stride)..<(slot * stride + stride)],
                    cellRows: cellRows[(slot * cellWidth)..<(slot * cellWidth + cellWidth)],
                    binRows: binRows[(slot * binWidth)..<(slot * binWidth + binWidth)],
                    rankRows: rankRows[(slot * k)..<(slot * k + k)])
            }
        } else {
            // The columns' addresses (none for hard predictions), taken once for the pass.
            var columns = ClassProbabilities(columns: [])
            if case .probabilities(let probabilities) = data.predictions { columns = probabilities }
            withUnsafeMutableBuffers(&sums, &cellRows, &binRows) { sums, cellRows, binRows in
                columns.withColumns { columns in
                    data.labels.withUnsafeBufferPointer { labels in
                        withOptionalBuffer(data.weights) { weights in
                            slots.combination.withUnsafeBufferPointer { combination in
                                slots.combinationSlots.withUnsafeBufferPointer { rowSlots in
                                    var cursor = RowTermsCursor(columns, labels: labels, classCount: k)
                                    defer { cursor.deallocate() }
                                    for i in 0..<data.rowCount {
                                        let y = Int(labels[i]), w = weights?[i] ?? 1
                                        let base = Int(combination[i]) * width
                                        switch data.predictions {
                                        case .classes(let predicted):
                                            let p = Int(predicted[i])
                                            precondition(p >= 0 && p < k, "class codes must be in 0..<classCount")
                                            for j in 0..<width {
                                                let slot = Int(rowSlots[base + j])
                                                let s = sums + slot * stride
                                                s[y * k + p].add(w)
                                                cellRows[slot * cellWidth + y * k + p] += 1
                                                s[squaredWeightIndex].add(w * w)
                                                s[trueSquaresStart + y].add(w * w)
                                                s[predictedSquaresStart + p].add(w * w)
                                            }
                                        case .probabilities:
                                            let terms = cursor.terms(row: i)
                                            for j in 0..<width {
                                                let slot = Int(rowSlots[base + j])
                                                terms.add(
                                                    weight: w, label: y, classCount: k, to: sums + slot * stride,
                                                    cellRows: cellRows + slot * cellWidth, binRows: binRows + slot * binWidth)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<slots.count).map { slot in
            var accumulator = empty
            accumulator.rowCount = slots.rowCounts[slot]
            accumulator.cellRows = Array(cellRows[(slot * cellWidth)..<(slot * cellWidth + cellWidth)])
            accumulator.binRows = Array(binRows[(slot * binWidth)..<(slot * binWidth + binWidth)])
            accumulator.sums = Array(sums[(slot * stride)..<(slot * stride + stride)])
            return accumulator
        }
    }

    /// Sets the sums of unit-weight rows that are counts — the confusion cells, the ranks of
    /// the true class, the bins' weights and correct weights, Σ w² overall, by true and by
    /// predicted class — from the rows per cell, bin and rank: a compensated sum of n ones is n
    /// with compensation 0, which is what one `add` of n gives.
    func fillCounts(
        of s: inout ArraySlice<CompensatedSum>, cellRows: ArraySlice<Int>, binRows: ArraySlice<Int>,
        rankRows: ArraySlice<Int>
    ) {
        let k = classCount, first = s.startIndex
        func set(_ index: Int, _ count: Int) {
            guard count > 0 else { return }
            s[first + index] = CompensatedSum(Double(count))
        }
        var rows = 0
        for y in 0..<k {
            var trueRows = 0, predictedRows = 0
            for p in 0..<k {
                set(y * k + p, cellRows[cellRows.startIndex + y * k + p])
                trueRows += cellRows[cellRows.startIndex + y * k + p]
                predictedRows += cellRows[cellRows.startIndex + p * k + y]
            }
            set(trueSquaresStart + y, trueRows)
            set(predictedSquaresStart + y, predictedRows)
            set(ranksStart + y, rankRows[rankRows.startIndex + y])
            rows += trueRows
        }
        set(squaredWeightIndex, rows)
        for b in 0..<Self.binCount {
            let wrong = binRows[binRows.startIndex + 2 * b], correct = binRows[binRows.startIndex + 2 * b + 1]
            set(binsStart + b, wrong + correct)
            set(binsStart + Self.binCount + b, correct)
        }
    }

    /// Adds the rows of `other` (over rows disjoint from this one's).
    public mutating func merge(_ other: MulticlassAccumulator) {
        precondition(other.classCount == classCount && other.hasProbabilities == hasProbabilities, "incompatible states")
        rowCount += other.rowCount
        for i in cellRows.indices { cellRows[i] += other.cellRows[i] }
        for i in binRows.indices { binRows[i] += other.binRows[i] }
        for i in sums.indices {
            sums[i].add(other.sums[i].sum)
            sums[i].add(other.sums[i].compensation)
        }
    }

    public func merged(with other: MulticlassAccumulator) -> MulticlassAccumulator {
        var result = self
        result.merge(other)
        return result
    }

    public var confusion: MulticlassConfusion {
        MulticlassConfusion(classCount: classCount, counts: sums[0..<cellsEnd].map(\.value))
    }

    /// Σ w.
    public var weightedCount: Double { MulticlassConfusion.sum(sums[0..<cellsEnd].lazy.map(\.value)) }
    /// Σ w², for Kish's effective size (Σw)² / Σw².
    public var sumOfSquaredWeights: Double { sums[squaredWeightIndex].value }
    /// Σ w² over the rows of true class `c`.
    public func sumOfSquaredWeights(trueClass c: Int) -> Double { sums[trueSquaresStart + c].value }
    /// Σ w² over the rows predicted as class `c`.
    public func sumOfSquaredWeights(predictedClass c: Int) -> Double { sums[predictedSquaresStart + c].value }

    func probabilityMean(_ index: Int) -> Double? {
        guard hasProbabilities else { return nil }
        let total = weightedCount
        return total > 0 ? sums[index].value / total : nil
    }

    /// The weighted means of the squared log-loss and Brier terms, for their normal intervals.
    public var logLossMeanOfSquares: Double? { probabilityMean(logLossSquaresIndex) }
    public var brierMeanOfSquares: Double? { probabilityMean(brierSquaresIndex) }

    /// Weighted mean of −log(clip(p_y, ε, 1 − ε)); `nil` for hard predictions or zero weight.
    public var logLoss: Double? { probabilityMean(logLossIndex) }
    /// Weighted mean of Σ_k (p_k − 1[y = k])², in [0, 2]; `nil` for hard predictions or zero weight.
    public var brier: Double? { probabilityMean(brierIndex) }

    /// Share (by weight) of rows whose true class is among the k highest probabilities, ties
    /// ranked as scikit-learn's `top_k_accuracy_score` (the higher class first); 1 for k ≥ K
    /// (scikit-learn warns that it is trivially perfect but returns 1). For hard predictions
    /// only k = 1 is defined (the accuracy). `nil` for zero weight.
    public func topKAccuracy(_ k: Int) -> Double? {
        precondition(k >= 1, "k must be at least 1")
        guard hasProbabilities else { return k == 1 ? confusion.accuracy : nil }
        let total = weightedCount
        guard total > 0 else { return nil }
        if k >= classCount { return 1 }
        return MulticlassConfusion.sum(sums[ranksStart..<ranksStart + k].lazy.map(\.value)) / total
    }

    /// The 10 calibration bins of the top-label confidence: (weight, weight of correct rows,
    /// weighted sum of confidences) per bin, bin i covering [i/10, (i+1)/10) and the last 1.0.
    public var calibrationBins: [(weight: Double, correct: Double, confidence: Double)] {
        (0..<Self.binCount).map { b in
            (sums[binsStart + b].value, sums[binsStart + Self.binCount + b].value, sums[binsStart + 2 * Self.binCount + b].value)
        }
    }

    /// The confidence weight of the correct rows per calibration bin.
    public var correctConfidence: [Double] {
        (0..<Self.binCount).map { sums[binsStart + 3 * Self.binCount + $0].value }
    }

    /// Top-label expected calibration error, the binary task's ECE on the confidence max_k p_k
    /// against the correctness of the argmax: Σ_b |Σ_b w·1[correct] − Σ_b w·max p| / Σ w over
    /// the 10 equal-width bins. `nil` for hard predictions or zero weight.
    public var expectedCalibrationError: Double? {
        guard hasProbabilities else { return nil }
        let total = weightedCount
        guard total > 0 else { return nil }
        return MulticlassConfusion.sum(calibrationBins.lazy.map { ($0.correct - $0.confidence).magnitude }) / total
    }
}

/// Calls `body` with a buffer over `array`, or with `nil`.
@inline(__always) func withOptionalBuffer<T, R>(_ array: [T]?, _ body: (UnsafeBufferPointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0) }
}

/// Calls `body` with pointers to the three arrays' storage.
@inline(__always)
private func withUnsafeMutableBuffers<A, B, C, R>(
    _ a: inout [A], _ b: inout [B], _ c: inout [C],
    _ body: (UnsafeMutablePointer<A>, UnsafeMutablePointer<B>, UnsafeMutablePointer<C>) -> R
) -> R {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in body(a.baseAddress!, b.baseAddress!, c.baseAddress!) }
        }
    }
}
