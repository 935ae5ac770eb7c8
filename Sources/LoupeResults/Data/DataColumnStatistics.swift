/// One column's statistics in one data set. Exactly one of `numeric`, `categorical` and
/// `timestamp` is present, after `kind`.
///
/// `count` is the non-missing rows, `missing` the missing ones (empty fields and the NA tokens),
/// `missingShare` = missing / (count + missing), `nil` for a data set with no rows.
public struct DataColumnStatistics: Codable, Sendable, Equatable {
    public let name: String
    /// `numeric`, `categorical` or `timestamp`, as inferred from every value.
    public let kind: String
    public let count: Int
    public let missing: Int
    public let missingShare: Double?
    public let numeric: NumericColumnStatistics?
    public let categorical: CategoricalColumnStatistics?
    public let timestamp: TimestampColumnStatistics?

    public init(
        name: String, kind: String, count: Int, missing: Int, missingShare: Double?,
        numeric: NumericColumnStatistics? = nil, categorical: CategoricalColumnStatistics? = nil,
        timestamp: TimestampColumnStatistics? = nil
    ) {
        self.name = name
        self.kind = kind
        self.count = count
        self.missing = missing
        self.missingShare = missingShare
        self.numeric = numeric
        self.categorical = categorical
        self.timestamp = timestamp
    }
}

/// A numeric column: moments (compensated sums), extremes, zeros, quantiles and a histogram.
/// Every field is `nil` (quantiles empty) when the column has no non-missing value; a value made
/// infinite or NaN by values beyond double precision is `nil` too (a quantile left out).
public struct NumericColumnStatistics: Codable, Sendable, Equatable {
    public let mean: Double?
    /// Sample standard deviation (ddof 1, pandas' `std()`); `nil` with fewer than two values.
    public let standardDeviation: Double?
    public let minimum: Double?
    public let maximum: Double?
    public let zeros: Int
    /// zeros / count.
    public let zeroShare: Double?
    /// numpy's `quantile` (linear, type 7) at 1, 5, 25, 50, 75, 95 and 99 %.
    public let quantiles: [QuantileValue]
    /// 20 equal-width bins over [minimum, maximum] (`numpy.histogram`).
    public let histogram: HistogramCounts?

    public init(
        mean: Double?, standardDeviation: Double?, minimum: Double?, maximum: Double?, zeros: Int,
        zeroShare: Double?, quantiles: [QuantileValue], histogram: HistogramCounts?
    ) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.minimum = minimum
        self.maximum = maximum
        self.zeros = zeros
        self.zeroShare = zeroShare
        self.quantiles = quantiles
        self.histogram = histogram
    }
}

/// One quantile: its level in (0, 1) and value.
public struct QuantileValue: Codable, Sendable, Equatable {
    public let level: Double
    public let value: Double

    public init(level: Double, value: Double) {
        self.level = level
        self.value = value
    }
}

/// Bin edges (k + 1, ascending) and counts (k): bin i holds edgeᵢ ≤ x < edgeᵢ₊₁, the last bin
/// also its right edge.
public struct HistogramCounts: Codable, Sendable, Equatable {
    public let edges: [Double]
    public let counts: [Int]

    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }
}

/// A categorical column: distinct values, the most frequent ones and text lengths.
public struct CategoricalColumnStatistics: Codable, Sendable, Equatable {
    /// Categories with at least one row.
    public let distinct: Int
    /// At most ten values by count descending, ties by value ascending.
    public let topValues: [ValueCount]
    /// The share of non-missing rows outside `topValues`; `nil` with no rows.
    public let otherShare: Double?
    /// Lengths in Unicode scalars over rows; `nil` with no rows. Reported for every categorical
    /// column; `textLike` says when it is the useful view.
    public let textLength: TextLengthStatistics?
    /// Whether the column looks like free text rather than categories: more than 50 distinct values,
    /// the ten most frequent holding less than half of its non-missing rows (`otherShare` > 0.5).
    public let textLike: Bool

    public init(
        distinct: Int, topValues: [ValueCount], otherShare: Double?, textLength: TextLengthStatistics?, textLike: Bool
    ) {
        self.distinct = distinct
        self.topValues = topValues
        self.otherShare = otherShare
        self.textLength = textLength
        self.textLike = textLike
    }
}

/// A value with its rows and its share of the non-missing rows.
public struct ValueCount: Codable, Sendable, Equatable {
    public let value: String
    public let count: Int
    public let share: Double

    public init(value: String, count: Int, share: Double) {
        self.value = value
        self.count = count
        self.share = share
    }
}

/// Minimum, mean and maximum length in Unicode scalars.
public struct TextLengthStatistics: Codable, Sendable, Equatable {
    public let minimum: Int
    public let mean: Double
    public let maximum: Int

    public init(minimum: Int, mean: Double, maximum: Int) {
        self.minimum = minimum
        self.mean = mean
        self.maximum = maximum
    }
}

/// A timestamp column: first and last instant and rows per UTC day and per ISO week (Monday).
public struct TimestampColumnStatistics: Codable, Sendable, Equatable {
    /// ISO 8601 UTC (`2024-01-31T12:00:00Z`); `nil` with no rows.
    public let first: String?
    public let last: String?
    /// Rows per calendar day (UTC) from the first day to the last, empty days included;
    /// left empty when that span exceeds 400 days.
    public let perDay: [PeriodCount]
    /// Rows per ISO week (starting Monday, UTC), from the first week to the last, empty weeks
    /// included; left empty when that span exceeds 520 weeks.
    public let perWeek: [PeriodCount]

    public init(first: String?, last: String?, perDay: [PeriodCount], perWeek: [PeriodCount]) {
        self.first = first
        self.last = last
        self.perDay = perDay
        self.perWeek = perWeek
    }
}

/// Rows in a period, named by its first day (`2024-01-29`).
public struct PeriodCount: Codable, Sendable, Equatable {
    public let start: String
    public let count: Int

    public init(start: String, count: Int) {
        self.start = start
        self.count = count
    }
}
