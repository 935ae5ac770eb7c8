/// ISO-8601 calendar dates (`2024-03-01`) for the generators' date columns, computed without
/// Foundation's calendar so they never depend on the time zone or locale.
enum CivilDate {
    /// The Gregorian date `dayOffset` (≥ 0) days after January 1st of `year`, as `YYYY-MM-DD`.
    static func iso(year: Int, dayOffset: Int) -> String {
        var year = year
        var month = 0
        var rest = dayOffset
        while rest >= monthLength(year: year, month: month) {
            rest -= monthLength(year: year, month: month)
            month += 1
            if month == 12 {
                month = 0
                year += 1
            }
        }
        return pad(year, 4) + "-" + pad(month + 1, 2) + "-" + pad(rest + 1, 2)
    }

    private static func monthLength(year: Int, month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
