import LoupeResults

/// One group's regression statistics in a form that merges (`MergeableState`): the state of two
/// parts of the rows, merged in row order, is the state of their union, and every regression
/// metric with its normal and order-statistic interval follows from it as from `RegressionPass`.
///
/// It holds what `RegressionPass` keeps for a slot: the row count, the bootstrap units (the rows
/// (y, e, w, cell) below `RegressionPass.smallLimit` rows, else the cells' moment sums), the block
/// partials (w|e|, we⁴, w·ape, w·ape², e², (Δe)²) as compensated sums, and the largest |e|; and
/// besides, for Durbin–Watson, the part's first and last residual, and for the median absolute error
/// and its order-statistic interval, the |e|-to-weight map (ascending |e|, one entry per value).
///
/// Merging:
/// * exact and order-free: the row count, the largest |e|, the |e| map's values and, for unit or
///   integer weights, its weights;
/// * order-free up to rounding: the moments and block partials (compensated sums) and the cells
///   (each row's cell is a seeded hash of its global row index, so a row lands in the same cell
///   whichever part it is in);
/// * in row order: `a.merge(b)` needs every row of `b` after every row of `a`. Durbin–Watson adds
///   the boundary difference (first residual of `b` − last of `a`)², and a small group's rows,
///   the units of its per-row bootstrap, are kept in row order. Merging is associative.
/// Both states must share the shift (c_y, c_e; a sharded run fixes it once, for instance at the
/// first row of positive weight of the first shard, and hands it to every shard), the cell seed
/// and cell bits, and weightedness. A shard must know the global index of its first row: the
/// cells hash it.
struct RegressionGroupState: MergeableState, Sendable {
    /// The shifts c_y, c_e subtracted from labels and residuals in the moments (`RegressionPass`).
    struct Shift: Sendable, Equatable {
        var label = 0.0, residual = 0.0
    }

    let shift: Shift
    /// The cell hash's seed (`RegressionPass.cellSeed`) and how far a row's cell shifts down
    /// (`RegressionPass.cellBits(groups:)`: 0 for the whole data).
    let cellSeed: UInt64, cellShift: Int
    let weighted: Bool
    var count = 0
    /// `RegressionPass.cellCount` moment sums once the state has `RegressionPass.smallLimit` rows;
    /// before, empty, and the rows (y, e, w, cell) are in `rows`, in row order.
    var cells: [SIMD8<Double>] = []
    var rows: [SIMD4<Double>] = []
    var partial = CompensatedSum8()
    var firstResidual = 0.0, lastResidual = 0.0
    var maxAbsolute = 0.0
    var absoluteErrors: [AbsoluteErrorQuantiles.WeightedValue] = []

    /// The state over no rows (the identity of `merge`); `seed` is the evaluation's seed.
    init(shift: Shift, seed: UInt64, weighted: Bool, cellShift: Int = 0) {
        self.shift = shift
        self.cellSeed = RegressionPass.cellSeed(seed)
        self.cellShift = cellShift
        self.weighted = weighted
    }

    /// The state over the rows of `data`, whose first row is row `firstRow` of the whole data.
    init(_ data: RegressionData, firstRow: Int, shift: Shift, seed: UInt64, cellShift: Int = 0) {
        self.init(shift: shift, seed: seed, weighted: data.weights != nil, cellShift: cellShift)
        let n = data.labels.count
        guard n > 0 else { return }
        var pass = RegressionPass(slotCount: 1)
        defer { pass.deallocate() }
        pass.shifted = true
        pass.shiftLabel = shift.label
        pass.shiftResidual = shift.residual
        var absolute = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let y = data.labels[i]
            let e = y - data.predictions[i]
            let ae = e.magnitude
            let w = data.weights?[i] ?? 1
            let (v, u) = pass.terms(y: y, e: e, w: w, ape: RegressionPass.absolutePercentageError(y: y, absoluteError: ae))
            let cell = RegressionPass.cell(ofRow: firstRow + i, seed: cellSeed) &>> cellShift
            pass.add(slot: 0, moments: v, partial: u, y: y, e: e, w: w, ae: ae, cell: cell)
            absolute[i] = ae
            if (i + 1) % RegressionPass.chunkRows == 0 { pass.flush() }
        }
        pass.flush()
        count = pass.counts[0]
        partial = pass.totals[0]
        firstResidual = data.labels[0] - data.predictions[0]
        lastResidual = pass.lastResidual[0]
        maxAbsolute = pass.maxAbsolute[0]
        if let block = pass.cells[0] {
            cells = Array(UnsafeBufferPointer(start: block, count: RegressionPass.cellCount))
        } else {
            rows = pass.rows[0]
        }
        let (keys, order) = RadixSort.argsort(absolute)
        for k in keys.indices {
            let value = RadixSort.value(ofKey: keys[k]), w = data.weights?[Int(order[k])] ?? 1
            if let last = absoluteErrors.last, last.value == value {
                absoluteErrors[absoluteErrors.count - 1].weight += w
            } else {
                absoluteErrors.append(.init(value: value, weight: w))
            }
        }
    }

    /// The shift `RegressionEvaluator` uses for `data`: its first row of positive weight's label and
    /// residual (0, 0 without one).
    static func shift(of data: RegressionData) -> Shift {
        for i in data.labels.indices where (data.weights?[i] ?? 1) > 0 {
            return Shift(label: data.labels[i], residual: data.labels[i] - data.predictions[i])
        }
        return Shift()
    }

    /// Adds `other`, whose rows all come after this state's rows.
    mutating func merge(_ other: RegressionGroupState) {
        precondition(
            shift == other.shift && cellSeed == other.cellSeed && cellShift == other.cellShift
                && weighted == other.weighted,
            "merged states must share the shift, the cells and weightedness")
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        partial.merge(other.partial)
        let d = other.firstResidual - lastResidual
        var boundary = SIMD8<Double>(repeating: 0)
        boundary[RegressionPass.Partial.squaredDifference] = d * d
        partial.add(boundary)
        lastResidual = other.lastResidual
        maxAbsolute = max(maxAbsolute, other.maxAbsolute)
        if count + other.count >= RegressionPass.smallLimit {
            graduate()
            if other.cells.isEmpty {
                for r in other.rows { cells[Int(r[3])] += moments(r) }
            } else {
                for c in cells.indices { cells[c] += other.cells[c] }
            }
        } else {
            rows += other.rows
        }
        count += other.count
        absoluteErrors = AbsoluteErrorQuantiles.merged(absoluteErrors, other.absoluteErrors)
    }

    /// Moves the rows into cells, as `RegressionPass.graduate` does.
    private mutating func graduate() {
        guard cells.isEmpty else { return }
        cells = [SIMD8<Double>](repeating: SIMD8(repeating: 0), count: RegressionPass.cellCount)
        for r in rows { cells[Int(r[3])] += moments(r) }
        rows = []
    }

    private func moments(_ row: SIMD4<Double>) -> SIMD8<Double> {
        RegressionPass.moments(
            y: row[0], e: row[1], w: row[2], shiftLabel: shift.label, shiftResidual: shift.residual)
    }

    /// The bootstrap units, as `RegressionPass.units`: the non-empty cells, or the rows' moments.
    var units: [SIMD8<Double>] {
        if cells.isEmpty { return rows.map(moments) }
        return cells.filter { $0[RegressionPass.Moments.rows] > 0 }
    }

    /// The moments over all rows (the compensated sum of the units, as `RegressionPass.moments`).
    var moments: SIMD8<Double> {
        var sum = CompensatedSum8()
        for u in units { sum.add(u) }
        return sum.value
    }

    /// Every regression metric of the state, as `RegressionEvaluator` computes a slot's, drawing
    /// the bootstrap from the stream `seed` (`BinaryEvaluator.streamSeed` of the group).
    func metrics(options: EvaluationOptions, seed: UInt64) -> MetricSet {
        let m = count > 0 ? moments : SIMD8(repeating: 0)
        typealias M = RegressionPass.Moments
        let targets = AbsoluteErrorQuantiles.Targets(
            weight: m[M.weight], squaredWeight: m[M.squaredWeight], confidence: options.confidence)
        let quantile = AbsoluteErrorQuantiles.quantiles(
            ascending: absoluteErrors, targets: targets, largest: maxAbsolute)
        let totals = RegressionPass.SlotTotals(
            count: count, moments: m, partial: partial.value, maxAbsolute: maxAbsolute,
            shiftResidual: shift.residual, units: options.bootstrapReplicates > 0 ? units : [])
        return RegressionEvaluator.assemble(
            totals, quantile: quantile, weighted: weighted, options: options, seed: seed)
    }
}
