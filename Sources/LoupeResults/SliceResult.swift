/// One slice: the rows whose columns in `spec` take the values in `key`.
///
/// Slices with fewer than the minimum number of rows are listed with `tooSmall` set and no
/// metrics, so a reader sees they exist without trusting numbers from a handful of rows.
public struct SliceResult: Codable, Sendable, Equatable {
    public let spec: [String]
    /// Column value per column of the spec, as text exactly as in the data; numeric bins as
    /// `[a, b)`; missing values as `(missing)`.
    public let key: [String: String]
    public let count: Int
    public let weightedCount: Double?
    public let tooSmall: Bool
    public let metrics: [String: MetricSet]
    /// Per model: the slice's rank metric minus the overall value, with its interval.
    public let gap: [String: SliceGap]
    /// Per model: the slice's curves for its detail view (binary classification; empty
    /// otherwise and for slices too small to have metrics).
    public let curves: [String: SliceCurves]
    /// Multiclass only, per model: each class's one-vs-rest metrics in the slice (empty
    /// otherwise and for slices too small to have metrics).
    public let perClass: [String: [ClassMetrics]]

    public init(
        spec: [String], key: [String: String], count: Int, weightedCount: Double? = nil,
        tooSmall: Bool, metrics: [String: MetricSet], gap: [String: SliceGap], curves: [String: SliceCurves] = [:],
        perClass: [String: [ClassMetrics]] = [:]
    ) {
        self.spec = spec
        self.key = key
        self.count = count
        self.weightedCount = weightedCount
        self.tooSmall = tooSmall
        self.metrics = metrics
        self.gap = gap
        self.curves = curves
        self.perClass = perClass
    }

    private enum CodingKeys: String, CodingKey {
        case spec, key, count, weightedCount, tooSmall, metrics, gap, curves, perClass
    }

    /// `curves` and `perClass` are left out when empty, so slices without them read as the contract's.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(spec, forKey: .spec)
        try c.encode(key, forKey: .key)
        try c.encode(count, forKey: .count)
        try c.encodeIfPresent(weightedCount, forKey: .weightedCount)
        try c.encode(tooSmall, forKey: .tooSmall)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(gap, forKey: .gap)
        if !curves.isEmpty { try c.encode(curves, forKey: .curves) }
        if !perClass.isEmpty { try c.encode(perClass, forKey: .perClass) }
    }

    /// The contract's `spec`, `key`, `count` and `metrics` are required; `tooSmall` defaults to
    /// false and `gap` to none, for files other tools wrote.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        spec = try c.decode([String].self, forKey: .spec)
        key = try c.decode([String: String].self, forKey: .key)
        count = try c.decode(Int.self, forKey: .count)
        weightedCount = try c.decodeIfPresent(Double.self, forKey: .weightedCount)
        tooSmall = try c.decodeIfPresent(Bool.self, forKey: .tooSmall) ?? false
        metrics = try c.decodeIfPresent([String: MetricSet].self, forKey: .metrics) ?? [:]
        gap = try c.decodeIfPresent([String: SliceGap].self, forKey: .gap) ?? [:]
        curves = try c.decodeIfPresent([String: SliceCurves].self, forKey: .curves) ?? [:]
        perClass = try c.decodeIfPresent([String: [ClassMetrics]].self, forKey: .perClass) ?? [:]
    }
}

/// How far a slice is from the whole data set on the rank metric.
///
/// `difference` is slice minus overall; `worse` is oriented so that positive means the slice is
/// worse (for a metric where lower is better it is the negated difference). `significant` is true
/// when the difference's 95% interval excludes zero.
public struct SliceGap: Codable, Sendable, Equatable {
    public let metric: String
    public let difference: Metric
    public let worse: Double?
    public let significant: Bool

    public init(metric: String, difference: Metric, worse: Double?, significant: Bool) {
        self.metric = metric
        self.difference = difference
        self.worse = worse
        self.significant = significant
    }
}

/// A slicing spec as configured, and how its numeric columns were binned.
public struct SliceSpec: Codable, Sendable, Equatable {
    /// Display name, e.g. `sex × age_band` or `region=West × sex`.
    public let name: String
    public let columns: [String]
    /// Restrictions of a value-restricted cross: column → the only value kept.
    public let restrictions: [String: String]
    /// Bin edges per numeric column that was cut into bins.
    public let binEdges: [String: [Double]]
    public let sliceCount: Int
    public let tooSmallCount: Int

    public init(
        name: String, columns: [String], restrictions: [String: String] = [:],
        binEdges: [String: [Double]] = [:], sliceCount: Int, tooSmallCount: Int
    ) {
        self.name = name
        self.columns = columns
        self.restrictions = restrictions
        self.binEdges = binEdges
        self.sliceCount = sliceCount
        self.tooSmallCount = tooSmallCount
    }
}
