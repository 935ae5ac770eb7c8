/// Per group, bootstrap cells of the sufficient statistics of two models on the same rows: the
/// engine of `PairedBootstrap`.
///
/// Every row goes to one cell of its group, chosen by the seeded SplitMix64 hash of its index
/// (`RegressionPass.cell(ofRow:seed:)`, the same hash the one-model bootstrap uses), so the
/// assignment looks at nothing but the row's index and is the same for both models: a cell holds
/// both models' sums over the same rows, and resampling cells resamples pairs. The whole data has
/// 256 cells, a group of a grouping 64 to 256 (`RegressionPass.cellBits(groups:)`, the top bits
/// of the same hash). A group of fewer than `RegressionPass.smallLimit` rows gives every row its
/// own cell instead (the per-row Poisson bootstrap), where a few rows per cell would make the
/// cells lumpy. See `RegressionEvaluator+Bootstrap` for why Poisson(1) weights on random cells of
/// i.i.d. rows are a valid bootstrap.
struct PairedCells {
    let lanes: Int
    let groupCount: Int
    /// Per group: its first cell, its number of cells, and whether it has a cell per row.
    private(set) var offsets: [Int] = []
    private(set) var cellCounts: [Int] = []
    private(set) var rowCounts: [Int]
    private var perRow: [Bool] = []
    /// cells × lanes.
    private(set) var sums: [Double]

    /// Cells for the groups of `grouping` (all rows one group when `nil`), `lanes` sums per cell,
    /// every row added by `add(row, cell)` to its cell. Rows in no group are skipped.
    init(
        lanes: Int, rowCount n: Int, grouping: Grouping?, seed: UInt64,
        add: (Int, UnsafeMutablePointer<Double>) -> Void
    ) {
        self.lanes = lanes
        let groups = grouping?.groupCount ?? 1
        groupCount = groups
        let none = UInt32(truncatingIfNeeded: groups)
        var rows = [Int](repeating: 0, count: groups)
        if let grouping {
            for c in grouping.codes where c < none { rows[Int(c)] += 1 }
        } else {
            rows[0] = n
        }
        rowCounts = rows
        let bits = grouping == nil ? RegressionPass.cellBits : RegressionPass.cellBits(groups: groups)
        let shift = Int(RegressionPass.cellBits - bits)
        var total = 0
        for g in 0..<groups {
            let small = rows[g] < RegressionPass.smallLimit
            perRow.append(small)
            offsets.append(total)
            let cells = small ? rows[g] : 1 << Int(bits)
            cellCounts.append(cells)
            total += cells
        }
        sums = [Double](repeating: 0, count: total * lanes)
        var filled = [Int](repeating: 0, count: groups)
        let offsets = offsets, perRow = perRow
        sums.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            for i in 0..<n {
                var g = 0
                if let grouping {
                    let c = grouping.codes[i]
                    guard c < none else { continue }
                    g = Int(c)
                }
                let cell: Int
                if perRow[g] {
                    cell = filled[g]
                    filled[g] += 1
                } else {
                    cell = RegressionPass.cell(ofRow: i, seed: seed) >> shift
                }
                add(i, base + (offsets[g] + cell) * lanes)
            }
        }
    }

    /// Group `g`'s total over all its cells (compensated).
    func total(_ g: Int) -> [Double] {
        var totals = [CompensatedSum](repeating: CompensatedSum(), count: lanes)
        for k in 0..<cellCounts[g] {
            let base = (offsets[g] + k) * lanes
            for l in 0..<lanes { totals[l].add(sums[base + l]) }
        }
        return totals.map(\.value)
    }

    /// Group `g`'s replicates: each cell gets an independent Poisson(1) multiplicity from the
    /// stream of `seed`, and `statistic` reads the reweighted lane sums.
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
