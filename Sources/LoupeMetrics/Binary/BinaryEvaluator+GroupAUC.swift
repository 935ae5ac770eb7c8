import LoupeResults

/// Some metrics of every group of some groupings, without the whole data's: what a search over
/// many groups for the worst one needs (`MonitoringStage.worstSlices`), and no more.
public struct GroupedMetrics: Sendable {
    /// `[grouping][group code]`: the group's metrics, or `nil` when it has fewer than
    /// `minGroupSize` rows (empty groups included).
    public var groups: [[MetricSet?]]
    /// `[grouping][group code]`: rows in the group.
    public var groupCounts: [[Int]]

    public init(groups: [[MetricSet?]], groupCounts: [[Int]]) {
        self.groups = groups
        self.groupCounts = groupCounts
    }
}

extension BinaryEvaluator {
    /// Every group's `count` and `roc_auc` with DeLong's interval, from rows already in ascending
    /// score order, equal bit for bit to those the full evaluation of the rows gives
    /// (`evaluate(_:groupings:options:)`): the same run closings (`RunClosing`), folded into compensated sums at the same rows
    /// (`DescendingPass.Segments` and every `DescendingPass.blockRows` rows), and the same
    /// assembly (`rocAUC`).
    ///
    /// It walks only what the AUC needs: no moments, logs, calibration, curves or bootstrap bins,
    /// which were most of the full walk's time on the many small groups of the monitoring
    /// windows crossed with the slices.
    ///
    /// With `outer`, each grouping is crossed with it: group `o · groupCount + c` holds the rows
    /// in group `o` of `outer` and `c` of the grouping (a row in no group of either is in none),
    /// as the monitoring windows cross the slices, with no crossed codes made.
    public static func rocAUCs(
        sorted: SortedRows, groupings: [Grouping], crossedWith outer: Grouping? = nil, options: EvaluationOptions
    ) -> GroupedMetrics {
        let n = sorted.keys.count
        precondition(groupings.allSatisfy { $0.codes.count == n }, "every grouping needs a code per sorted row")
        precondition(outer.map { $0.codes.count == n } ?? true, "the outer grouping needs a code per sorted row")
        let outerCount = outer?.groupCount ?? 1
        let counts = groupings.map { outerCount * $0.groupCount }
        var pass = GroupAUCPass(groupCounts: counts, weighted: sorted.weights != nil)
        defer { pass.deallocate() }
        let segments = DescendingPass.Segments(keys: sorted.keys, threshold: options.threshold)
        withCodePointers(groupings.map(\.codes) + (outer.map { [$0.codes] } ?? [])) { pointers in
            let inner = Array(pointers.prefix(groupings.count))
            if let outer {
                let codes = CrossedCodes(
                    inner: inner, innerCounts: groupings.map { UInt32(truncatingIfNeeded: $0.groupCount) },
                    outer: pointers[groupings.count], outerCount: UInt32(truncatingIfNeeded: outer.groupCount))
                pass.walkAll(sorted, segments: segments, codes: codes)
            } else {
                pass.walkAll(
                    sorted, segments: segments,
                    codes: PlainCodes(codes: inner, counts: groupings.map { UInt32(truncatingIfNeeded: $0.groupCount) }))
            }
        }
        let z = Intervals.criticalValue(confidence: options.confidence)
        var groups: [[MetricSet?]] = [], groupCounts: [[Int]] = []
        for (g, count) in counts.enumerated() {
            var sets: [MetricSet?] = [], rows: [Int] = []
            for c in 0..<count {
                let s = pass.slotBase[g] + c
                let count = pass.counts[2 * s] + pass.counts[2 * s + 1]
                rows.append(count)
                guard count > 0 && count >= options.minGroupSize else {
                    sets.append(nil)
                    continue
                }
                let r = pass.rankSums + 3 * s
                sets.append([
                    "count": Metric(Double(count)),
                    "roc_auc": rocAUC(
                        positives: pass.classTotals(slot: s, label: 1), negatives: pass.classTotals(slot: s, label: 0),
                        a1: r[0].value, a2: r[1].value, b2: r[2].value, z: z),
                ])
            }
            groups.append(sets)
            groupCounts.append(rows)
        }
        return GroupedMetrics(groups: groups, groupCounts: groupCounts)
    }

    /// Calls `body` with a pointer to each array's storage.
    private static func withCodePointers<R>(_ arrays: [[UInt32]], _ body: ([UnsafePointer<UInt32>]) -> R) -> R {
        func nest(_ i: Int, _ pointers: [UnsafePointer<UInt32>]) -> R {
            guard i < arrays.count else { return body(pointers) }
            return arrays[i].withUnsafeBufferPointer { nest(i + 1, pointers + [$0.baseAddress!]) }
        }
        return nest(0, [])
    }
}

/// A sorted row's code in each grouping of `BinaryEvaluator.rocAUCs` (its group count or above:
/// in no group).
private protocol GroupCodes {
    /// The row's code in grouping `g` and that grouping's group count.
    func code(_ g: Int, row: Int) -> (code: UInt32, count: UInt32)
    var groupings: Int { get }
}

private struct PlainCodes: GroupCodes {
    let codes: [UnsafePointer<UInt32>]
    var groupings: Int { codes.count }
    let counts: [UInt32]

    init(codes: [UnsafePointer<UInt32>], counts: [UInt32]) {
        self.codes = codes
        self.counts = counts
    }

    @inline(__always) func code(_ g: Int, row: Int) -> (code: UInt32, count: UInt32) { (codes[g][row], counts[g]) }
}

/// Each inner grouping crossed with the outer one: `o · count + c`.
private struct CrossedCodes: GroupCodes {
    let inner: [UnsafePointer<UInt32>], innerCounts: [UInt32]
    let outer: UnsafePointer<UInt32>, outerCount: UInt32
    var groupings: Int { inner.count }

    @inline(__always) func code(_ g: Int, row: Int) -> (code: UInt32, count: UInt32) {
        let o = outer[row], c = inner[g][row], count = innerCounts[g]
        let crossed = outerCount &* count
        return (o < outerCount && c < count ? o &* count &+ c : crossed, crossed)
    }
}

/// The state of `BinaryEvaluator.rocAUCs`'s walk, as `DescendingPass` keeps the part of it the
/// AUC reads: per slot (every group of every grouping, then each grouping's "no group" slot,
/// never read), the current run's rows and weight per label, its `RunClosing`, and the plain
/// sums of w and w² per label since the last fold, folded into compensated ones per label and
/// predicted class. Compensated sums of single lanes equal `CompensatedSum8`'s lane by lane:
/// both add each term's exact rounding error.
private struct GroupAUCPass {
    let slotBase: [Int]
    let slotCount: Int
    let weighted: Bool
    /// Per `2 · slot + label`: the run's rows, the rows so far, and when weighted the run's Σw
    /// and the block's Σw and Σw².
    let runCounts: UnsafeMutablePointer<Int>, counts: UnsafeMutablePointer<Int>
    let runWeights: UnsafeMutablePointer<Double>, blockSums: UnsafeMutablePointer<SIMD2<Double>>
    /// Per `(2 · slot + label) · 2 + predicted`: compensated Σw and Σw² (weighted only).
    let cellWeights: UnsafeMutablePointer<CompensatedSum>, cellSquares: UnsafeMutablePointer<CompensatedSum>
    let ranking: UnsafeMutablePointer<RunClosing>
    /// Per `3 · slot + lane`: compensated a1, a2, b2.
    let rankSums: UnsafeMutablePointer<CompensatedSum>
    let stamps: UnsafeMutablePointer<Int>, touched: UnsafeMutablePointer<Int>
    var runId = 0, rowsSinceFold = 0

    init(groupCounts: [Int], weighted: Bool) {
        var base: [Int] = [], next = 0
        for count in groupCounts {
            base.append(next)
            next += count + 1
        }
        slotBase = base
        slotCount = next
        self.weighted = weighted
        let cells = 2 * next
        runCounts = .filled(with: 0, count: cells)
        counts = .filled(with: 0, count: cells)
        runWeights = .filled(with: 0, count: cells)
        blockSums = .filled(with: .zero, count: cells)
        cellWeights = .filled(with: CompensatedSum(), count: 2 * cells)
        cellSquares = .filled(with: CompensatedSum(), count: 2 * cells)
        ranking = .filled(with: RunClosing(), count: next)
        rankSums = .filled(with: CompensatedSum(), count: 3 * next)
        stamps = .filled(with: -1, count: next)
        // One spare entry: the branch-free walk writes a note before it knows whether it keeps it.
        touched = .filled(with: 0, count: next + 1)
    }

    func deallocate() {
        for p in [runCounts, counts, stamps, touched] as [UnsafeMutablePointer<Int>] { p.deallocate() }
        runWeights.deallocate()
        blockSums.deallocate()
        cellWeights.deallocate()
        cellSquares.deallocate()
        ranking.deallocate()
        rankSums.deallocate()
    }

    /// Walks every segment of the sorted rows, folding at each segment's end.
    mutating func walkAll<Codes: GroupCodes>(_ sorted: SortedRows, segments: DescendingPass.Segments, codes: Codes) {
        sorted.keys.withUnsafeBufferPointer { keys in
            sorted.labels.withUnsafeBufferPointer { labels in
                func walk(_ weights: UnsafePointer<Double>?) {
                    let boundaries = segments.boundaries
                    for i in 0..<(boundaries.count - 1) {
                        let upper = boundaries[i], lower = boundaries[i + 1]
                        guard lower < upper else { continue }
                        let predicted = segments.info(RadixSort.value(ofKey: keys[lower])).predicted
                        self.walk(
                            segment: lower, upper, predicted: predicted, keys: keys.baseAddress!,
                            labels: labels.baseAddress!, codes: codes, weights: weights)
                        fold(predicted: predicted)
                    }
                }
                if let w = sorted.weights {
                    w.withUnsafeBufferPointer { walk($0.baseAddress!) }
                } else {
                    walk(nil)
                }
            }
        }
    }

    /// Walks the ascending-sorted rows `lower..<upper` (one segment) from the top down, run by
    /// run, folding every `DescendingPass.blockRows` rows as `DescendingPass.walk` does.
    mutating func walk<Codes: GroupCodes>(
        segment lower: Int, _ upper: Int, predicted: Int, keys: UnsafePointer<UInt64>, labels: UnsafePointer<UInt8>,
        codes: Codes, weights: UnsafePointer<Double>?
    ) {
        let gs = codes.groupings
        let rc = runCounts, rw = runWeights, bs = blockSums, st = stamps, tl = touched
        var k = upper - 1
        while k >= lower {
            let key = keys[k]
            runId &+= 1
            let id = runId
            var nt = 0
            var j = k
            repeat {
                let label = Int(labels[j])
                let w = weights?[j] ?? 1
                for g in 0..<gs {
                    let (v, count) = codes.code(g, row: j)
                    let s = slotBase[g] &+ Int(truncatingIfNeeded: v < count ? v : count)
                    tl[nt] = s
                    nt &+= (st[s] != id ? 1 : 0) & (v < count ? 1 : 0)
                    st[s] = id
                    let i = 2 &* s &+ label
                    rc[i] &+= 1
                    if weights != nil {
                        rw[i] += w
                        bs[i] += SIMD2(w, w * w)
                    }
                }
                j -= 1
            } while j >= lower && keys[j] == key
            for t in 0..<nt {
                let s = tl[t], i = 2 &* s
                let nn = rc[i], pn = rc[i &+ 1]
                let nr = weights != nil ? rw[i] : Double(nn)
                let pr = weights != nil ? rw[i &+ 1] : Double(pn)
                counts[i] &+= nn
                counts[i &+ 1] &+= pn
                rc[i] = 0
                rc[i &+ 1] = 0
                if weights != nil {
                    rw[i] = 0
                    rw[i &+ 1] = 0
                }
                _ = ranking[s].close(positives: pr, negatives: nr)
            }
            rowsSinceFold += k - j
            k = j
            if rowsSinceFold >= DescendingPass.blockRows { fold(predicted: predicted) }
        }
    }

    /// Moves the plain sums into the compensated ones, as `DescendingPass.fold` does.
    mutating func fold(predicted: Int) {
        rowsSinceFold = 0
        for s in 0..<slotCount {
            if weighted {
                for label in 0..<2 {
                    let i = 2 * s + label
                    let m = blockSums[i]
                    if m == .zero { continue }
                    cellWeights[2 * i + predicted].add(m[0])
                    cellSquares[2 * i + predicted].add(m[1])
                    blockSums[i] = .zero
                }
            }
            let r = ranking[s]
            if r.a1 != 0 || r.a2 != 0 || r.b2 != 0 {
                rankSums[3 * s].add(r.a1)
                rankSums[3 * s + 1].add(r.a2)
                rankSums[3 * s + 2].add(r.b2)
                ranking[s].a1 = 0
                ranking[s].a2 = 0
                ranking[s].b2 = 0
            }
        }
    }

    /// A slot's Σw and Σw² of one label: the row count with unit weights (exact, as the sums of
    /// ones `DescendingPass` folds are), else the compensated sums of both predicted classes.
    func classTotals(slot s: Int, label: Int) -> (weight: Double, squares: Double) {
        let i = 2 * s + label
        guard weighted else { return (Double(counts[i]), Double(counts[i])) }
        return (
            cellWeights[2 * i + 1].value + cellWeights[2 * i].value,
            cellSquares[2 * i + 1].value + cellSquares[2 * i].value
        )
    }
}
