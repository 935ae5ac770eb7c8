/// Per group of every grouping, bootstrap cells of the sufficient statistics of two models on the
/// same rows: the engine of `PairedBootstrap`, filled in one pass over the rows.
///
/// Every row goes to one cell of its group, chosen by the seeded SplitMix64 hash of its index
/// (`RegressionPass.cell(ofRow:seed:)`, the same hash the one-model bootstrap uses), so the
/// assignment looks at nothing but the row's index and is the same for both models: a cell holds
/// both models' sums over the same rows, and resampling cells resamples pairs. The whole data has
/// 256 cells, a group of a grouping 64 (`groupCellBits`, the top bits of the same hash). A group of fewer than `RegressionPass.smallLimit` rows gives every row its
/// own cell instead (the per-row Poisson bootstrap), where a few rows per cell would make the
/// cells lumpy. See `RegressionEvaluator+Bootstrap` for why Poisson(1) weights on random cells of
/// i.i.d. rows are a valid bootstrap.
struct PairedCells {
    /// A row's contributions: up to `capacity` (lane, value) pairs, written by the caller's closure.
    struct Terms {
        static let capacity = 16
        fileprivate(set) var count = 0
        fileprivate let lanes: UnsafeMutablePointer<Int>
        fileprivate let values: UnsafeMutablePointer<Double>

        @inline(__always) mutating func add(_ lane: Int, _ value: Double) {
            lanes[count] = lane
            values[count] = value
            count &+= 1
        }
    }

    /// A group of a grouping has 64 cells (the top 6 bits of the row's hash): with two models'
    /// sums a cell is 5 cache lines, and every row adds to one cell per grouping, so the cells of
    /// all groups must stay small for the pass to run in cache.
    static let groupCellBits: UInt64 = 6

    let lanes: Int
    /// Per slot (grouping, `nil` the whole data): its groups and its first global group.
    let groupCounts: [Int]
    let slotBase: [Int]
    /// Per global group: its first cell, its number of cells, its rows.
    private(set) var offsets: [Int] = []
    private(set) var cellCounts: [Int] = []
    private(set) var rowCounts: [Int] = []
    /// cells × lanes.
    private(set) var sums: [Double]

    /// Cells for every group of every slot, `lanes` sums per cell; `terms(row, &terms)` lists a
    /// row's contributions, which are added to its cell in each slot. Rows in no group of a
    /// grouping count only in its other slots.
    init(lanes: Int, rowCount n: Int, groupings: [Grouping?], seed: UInt64, terms fill: (Int, inout Terms) -> Void) {
        self.lanes = lanes
        var counts: [Int] = [], bases: [Int] = [], shifts: [Int] = []
        var total = 0
        for grouping in groupings {
            let count = grouping.map { max($0.groupCount, 0) } ?? 1
            counts.append(count)
            bases.append(total)
            total += count
            let bits = grouping == nil ? RegressionPass.cellBits : Self.groupCellBits
            shifts.append(Int(RegressionPass.cellBits - bits))
        }
        groupCounts = counts
        slotBase = bases
        var rows = [Int](repeating: 0, count: total)
        for (s, grouping) in groupings.enumerated() {
            guard let grouping else {
                rows[bases[s]] = n
                continue
            }
            let none = UInt32(truncatingIfNeeded: counts[s])
            for c in grouping.codes where c < none { rows[bases[s] + Int(c)] += 1 }
        }
        rowCounts = rows
        var perRow: [Bool] = []
        var cellTotal = 0
        for s in groupings.indices {
            for g in 0..<counts[s] {
                let small = rows[bases[s] + g] < RegressionPass.smallLimit
                perRow.append(small)
                offsets.append(cellTotal)
                let cells = small ? rows[bases[s] + g] : RegressionPass.cellCount >> shifts[s]
                cellCounts.append(cells)
                cellTotal += cells
            }
        }
        sums = [Double](repeating: 0, count: cellTotal * lanes)
        var filled = [Int](repeating: 0, count: total)
        let offsets = offsets
        let laneBuffer = UnsafeMutablePointer<Int>.allocate(capacity: Terms.capacity)
        let valueBuffer = UnsafeMutablePointer<Double>.allocate(capacity: Terms.capacity)
        defer {
            laneBuffer.deallocate()
            valueBuffer.deallocate()
        }
        let slots = SlotCodes(groupings, rowCount: n)
        let words = slots.wordsPerRow
        sums.withUnsafeMutableBufferPointer { sums in
            filled.withUnsafeMutableBufferPointer { filled in
                slots.packed.withUnsafeBufferPointer { packed in
                    let base = sums.baseAddress!
                    for i in 0..<n {
                        var terms = Terms(lanes: laneBuffer, values: valueBuffer)
                        fill(i, &terms)
                        let hashed = RegressionPass.cell(ofRow: i, seed: seed)
                        let codes = packed.baseAddress! + i &* words
                        for s in 0..<counts.count {
                            let g = slots.group(codes, slot: s)
                            if g < 0 { continue }
                            let cell: Int
                            if perRow[g] {
                                cell = filled[g]
                                filled[g] &+= 1
                            } else {
                                cell = hashed &>> shifts[s]
                            }
                            let target = base + (offsets[g] &+ cell) &* lanes
                            for j in 0..<terms.count { target[laneBuffer[j]] += valueBuffer[j] }
                        }
                    }
                }
            }
        }
    }

    /// Global group `g`'s total over all its cells (compensated).
    func total(_ g: Int) -> [Double] {
        var totals = [CompensatedSum](repeating: CompensatedSum(), count: lanes)
        for k in 0..<cellCounts[g] {
            let base = (offsets[g] + k) * lanes
            for l in 0..<lanes { totals[l].add(sums[base + l]) }
        }
        return totals.map(\.value)
    }

    /// Global group `g`'s replicates: each cell gets an independent Poisson(1) multiplicity from
    /// the stream of `seed`, and `statistic` reads the reweighted lane sums.
    func replicates<R>(_ g: Int, count: Int, seed: UInt64, statistic: ([Double]) -> R) -> [R] {
        var rng = SplitMix64(seed: seed)
        let sampler = PoissonOne.shared
        var sum = [Double](repeating: 0, count: lanes)
        var out: [R] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            for l in 0..<lanes { sum[l] = 0 }
            sums.withUnsafeBufferPointer { s in
                for k in 0..<cellCounts[g] {
                    let m = sampler.draw(&rng)
                    if m == 0 { continue }
                    let base = (offsets[g] + k) * lanes
                    for l in 0..<lanes { sum[l] += m * s[base + l] }
                }
            }
            out.append(statistic(sum))
        }
        return out
    }
}
