/// The residual analysis of one regression model (residual = label − prediction), as
/// results.json's `residuals.<model>`: everything the residuals page draws, aggregated so its size
/// does not grow with the number of rows.
public struct ResidualAnalysis: Codable, Sendable, Equatable {
    /// The order the serial statistics (Durbin–Watson, autocorrelation, Ljung–Box) use:
    /// `timestamp` (by `orderColumn`, ties in row order) or `row` (file order).
    public let order: String
    public let orderColumn: String?
    public let count: Int
    public let moments: ResidualMoments
    public let durbinWatson: Double?
    public let autocorrelation: ResidualAutocorrelation?
    /// Breusch–Pagan on [1, prediction] (Koenker's studentized form, as statsmodels).
    public let breuschPagan: HypothesisTest?
    /// Residuals against the prediction, in quantile bins of the prediction.
    public let trend: [TrendBin]
    /// 2-D histograms: residual against prediction, and label against prediction.
    public let residualDensity: ResidualDensity?
    public let actualDensity: ResidualDensity?
    public let histogram: ResidualHistogram?
    /// Normal Q–Q points of the standardized residuals (at most a few hundred).
    public let quantiles: [QuantilePoint]
    /// Every other column of the data against the residual (contract key `feature_correlations`).
    public let featureCorrelations: [String: FeatureCorrelation]
    /// The rows with the largest absolute residuals, largest first.
    public let largestErrors: [LargeError]

    private enum CodingKeys: String, CodingKey {
        case order, orderColumn, count, moments, durbinWatson, autocorrelation, breuschPagan, trend
        case residualDensity, actualDensity, histogram, quantiles, largestErrors
        case featureCorrelations = "feature_correlations"
    }

    public init(
        order: String, orderColumn: String?, count: Int, moments: ResidualMoments, durbinWatson: Double?,
        autocorrelation: ResidualAutocorrelation?, breuschPagan: HypothesisTest?, trend: [TrendBin],
        residualDensity: ResidualDensity?, actualDensity: ResidualDensity?, histogram: ResidualHistogram?,
        quantiles: [QuantilePoint], featureCorrelations: [String: FeatureCorrelation], largestErrors: [LargeError]
    ) {
        self.order = order
        self.orderColumn = orderColumn
        self.count = count
        self.moments = moments
        self.durbinWatson = durbinWatson
        self.autocorrelation = autocorrelation
        self.breuschPagan = breuschPagan
        self.trend = trend
        self.residualDensity = residualDensity
        self.actualDensity = actualDensity
        self.histogram = histogram
        self.quantiles = quantiles
        self.featureCorrelations = featureCorrelations
        self.largestErrors = largestErrors
    }

    /// The contract names only `feature_correlations`; everything else may be missing in a file
    /// another tool wrote: `order` defaults to `row`, `count` to 0, lists and maps to empty, the
    /// moments to unknown.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        order = try c.decodeIfPresent(String.self, forKey: .order) ?? "row"
        orderColumn = try c.decodeIfPresent(String.self, forKey: .orderColumn)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 0
        moments =
            try c.decodeIfPresent(ResidualMoments.self, forKey: .moments)
            ?? ResidualMoments(mean: nil, standardDeviation: nil, skewness: nil, kurtosis: nil, jarqueBera: nil)
        durbinWatson = try c.decodeIfPresent(Double.self, forKey: .durbinWatson)
        autocorrelation = try c.decodeIfPresent(ResidualAutocorrelation.self, forKey: .autocorrelation)
        breuschPagan = try c.decodeIfPresent(HypothesisTest.self, forKey: .breuschPagan)
        trend = try c.decodeIfPresent([TrendBin].self, forKey: .trend) ?? []
        residualDensity = try c.decodeIfPresent(ResidualDensity.self, forKey: .residualDensity)
        actualDensity = try c.decodeIfPresent(ResidualDensity.self, forKey: .actualDensity)
        histogram = try c.decodeIfPresent(ResidualHistogram.self, forKey: .histogram)
        quantiles = try c.decodeIfPresent([QuantilePoint].self, forKey: .quantiles) ?? []
        featureCorrelations =
            try c.decodeIfPresent([String: FeatureCorrelation].self, forKey: .featureCorrelations) ?? [:]
        largestErrors = try c.decodeIfPresent([LargeError].self, forKey: .largestErrors) ?? []
    }
}

/// The shape of the residual distribution: `skewness` and excess `kurtosis` as scipy's biased
/// defaults, and the Jarque–Bera test of normality.
public struct ResidualMoments: Codable, Sendable, Equatable {
    public let mean: Double?
    public let standardDeviation: Double?
    public let skewness: Double?
    public let kurtosis: Double?
    public let jarqueBera: HypothesisTest?

    public init(
        mean: Double?, standardDeviation: Double?, skewness: Double?, kurtosis: Double?, jarqueBera: HypothesisTest?
    ) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.skewness = skewness
        self.kurtosis = kurtosis
        self.jarqueBera = jarqueBera
    }
}

/// A test statistic with its p-value (and, where the test has one, an F form).
public struct HypothesisTest: Codable, Sendable, Equatable {
    public let statistic: Double
    public let pValue: Double
    public let degreesOfFreedom: Double?
    public let fStatistic: Double?
    public let fPValue: Double?

    public init(
        statistic: Double, pValue: Double, degreesOfFreedom: Double? = nil, fStatistic: Double? = nil,
        fPValue: Double? = nil
    ) {
        self.statistic = statistic
        self.pValue = pValue
        self.degreesOfFreedom = degreesOfFreedom
        self.fStatistic = fStatistic
        self.fPValue = fPValue
    }
}

/// The sample autocorrelation at lags 1…k with its 95% bands, and Ljung–Box at each lag.
public struct ResidualAutocorrelation: Codable, Sendable, Equatable {
    public let lags: [Int]
    public let values: [Double?]
    /// Bartlett's half-width per lag (statsmodels' `acf(..., alpha=0.05)` band around 0).
    public let bartlettBand: [Double]
    /// The white-noise half-width z/√n.
    public let whiteNoiseBand: Double
    /// Ljung–Box Q and p-value for lags 1…k.
    public let ljungBox: [HypothesisTest]

    public init(lags: [Int], values: [Double?], bartlettBand: [Double], whiteNoiseBand: Double, ljungBox: [HypothesisTest]) {
        self.lags = lags
        self.values = values
        self.bartlettBand = bartlettBand
        self.whiteNoiseBand = whiteNoiseBand
        self.ljungBox = ljungBox
    }
}

/// One quantile bin of an x column with the residuals of its rows.
public struct TrendBin: Codable, Sendable, Equatable {
    public let low: Double
    public let high: Double
    public let x: Double
    public let count: Int
    public let mean: Double
    public let standardDeviation: Double?
    /// Residual quantiles 10, 25, 50, 75, 90%.
    public let quantiles: [Double]
    /// The interval of the bin's mean (normal: mean ± z·s/√n); `nil` below two rows.
    public let lower: Double?
    public let upper: Double?

    public init(
        low: Double, high: Double, x: Double, count: Int, mean: Double, standardDeviation: Double?, quantiles: [Double],
        lower: Double? = nil, upper: Double? = nil
    ) {
        self.low = low
        self.high = high
        self.x = x
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.quantiles = quantiles
        self.lower = lower
        self.upper = upper
    }
}

/// A 2-D histogram: `counts[row * (xEdges.count − 1) + column]`, row 0 at the lowest y;
/// `outside` rows fell beyond the edges (the edges cut at the 0.5% and 99.5% quantiles).
public struct ResidualDensity: Codable, Sendable, Equatable {
    public let xEdges: [Double]
    public let yEdges: [Double]
    public let counts: [Int]
    public let outside: Int

    public init(xEdges: [Double], yEdges: [Double], counts: [Int], outside: Int) {
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.counts = counts
        self.outside = outside
    }
}

/// Residual counts in equal-width bins (`edges.count − 1` bins), with rows beyond the edges.
public struct ResidualHistogram: Codable, Sendable, Equatable {
    public let edges: [Double]
    public let counts: [Int]
    public let outside: Int

    public init(edges: [Double], counts: [Int], outside: Int) {
        self.edges = edges
        self.counts = counts
        self.outside = outside
    }
}

/// One point of a normal Q–Q plot: the standard normal quantile and the standardized residual.
public struct QuantilePoint: Codable, Sendable, Equatable {
    public let theoretical: Double
    public let sample: Double

    public init(theoretical: Double, sample: Double) {
        self.theoretical = theoretical
        self.sample = sample
    }
}

/// How one column relates to the residual. `value` is the strength the columns are ranked by:
/// Pearson's r for a numeric column, the correlation ratio η (√η², 0…1) for a categorical one.
public struct FeatureCorrelation: Codable, Sendable, Equatable {
    /// `numeric` or `categorical`.
    public let kind: String
    public let value: Double?
    /// Fisher-z 95% interval of Pearson's r (numeric columns).
    public let lower: Double?
    public let upper: Double?
    /// The p-value of `value`: Pearson's t-test, or the one-way ANOVA F-test.
    public let pValue: Double?
    /// The p-value adjusted by Holm over every column's test.
    /// Set after every column is tested (Holm's adjustment needs every p-value).
    public var holmPValue: Double?
    public let spearman: Double?
    public let spearmanPValue: Double?
    public let fStatistic: Double?
    /// Rows with a value in this column.
    public let count: Int
    /// What the trend's x values are in, when not the column's own values (a timestamp's are
    /// days since its first value: `days since 2024-01-01`).
    public let unit: String?
    /// Mean residual per quantile bin of a numeric column.
    public let trend: [TrendBin]
    /// Mean residual per category (the largest categories, at most 30).
    public let categories: [CategoryMean]

    public init(
        kind: String, value: Double?, lower: Double? = nil, upper: Double? = nil, pValue: Double?, holmPValue: Double? = nil,
        spearman: Double? = nil, spearmanPValue: Double? = nil, fStatistic: Double? = nil, count: Int, unit: String? = nil,
        trend: [TrendBin] = [], categories: [CategoryMean] = []
    ) {
        self.unit = unit
        self.kind = kind
        self.value = value
        self.lower = lower
        self.upper = upper
        self.pValue = pValue
        self.holmPValue = holmPValue
        self.spearman = spearman
        self.spearmanPValue = spearmanPValue
        self.fStatistic = fStatistic
        self.count = count
        self.trend = trend
        self.categories = categories
    }

    private enum CodingKeys: String, CodingKey {
        case kind, value, lower, upper, pValue, holmPValue, spearman, spearmanPValue, fStatistic, count, unit, trend
        case categories
    }

    /// Only `value` is in the contract: `kind` defaults to `numeric`, `count` to 0, `trend`
    /// and `categories` to empty, for files other tools wrote.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "numeric"
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        lower = try c.decodeIfPresent(Double.self, forKey: .lower)
        upper = try c.decodeIfPresent(Double.self, forKey: .upper)
        pValue = try c.decodeIfPresent(Double.self, forKey: .pValue)
        holmPValue = try c.decodeIfPresent(Double.self, forKey: .holmPValue)
        spearman = try c.decodeIfPresent(Double.self, forKey: .spearman)
        spearmanPValue = try c.decodeIfPresent(Double.self, forKey: .spearmanPValue)
        fStatistic = try c.decodeIfPresent(Double.self, forKey: .fStatistic)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 0
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        trend = try c.decodeIfPresent([TrendBin].self, forKey: .trend) ?? []
        categories = try c.decodeIfPresent([CategoryMean].self, forKey: .categories) ?? []
    }
}

/// The mean residual of one category with its 95% interval.
public struct CategoryMean: Codable, Sendable, Equatable {
    public let category: String
    public let count: Int
    public let mean: Metric

    public init(category: String, count: Int, mean: Metric) {
        self.category = category
        self.count = count
        self.mean = mean
    }
}

/// One of the largest errors: where it is in the data (`row`, 1 = the first data row), the
/// label, the prediction, the residual and the row's other column values as text.
public struct LargeError: Codable, Sendable, Equatable {
    public let row: Int
    public let label: Double
    public let prediction: Double
    public let residual: Double
    public let values: [String: String]

    public init(row: Int, label: Double, prediction: Double, residual: Double, values: [String: String]) {
        self.row = row
        self.label = label
        self.prediction = prediction
        self.residual = residual
        self.values = values
    }
}
