/// The one-pass engine behind `RegressionEvaluator`: a single scan over the rows in their given
/// order updates, for the whole data and for every group of every grouping at once, every sum the
/// regression metrics need.
///
/// Each row touches one accumulator "slot" per grouping (slot 0 is the whole data). A slot holds
/// * while it has fewer than `smallLimit` rows, its rows themselves (label, residual, weight,
///   cell), which the per-row bootstrap of small groups resamples;
/// * from its `smallLimit`-th row on, instead, up to `cellCount` bootstrap cells (its rows so far
///   are moved into them), each a `SIMD8` of the sufficient statistics of r2,
///   explained_variance and residual_std over the rows assigned to that cell (see `Moments`);
///   their sum is the slot's total, so the cells double as the blocks of a blocked summation.
///   Each row goes to the cell given by a seeded SplitMix64 hash of its index, which never looks
///   at the values (see `RegressionEvaluator+Bootstrap` for why such cells bootstrap correctly).
///   The whole data has 256 cells; a grouping with many groups has 128 or 64 a group (the
///   top bits of the row's cell, `cellBits(groups:)`), so that each grouping's cells stay within
///   the L2 cache: the cell adds are the pass's only scattered memory accesses, and they cost
///   most of its time once they miss L2. Only slots of at least `smallLimit` rows (at most
///   n / `smallLimit` + 1 of them) hold cells, 16 KB each, and the rows kept never exceed the
///   data (32 bytes a row), however many groups there are;
/// * a block partial `SIMD8` (w|e|, we⁴, w·ape, w·ape², e², (Δe)², 0, 0), with ape the absolute
///   percentage error and Δe the difference to the slot's previous residual, folded into
///   compensated totals after every chunk of rows;
/// * the row count, the largest |e| and the previous residual (Durbin–Watson).
///
/// Labels and residuals enter the moments shifted by the first positive-weight row's label and
/// residual (c_y, c_e; one shift for all slots, so a row's moment vector is built once and added
/// to every slot it belongs to). The one-pass spreads Σw(y − c)² − (Σw(y − c))²/Σw then lose
/// only about ε·((ȳ − c)/s_y)² of their value instead of ε·(ȳ/s_y)², which matters when the values
/// sit far from zero relative to their spread (the spread itself is shift-invariant). Rows of
/// weight 0 before the shift is fixed contribute exact zeros to the weighted lanes.
///
/// `RegressionGroupState` keeps a slot's statistics in a form that merges across parts of the rows
/// (built with this pass's `terms` and `add`), for evaluations over shards.
struct RegressionPass {
    /// The lanes of a moment vector: Σw, Σw², Σw·ys, Σw·ys², Σw·e², Σw·es, Σw·es², rows,
    /// with ys = y − c_y and es = e − c_e (the shifts).
    enum Moments {
        static let weight = 0, squaredWeight = 1, label = 2, squaredLabel = 3, squaredError = 4
        static let residual = 5, squaredResidual = 6, rows = 7
    }

    /// The lanes of a block partial.
    enum Partial {
        static let absoluteError = 0, fourthPowerError = 1, percentageError = 2, squaredPercentageError = 3
        static let unweightedSquaredError = 4, squaredDifference = 5
    }

    /// Bootstrap cells per slot (a power of two: the cell is the top bits of a hash).
    static let cellCount = 256
    static let cellBits: UInt64 = 8
    /// Cache lines (64-byte cells) a grouping's slots may spread over.
    static let cellBudget = 2048
    /// Slots with fewer rows keep their rows for the per-row bootstrap; larger ones use cells.
    static let smallLimit = 4 * cellCount
    static let chunkRows = 1024

    let slotCount: Int
    let counts: UnsafeMutablePointer<Int>
    let lastResidual: UnsafeMutablePointer<Double>
    let maxAbsolute: UnsafeMutablePointer<Double>
    let partial: UnsafeMutablePointer<SIMD8<Double>>
    let totals: UnsafeMutablePointer<CompensatedSum8>
    /// Per slot, its `cellCount` cells once it has `smallLimit` rows.
    let cells: UnsafeMutablePointer<UnsafeMutablePointer<SIMD8<Double>>?>
    /// Per slot, its rows (y, e, w, cell) while it has fewer than `smallLimit`.
    var rows: [[SIMD4<Double>]]
    /// The shifts c_y and c_e, fixed at the first row of positive weight.
    var shifted = false
    var shiftLabel = 0.0, shiftResidual = 0.0

    init(slotCount: Int) {
        self.slotCount = slotCount
        counts = .filled(with: 0, count: slotCount)
        lastResidual = .filled(with: 0, count: slotCount)
        maxAbsolute = .filled(with: 0, count: slotCount)
        partial = .filled(with: SIMD8(repeating: 0), count: slotCount)
        totals = .filled(with: CompensatedSum8(), count: slotCount)
        cells = .filled(with: nil, count: slotCount)
        rows = [[SIMD4<Double>]](repeating: [], count: slotCount)
    }

    func deallocate() {
        counts.deallocate()
        lastResidual.deallocate()
        maxAbsolute.deallocate()
        partial.deallocate()
        totals.deallocate()
        for s in 0..<slotCount { cells[s]?.deallocate() }
        cells.deallocate()
    }

    /// What `RegressionEvaluator.assemble` reads of one slot (`units` empty when there is no
    /// bootstrap).
    struct SlotTotals {
        var count: Int
        var moments: SIMD8<Double>
        var partial: SIMD8<Double>
        var maxAbsolute: Double
        var shiftResidual: Double
        var units: [SIMD8<Double>]
    }

    /// The slot's totals, with its bootstrap units when `units` is set.
    func slotTotals(_ s: Int, moments: SIMD8<Double>, units: Bool) -> SlotTotals {
        SlotTotals(
            count: counts[s], moments: moments, partial: totals[s].value, maxAbsolute: maxAbsolute[s],
            shiftResidual: shiftResidual, units: units ? self.units(s) : [])
    }

    /// The seed of the cell hash, from the evaluation's seed.
    static func cellSeed(_ seed: UInt64) -> UInt64 {
        var stream = SplitMix64(seed: seed ^ 0xC311_5EED_0B5E_55ED)
        return stream.next()
    }

    /// A row's absolute percentage error |e|/max(|y|, ε), ε = machine epsilon.
    @inline(__always) static func absolutePercentageError(y: Double, absoluteError ae: Double) -> Double {
        ae / max(y.magnitude, Double.ulpOfOne)
    }

    /// The cell of row `i`: the top bits of the SplitMix64 stream of `seed` at position `i`, so the
    /// assignment depends on nothing but the seed and the row's index.
    @inline(__always) static func cell(ofRow i: Int, seed: UInt64) -> Int {
        var g = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15)
        return Int(truncatingIfNeeded: g.next() >> (64 - cellBits))
    }

    /// The cell bits of a grouping of `groups` groups: 8 (256 cells), less one while the
    /// grouping's cells would exceed `cellBudget` cache lines, down to 6 (64 cells). A row's cell
    /// in such a grouping is the top bits of its cell in the whole data, and every slot's cells
    /// stay at most 128 KB a grouping, which keeps the pass's scattered adds in the L2 cache.
    static func cellBits(groups: Int) -> UInt64 {
        var bits = cellBits
        while bits > 6 && groups << Int(bits) > cellBudget { bits -= 1 }
        return bits
    }

    /// A row's moment vector and block-partial terms (label y, residual e, weight w, absolute
    /// percentage error ape), fixing the shifts at the first row of positive weight.
    @inline(__always) mutating func terms(y: Double, e: Double, w: Double, ape: Double) -> (
        moments: SIMD8<Double>, partial: SIMD8<Double>
    ) {
        if !shifted && w > 0 {
            shifted = true
            shiftLabel = y
            shiftResidual = e
        }
        let e2 = e * e, wape = w * ape
        return (moments(y: y, e: e, w: w), SIMD8(w * e.magnitude, w * e2 * e2, wape, wape * ape, e2, 0, 0, 0))
    }

    /// A row's moment vector, with the shifts as they are (fixed before any row of positive
    /// weight, and a row of weight 0 has zero weighted lanes whatever the shift).
    @inline(__always) func moments(y: Double, e: Double, w: Double) -> SIMD8<Double> {
        Self.moments(y: y, e: e, w: w, shiftLabel: shiftLabel, shiftResidual: shiftResidual)
    }

    /// A row's moment vector with the shifts c_y = `shiftLabel`, c_e = `shiftResidual`.
    @inline(__always) static func moments(
        y: Double, e: Double, w: Double, shiftLabel: Double, shiftResidual: Double
    ) -> SIMD8<Double> {
        let ys = y - shiftLabel, es = e - shiftResidual
        let wys = w * ys, wes = w * es
        return SIMD8(w, w * w, wys, wys * ys, w * e * e, wes, wes * es, 1)
    }

    /// Adds one row (its `terms`, label y, residual e, weight w, |e| and cell) to slot `s`.
    @inline(__always) mutating func add(
        slot s: Int, moments v: SIMD8<Double>, partial u: SIMD8<Double>, y: Double, e: Double, w: Double, ae: Double,
        cell: Int
    ) {
        let c = counts[s]
        if let block = cells[s] {
            block[cell] += v
        } else {
            rows[s].append(SIMD4(y, e, w, Double(cell)))
            if c &+ 1 == Self.smallLimit { graduate(s) }
        }
        let d = c == 0 ? 0 : e - lastResidual[s]
        lastResidual[s] = e
        var p = partial[s] + u
        p[Partial.squaredDifference] += d * d
        partial[s] = p
        if ae > maxAbsolute[s] { maxAbsolute[s] = ae }
        counts[s] = c &+ 1
    }

    /// Gives slot `s` its cells and moves its rows into them.
    @inline(never) mutating func graduate(_ s: Int) {
        let block = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: Self.cellCount)
        block.initialize(repeating: SIMD8(repeating: 0), count: Self.cellCount)
        for r in rows[s] { block[Int(r[3])] += moments(y: r[0], e: r[1], w: r[2]) }
        cells[s] = block
        rows[s] = []
    }

    /// Folds every slot's block partial into its compensated total.
    func flush() {
        for s in 0..<slotCount {
            totals[s].add(partial[s])
            partial[s] = SIMD8(repeating: 0)
        }
    }

    /// The slot's moments over all its rows (the compensated sum of its cells, or of its rows).
    func moments(_ s: Int) -> SIMD8<Double> {
        var sum = CompensatedSum8()
        for u in units(s) { sum.add(u) }
        return sum.value
    }

    /// The units of the slot's bootstrap: its non-empty cells, or, in a slot of fewer than
    /// `smallLimit` rows, its rows' moment vectors.
    func units(_ s: Int) -> [SIMD8<Double>] {
        guard let block = cells[s] else { return rows[s].map { moments(y: $0[0], e: $0[1], w: $0[2]) } }
        return (0..<Self.cellCount).map { block[$0] }.filter { $0[Moments.rows] > 0 }
    }
}
