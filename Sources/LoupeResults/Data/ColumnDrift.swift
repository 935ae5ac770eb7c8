/// How far one column moved from the reference to the current data (results.json `drift`):
/// every distance, the verdict and the test that decided it.
///
/// Numeric columns are binned at the reference's deciles, categorical ones by category (see the
/// README's "Data drift" for each definition). A distance that is undefined (an empty sample,
/// or one not defined for the column's kind) is `nil`.
public struct ColumnDrift: Codable, Sendable, Equatable {
    public let column: String
    /// `feature`, `label` (prior shift) or `prediction` (the model's score column).
    public let role: String
    /// The model, for a `prediction`.
    public let model: String?
    /// `numeric` or `categorical`.
    public let kind: String
    /// Non-missing and missing rows in each data set.
    public let referenceCount: Int
    public let currentCount: Int
    public let referenceMissing: Int
    public let currentMissing: Int
    /// Numeric: the nine inner bin edges (the reference's deciles). `nil` for categoricals, and
    /// when an edge is not finite (reference values beyond double precision).
    public let binEdges: [Double]?
    /// Categorical: the categories of the bins, ascending. `nil` for numeric columns.
    public let categories: [String]?
    /// Rows per bin or category, reference and current.
    public let referenceCounts: [Int]
    public let currentCounts: [Int]
    public let psi: Double?
    /// Numeric only.
    public let ks: KolmogorovSmirnovResult?
    /// Numeric only: Wasserstein-1 on the raw values, and divided by the reference's population
    /// standard deviation (floor 0.001).
    public let wasserstein: Double?
    public let normalizedWasserstein: Double?
    /// Jensen–Shannon distance, base 2.
    public let jsDistance: Double?
    public let hellinger: Double?
    public let chiSquare: ChiSquareResult?
    /// Categorical only: TFDV's max |p − q| and the category attaining it.
    public let lInfinity: Double?
    public let lInfinityCategory: String?
    /// The thresholds the verdict applied (the schema's for this column, else the defaults).
    public let thresholds: DriftThresholds
    public let verdict: DriftVerdict

    public init(
        column: String, role: String, model: String?, kind: String, referenceCount: Int, currentCount: Int,
        referenceMissing: Int, currentMissing: Int, binEdges: [Double]?, categories: [String]?,
        referenceCounts: [Int], currentCounts: [Int], psi: Double?, ks: KolmogorovSmirnovResult?,
        wasserstein: Double?, normalizedWasserstein: Double?, jsDistance: Double?, hellinger: Double?,
        chiSquare: ChiSquareResult?, lInfinity: Double?, lInfinityCategory: String?, thresholds: DriftThresholds,
        verdict: DriftVerdict
    ) {
        self.column = column
        self.role = role
        self.model = model
        self.kind = kind
        self.referenceCount = referenceCount
        self.currentCount = currentCount
        self.referenceMissing = referenceMissing
        self.currentMissing = currentMissing
        self.binEdges = binEdges
        self.categories = categories
        self.referenceCounts = referenceCounts
        self.currentCounts = currentCounts
        self.psi = psi
        self.ks = ks
        self.wasserstein = wasserstein
        self.normalizedWasserstein = normalizedWasserstein
        self.jsDistance = jsDistance
        self.hellinger = hellinger
        self.chiSquare = chiSquare
        self.lInfinity = lInfinity
        self.lInfinityCategory = lInfinityCategory
        self.thresholds = thresholds
        self.verdict = verdict
    }
}

/// The two-sample Kolmogorov–Smirnov test as `scipy.stats.ks_2samp` (method `auto`).
public struct KolmogorovSmirnovResult: Codable, Sendable, Equatable {
    public let statistic: Double
    public let pValue: Double
    /// `exact` or `asymptotic`.
    public let method: String

    public init(statistic: Double, pValue: Double, method: String) {
        self.statistic = statistic
        self.pValue = pValue
        self.method = method
    }
}

/// Pearson's χ² test of homogeneity on the 2 × K table of counts (`scipy.stats.chi2_contingency`).
public struct ChiSquareResult: Codable, Sendable, Equatable {
    public let statistic: Double
    public let dof: Int
    public let pValue: Double
    /// Whether Yates' correction was applied (dof = 1).
    public let yates: Bool

    public init(statistic: Double, dof: Int, pValue: Double, yates: Bool) {
        self.statistic = statistic
        self.dof = dof
        self.pValue = pValue
        self.yates = yates
    }
}

/// When a column counts as drifted: PSI at or above `psi`, or the significance test (KS for
/// numeric columns, χ² for categorical ones) below `pValue` **and** the largest difference in
/// shares (the KS statistic D, or L-infinity) at or above `minimumEffect` — so that a large data
/// set does not flag a trivial but significant shift.
public struct DriftThresholds: Codable, Sendable, Equatable {
    public let psi: Double
    public let pValue: Double
    public let minimumEffect: Double

    /// PSI ≥ 0.2; p < 0.05 with an effect ≥ 0.1.
    public static let defaults = DriftThresholds(psi: 0.2, pValue: 0.05, minimumEffect: 0.1)

    public init(psi: Double, pValue: Double, minimumEffect: Double) {
        self.psi = psi
        self.pValue = pValue
        self.minimumEffect = minimumEffect
    }
}

/// A column's drift verdict and the test that decided it.
///
/// Drifted: `test` is the first test that crossed its threshold, in the order `psi`, then `ks`
/// (numeric) or `chi_square` (categorical); `value` is its PSI, or its p-value with `effect` the
/// KS statistic or L-infinity. Not drifted: `test` is `psi` with its value (or the significance
/// test when the PSI is undefined), so `value` of a `psi` verdict ranks "which columns moved the
/// most". `undefined` when a sample is empty: nothing could be compared.
public struct DriftVerdict: Codable, Sendable, Equatable {
    /// `drifted`, `stable` or `undefined`.
    public let status: String
    /// `psi`, `ks` or `chi_square`; `nil` when undefined.
    public let test: String?
    public let value: Double?
    /// The test's threshold (`thresholds.psi` or `thresholds.pValue`).
    public let threshold: Double?
    /// The effect size that accompanied a significance test; `nil` for `psi`.
    public let effect: Double?
    /// One sentence: "income drifted: PSI 0.31 ≥ 0.2."
    public let message: String

    public var drifted: Bool { status == "drifted" }

    public init(status: String, test: String?, value: Double?, threshold: Double?, effect: Double?, message: String) {
        self.status = status
        self.test = test
        self.value = value
        self.threshold = threshold
        self.effect = effect
        self.message = message
    }
}
