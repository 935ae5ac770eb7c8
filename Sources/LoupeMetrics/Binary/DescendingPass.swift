/// The one-pass engine behind `BinaryEvaluator`: after one radix argsort of the scores, a single
/// walk over the rows from the highest score down updates, for the whole data and for every
/// group of every grouping at once, all the sums the metrics need.
///
/// Each row touches one accumulator "slot" per grouping (slot 0 is the whole data). A slot holds
///
/// * per label, a `SIMD8` of weighted moments (w, w², ws, ws², wℓ, wℓ², wb, wb², with ℓ the
///   log-loss term and b = (s − y)²) and a row count. The rows are walked in *segments* between
///   the score values where something changes (the threshold, the calibration bin edges, the
///   histogram edges, the sweep thresholds), so every segment has one predicted class, one
///   calibration bin and one histogram bin, and its sums are folded into the confusion cells and
///   calibration bins at the segment's end. Folds also happen every `blockRows` rows, into
///   compensated (TwoSum) totals, so plain sums never run over more than a block.
/// * run state for the ranking metrics. Rows are taken run by run (a run = equal scores); a slot
///   accumulates the positives and negatives it receives in the current run and closes the run
///   (lazily: when a row of a later run reaches it, or at the end) with
///   a = neg_above + ½ neg_run (its positives' "negatives not below") and c = pos_above + ½ pos_run
///   (its negatives' placement), adding pos_run · a and pos_run · a² (AUC and DeLong for
///   positives), neg_run · c² (DeLong for negatives), and pos_run · tp / (tp + fp) with
///   tp = pos_above + pos_run, fp = neg_above + neg_run (average precision). Walking downwards means
///   none of these needs the group's totals in advance.
/// * the bins of the average-precision bootstrap: adjacent runs pooled online into at most
///   `binCap` bins of about `binWidth` rows (when the cap is reached, pairs of bins merge and the
///   width doubles); a group with fewer runs than the cap keeps every run as its own bin.
struct DescendingPass {
    static let blockRows = 1 << 16

    struct RunState {
        var posAbove = 0.0, negAbove = 0.0
        var posRun = 0.0, negRun = 0.0
        var posRunN = 0, negRunN = 0
        var rowsAbove = 0
        var stamp = -1
        var a1 = 0.0, a2 = 0.0, b2 = 0.0, ap = 0.0
        var binStart = 0, binWidth = 1
        var bin = SIMD4<Double>(repeating: 0)  // (positive rows, negative rows, positive weight, negative weight)
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
    var bins: [[SIMD4<Double>]]
    var cellSums: [CompensatedSum8], cellCounts: [Int]
    var calibrationSums: [CompensatedSum8], calibrationCounts: [Int]
    var rankSums: [CompensatedSum8]  // a1, a2, b2, ap per slot (lanes 0–3)
    var histogram: [CompensatedSum]   // [bin][label], whole data
    var cumulativePositives = CompensatedSum(), cumulativeNegatives = CompensatedSum()
    var runId = 0
    var rowsSinceFold = 0
    var roc: CurveCollector, precisionRecall: CurveCollector
    let totalPositives: Double, totalNegatives: Double
    let inversePositives: Double, inverseNegatives: Double

    init(groupings: [Grouping], wordIndex: [Int], shift: [UInt64], mask: [UInt64], wordsPerRow: Int,
         binCap: Int, totalPositives: Double, totalNegatives: Double, curvePoints: Int) {
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
            next += g.groupCount
        }
        slotBase = base
        slotCount = next
        decode = .allocate(capacity: max(groupings.count, 1))
        for g in groupings.indices {
            (decode + g).initialize(to: Decode(word: wordIndex[g], shift: shift[g], mask: mask[g],
                                               count: UInt64(groupings[g].groupCount), base: base[g]))
        }
        sums = .allocate(capacity: 2 * next)
        sums.initialize(repeating: SIMD8(repeating: 0), count: 2 * next)
        counts = .allocate(capacity: 2 * next)
        counts.initialize(repeating: 0, count: 2 * next)
        state = .allocate(capacity: next)
        state.initialize(repeating: RunState(), count: next)
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
    }

    /// The segment's fold targets.
    struct SegmentInfo { var predicted: Int; var calibrationBin: Int; var histogramBin: Int }

    /// Walks every segment between consecutive `boundaries` (descending positions in the
    /// ascending-sorted rows), recording the cumulative positives and negatives at each sweep
    /// position.
    mutating func walkAll(boundaries: [Int], sweepPositions: [Int], infoOf: (Double) -> SegmentInfo,
                          keys: UnsafePointer<UInt64>,
                          packed: UnsafePointer<UInt64>, weights: UnsafePointer<Double>?)
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
    mutating func walk(segment lower: Int, _ upper: Int, info: SegmentInfo,
              keys: UnsafePointer<UInt64>,
              packed: UnsafePointer<UInt64>, weights: UnsafePointer<Double>?) {
        var k = upper - 1
        while k >= lower {
            let key = keys[k]
            let score = RadixSort.value(ofKey: key)
            runId += 1
            var j = k
            repeat {
                let label = Int(packed[j &* wordsPerRow] & 1)
                let m = moments(row: j, score: score, label: label, weights: weights)
                sums[label] += m
                counts[label] &+= 1
                if label == 1 {
                    state.pointee.posRun += m[0]
                    state.pointee.posRunN &+= 1
                } else {
                    state.pointee.negRun += m[0]
                    state.pointee.negRunN &+= 1
                }
                for g in 0..<groupings {
                    if let s = slot(g, j, packed) { touch(s, label: label, m: m) }
                }
                j -= 1
            } while j >= lower && keys[j] == key
            closeRun(0)
            recordCurves(score: score, tp: state.pointee.posAbove, fp: state.pointee.negAbove)
            rowsSinceFold += k - j
            k = j
            if rowsSinceFold >= Self.blockRows { fold(info) }
        }
        fold(info)
    }

    /// Adds a row to a group's current run; a group's run is closed lazily, when the group is next
    /// touched by a row of another run (or at the end), so no list of touched groups is kept.
    @inline(__always) mutating func touch(_ s: Int, label: Int, m: SIMD8<Double>) {
        sums[2 &* s &+ label] += m
        counts[2 &* s &+ label] &+= 1
        let st = state + s
        if st.pointee.stamp != runId {
            if st.pointee.posRunN | st.pointee.negRunN != 0 { closeRun(s) }
            st.pointee.stamp = runId
        }
        if label == 1 {
            st.pointee.posRun += m[0]
            st.pointee.posRunN &+= 1
        } else {
            st.pointee.negRun += m[0]
            st.pointee.negRunN &+= 1
        }
    }

    /// Adds a slot's finished run to its ranking sums and bootstrap bins (see the type comment).
    @inline(__always) mutating func closeRun(_ s: Int) {
        let st = state + s
        let pr = st.pointee.posRun, nr = st.pointee.negRun
        let a = st.pointee.negAbove + nr / 2
        let c = st.pointee.posAbove + pr / 2
        st.pointee.a1 += pr * a
        st.pointee.a2 += pr * a * a
        st.pointee.b2 += nr * c * c
        let tp = st.pointee.posAbove + pr, fp = st.pointee.negAbove + nr
        if pr > 0 { st.pointee.ap += pr * tp / (tp + fp) }
        st.pointee.posAbove = tp
        st.pointee.negAbove = fp
        let pn = st.pointee.posRunN, nn = st.pointee.negRunN
        addToBin(s, SIMD4(Double(pn), Double(nn), pr, nr), rows: pn + nn)
        st.pointee.posRun = 0
        st.pointee.negRun = 0
        st.pointee.posRunN = 0
        st.pointee.negRunN = 0
    }

    /// Closes the groups' pending runs and folds their sums (after the last segment).
    mutating func finish(_ info: SegmentInfo) {
        for s in 1..<max(slotCount, 1) where state[s].posRunN | state[s].negRunN != 0 {
            closeRun(s)
        }
        fold(info)
    }

    @inline(__always) func moments(row: Int, score s: Double, label: Int, weights: UnsafePointer<Double>?) -> SIMD8<Double> {
        let w = weights?[row] ?? 1
        let p = min(max(s, 1e-15), 1 - 1e-15)
        let l = label == 1 ? -libmLog(p) : -libmLog(1 - p)
        let d = s - Double(label)
        let b = d * d
        let ws = w * s, wl = w * l, wb = w * b
        return SIMD8(w, w * w, ws, ws * s, wl, wl * l, wb, wb * b)
    }

    @inline(__always) func slot(_ g: Int, _ row: Int, _ packed: UnsafePointer<UInt64>) -> Int? {
        let d = decode[g]
        let v = (packed[row &* wordsPerRow &+ d.word] >> d.shift) & d.mask
        return v < d.count ? d.base &+ Int(v) : nil
    }

    @inline(__always) mutating func addToBin(_ s: Int, _ run: SIMD4<Double>, rows: Int) {
        let st = state + s
        let rank = st.pointee.rowsAbove
        if rank - st.pointee.binStart >= st.pointee.binWidth && st.pointee.bin != .zero {
            pushBin(s, rank: rank)
        }
        st.pointee.bin += run
        st.pointee.rowsAbove = rank + rows
    }

    @inline(never) mutating func pushBin(_ s: Int, rank: Int) {
        let st = state + s
        bins[s].append(st.pointee.bin)
        st.pointee.bin = .zero
        st.pointee.binStart = rank
        if bins[s].count >= binCap {
            var merged: [SIMD4<Double>] = []
            merged.reserveCapacity(binCap / 2 + 1)
            var i = 0
            while i < bins[s].count {
                merged.append(i + 1 < bins[s].count ? bins[s][i] + bins[s][i + 1] : bins[s][i])
                i += 2
            }
            bins[s] = merged
            st.pointee.binWidth *= 2
        }
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
            if st.pointee.a1 != 0 || st.pointee.a2 != 0 || st.pointee.b2 != 0 || st.pointee.ap != 0 {
                rankSums[s].add(SIMD8(st.pointee.a1, st.pointee.a2, st.pointee.b2, st.pointee.ap, 0, 0, 0, 0))
                st.pointee.a1 = 0
                st.pointee.a2 = 0
                st.pointee.b2 = 0
                st.pointee.ap = 0
            }
        }
    }

    /// The totals of one slot (call after the walk).
    func totals(_ s: Int) -> SlotTotals {
        var slotBins = bins[s]
        if state[s].bin != .zero { slotBins.append(state[s].bin) }
        let r = rankSums[s].value
        return SlotTotals(
            cells: (0..<4).map { cellSums[4 * s + $0].value },
            cellCounts: Array(cellCounts[(4 * s)..<(4 * s + 4)]),
            calibration: (0..<20).map { calibrationSums[20 * s + $0].value },
            calibrationCounts: Array(calibrationCounts[(20 * s)..<(20 * s + 20)]),
            a1: r[0], a2: r[1], b2: r[2], ap: r[3], bins: slotBins)
    }
}
