import LoupeResults

/// The bootstrap of r2, explained_variance and residual_std on sufficient statistics.
///
/// The three metrics are smooth functions of the moment sums Σw, Σw², Σwy, Σwy², Σwe², Σwe,
/// Σwe² (`RegressionPass.Moments`, labels and residuals shifted), so a replicate needs only
/// reweighted sums, never rows. Every row is hashed into one of `RegressionPass.cellCount` (256)
/// cells by a seeded SplitMix64 stream at its index, independently of its values (a grouping of
/// many groups uses 128 or 64 cells a group: the top bits of the same hash); each slot sums its
/// rows' moments per cell in the one pass, and a replicate gives every non-empty cell an
/// independent Poisson(1) multiplicity and evaluates the metrics on Σ kᵢ·cellᵢ.
///
/// Why cells are a valid bootstrap: when rows are i.i.d., the rows of a random cell are an
/// i.i.d. sample too (the hash does not look at the data), and with the cell sizes Poissonised the
/// cell sums are i.i.d. random vectors. The metrics are smooth functions of the mean of those
/// vectors, exactly as of the mean of the rows' vectors (the total is the same), so by the delta
/// method their sampling variance is the same whether the mean is taken over rows or over cells,
/// and resampling cells with Poisson(1) weights is the ordinary Poisson bootstrap of i.i.d. units.
/// With 64 to 256 cells the percentile interval of a smooth statistic is close to the one from
/// rows (the cells' spread estimates the standard error to within 1/√(2·63) ≈ 9% at 64 cells,
/// about the Monte Carlo error of 200 replicates' 2.5% quantiles), and a replicate costs at most
/// 256 multiply-adds of 8 lanes however many rows there are.
///
/// A row's cell depends only on the seed and the row's index in the whole data, so the cells of
/// disjoint parts of the rows add up to the cells of their union (`RegressionGroupState`), as long
/// as each part knows its rows' global indices.
///
/// Groups with fewer than `RegressionPass.smallLimit` rows (4 per cell) bootstrap their rows
/// themselves (each row a unit with a Poisson(1) multiplicity), where few rows per cell would make
/// the cells lumpy. Each slot draws from its own SplitMix64 stream (`BinaryEvaluator.streamSeed`),
/// so results are reproducible and do not depend on evaluation order.
extension RegressionEvaluator {
    /// r2, explained_variance and residual_std of moment sums `s` (see `RegressionPass.Moments`).
    /// r2 is `nil` below two rows; r2 and explained_variance are `nil` when the labels do not
    /// vary (Σw(y − ȳ)² = 0); residual_std is `nil` when the Kish size is at most 1; all are
    /// `nil` without positive weight.
    static func smoothMetrics(_ s: SIMD8<Double>) -> (r2: Double?, explainedVariance: Double?, residualStd: Double?) {
        typealias M = RegressionPass.Moments
        let w = s[M.weight]
        guard w > 0 else { return (nil, nil, nil) }
        let labelSpread = s[M.squaredLabel] - s[M.label] * s[M.label] / w
        let residualSpread = max(0, s[M.squaredResidual] - s[M.residual] * s[M.residual] / w)
        let r2: Double? = s[M.rows] >= 2 && labelSpread > 0 ? 1 - s[M.squaredError] / labelSpread : nil
        let explained: Double? = labelSpread > 0 ? 1 - residualSpread / labelSpread : nil
        let nEff = Intervals.kishEffectiveSize(sumOfWeights: w, sumOfSquaredWeights: s[M.squaredWeight])
        let std: Double? = nEff > 1 ? (residualSpread / w * nEff / (nEff - 1)).squareRoot() : nil
        return (r2, explained, std)
    }

    /// Attaches bootstrap intervals for r2, explained_variance and residual_std, resampling `units`
    /// (cells, or rows of a small group) with Poisson(1) multiplicities.
    static func bootstrap(units: [SIMD8<Double>], into m: inout MetricSet, options: EvaluationOptions, seed: UInt64) {
        let replicates = options.bootstrapReplicates
        guard replicates > 0, !units.isEmpty else { return }
        var rng = SplitMix64(seed: seed)
        let sampler = PoissonOne.shared
        var r2: [Double] = [], explained: [Double] = [], std: [Double] = []
        r2.reserveCapacity(replicates)
        explained.reserveCapacity(replicates)
        std.reserveCapacity(replicates)
        for _ in 0..<replicates {
            var sum = SIMD8<Double>(repeating: 0)
            for u in units {
                let k = sampler.draw(&rng)
                if k != 0 { sum += k * u }
            }
            let f = smoothMetrics(sum)
            if let v = f.r2 { r2.append(v) }
            if let v = f.explainedVariance { explained.append(v) }
            if let v = f.residualStd { std.append(v) }
        }
        func attach(_ name: String, _ values: [Double], floor: Double, ceiling: Double) {
            guard let value = m[name]?.value,
                let ci = Intervals.biasCorrected(replicates: values, estimate: value, confidence: options.confidence)
            else { return }
            m[name] = Metric(value, lower: max(floor, ci.lower), upper: min(ceiling, ci.upper))
        }
        attach("r2", r2, floor: -.infinity, ceiling: 1)
        attach("explained_variance", explained, floor: -.infinity, ceiling: 1)
        attach("residual_std", std, floor: 0, ceiling: .infinity)
    }
}

/// Poisson(1) draws by inversion of one 64-bit word: k is the number of CDF values
/// P(K ≤ j), scaled to 2⁶⁴, at or below the word (the table stops where the CDF reaches 1 in
/// double precision). One generator step a draw, against two for `PoissonSampler`'s product of
/// uniforms: the cell bootstrap draws replicates × cells of them per group.
struct PoissonOne: Sendable {
    static let shared = PoissonOne()
    /// P(K ≤ j) × 2⁶⁴ for j = 0, 1, …: rising, more than four.
    let thresholds: [UInt64]

    private init() {
        var table: [UInt64] = []
        var p = libmExp(-1), cdf = 0.0, j = 0.0
        while cdf < 1 && table.count < 32 {
            cdf += p
            j += 1
            p /= j
            let scaled = cdf * 0x1p64
            table.append(scaled >= 0x1p64 ? .max : UInt64(scaled))
        }
        precondition(table.count > 4, "the branchless part's thresholds")
        thresholds = table
    }

    @inline(__always) func draw(_ rng: inout SplitMix64) -> Double { Double(copies(rng.next())) }

    /// The draw of the word `u`: the number of thresholds at or below it. The thresholds rise,
    /// so this is also the first one above it; the first four are counted without a branch
    /// (P(k ≥ 4) = 1.9%), since a scan's exit at k = 0, 1 or 2 (37%, 37%, 18%) cannot be
    /// predicted and its mispredictions cost the bootstraps more than their generator.
    @inline(__always) func copies(_ u: UInt64) -> Int {
        thresholds.withUnsafeBufferPointer { t in
            var k = (u >= t[0] ? 1 : 0) &+ (u >= t[1] ? 1 : 0) &+ (u >= t[2] ? 1 : 0) &+ (u >= t[3] ? 1 : 0)
            if k == 4 {
                while k < t.count && u >= t[k] { k &+= 1 }
            }
            return k
        }
    }
}
