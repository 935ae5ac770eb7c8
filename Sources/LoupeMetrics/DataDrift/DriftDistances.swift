/// How far a current sample of one column has moved from its reference: every distance the drift
/// checks use, computed by `DataDrift.numericDrift` or `DataDrift.categoricalDrift`.
///
/// Missing values are excluded from every distance and reported as counts. A distance that is
/// undefined (an empty sample, or one not defined for the column's kind) is `nil`, never NaN.
/// "Shares" are counts over the sample's non-missing total, p for the reference and q for the
/// current sample; numeric columns use the ten decile bins (`DataDrift.decileEdges`), categorical
/// ones the categories present in either sample.
public struct DriftDistances: Sendable, Equatable {
    /// Non-missing rows of the reference and current samples.
    public let referenceCount: Int
    public let currentCount: Int
    /// NaN values (numeric) or codes outside the dictionary (categorical).
    public let referenceMissingCount: Int
    public let currentMissingCount: Int

    /// Numeric: the nine inner bin edges, the reference's deciles. `nil` for categorical columns
    /// and when the reference is empty.
    public let binEdges: [Double]?
    /// Categorical: the categories of the bins, ascending by name. `nil` for numeric columns.
    public let categories: [String]?
    /// Rows per bin (numeric: ten bins; categorical: one per category), reference and current.
    public let referenceBinCounts: [Int]
    public let currentBinCounts: [Int]

    /// Population stability index Σ (q − p)·ln(q/p) over the bins, skipping bins empty in both and
    /// replacing a zero share by 1e-4 (no renormalisation).
    public let populationStabilityIndex: Double?
    /// Two-sample Kolmogorov–Smirnov (scipy's `ks_2samp`); numeric only.
    public let kolmogorovSmirnov: KolmogorovSmirnov?
    /// Wasserstein-1 between the raw samples, ∫|F_ref − F_cur| (scipy's `wasserstein_distance`);
    /// numeric only, `nil` when not finite (infinite values).
    public let wasserstein: Double?
    /// `wasserstein` over the reference's population standard deviation (ddof 0), floored at 0.001.
    public let normalizedWasserstein: Double?
    /// Jensen–Shannon distance in bits, √((KL(p‖m) + KL(q‖m))/(2 ln 2)) with m = (p + q)/2, in
    /// [0, 1] (scipy's `jensenshannon(p, q, base=2)`); a rounding-negative radicand gives 0.
    public let jensenShannonDistance: Double?
    /// Hellinger distance √(Σ(√p − √q)²)/√2, in [0, 1].
    public let hellingerDistance: Double?
    /// Pearson's χ² test of homogeneity on the 2 × K table of bin counts (scipy's
    /// `chi2_contingency`).
    public let chiSquare: ChiSquareTest?
    /// TFDV's L-infinity distance max |p − q| over categories; categorical only.
    public let lInfinity: Double?
    /// The category attaining `lInfinity`; on ties the first by name.
    public let lInfinityCategory: String?
}

/// Pearson's χ² test of homogeneity on a 2 × K table of counts, as scipy's
/// `chi2_contingency(table)` (correction=True).
///
/// Columns empty in both rows are dropped first (scipy would reject their zero expected counts).
/// Expected counts are rowᵢ·colₖ/N; dof = K − 1. With dof = 0 the statistic is 0 and p = 1. With
/// dof = 1, Yates' correction moves every observed count toward its expected count by
/// min(½, |E − O|). The statistic is Σ (O − E)²/E and p = P(χ²_dof > statistic).
public struct ChiSquareTest: Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
    /// Whether Yates' continuity correction was applied (dof = 1).
    public let yatesCorrected: Bool

    /// `nil` when a row is empty (an expected count would be zero; scipy raises).
    public init?(reference: [Int], current: [Int]) {
        var kept: [(Int, Int)] = []
        for (r, c) in zip(reference, current) where r > 0 || c > 0 { kept.append((r, c)) }
        let referenceTotal = kept.reduce(0) { $0 + $1.0 }, currentTotal = kept.reduce(0) { $0 + $1.1 }
        guard referenceTotal > 0, currentTotal > 0 else { return nil }
        let total = Double(referenceTotal + currentTotal)
        let dof = kept.count - 1
        degreesOfFreedom = dof
        yatesCorrected = dof == 1
        if dof == 0 {
            statistic = 0
            pValue = 1
            return
        }
        var sum = CompensatedSum()
        for row in 0..<2 {
            let rowTotal = Double(row == 0 ? referenceTotal : currentTotal)
            for (r, c) in kept {
                var observed = Double(row == 0 ? r : c)
                let expected = rowTotal * Double(r + c) / total
                if dof == 1 {
                    let difference = expected - observed
                    let direction: Double = difference > 0 ? 1 : (difference < 0 ? -1 : 0)
                    observed += min(0.5, difference.magnitude) * direction
                }
                let d = observed - expected
                sum.add(d * d / expected)
            }
        }
        statistic = sum.value
        pValue = Distributions.chiSquaredSurvival(statistic, degreesOfFreedom: Double(dof)) ?? 1
    }
}
