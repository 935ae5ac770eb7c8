import LoupeResults

extension MulticlassRanking {
    /// The rank metrics of every slot (`MulticlassSlots`: the whole data and every group) at
    /// once, equal bit for bit to `init(data, rows: slotRows)` of each slot: one sort per class
    /// over all rows instead of one per class and slot, then a stable partition of the sorted
    /// rows by slot and one walk per slot (`slotPasses`).
    ///
    /// Why equal: the sort and the partition are stable, so a slot's rows come out in the order
    /// its own sort of them (in row order) would give, and runs of equal p_a restricted to a slot
    /// are that slot's own runs; each slot's sums then take the same terms in the same order as
    /// its own walk (`passes`). Returns one ranking per real slot (without ROC curves), or `nil` for hard
    /// predictions.
    /// With `curvePoints` > 0 the whole data's slot also keeps each class's ROC curve (the same
    /// curve `init(data, curvePoints:)` keeps); with `bootstrapBins` > 0 every slot pools its runs
    /// into at most that many bins for the bootstrap (the bins `init(data, rows:, bootstrapBins:)`
    /// keeps, since a slot's runs are its own walk's runs).
    static func grouped(
        _ data: MulticlassData, slots: MulticlassSlots, curvePoints: Int = 0, bootstrapBins: Int = 0
    ) -> [MulticlassRanking]? {
        guard case .probabilities(let probabilities) = data.predictions else { return nil }
        let passes: [[ClassPass]]
        if let weights = data.weights {
            passes = slotPasses(probabilities, data.classCount, slots, curvePoints, bootstrapBins) { i in
                WeightedRow(weight: weights[i], code: Int32(bitPattern: slots.combination[i]))
            }
        } else {
            passes = slotPasses(probabilities, data.classCount, slots, curvePoints, bootstrapBins) { i in
                UnitRow(code: Int32(bitPattern: slots.combination[i]))
            }
        }
        return (0..<slots.count).map { s in
            MulticlassRanking(
                classCount: data.classCount, passes: passes.map { $0[s] }, curves: s == 0 && curvePoints > 0,
                bins: bootstrapBins > 0)
        }
    }

    /// For each class a, `[a][slot]`: the walk of `passes` for every real slot over one sort of
    /// all rows by p_a descending (the scratch slot's entry is empty: nothing reads it).
    ///
    /// After each sort the sorted rows are partitioned by group slot, stably (a counting sort on
    /// the slot: each slot's rows keep the sorted order), into one region per slot. A row's
    /// entry there (4 bytes) is its class and whether it starts a run of the slot: whether its
    /// key differs from that of the slot's row before it. Each slot — slot 0 over the sorted rows
    /// themselves — is then walked alone (`walk`; without weights `unitWalk`, which counts in
    /// integers), its state in local variables, not in per-slot arrays indexed on every row.
    static func slotPasses<Row: RankedRow>(
        _ probabilities: ClassProbabilities, _ k: Int, _ slots: MulticlassSlots, _ curvePoints: Int, _ binCap: Int,
        _ row: (Int) -> Row
    ) -> [[ClassPass]] {
        let m = slots.combination.count
        precondition(m < Int(UInt32.max), "row positions are 32-bit")
        let slotCount = slots.count + 1, width = slots.width
        let rows = (0..<m).map(row)
        var keys = [UInt64](repeating: 0, count: m)
        var payload = rows
        var digitCounts = [Int](repeating: 0, count: RadixSort.radix * RadixSort.passes)
        // Each group slot's region in the partition: the group slots in order (from slot 1), then
        // the scratch slot.
        var regionStart = [Int](repeating: 0, count: slotCount + 1)
        for s in 1..<max(slots.count, 1) { regionStart[s + 1] = regionStart[s] + slots.rowCounts[s] }
        regionStart[slotCount] = (width - 1) * m
        // A row's entry: its class, and `runStart` when it starts a run of its slot; weights
        // alongside. Per slot, the number of the last run written to it.
        var entries = [UInt32](repeating: 0, count: (width - 1) * m)
        var lastRun = [UInt64](repeating: 0, count: slotCount + 1)
        let weighted = Row.self != UnitRow.self
        var entryWeights = [Double](repeating: 0, count: weighted ? (width - 1) * m : 0)
        var cursor = regionStart
        // Per slot (× class): what the walks leave, and one walk's run scratch.
        var above = [Double](repeating: 0, count: slotCount * k)
        var pairDeficit = [CompensatedSum](repeating: CompensatedSum(), count: slotCount * k)
        var run = [Double](repeating: 0, count: k), runRows = [Int](repeating: 0, count: k)
        // One spare entry: the branch-free walk writes a note before it knows whether it keeps it.
        var inRun = [Bool](repeating: false, count: k), touched = [Int](repeating: 0, count: k + 1)
        // Unit weights: the counts and doubled pairwise deficits of `unitWalk`, when its sums are
        // exact and a run's classes fit its bits.
        let counting = Row.self == UnitRow.self && unitWalkIsExact(rows: m) && unitWalkFits(classCount: k)
        let counts = UnsafeMutablePointer<Int>.filled(with: 0, count: counting ? 3 * k + unitWalkBlock : 0)
        defer { counts.deallocate() }
        // Unit weights: each class's total is its row count, exactly (sums of ones in any order),
        // so the curve's axes need no pass over the sorted rows.
        var unitTotals: [Int]?
        if curvePoints > 0, Row.self == UnitRow.self {
            var counts = [Int](repeating: 0, count: k)
            for r in rows { counts[Int(slots.combinationLabel[Int(UInt32(bitPattern: r.code))])] += 1 }
            unitTotals = counts
        }
        let labels = slots.combinationLabel, combinationSlots = slots.combinationSlots
        return (0..<k).map { a in
            for d in digitCounts.indices { digitCounts[d] = 0 }
            probabilities.columns[a].withUnsafeBufferPointer { p in
                keys.withUnsafeMutableBufferPointer { keys in
                    digitCounts.withUnsafeMutableBufferPointer { dc in
                        for j in 0..<m {
                            // Inverted keys sort descending.
                            let key = ~RadixSort.key(p[j])
                            keys[j] = key
                            RadixSort.countDigits(key, into: dc.baseAddress!)
                        }
                    }
                }
            }
            if a > 0 { payload = rows }
            RadixSort.sort(keys: &keys, carrying: &payload, digitCounts: &digitCounts)
            for i in above.indices {
                above[i] = 0
                pairDeficit[i] = CompensatedSum()
            }
            // The whole data's curve (slot 0), as `passes` keeps it: its axes need the class's
            // totals before the walk.
            var curve: CurveCollector?, positiveTotal = 0.0, negativeTotal = 0.0
            if curvePoints > 0 {
                curve = CurveCollector(tolerance: 1 / (20 * Double(curvePoints)))
                if let unitTotals {
                    positiveTotal = Double(unitTotals[a])
                    negativeTotal = Double(m - unitTotals[a])
                } else {
                    for r in payload {
                        let c = Int(labels[Int(UInt32(bitPattern: r.code))])
                        if c == a { positiveTotal += r.weight } else { negativeTotal += r.weight }
                    }
                }
            }
            let curving = curve != nil && positiveTotal > 0 && negativeTotal > 0
            let pools = MulticlassBinPools(classCount: k, cap: binCap, slotCount: binCap > 0 ? slotCount : 0)
            defer { pools.deallocate() }
            // The partition.
            for s in 0...slotCount {
                cursor[s] = regionStart[s]
                lastRun[s] = .max
            }
            if width > 1 {
                keys.withUnsafeBufferPointer { keys in
                    payload.withUnsafeBufferPointer { sorted in
                        labels.withUnsafeBufferPointer { labels in
                            combinationSlots.withUnsafeBufferPointer { rowSlots in
                                entries.withUnsafeMutableBufferPointer { entries in
                                    entryWeights.withUnsafeMutableBufferPointer { entryWeights in
                                        cursor.withUnsafeMutableBufferPointer { cursor in
                                            lastRun.withUnsafeMutableBufferPointer { lastRun in
                                                // Raw pointers and wrapping arithmetic: the loop runs 3M times
                                                // per class here, and checked indices spill its registers.
                                                let keys = keys.baseAddress!, sorted = sorted.baseAddress!
                                                let labels = labels.baseAddress!, rowSlots = rowSlots.baseAddress!
                                                let entries = entries.baseAddress!, weights = entryWeights.baseAddress
                                                let cursor = cursor.baseAddress!, lastRun = lastRun.baseAddress!
                                                var runNumber: UInt64 = 0, previous = m > 0 ? keys[0] : 0
                                                for i in 0..<m {
                                                    let key = keys[i]
                                                    runNumber &+= key != previous ? 1 : 0
                                                    previous = key
                                                    let combination = Int(UInt32(bitPattern: sorted[i].code))
                                                    let label = UInt32(bitPattern: labels[combination])
                                                    let slotsOfRow = rowSlots + combination &* width
                                                    for j in 1..<width {
                                                        let s = Int(slotsOfRow[j]), at = cursor[s]
                                                        cursor[s] = at &+ 1
                                                        entries[at] = label | (lastRun[s] != runNumber ? runStart : 0)
                                                        lastRun[s] = runNumber
                                                        if weighted { weights.unsafelyUnwrapped[at] = sorted[i].weight }
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
            }
            // The walks, one slot at a time.
            var ends = [(negatives: Double, deficit: CompensatedSum, precisionSum: CompensatedSum)](
                repeating: (0, CompensatedSum(), CompensatedSum()), count: slotCount)
            keys.withUnsafeBufferPointer { keys in
                payload.withUnsafeBufferPointer { sorted in
                    labels.withUnsafeBufferPointer { labels in
                        entries.withUnsafeBufferPointer { entries in
                            entryWeights.withUnsafeBufferPointer { entryWeights in
                                above.withUnsafeMutableBufferPointer { above in
                                    pairDeficit.withUnsafeMutableBufferPointer { pairDeficit in
                                        run.withUnsafeMutableBufferPointer { run in
                                            runRows.withUnsafeMutableBufferPointer { runRows in
                                                inRun.withUnsafeMutableBufferPointer { inRun in
                                                    touched.withUnsafeMutableBufferPointer { touched in
                                                        let scratch = WalkScratch(
                                                            run: run.baseAddress!, runRows: runRows.baseAddress!,
                                                            inRun: inRun.baseAddress!, touched: touched.baseAddress!,
                                                            counts: counts)
                                                        func sink(_ s: Int) -> WalkSink {
                                                            WalkSink(
                                                                above: above.baseAddress! + s * k,
                                                                pairDeficit: pairDeficit.baseAddress! + s * k,
                                                                pools: binCap > 0 ? pools : nil, slot: s)
                                                        }
                                                        let whole = SortedRows(
                                                            keys: keys.baseAddress!, sorted: sorted.baseAddress!,
                                                            labels: labels.baseAddress!)
                                                        if counting {
                                                            ends[0] = unitWalk(
                                                                whole, 0..<m, a, k, sink(0), scratch,
                                                                curving ? keys.baseAddress : nil, &curve, positiveTotal,
                                                                negativeTotal)
                                                        } else {
                                                            ends[0] = walk(
                                                                whole, 0..<m, a, k, sink(0), scratch,
                                                                curving ? keys.baseAddress : nil, &curve, positiveTotal,
                                                                negativeTotal)
                                                        }
                                                        for s in 1..<max(slots.count, 1) {
                                                            let region = regionStart[s]..<regionStart[s + 1]
                                                            if counting {
                                                                ends[s] = unitWalk(
                                                                    UnitEntries(entries: entries.baseAddress!), region, a, k,
                                                                    sink(s), scratch, nil, &curve, positiveTotal, negativeTotal)
                                                            } else if weighted {
                                                                ends[s] = walk(
                                                                    WeightedEntries(
                                                                        entries: entries.baseAddress!,
                                                                        weights: entryWeights.baseAddress!),
                                                                    region, a, k, sink(s), scratch, nil, &curve, positiveTotal,
                                                                    negativeTotal)
                                                            } else {
                                                                ends[s] = walk(
                                                                    UnitEntries(entries: entries.baseAddress!), region, a, k,
                                                                    sink(s), scratch,
                                                                    nil, &curve, positiveTotal, negativeTotal)
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
                    }
                }
            }
            var roc: Curve?
            if var curve, curving {
                let tail = curve.finish(maxPoints: max(curvePoints - 1, 2))
                let top = keys.first.map { RadixSort.value(ofKey: ~$0).nextUp } ?? 1
                roc = Curve(x: [0] + tail.x, y: [0] + tail.y, thresholds: [top] + tail.thresholds)
            }
            return (0..<slotCount).map { s in
                ClassPass(
                    above: Array(above[(s * k)..<(s * k + k)]), negatives: ends[s].negatives, deficit: ends[s].deficit,
                    precisionSum: ends[s].precisionSum, pairDeficit: Array(pairDeficit[(s * k)..<(s * k + k)]),
                    roc: s == 0 ? roc : nil,
                    bins: binCap > 0 ? pools.finished(slot: s) : [])
            }
        }
    }

    /// The bit of a partition entry that marks the first row of a run of its slot.
    static let runStart: UInt32 = 1 << 31

    /// The rows one walk reads, in order: whether a row is in the run of the row before it, each
    /// row's class and weight.
    protocol WalkRows {
        func continuesRun(_ i: Int) -> Bool
        func label(_ i: Int) -> Int
        func weight(_ i: Int) -> Double
    }

    /// The sorted rows themselves (slot 0): a run is the rows of one key.
    struct SortedRows<Row: RankedRow>: WalkRows {
        let keys: UnsafePointer<UInt64>, sorted: UnsafePointer<Row>, labels: UnsafePointer<Int32>
        @inline(__always) func continuesRun(_ i: Int) -> Bool { keys[i] == keys[i - 1] }
        @inline(__always) func label(_ i: Int) -> Int { Int(labels[Int(UInt32(bitPattern: sorted[i].code))]) }
        @inline(__always) func weight(_ i: Int) -> Double { sorted[i].weight }
    }

    /// A region of the partition without weights: an entry is its class and `runStart`.
    struct UnitEntries: WalkRows {
        let entries: UnsafePointer<UInt32>
        @inline(__always) func continuesRun(_ i: Int) -> Bool { entries[i] & runStart == 0 }
        @inline(__always) func label(_ i: Int) -> Int { Int(entries[i] & ~runStart) }
        @inline(__always) func weight(_ i: Int) -> Double { 1 }
    }

    /// A region of the partition with the entries' weights alongside.
    struct WeightedEntries: WalkRows {
        let entries: UnsafePointer<UInt32>, weights: UnsafePointer<Double>
        @inline(__always) func continuesRun(_ i: Int) -> Bool { entries[i] & runStart == 0 }
        @inline(__always) func label(_ i: Int) -> Int { Int(entries[i] & ~runStart) }
        @inline(__always) func weight(_ i: Int) -> Double { weights[i] }
    }

    /// One walk's run: each class's weight and rows in it, which classes it touched (in order);
    /// for `unitWalk`, `3k` counts of its own and room for a block's positions (unused by `walk`).
    struct WalkScratch {
        let run: UnsafeMutablePointer<Double>, runRows: UnsafeMutablePointer<Int>
        let inRun: UnsafeMutablePointer<Bool>, touched: UnsafeMutablePointer<Int>
        let counts: UnsafeMutablePointer<Int>
    }

    /// Where one slot's walk leaves its per-class sums (`k` each) and pools its bins.
    struct WalkSink {
        let above: UnsafeMutablePointer<Double>, pairDeficit: UnsafeMutablePointer<CompensatedSum>
        let pools: MulticlassBinPools?, slot: Int
    }

    /// The walk of `passes` over one slot's rows (`region` of `rows`), run by run (a run: a row
    /// and the rows after it that continue its run), in order; the same terms in the same order as `passes` over the slot's rows.
    /// With `curveKeys` (slot 0: the keys of `rows`) it keeps the curve.
    static func walk<R: WalkRows>(
        _ rows: R, _ region: Range<Int>, _ a: Int, _ k: Int, _ sink: WalkSink,
        _ scratch: WalkScratch, _ curveKeys: UnsafePointer<UInt64>?, _ curve: inout CurveCollector?,
        _ positiveTotal: Double, _ negativeTotal: Double
    ) -> (negatives: Double, deficit: CompensatedSum, precisionSum: CompensatedSum) {
        let above = sink.above, pairDeficit = sink.pairDeficit, s = sink.slot
        let run = scratch.run, runRows = scratch.runRows, inRun = scratch.inRun, touched = scratch.touched
        // The bins: the walk counts the rows of its runs (`rowsAbove`) and adds to the open bin.
        let pools = sink.pools, pooling = pools != nil
        let open = pools?.open(slot: s) ?? run
        var negativesAbove = 0.0, totalAbove = 0.0, deficit = CompensatedSum(), precisionSum = CompensatedSum()
        let first = region.lowerBound, end = region.upperBound
        var start = first
        while start < end {
            if start + 1 == end || !rows.continuesRun(start + 1) {
                // A run of one row (the common case): the general steps below with run = w on
                // the row's class and 0 elsewhere, without the bookkeeping.
                let c = rows.label(start), w = rows.weight(start)
                let positives = c == a ? w : 0, negatives = w - positives
                if positives > 0 {
                    deficit.add(positives * (negativesAbove + negatives / 2))
                    precisionSum.add(positives * (above[a] + positives) / (totalAbove + w))
                    for b in 0..<k where b != a { pairDeficit[b].add(positives * (above[b] + 0 / 2)) }
                }
                negativesAbove += negatives
                totalAbove += w
                above[c] += w
                if pooling {
                    pools?.startRun(slot: s, rowsAbove: start &- first)
                    open[c] += w
                    open[k + c] += 1
                }
                if let curveKeys {
                    curve?.add(
                        negativesAbove / negativeTotal, above[a] / positiveTotal, RadixSort.value(ofKey: ~curveKeys[start]))
                }
                start += 1
                continue
            }
            var stop = start, touchedCount = 0, runTotal = 0.0
            repeat {
                // Branch-free: note the class, and keep the note only if it is new to the run.
                let c = rows.label(stop), w = rows.weight(stop)
                touched[touchedCount] = c
                touchedCount &+= inRun[c] ? 0 : 1
                inRun[c] = true
                run[c] += w
                runTotal += w
                runRows[c] &+= 1
                stop += 1
            } while stop < end && rows.continuesRun(stop)
            let positives = run[a], negatives = runTotal - positives
            if positives > 0 {
                deficit.add(positives * (negativesAbove + negatives / 2))
                precisionSum.add(positives * (above[a] + positives) / (totalAbove + runTotal))
                for b in 0..<k where b != a { pairDeficit[b].add(positives * (above[b] + run[b] / 2)) }
            }
            if pooling { pools?.startRun(slot: s, rowsAbove: start &- first) }
            for t in 0..<touchedCount {
                let c = touched[t]
                if pooling {
                    open[c] += run[c]
                    open[k + c] += Double(runRows[c])
                }
                runRows[c] = 0
                above[c] += run[c]
                run[c] = 0
                inRun[c] = false
            }
            negativesAbove += negatives
            totalAbove += runTotal
            if let curveKeys {
                curve?.add(negativesAbove / negativeTotal, above[a] / positiveTotal, RadixSort.value(ofKey: ~curveKeys[start]))
            }
            start = stop
        }
        if pooling { pools?.close(slot: s, rowsAbove: end &- first) }
        return (negativesAbove, deficit, precisionSum)
    }

    /// Whether `unitWalk` over `rows` rows gives `walk`'s sums bit for bit. Without weights every
    /// term of `walk`'s OvR and pairwise deficits is a whole or half number (r_a · (A + ½ r), all
    /// counts), and each deficit is at most P·N ≤ m²/4: below 2^52 every partial sum is exact in a
    /// `Double`, so `walk`'s compensated sums carry no error and their value is the exact total —
    /// which `unitWalk` counts in integers. The bound keeps a wide margin.
    static func unitWalkIsExact(rows m: Int) -> Bool { m <= 1 << 26 }

    /// Whether `unitWalk` can keep a run's classes as the bits of a `UInt64`.
    static func unitWalkFits(classCount k: Int) -> Bool { k <= 64 }

    /// `walk` without weights (every row weighs 1), for slots of at most `unitWalkIsExact` rows
    /// and at most 64 classes (`unitWalkFits`). Every sum but AP's is a count of rows, so it is
    /// kept in integers, and the pairwise deficits are summed from the other side: for class b,
    /// walk's doubled deficit D_b = Σ over runs R of a(R)·(2·b above R + b(R)) (a(R), b(R) the
    /// run's rows of each class) equals 2·A·N_b + Σ_R b(R)·(a(R) − 2·a through R), with A and N_b
    /// the slot's rows of a and b and "a through R" the rows of a in R and above it. So a row of
    /// class b alone in its run adds −2·(rows of a above) to one counter, V_b — no branch on its
    /// class and no loop over the K classes when it is an a — and the doubled OvR deficit is
    /// Σ_{b≠a} D_b. The totals handed over are the exact integers `walk`'s compensated sums hold.
    /// AP's sum of ratios is `walk`'s: the same `Double` terms (counts below 2^53 convert exactly)
    /// into a compensated sum in the same order (a block's rows of a are added at its end, before
    /// any later term). The curve gets the same numbers as from `walk`, and so do the bins
    /// (written from the counts when pushed, see below).
    static func unitWalk<R: WalkRows>(
        _ rows: R, _ region: Range<Int>, _ a: Int, _ k: Int, _ sink: WalkSink,
        _ scratch: WalkScratch, _ curveKeys: UnsafePointer<UInt64>?, _ curve: inout CurveCollector?,
        _ positiveTotal: Double, _ negativeTotal: Double
    ) -> (negatives: Double, deficit: CompensatedSum, precisionSum: CompensatedSum) {
        let s = sink.slot
        // Rows of each class above, V_b, the rows of each class above the open bin, and the
        // positions of a block's rows of a.
        let above = scratch.counts, v = scratch.counts + k, binStart = scratch.counts + 2 * k
        let positions = scratch.counts + 3 * k
        let runRows = scratch.runRows
        for c in 0..<(3 * k) { above[c] = 0 }
        // The open bin's weights and rows of each class are both its rows of the class: written
        // from the counts when it is pushed or finished, not added to on every row (the same
        // numbers: sums of ones and of whole numbers are exact).
        let pools = sink.pools
        let open = pools?.open(slot: s) ?? scratch.run
        func fillOpenBin() {
            for c in 0..<k {
                let rows = Double(above[c] &- binStart[c])
                open[c] = rows
                open[k + c] = rows
                binStart[c] = above[c]
            }
        }
        // `startRun` before a run only pushes from `pushThreshold` rows on; before, it only notes
        // the rows above, which `close` notes at the end.
        var pushAt = pools?.pushThreshold(slot: s) ?? .max
        func push(_ rowsAbove: Int) {
            guard let pools else { return }
            if pools.pushes(slot: s, rowsAbove: rowsAbove) { fillOpenBin() }
            pools.startRun(slot: s, rowsAbove: rowsAbove)
            pushAt = pools.pushThreshold(slot: s)
        }
        func addCurvePoint(rowsThrough: Int, aThrough: Int, key: Int) {
            guard let curveKeys else { return }
            curve?.add(
                Double(rowsThrough &- aThrough) / negativeTotal, Double(aThrough) / positiveTotal,
                RadixSort.value(ofKey: ~curveKeys[key]))
        }
        var aAbove = 0, precisionSum = CompensatedSum()
        let first = region.lowerBound, end = region.upperBound
        var start = first
        while start < end {
            if start &- first >= pushAt { push(start &- first) }
            // A block of runs of one row, up to the next run of several rows, the next push or
            // `unitWalkBlock` rows.
            let pushRow = pushAt < end &- first ? first &+ pushAt : end
            let blockEnd = min(start &+ unitWalkBlock, max(pushRow, start &+ 1))
            let aBefore = aAbove
            var i = start, found = 0
            while i < blockEnd && (i &+ 1 == end || !rows.continuesRun(i &+ 1)) {
                let c = rows.label(i), isA = c == a ? 1 : 0
                positions[found] = i
                found &+= isA
                v[c] &-= 2 &* aAbove
                aAbove &+= isA
                above[c] &+= 1
                addCurvePoint(rowsThrough: i &+ 1 &- first, aThrough: aAbove, key: i)
                i &+= 1
            }
            for j in 0..<found {
                precisionSum.add(Double(aBefore &+ j &+ 1) / Double(positions[j] &- first &+ 1))
            }
            start = i
            if i == blockEnd { continue }
            // A run of several rows (it starts below the next push: `blockEnd`). Its classes as
            // bits (K ≤ 64), visited in class order: the order of integer sums does not matter.
            var stop = start, touchedClasses: UInt64 = 0
            repeat {
                let c = rows.label(stop)
                touchedClasses |= 1 &<< UInt64(truncatingIfNeeded: c)
                runRows[c] &+= 1
                stop &+= 1
            } while stop < end && rows.continuesRun(stop)
            let runTotal = stop &- start, positives = runRows[a], aThrough = aAbove &+ positives
            if positives > 0 {
                precisionSum.add(
                    Double(positives) * (Double(aAbove) + Double(positives)) / (Double(start &- first) + Double(runTotal)))
            }
            while touchedClasses != 0 {
                let c = touchedClasses.trailingZeroBitCount, count = runRows[c]
                touchedClasses &= touchedClasses &- 1
                v[c] &+= count &* (positives &- 2 &* aThrough)
                above[c] &+= count
                runRows[c] = 0
            }
            aAbove = aThrough
            addCurvePoint(rowsThrough: stop &- first, aThrough: aAbove, key: start)
            start = stop
        }
        if let pools {
            fillOpenBin()
            pools.close(slot: s, rowsAbove: end &- first)
        }
        var deficit = 0
        for c in 0..<k {
            sink.above[c] = Double(above[c])
            // D_c, halved: exact, so the sums `walk` would hand over.
            let doubled = 2 &* aAbove &* above[c] &+ v[c]
            if c != a { deficit &+= doubled }
            sink.pairDeficit[c] = c == a ? CompensatedSum() : CompensatedSum(Double(doubled) / 2)
        }
        return (Double((end &- first) &- aAbove), CompensatedSum(Double(deficit) / 2), precisionSum)
    }

    /// Rows a block of `unitWalk` takes at most: its rows of a wait in `WalkScratch.counts`.
    static let unitWalkBlock = 256
}
