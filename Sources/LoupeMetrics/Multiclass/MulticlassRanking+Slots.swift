import LoupeResults

extension MulticlassRanking {
    /// The rank metrics of every slot (`MulticlassSlots`: the whole data and every group) at
    /// once, equal bit for bit to `init(data, rows: slotRows)` of each slot: one sort per class
    /// over all rows instead of one per class and slot, and one walk that feeds every slot.
    ///
    /// Why equal: the sort is stable, so a slot's rows come out in the order its own sort of
    /// them (in row order) would give, and runs of equal p_a restricted to a slot are that slot's
    /// own runs; each slot's sums then take the same terms in the same order as its own walk
    /// (`passes`). Returns one ranking per real slot (without ROC curves), or `nil` for hard
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

    /// For each class a, `[a][slot]`: the walk of `passes` for every slot (and the scratch slot)
    /// over one sort of all rows by p_a descending; the sorted rows carry their combination.
    static func slotPasses<Row: RankedRow>(
        _ probabilities: [Double], _ k: Int, _ slots: MulticlassSlots, _ curvePoints: Int, _ binCap: Int,
        _ row: (Int) -> Row
    ) -> [[ClassPass]] {
        let m = slots.combination.count
        precondition(m < Int(UInt32.max), "row positions are 32-bit")
        let slotCount = slots.count + 1, width = slots.width
        let rows = (0..<m).map(row)
        var keys = [UInt64](repeating: 0, count: m)
        var payload = rows
        var digitCounts = [Int](repeating: 0, count: RadixSort.radix * RadixSort.passes)
        // Per slot (× class): the walk's state, as `passes` keeps it for one set of rows.
        var run = [Double](repeating: 0, count: slotCount * k), above = run
        var inRun = [Bool](repeating: false, count: slotCount * k)
        var runTotal = [Double](repeating: 0, count: slotCount), negativesAbove = runTotal, totalAbove = runTotal
        var slotInRun = [Bool](repeating: false, count: slotCount)
        // One spare entry each: the branch-free walk writes a note before it knows whether it keeps it.
        var touchedSlots = [Int](repeating: 0, count: slotCount + 1)
        var touchedCells = [Int](repeating: 0, count: slotCount * k + 1)
        var deficit = [CompensatedSum](repeating: CompensatedSum(), count: slotCount), precisionSum = deficit
        var pairDeficit = [CompensatedSum](repeating: CompensatedSum(), count: slotCount * k)
        // For the bootstrap's bins: rows per (slot, class) cell and per slot in the current run.
        var cellRunRows = [Int](repeating: 0, count: slotCount * k), slotRunRows = [Int](repeating: 0, count: slotCount)
        // Unit weights: each class's total is its row count, exactly (sums of ones in any order),
        // so the curve's axes need no pass over the sorted rows.
        var unitTotals: [Int]?
        if curvePoints > 0, Row.self == UnitRow.self {
            var counts = [Int](repeating: 0, count: k)
            for r in rows { counts[Int(slots.combinationLabel[Int(UInt32(bitPattern: r.code))])] += 1 }
            unitTotals = counts
        }
        return (0..<k).map { a in
            for d in digitCounts.indices { digitCounts[d] = 0 }
            probabilities.withUnsafeBufferPointer { p in
                keys.withUnsafeMutableBufferPointer { keys in
                    digitCounts.withUnsafeMutableBufferPointer { dc in
                        for j in 0..<m {
                            // Inverted keys sort descending.
                            let key = ~RadixSort.key(p[j * k + a])
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
            for s in 0..<slotCount {
                negativesAbove[s] = 0
                totalAbove[s] = 0
                deficit[s] = CompensatedSum()
                precisionSum[s] = CompensatedSum()
            }
            let labels = slots.combinationLabel, combinationSlots = slots.combinationSlots
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
            let pooling = binCap > 0
            let pools = MulticlassBinPools(classCount: k, cap: binCap, slotCount: pooling ? slotCount : 0)
            defer { pools.deallocate() }
            withUnsafeMutablePointers(&run, &above, &runTotal, &negativesAbove, &totalAbove) {
                run, above, runTotal, negativesAbove, totalAbove in
                withUnsafeMutablePointers(&inRun, &slotInRun, &touchedSlots, &touchedCells, &deficit, &precisionSum, &pairDeficit)
                {
                    inRun, slotInRun, touchedSlots, touchedCells, deficit, precisionSum, pairDeficit in
                    keys.withUnsafeBufferPointer { keys in
                        payload.withUnsafeBufferPointer { sorted in
                            labels.withUnsafeBufferPointer { labels in
                                combinationSlots.withUnsafeBufferPointer { rowSlots in
                                    var start = 0
                                    while start < m {
                                        let key = keys[start]
                                        if start + 1 == m || keys[start + 1] != key {
                                            // A run of one row (the common case): the general
                                            // steps below with run = w on the row's class and 0
                                            // elsewhere, without the bookkeeping.
                                            let combination = Int(UInt32(bitPattern: sorted[start].code))
                                            let c = Int(labels[combination]), w = sorted[start].weight
                                            let positives = c == a ? w : 0, negatives = w - positives
                                            let base = combination * width
                                            for j in 0..<width {
                                                let s = Int(rowSlots[base + j]), cells = s * k
                                                if positives > 0 {
                                                    deficit[s].add(positives * (negativesAbove[s] + negatives / 2))
                                                    precisionSum[s].add(
                                                        positives * (above[cells + a] + positives) / (totalAbove[s] + w))
                                                    for b in 0..<k where b != a {
                                                        pairDeficit[cells + b].add(positives * (above[cells + b] + 0 / 2))
                                                    }
                                                }
                                                negativesAbove[s] += negatives
                                                totalAbove[s] += w
                                                above[cells + c] += w
                                                if pooling {
                                                    pools.startRun(slot: s)
                                                    pools.add(slot: s, class: c, weight: w, rows: 1)
                                                    pools.close(slot: s, runRows: 1)
                                                }
                                            }
                                            if curving {
                                                curve?.add(
                                                    negativesAbove[0] / negativeTotal, above[a] / positiveTotal,
                                                    RadixSort.value(ofKey: ~key))
                                            }
                                            start += 1
                                            continue
                                        }
                                        var end = start, slotsTouched = 0, cellsTouched = 0
                                        while end < m && keys[end] == key {
                                            let combination = Int(UInt32(bitPattern: sorted[end].code))
                                            let c = Int(labels[combination]), w = sorted[end].weight
                                            let base = combination * width
                                            for j in 0..<width {
                                                // Branch-free: note the slot and the cell, and
                                                // keep the note only if they are new to the run.
                                                let s = Int(rowSlots[base + j])
                                                touchedSlots[slotsTouched] = s
                                                slotsTouched &+= slotInRun[s] ? 0 : 1
                                                slotInRun[s] = true
                                                let cell = s * k + c
                                                touchedCells[cellsTouched] = cell
                                                cellsTouched &+= inRun[cell] ? 0 : 1
                                                inRun[cell] = true
                                                run[cell] += w
                                                runTotal[s] += w
                                                if pooling {
                                                    cellRunRows[cell] += 1
                                                    slotRunRows[s] += 1
                                                }
                                            }
                                            end += 1
                                        }
                                        for t in 0..<slotsTouched {
                                            let s = touchedSlots[t], base = s * k
                                            let total = runTotal[s], positives = run[base + a], negatives = total - positives
                                            if positives > 0 {
                                                deficit[s].add(positives * (negativesAbove[s] + negatives / 2))
                                                precisionSum[s].add(
                                                    positives * (above[base + a] + positives) / (totalAbove[s] + total))
                                                for b in 0..<k where b != a {
                                                    pairDeficit[base + b].add(positives * (above[base + b] + run[base + b] / 2))
                                                }
                                            }
                                            negativesAbove[s] += negatives
                                            totalAbove[s] += total
                                            runTotal[s] = 0
                                            slotInRun[s] = false
                                            if pooling { pools.startRun(slot: s) }
                                        }
                                        for t in 0..<cellsTouched {
                                            let cell = touchedCells[t]
                                            if pooling {
                                                pools.add(
                                                    slot: cell / k, class: cell % k, weight: run[cell], rows: cellRunRows[cell])
                                                cellRunRows[cell] = 0
                                            }
                                            above[cell] += run[cell]
                                            run[cell] = 0
                                            inRun[cell] = false
                                        }
                                        if pooling {
                                            for t in 0..<slotsTouched {
                                                let s = touchedSlots[t]
                                                pools.close(slot: s, runRows: slotRunRows[s])
                                                slotRunRows[s] = 0
                                            }
                                        }
                                        if curving {
                                            curve?.add(
                                                negativesAbove[0] / negativeTotal, above[a] / positiveTotal,
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
            var roc: Curve?
            if var curve, curving {
                let tail = curve.finish(maxPoints: max(curvePoints - 1, 2))
                let top = keys.first.map { RadixSort.value(ofKey: ~$0).nextUp } ?? 1
                roc = Curve(x: [0] + tail.x, y: [0] + tail.y, thresholds: [top] + tail.thresholds)
            }
            return (0..<slotCount).map { s in
                ClassPass(
                    above: Array(above[(s * k)..<(s * k + k)]), negatives: negativesAbove[s], deficit: deficit[s],
                    precisionSum: precisionSum[s], pairDeficit: Array(pairDeficit[(s * k)..<(s * k + k)]),
                    roc: s == 0 ? roc : nil,
                    bins: pooling ? pools.finished(slot: s) : [])
            }
        }
    }
}

/// Calls `body` with pointers to the arrays' storage (each array is uniquely referenced for the
/// duration).
@inline(__always)
private func withUnsafeMutablePointers<A, B, C, D, E, R>(
    _ a: inout [A], _ b: inout [B], _ c: inout [C], _ d: inout [D], _ e: inout [E],
    _ body: (
        UnsafeMutablePointer<A>, UnsafeMutablePointer<B>, UnsafeMutablePointer<C>, UnsafeMutablePointer<D>,
        UnsafeMutablePointer<E>
    ) -> R
) -> R {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                d.withUnsafeMutableBufferPointer { d in
                    e.withUnsafeMutableBufferPointer { e in
                        body(a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, e.baseAddress!)
                    }
                }
            }
        }
    }
}

@inline(__always)
private func withUnsafeMutablePointers<A, B, C, D, E, F, G, R>(
    _ a: inout [A], _ b: inout [B], _ c: inout [C], _ d: inout [D], _ e: inout [E], _ f: inout [F], _ g: inout [G],
    _ body: (
        UnsafeMutablePointer<A>, UnsafeMutablePointer<B>, UnsafeMutablePointer<C>, UnsafeMutablePointer<D>,
        UnsafeMutablePointer<E>, UnsafeMutablePointer<F>, UnsafeMutablePointer<G>
    ) -> R
) -> R {
    withUnsafeMutablePointers(&a, &b, &c, &d, &e) { a, b, c, d, e in
        f.withUnsafeMutableBufferPointer { f in
            g.withUnsafeMutableBufferPointer { g in body(a, b, c, d, e, f.baseAddress!, g.baseAddress!) }
        }
    }
}
