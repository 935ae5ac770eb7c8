/// The one-pass engine behind `BinaryEvaluator`: after one radix argsort of the scores, a single
/// walk over the rows from the highest score down updates, for the whole data and for every
/// group of every grouping at once, all the sums the metrics need.
///
/// Each row touches one accumulator "slot" per grouping (slot 0 is the whole data). Rows are taken
/// run by run (a run = equal scores). Every row of a run has the same score, so its terms depend
/// only on its label: the log-loss term is computed once per run and label present, never per
/// row. The slots a run touched are listed, and when the run ends each of them is closed once.
/// A slot holds
///
/// * per label, a `SIMD8` of weighted moments (w, w², ws, ws², wℓ, wℓ², wb, wb², with ℓ the
///   log-loss term and b = (s − y)²) and a row count. The rows are walked in
///   *segments* between the score values where something changes (the threshold, the calibration
///   bin edges, the histogram edges, the sweep thresholds), so every segment has one predicted
///   class, one calibration bin and one histogram bin, and its sums are folded into the confusion
///   cells and calibration bins at the segment's end. Folds also happen every `blockRows` rows,
///   into compensated (TwoSum) totals, so plain sums never run over more than a block.
/// * run state for the ranking metrics (`RunClosing`): closing a run adds its AUC and DeLong terms
///   and its average-precision term.
/// * the bins of the average-precision bootstrap (`BootstrapBinPool`): adjacent runs pooled online
///   into at most `binCap` bins.
///
/// `BinaryGroupState` keeps the same statistics in a mergeable form (the runs themselves instead
/// of the ranking sums) and walks its runs with the same `RunClosing` and `BootstrapBinPool`.
struct DescendingPass {
    static let blockRows = 1 << 16

    struct RunState {
        var ranking = RunClosing()
        var ap = 0.0
        var pool = BootstrapBinPool()
    }

    /// Totals of one slot after the pass.
    struct SlotTotals {
        /// `[label][predicted]` moments and row counts.
        var cells: [SIMD8<Double>]
        var cellCounts: [Int]
        /// `[bin][label]` moments and row counts of the 10 calibration bins.
        var calibration: [SIMD8<Double>]
        var calibrationCounts: [Int]
        var a1: Double, a2: Double, b2: Double, ap: Double
        var bins: [SIMD4<Double>]
    }

    let slotCount: Int
    let groupings: Int
    let wordsPerRow: Int
    let binCap: Int
    // Decoding of a row's packed word(s): per grouping, its word, shift, mask, group count and first slot.
    let wordIndex: [Int], shift: [UInt64], mask: [UInt64], groupCount: [UInt64], slotBase: [Int]

    struct Decode { var word: Int; var shift: UInt64; var mask: UInt64; var count: UInt64; var base: Int }
    let decode: UnsafeMutablePointer<Decode>
    let sums: UnsafeMutablePointer<SIMD8<Double>>
    let counts: UnsafeMutablePointer<Int>
    let state: UnsafeMutablePointer<RunState>
    /// The current run's rows per `2 * slot + label`, and their Σw when weighted.
    let runCounts: UnsafeMutablePointer<Int>
    let runWeights: UnsafeMutablePointer<Double>
    /// The current run's per-row terms by label (see `walk`).
    let rowTerms: UnsafeMutablePointer<SIMD8<Double>>
    /// The run in which a slot was last touched, and the slots the current run touched (slot 0,
    /// the whole data, first).
    let stamps: UnsafeMutablePointer<Int>
    let touched: UnsafeMutablePointer<Int>
    var touchedCount = 0
    /// Per touched slot, the average-precision term's numerator and denominator, divided in one
    /// batch after the run's slots are closed (independent divisions pipeline; a chain does not).
    let precisionTerms: UnsafeMutablePointer<SIMD2<Double>>
    var bins: [[SIMD4<Double>]]
    var cellSums: [CompensatedSum8], cellCounts: [Int]
    var calibrationSums: [CompensatedSum8], calibrationCounts: [Int]
    var rankSums: [CompensatedSum8]  // a1, a2, b2, ap per slot (lanes 0–3)
    var histogram: [CompensatedSum]  // [bin][label], whole data
    var cumulativePositives = CompensatedSum(), cumulativeNegatives = CompensatedSum()
    var runId = 0
    var rowsSinceFold = 0
    var roc: CurveCollector, precisionRecall: CurveCollector
    let totalPositives: Double, totalNegatives: Double
    let inversePositives: Double, inverseNegatives: Double

    init(
        groupings: [Grouping], wordIndex: [Int], shift: [UInt64], mask: [UInt64], wordsPerRow: Int,
        binCap: Int, totalPositives: Double, totalNegatives: Double, curvePoints: Int
    ) {
        self.groupings = groupings.count
        self.wordIndex = wordIndex
        self.shift = shift
        self.mask = mask
        self.wordsPerRow = wordsPerRow
        self.binCap = max(binCap, 2)
        groupCount = groupings.map { UInt64($0.groupCount) }
        var base: [Int] = []
        var next = 1
        for g in groupings {
            base.append(next)
            next += g.groupCount + 1  // the last slot takes the grouping's rows in no group, and is never read
        }
        slotBase = base
        slotCount = next
        decode = .allocate(capacity: max(groupings.count, 1))
        for g in groupings.indices {
            (decode + g).initialize(
                to: Decode(
                    word: wordIndex[g], shift: shift[g], mask: mask[g],
                    count: UInt64(groupings[g].groupCount), base: base[g]))
        }
        sums = .filled(with: SIMD8(repeating: 0), count: 2 * next)
        counts = .filled(with: 0, count: 2 * next)
        state = .filled(with: RunState(), count: next)
        runCounts = .filled(with: 0, count: 2 * next)
        runWeights = .filled(with: 0, count: 2 * next)
        rowTerms = .filled(with: .zero, count: 2)
        stamps = .filled(with: -1, count: next)
        touched = .filled(with: 0, count: next)
        precisionTerms = .filled(with: .zero, count: next)
        bins = Array(repeating: [], count: next)
        cellSums = Array(repeating: CompensatedSum8(), count: 4 * next)
        cellCounts = Array(repeating: 0, count: 4 * next)
        calibrationSums = Array(repeating: CompensatedSum8(), count: 20 * next)
        calibrationCounts = Array(repeating: 0, count: 20 * next)
        rankSums = Array(repeating: CompensatedSum8(), count: next)
        histogram = Array(repeating: CompensatedSum(), count: 40)
        self.totalPositives = totalPositives
        self.totalNegatives = totalNegatives
        inversePositives = totalPositives > 0 ? 1 / totalPositives : 0
        inverseNegatives = totalNegatives > 0 ? 1 / totalNegatives : 0
        let tolerance = 1 / (20 * Double(max(curvePoints, 1)))
        roc = CurveCollector(tolerance: tolerance)
        precisionRecall = CurveCollector(tolerance: tolerance)
    }

    /// Frees the scratch buffers; the pass is unusable afterwards.
    func deallocate() {
        decode.deallocate()
        sums.deallocate()
        counts.deallocate()
        state.deallocate()
        runCounts.deallocate()
        runWeights.deallocate()
        rowTerms.deallocate()
        stamps.deallocate()
        touched.deallocate()
        precisionTerms.deallocate()
    }

    /// The segment's fold targets.
    struct SegmentInfo { var predicted: Int; var calibrationBin: Int; var histogramBin: Int }

    /// Where the walk's segments end: every score value where the predicted class, calibration
    /// bin, histogram bin or sweep threshold changes (rows at or above a boundary are on its upper
    /// side). Every walk that must fold its sums where this one does (`BinaryEvaluator.rocAUCs`)
    /// cuts its rows here too.
    struct Segments {
        /// Positions in the ascending-sorted rows, descending, from the row count down to 0.
        let boundaries: [Int]
        /// Per sweep threshold (`BinaryEvaluator.sweepThresholds`), the first row at or above it.
        let sweepPositions: [Int]
        /// The score histogram's 21 edges: [0, 1] in twentieths, or the scores' range beyond it.
        let histogramEdges: [Double]
        let maxScore: Double
        let threshold: Double

        init(keys: [UInt64], threshold: Double) {
            let n = keys.count
            let minScore = n > 0 ? RadixSort.value(ofKey: keys[0]) : 0
            maxScore = n > 0 ? RadixSort.value(ofKey: keys[n - 1]) : 1
            var histLow = 0.0, histHigh = 1.0
            if minScore < 0 || maxScore > 1 {
                histLow = minScore
                histHigh = maxScore > minScore ? maxScore : minScore + 1
            }
            let histEdges = (0...20).map { histLow + (histHigh - histLow) * Double($0) / 20 }
            func lowerBound(_ value: Double) -> Int {
                let key = RadixSort.key(value)
                var lo = 0, hi = n
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if keys[mid] < key { lo = mid + 1 } else { hi = mid }
                }
                return lo
            }
            sweepPositions = BinaryEvaluator.sweepThresholds.map(lowerBound)
            var cuts = Set([0, n, lowerBound(threshold)])
            for e in 1...9 { cuts.insert(lowerBound(Double(e) / 10)) }
            for e in histEdges[1..<20] { cuts.insert(lowerBound(e)) }
            for p in sweepPositions { cuts.insert(p) }
            boundaries = cuts.sorted(by: >)
            histogramEdges = histEdges
            self.threshold = threshold
        }

        /// The fold targets of the segment whose rows score `s`.
        func info(_ s: Double) -> SegmentInfo {
            var hb = 0
            while hb < 19 && s >= histogramEdges[hb + 1] { hb += 1 }
            return SegmentInfo(
                predicted: s >= threshold ? 1 : 0, calibrationBin: BinaryMetrics.calibrationBin(s), histogramBin: hb)
        }
    }

    /// Walks every segment between consecutive `boundaries` (descending positions in the
    /// ascending-sorted rows), recording the cumulative positives and negatives at each sweep
    /// position.
    mutating func walkAll<Word: FixedWidthInteger & UnsignedInteger>(
        boundaries: [Int], sweepPositions: [Int], infoOf: (Double) -> SegmentInfo,
        keys: UnsafePointer<UInt64>, packed: UnsafePointer<Word>, weights: UnsafePointer<Double>?
    )
        -> (tp: [Double], fp: [Double])
    {
        var tp = [Double](repeating: 0, count: sweepPositions.count)
        var fp = [Double](repeating: 0, count: sweepPositions.count)
        for i in 0..<(boundaries.count - 1) {
            let upper = boundaries[i], lower = boundaries[i + 1]
            if lower < upper {
                let info = infoOf(RadixSort.value(ofKey: keys[lower]))
                walk(segment: lower, upper, info: info, keys: keys, packed: packed, weights: weights)
            }
            for (j, p) in sweepPositions.enumerated() where p == lower {
                tp[j] = cumulativePositives.value
                fp[j] = cumulativeNegatives.value
            }
        }
        finish(SegmentInfo(predicted: 0, calibrationBin: 0, histogramBin: 0))
        return (tp, fp)
    }

    /// Walks the ascending-sorted rows `lower..<upper` from the top down; they must all lie in one
    /// segment and start at a run boundary. `packed` and `weights` are in sorted order too.
    /// `Word` is `UInt32` when the label and codes fit in 32 bits (one word per row), else `UInt64`.
    mutating func walk<Word: FixedWidthInteger & UnsignedInteger>(
        segment lower: Int, _ upper: Int, info: SegmentInfo,
        keys: UnsafePointer<UInt64>, packed: UnsafePointer<Word>, weights: UnsafePointer<Double>?
    ) {
        var k = upper - 1
        while k >= lower {
            let key = keys[k]
            let score = RadixSort.value(ofKey: key)
            runId &+= 1
            // The run's extent and labels first, so its per-row terms (the logs) are computed once
            // per label present: (1, 1, s, s², ℓ, ℓ², b, b²), exactly a unit-weight row's moments.
            var e = k
            var labels: UInt64 = 0
            repeat {
                labels |= 1 &<< (UInt64(truncatingIfNeeded: packed[e &* wordsPerRow]) & 1)
                e -= 1
            } while e >= lower && keys[e] == key
            if labels & 1 != 0 { rowTerms[0] = RunClosing.unitTerms(score: score, label: 0) }
            if labels & 2 != 0 { rowTerms[1] = RunClosing.unitTerms(score: score, label: 1) }
            // Locals, so the loops keep them in registers; every row lands in one slot per grouping
            // (its group's, or the grouping's "no group" slot), so the loop has no data-dependent
            // branch: a slot is appended to `touched` each time and the count advances only the
            // first time in the run, and never for a "no group" slot (whose sums pile up unread).
            let dec = decode, rc = runCounts, rw = runWeights, st = stamps, tl = touched
            let sm = sums, terms = rowTerms
            let id = runId, wpr = wordsPerRow, gs = groupings
            tl[0] = 0  // slot 0, the whole data, takes every row
            var nt = 1
            var j = k
            if let weights {
                while j > e {
                    let row = packed + j &* wpr
                    let label = Int(truncatingIfNeeded: row[0] & 1)
                    let w = weights[j]
                    let m = RunClosing.weighted(terms[label], weight: w, score: score)
                    sm[label] += m
                    rc[label] &+= 1
                    rw[label] += w
                    for g in 0..<gs {
                        let d = dec[g]
                        let v = (UInt64(truncatingIfNeeded: row[d.word]) &>> d.shift) & d.mask
                        let s = d.base &+ Int(truncatingIfNeeded: v)
                        tl[nt] = s
                        nt &+= (st[s] != id ? 1 : 0) & (v < d.count ? 1 : 0)
                        st[s] = id
                        sm[2 &* s &+ label] += m
                        rc[2 &* s &+ label] &+= 1
                        rw[2 &* s &+ label] += w
                    }
                    j -= 1
                }
            } else if wpr == 1 {
                while j > e {
                    let word = UInt64(truncatingIfNeeded: packed[j])
                    let label = Int(truncatingIfNeeded: word & 1)
                    let m = terms[label]
                    sm[label] += m
                    rc[label] &+= 1
                    for g in 0..<gs {
                        let d = dec[g]
                        let v = (word &>> d.shift) & d.mask
                        let s = d.base &+ Int(truncatingIfNeeded: v)
                        tl[nt] = s
                        nt &+= (st[s] != id ? 1 : 0) & (v < d.count ? 1 : 0)
                        st[s] = id
                        sm[2 &* s &+ label] += m
                        rc[2 &* s &+ label] &+= 1
                    }
                    j -= 1
                }
            } else {
                while j > e {
                    let row = packed + j &* wpr
                    let label = Int(truncatingIfNeeded: row[0] & 1)
                    let m = terms[label]
                    sm[label] += m
                    rc[label] &+= 1
                    for g in 0..<gs {
                        let d = dec[g]
                        let v = (UInt64(truncatingIfNeeded: row[d.word]) &>> d.shift) & d.mask
                        let s = d.base &+ Int(truncatingIfNeeded: v)
                        tl[nt] = s
                        nt &+= (st[s] != id ? 1 : 0) & (v < d.count ? 1 : 0)
                        st[s] = id
                        sm[2 &* s &+ label] += m
                        rc[2 &* s &+ label] &+= 1
                    }
                    j -= 1
                }
            }
            touchedCount = nt
            closeRuns(weighted: weights != nil)
            recordCurves(score: score, tp: state.pointee.ranking.posAbove, fp: state.pointee.ranking.negAbove)
            rowsSinceFold += k - j
            k = j
            if rowsSinceFold >= Self.blockRows { fold(info) }
        }
        fold(info)
    }

    /// Closes the current run in slot 0 and every slot it touched: adds its row counts and its
    /// ranking terms (the moments were added row by row).
    @inline(__always) mutating func closeRuns(weighted: Bool) {
        let n = touchedCount
        for t in 0..<n { closeSlot(touched[t], at: t, weighted: weighted) }
        let pt = precisionTerms
        for t in 0..<n {
            let q = pt[t]
            state[touched[t]].ap += q[0] / q[1]
        }
    }

    @inline(__always) mutating func closeSlot(_ s: Int, at t: Int, weighted: Bool) {
        let i = 2 &* s
        let nn = runCounts[i], pn = runCounts[i &+ 1]
        let nr = weighted ? runWeights[i] : Double(nn)
        let pr = weighted ? runWeights[i &+ 1] : Double(pn)
        counts[i] &+= nn
        counts[i &+ 1] &+= pn
        runCounts[i] = 0
        runCounts[i &+ 1] = 0
        if weighted {
            runWeights[i] = 0
            runWeights[i &+ 1] = 0
        }
        closeRun(s, at: t, positives: pr, negatives: nr, positiveRows: pn, negativeRows: nn)
    }

    /// Adds a slot's finished run to its ranking sums and bootstrap bins (see the type comment).
    /// The average-precision term is left in `precisionTerms[t]` (as a numerator and denominator)
    /// for the caller to divide and add.
    @inline(__always) mutating func closeRun(
        _ s: Int, at t: Int, positives pr: Double, negatives nr: Double,
        positiveRows pn: Int, negativeRows nn: Int
    ) {
        precisionTerms[t] = state[s].ranking.close(positives: pr, negatives: nr)
        addToBin(s, SIMD4(Double(pn), Double(nn), pr, nr), rows: pn &+ nn)
    }

    /// Folds the last sums (after the last segment; every run is closed by then).
    mutating func finish(_ info: SegmentInfo) {
        fold(info)
    }

    @inline(__always) mutating func addToBin(_ s: Int, _ run: SIMD4<Double>, rows: Int) {
        if state[s].pool.isFull { pushBin(s) }
        state[s].pool.add(run, rows: rows)
    }

    @inline(never) mutating func pushBin(_ s: Int) {
        state[s].pool.push(into: &bins[s], cap: binCap)
    }

    @inline(__always) mutating func recordCurves(score: Double, tp: Double, fp: Double) {
        let x = fp * inverseNegatives, y = tp * inversePositives
        if totalNegatives > 0 && totalPositives > 0 {
            roc.add(x, y, score)
        }
        if totalPositives > 0 && tp + fp > 0 {
            precisionRecall.add(y, tp / (tp + fp), score)
        }
    }

    /// Moves the block's plain sums into the compensated totals of the segment's cells.
    mutating func fold(_ info: SegmentInfo) {
        rowsSinceFold = 0
        for s in 0..<slotCount {
            for label in 0..<2 {
                let i = 2 * s + label
                let n = counts[i]
                if n == 0 { continue }
                let m = sums[i]
                let cell = (2 * s + label) * 2 + info.predicted
                cellSums[cell].add(m)
                cellCounts[cell] += n
                let bin = (s * 10 + info.calibrationBin) * 2 + label
                calibrationSums[bin].add(m)
                calibrationCounts[bin] += n
                if s == 0 {
                    histogram[info.histogramBin * 2 + label].add(m[0])
                    if label == 1 { cumulativePositives.add(m[0]) } else { cumulativeNegatives.add(m[0]) }
                }
                sums[i] = .zero
                counts[i] = 0
            }
            let st = state + s
            let r = st.pointee.ranking
            if r.a1 != 0 || r.a2 != 0 || r.b2 != 0 || st.pointee.ap != 0 {
                rankSums[s].add(SIMD8(r.a1, r.a2, r.b2, st.pointee.ap, 0, 0, 0, 0))
                st.pointee.ranking.a1 = 0
                st.pointee.ranking.a2 = 0
                st.pointee.ranking.b2 = 0
                st.pointee.ap = 0
            }
        }
    }

    /// The totals of one slot (call after the walk).
    func totals(_ s: Int) -> SlotTotals {
        let slotBins = state[s].pool.finished(bins[s])
        let r = rankSums[s].value
        return SlotTotals(
            cells: (0..<4).map { cellSums[4 * s + $0].value },
            cellCounts: Array(cellCounts[(4 * s)..<(4 * s + 4)]),
            calibration: (0..<20).map { calibrationSums[20 * s + $0].value },
            calibrationCounts: Array(calibrationCounts[(20 * s)..<(20 * s + 20)]),
            a1: r[0], a2: r[1], b2: r[2], ap: r[3], bins: slotBins)
    }
}
