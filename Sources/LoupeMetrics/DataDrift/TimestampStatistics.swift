/// The statistics of one timestamp column: first and last instant and rows per UTC day and per
/// ISO week (weeks start on Monday), in one pass. Days are counted from 1970-01-01 (a Thursday),
/// so day d = ⌊t / 86 400⌋ and its week starts on day 7·⌊(d + 3) / 7⌋ − 3.
public struct TimestampStatistics: Sendable, Equatable {
    /// Spans longer than these leave the per-day or per-week counts empty (the page would not read).
    public static let maxDays = 400
    public static let maxWeeks = 520

    public let count: Int
    public let missingCount: Int
    /// Seconds since 1970-01-01T00:00:00Z; `nil` with no rows.
    public let first: Double?
    public let last: Double?
    /// The first day (days since 1970-01-01) and the rows of each day from it to the last day;
    /// empty when the span exceeds `maxDays`.
    public let firstDay: Int?
    public let perDay: [Int]
    /// The first week's Monday (days since 1970-01-01) and the rows per week; empty beyond `maxWeeks`.
    public let firstWeekStart: Int?
    public let perWeek: [Int]

    /// Seconds since 1970 per row, NaN missing.
    public init(_ seconds: [Double]) {
        var low = Double.infinity, high = -Double.infinity, present = 0
        for t in seconds where !t.isNaN {
            present += 1
            low = min(low, t)
            high = max(high, t)
        }
        count = present
        missingCount = seconds.count - present
        guard present > 0, low.isFinite, high.isFinite else {
            (first, last, firstDay, perDay, firstWeekStart, perWeek) = (nil, nil, nil, [], nil, [])
            return
        }
        first = low
        last = high
        func day(_ t: Double) -> Int { Int((t / 86_400).rounded(.down)) }
        func week(_ d: Int) -> Int { Int((Double(d + 3) / 7).rounded(.down)) }
        let d0 = day(low), d1 = day(high)
        firstDay = d0
        firstWeekStart = week(d0) * 7 - 3
        var days = d1 - d0 < Self.maxDays ? [Int](repeating: 0, count: d1 - d0 + 1) : []
        let w0 = week(d0), w1 = week(d1)
        var weeks = w1 - w0 < Self.maxWeeks ? [Int](repeating: 0, count: w1 - w0 + 1) : []
        if !days.isEmpty || !weeks.isEmpty {
            for t in seconds where !t.isNaN {
                let d = day(t)
                if !days.isEmpty { days[d - d0] += 1 }
                if !weeks.isEmpty { weeks[week(d) - w0] += 1 }
            }
        }
        perDay = days
        perWeek = weeks
    }
}
