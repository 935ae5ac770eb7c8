/// ISO 8601 dates and date-times to seconds since 1970-01-01T00:00:00Z.
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fff…]]`, then
/// optionally `Z` or `±HH:MM`. Without an offset the time is taken as UTC, so the same file gives
/// the same numbers on every machine. Fields are range-checked (Feb 29 only in leap years).
enum TimestampParser {
    @inline(__always)
    private static func twoDigits(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        let a = p[i] &- 0x30, b = p[i + 1] &- 0x30
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n >= 10, p[4] == 0x2D, p[7] == 0x2D,
            let y1 = twoDigits(p, 0), let y2 = twoDigits(p, 2),
            let month = twoDigits(p, 5), let day = twoDigits(p, 8),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: y1 * 100 + y2)
        else { return nil }
        let year = y1 * 100 + y2
        var seconds = Double(daysFromCivil(year: year, month: month, day: day) * 86_400)
        if n == 10 { return seconds }
        guard n >= 16, p[10] == 0x54 || p[10] == 0x20, p[13] == 0x3A,
            let hour = twoDigits(p, 11), let minute = twoDigits(p, 14), hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        var i = 16
        if i < n && p[i] == 0x3A {
            guard i + 3 <= n, let second = twoDigits(p, i + 1), second < 60 else { return nil }
            seconds += Double(second)
            i += 3
            if i < n && p[i] == 0x2E {
                i += 1
                var fraction = 0.0
                var scale = 0.1
                let digitsStart = i
                while i < n, p[i] &- 0x30 < 10 {
                    fraction += Double(p[i] &- 0x30) * scale
                    scale *= 0.1
                    i += 1
                }
                guard i > digitsStart else { return nil }
                seconds += fraction
            }
        }
        if i == n { return seconds }
        if p[i] == 0x5A { return i + 1 == n ? seconds : nil }
        guard p[i] == 0x2B || p[i] == 0x2D, i + 6 == n, p[i + 3] == 0x3A,
            let offsetHours = twoDigits(p, i + 1), let offsetMinutes = twoDigits(p, i + 4),
            offsetHours < 24, offsetMinutes < 60
        else { return nil }
        let offset = Double(offsetHours * 3600 + offsetMinutes * 60)
        return p[i] == 0x2B ? seconds - offset : seconds + offset
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
