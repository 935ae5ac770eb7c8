/// Rows in time order cut into windows: calendar windows of a timestamp (UTC) or runs of N rows.
///
/// `order` lists the rows (positions into the input) in time order — a stable sort, so ties
/// keep row order; without times it is file order. Each window is a contiguous range of
/// positions in `order`; a calendar window without rows is kept with an empty range (a gap).
public struct TimeWindows: Sendable, Equatable {
    /// How a window is named and bounded.
    public struct Window: Sendable, Equatable {
        /// `2024-03-04` (a day, or a week's Monday), `2024-03`, `2024-Q1`, `rows 1–1000`.
        public let label: String
        /// Calendar windows: the first second inside and the first after, since 1970-01-01 UTC.
        public let start: Double?
        public let end: Double?
        /// Positions in `order` (0-based, in time order) of the window's rows.
        public let positions: Range<Int>
    }

    public enum Unit: String, Sendable, CaseIterable {
        case day, week, month, quarter
    }

    public let order: [Int]
    public let windows: [Window]
    /// Rows left out of calendar windows because their timestamp is missing.
    public let missingTimestamps: Int

    /// The window holding the position `position` of `order` (a binary search over the
    /// windows' ranges, which are consecutive; empty ones never hold a position).
    public func window(ofPosition position: Int) -> Int? {
        var low = 0
        var high = windows.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if windows[mid].positions.lowerBound <= position {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        guard let found, windows[found].positions.contains(position) else { return nil }
        return found
    }

    /// The most calendar windows a build may ask for: beyond, the timestamps span too long for
    /// the unit (a stray year 1900 with daily windows) and `calendar` returns `nil`.
    public static let maximumWindowCount = 10_000

    /// Calendar windows of `times` (seconds since 1970-01-01 UTC; `.nan` when missing, those rows
    /// are left out), from the first row's window to the last row's, gaps included. `nil` when
    /// that would be more than `maximumWindowCount` windows.
    public static func calendar(times: [Double], unit: Unit) -> TimeWindows? {
        let (order, runs, missing) = timeOrder(times)
        guard let first = runs.first, let last = runs.last else {
            return TimeWindows(order: [], windows: [], missingTimestamps: missing)
        }
        let firstKey = key(first.time, unit)
        let lastKey = key(last.time, unit)
        guard lastKey - firstKey < maximumWindowCount else { return nil }
        var windows: [Window] = []
        var position = 0
        var run = 0
        for k in firstKey...lastKey {
            let begin = position
            while run < runs.count, key(runs[run].time, unit) == k {
                position += runs[run].count
                run += 1
            }
            let (start, end, label) = bounds(of: k, unit)
            windows.append(Window(label: label, start: start, end: end, positions: begin..<position))
        }
        return TimeWindows(order: order, windows: windows, missingTimestamps: missing)
    }

    /// At most this many distinct times are counted rather than sorted (dates over 170 years).
    static let countedTimes = 1 << 16

    /// The rows with a finite time in time order (stable: ties keep row order), the runs of equal
    /// times in that order, and the count of rows without one. Times of few distinct values
    /// (dates) are counted and the rows placed by a counting sort; others are radix-sorted.
    static func timeOrder(_ times: [Double]) -> (order: [Int], runs: [(time: Double, count: Int)], missing: Int) {
        if let counted = countedTimeOrder(times) { return counted }
        var present: [Int] = []
        present.reserveCapacity(times.count)
        for (row, t) in times.enumerated() where t.isFinite { present.append(row) }
        let (sortedKeys, sorted) = RadixSort.argsort(present.map { times[$0] })
        var runs: [(time: Double, count: Int)] = []
        var p = 0
        while p < sortedKeys.count {
            let begin = p
            while p < sortedKeys.count && sortedKeys[p] == sortedKeys[begin] { p += 1 }
            runs.append((RadixSort.value(ofKey: sortedKeys[begin]), p - begin))
        }
        return (sorted.map { present[Int($0)] }, runs, times.count - present.count)
    }

    /// `timeOrder` by counting, or `nil` when there are more than `countedTimes` distinct times.
    private static func countedTimeOrder(_ times: [Double]) -> (order: [Int], runs: [(time: Double, count: Int)], missing: Int)? {
        var distinct = DistinctKeys(limit: countedTimes)
        var ids = [Int32](repeating: -1, count: times.count)
        var counts: [Int] = []
        var missing = 0
        for (row, t) in times.enumerated() {
            guard t.isFinite else {
                missing += 1
                continue
            }
            guard let d = distinct.index(of: RadixSort.key(t)) else { return nil }
            if d == counts.count { counts.append(0) }
            counts[d] += 1
            ids[row] = Int32(d)
        }
        var next = [Int](repeating: 0, count: counts.count)
        var runs: [(time: Double, count: Int)] = []
        var total = 0
        for d in distinct.ascending() {
            next[d] = total
            total += counts[d]
            runs.append((RadixSort.value(ofKey: distinct.keys[d]), counts[d]))
        }
        var order = [Int](repeating: 0, count: total)
        for (row, id) in ids.enumerated() where id >= 0 {
            order[next[Int(id)]] = row
            next[Int(id)] += 1
        }
        return (order, runs, missing)
    }

    /// Runs of `size` rows in time order (`times` given: stable by time, missing times last) or
    /// in file order (`times` nil); the last window may hold fewer.
    public static func rows(count: Int, times: [Double]?, size: Int) -> TimeWindows {
        precondition(size >= 1)
        let order: [Int]
        if let times {
            order = RadixSort.argsort(times.map { $0.isNaN ? .infinity : $0 }).order.map { Int($0) }
        } else {
            order = Array(0..<count)
        }
        let windows = stride(from: 0, to: count, by: size).map { begin in
            let end = min(count, begin + size)
            return Window(label: "rows \(begin + 1)–\(end)", start: nil, end: nil, positions: begin..<end)
        }
        return TimeWindows(order: order, windows: windows, missingTimestamps: 0)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC)

    /// The window key of an instant: days, weeks (Monday-based), months or quarters since an
    /// epoch, consecutive integers for consecutive windows.
    static func key(_ seconds: Double, _ unit: Unit) -> Int {
        let day = Int((seconds / 86_400).rounded(.down))
        switch unit {
        case .day: return day
        case .week: return floorDivide(day + 3, 7)  // 1970-01-01 was a Thursday: Monday-based weeks
        case .month:
            let (y, m, _) = civil(fromDays: day)
            return y * 12 + (m - 1)
        case .quarter:
            let (y, m, _) = civil(fromDays: day)
            return y * 4 + (m - 1) / 3
        }
    }

    /// The start and end (seconds) and the label of the window with key `k`.
    static func bounds(of k: Int, _ unit: Unit) -> (Double, Double, String) {
        let startDay: Int
        let endDay: Int
        let label: String
        switch unit {
        case .day:
            (startDay, endDay) = (k, k + 1)
            label = dateText(k)
        case .week:
            startDay = k * 7 - 3
            endDay = startDay + 7
            label = dateText(startDay)
        case .month:
            let (y, m) = (floorDivide(k, 12), k - floorDivide(k, 12) * 12 + 1)
            startDay = days(fromCivil: y, m, 1)
            endDay = m == 12 ? days(fromCivil: y + 1, 1, 1) : days(fromCivil: y, m + 1, 1)
            label = String(dateText(startDay).dropLast(3))
        case .quarter:
            let (y, q) = (floorDivide(k, 4), k - floorDivide(k, 4) * 4)
            startDay = days(fromCivil: y, q * 3 + 1, 1)
            endDay = q == 3 ? days(fromCivil: y + 1, 1, 1) : days(fromCivil: y, q * 3 + 4, 1)
            label = yearText(y) + "-Q\(q + 1)"
        }
        return (Double(startDay) * 86_400, Double(endDay) * 86_400, label)
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Howard Hinnant's `civil_from_days`: (year, month 1–12, day 1–31).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func yearText(_ year: Int) -> String {
        let y = year < 0 ? "-" + String(-year) : String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y
    }

    /// `2024-03-04`.
    public static func dateText(_ days: Int) -> String {
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return yearText(y) + "-" + two(m) + "-" + two(d)
    }

    /// `2024-03-04T13:45:00Z`, with milliseconds when the instant has a fraction of a second.
    public static func instantText(_ seconds: Double) -> String {
        let total = Int((seconds * 1000).rounded())
        let day = floorDivide(total, 86_400_000)
        let millis = total - day * 86_400_000
        let whole = millis / 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = dateText(day) + "T" + two(whole / 3600) + ":" + two(whole / 60 % 60) + ":" + two(whole % 60)
        if millis % 1000 != 0 {
            let ms = millis % 1000
            text += "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + String(ms)
        }
        return text + "Z"
    }
}
