/// The statistics of one categorical column, from its `CategoryCounts` (so they merge exactly
/// across shards through the counts).
///
/// Top values are ordered by count descending, ties by name ascending (`String` order). Text
/// lengths count Unicode scalars (Python's `len`, pandas' `str.len()`), over rows: a category's
/// length counts once per row that has it.
public struct CategoricalStatistics: Sendable, Equatable {
    public struct TopValue: Sendable, Equatable {
        public let name: String
        public let count: Int
        /// count / non-missing rows.
        public let share: Double
    }

    /// Lengths of the non-missing values in Unicode scalars.
    public struct TextLength: Sendable, Equatable {
        public let minimum: Int
        public let mean: Double
        public let maximum: Int
    }

    /// Non-missing rows.
    public let count: Int
    public let missingCount: Int
    /// missing / all rows; `nil` when the column has no rows.
    public let missingShare: Double?
    /// Categories with at least one row.
    public let distinctCount: Int
    /// At most `top` most frequent categories.
    public let topValues: [TopValue]
    /// The share of non-missing rows outside `topValues`; `nil` when there are none.
    public let otherShare: Double?
    /// `nil` when there are no non-missing rows.
    public let textLength: TextLength?

    public init(_ counts: CategoryCounts, top: Int = 10) {
        let total = counts.total
        count = total
        missingCount = counts.missingCount
        let rows = total + counts.missingCount
        missingShare = rows > 0 ? Double(counts.missingCount) / Double(rows) : nil
        distinctCount = counts.entries.count
        let ranked = counts.entries.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        topValues = ranked.prefix(max(top, 0)).map {
            TopValue(name: $0.name, count: $0.count, share: Double($0.count) / Double(total))
        }
        let inTop = topValues.reduce(0) { $0 + $1.count }
        otherShare = total > 0 ? Double(total - inTop) / Double(total) : nil
        if total > 0 {
            var low = Int.max, high = 0, weighted = 0
            for e in counts.entries {
                let length = e.name.unicodeScalars.count
                low = min(low, length)
                high = max(high, length)
                weighted += length * e.count
            }
            textLength = TextLength(minimum: low, mean: Double(weighted) / Double(total), maximum: high)
        } else {
            textLength = nil
        }
    }
}

/// A column's statistics by kind.
public enum ColumnStatistics: Sendable, Equatable {
    case numeric(NumericStatistics)
    case categorical(CategoricalStatistics)
}
