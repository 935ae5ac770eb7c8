/// Checks a run date as `--run-date` and `"run": {"date": ...}` take it: an ISO 8601 calendar
/// date (`2026-10-01`) or date-time (`2026-10-01T14:30`, `2026-10-01T14:30:05.250Z`,
/// `2026-10-01T14:30:05+02:00`). The text is kept as given: Loupe never reads the clock, and
/// runs are ordered by comparing these texts, which orders dates and same-zone times correctly.
public enum RunDate {
    public static func validate(_ text: String, flag: String = "--run-date") throws {
        guard isValid(text) else {
            throw LoupeError.usage(
                "\(flag): '\(text)' is not an ISO 8601 date or date-time (e.g. 2026-10-01 or 2026-10-01T14:30:00Z)")
        }
    }

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), day >= 1, day <= monthLength(year: year, month: month)
        else { return false }
        if index == bytes.count { return true }
        guard expect("T"), let hour = number(2), hour < 24, expect(":"), let minute = number(2), minute < 60 else {
            return false
        }
        if expect(":") {
            guard let second = number(2), second <= 60 else { return false }
            if expect(".") {
                let start = index
                while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
                guard index > start else { return false }
            }
        }
        if index == bytes.count || (expect("Z") && index == bytes.count) { return index == bytes.count }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return false }
        index += 1
        guard let offsetHours = number(2), offsetHours < 24 else { return false }
        _ = expect(":")
        guard let offsetMinutes = number(2), offsetMinutes < 60 else { return false }
        return index == bytes.count
    }

    private static func monthLength(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
