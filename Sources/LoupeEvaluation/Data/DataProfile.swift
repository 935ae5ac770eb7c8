import LoupeData
import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// One data set's statistics, column by column (columns in parallel), with what the drift
/// distances reuse: each numeric column's sorted sample and each categorical column's counts.
struct DataProfile: Sendable {
    struct ColumnProfile: Sendable {
        let statistics: DataColumnStatistics
        /// Numeric columns: the sorted non-missing values.
        let sorted: SortedSample?
        /// Categorical columns: rows per category.
        let counts: CategoryCounts?
        var name: String { statistics.name }
        var kind: String { statistics.kind }
    }

    let file: String
    let rowCount: Int
    let columns: [ColumnProfile]

    /// More distinct values than this, making up more than half the rows: a text-like column.
    static let textLikeDistinct = 50

    init(_ table: Table, file: String) {
        self.file = file
        rowCount = table.rowCount
        let columns = table.columnNames.compactMap { table.column($0) }
        self.columns = Parallel.map(columns) { DataProfile.profile($0) }
    }

    func column(_ name: String) -> ColumnProfile? { columns.first { $0.name == name } }

    var results: DatasetStatistics {
        DatasetStatistics(file: file, rowCount: rowCount, columns: columns.map(\.statistics))
    }

    static func profile(_ column: Column) -> ColumnProfile {
        let rows = column.count
        func share(_ missing: Int) -> Double? { rows > 0 ? Double(missing) / Double(rows) : nil }
        switch column.kind {
        case .numeric:
            let (s, sorted) = NumericStatistics.summarize(column.numbers)
            // Values beyond double precision read as ±infinity: what they make infinite or NaN is
            // left out (absent, or no quantile at that level), never written as null.
            func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
            let numeric = NumericColumnStatistics(
                mean: finite(s.mean), standardDeviation: finite(s.standardDeviation), minimum: finite(s.minimum),
                maximum: finite(s.maximum), zeros: s.zeroCount, zeroShare: s.zeroShare,
                quantiles: zip(NumericStatistics.quantileLevels, s.quantiles).filter { $0.1.isFinite }.map {
                    QuantileValue(level: $0, value: $1)
                },
                histogram: s.histogram.map { HistogramCounts(edges: $0.edges, counts: $0.counts) })
            return ColumnProfile(
                statistics: DataColumnStatistics(
                    name: column.name, kind: "numeric", count: s.count, missing: s.missingCount,
                    missingShare: share(s.missingCount), numeric: numeric),
                sorted: sorted, counts: nil)
        case .categorical:
            let counts = CategoryCounts(codes: column.codes, names: column.dictionary)
            let s = CategoricalStatistics(counts)
            let textLike = s.distinctCount > textLikeDistinct && (s.otherShare ?? 0) > 0.5
            let categorical = CategoricalColumnStatistics(
                distinct: s.distinctCount,
                topValues: s.topValues.map { ValueCount(value: $0.name, count: $0.count, share: $0.share) },
                otherShare: s.otherShare,
                textLength: s.textLength.map { TextLengthStatistics(minimum: $0.minimum, mean: $0.mean, maximum: $0.maximum) },
                textLike: textLike)
            return ColumnProfile(
                statistics: DataColumnStatistics(
                    name: column.name, kind: "categorical", count: s.count, missing: s.missingCount,
                    missingShare: share(s.missingCount), categorical: categorical),
                sorted: nil, counts: counts)
        case .timestamp:
            let s = TimestampStatistics(column.numbers)
            func periods(_ start: Int?, _ counts: [Int], step: Int) -> [PeriodCount] {
                guard let start else { return [] }
                return counts.enumerated().map { PeriodCount(start: CivilDay.text(start + $0.offset * step), count: $0.element) }
            }
            let timestamp = TimestampColumnStatistics(
                first: s.first.map(CivilDay.instant), last: s.last.map(CivilDay.instant),
                perDay: periods(s.firstDay, s.perDay, step: 1), perWeek: periods(s.firstWeekStart, s.perWeek, step: 7))
            return ColumnProfile(
                statistics: DataColumnStatistics(
                    name: column.name, kind: "timestamp", count: s.count, missing: s.missingCount,
                    missingShare: share(s.missingCount), timestamp: timestamp),
                sorted: nil, counts: nil)
        }
    }
}

/// Days since 1970-01-01 as proleptic Gregorian dates (Howard Hinnant's `civil_from_days`).
enum CivilDay {
    static func text(_ days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = year < 0 ? "-" + String(-year) : String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
    }

    /// `2024-01-31T12:00:00Z` (fractions of a second as `.5`).
    static func instant(_ seconds: Double) -> String {
        let days = Int((seconds / 86_400).rounded(.down))
        let rest = seconds - Double(days) * 86_400
        let whole = Int(rest.rounded(.down))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = text(days) + "T" + two(whole / 3600) + ":" + two(whole / 60 % 60) + ":" + two(whole % 60)
        let fraction = rest - Double(whole)
        if fraction > 0 {
            let digits = NumberFormat.decimal(fraction, digits: 3)
            text += String(digits.dropFirst()).replacingTrailingZeros()
        }
        return text + "Z"
    }
}

extension String {
    fileprivate func replacingTrailingZeros() -> String {
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        return s == "." ? "" : s
    }
}
