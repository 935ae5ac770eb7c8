import LoupeData
import LoupeMarkup

/// One column of the data over the evaluated rows (in evaluation order), as the residual
/// analysis examines it: numbers (timestamps as seconds) or category codes with their texts.
struct FeatureColumn {
    enum Values {
        /// `.nan` where missing.
        case numeric([Double])
        /// Codes into `dictionary`, `Column.missingCode` where missing.
        case categorical(codes: [UInt32], dictionary: [String])
    }

    var name: String
    var values: Values
    /// Whether the numbers are times (seconds since 1970), for display.
    var isTimestamp: Bool

    init(_ column: Column, rows: [Int], inFileOrder: Bool) {
        name = column.name
        isTimestamp = column.kind == .timestamp
        switch column.kind {
        case .numeric, .timestamp: values = .numeric(column.numbers.gathered(at: rows, inFileOrder: inFileOrder))
        case .categorical:
            values = .categorical(codes: column.codes.gathered(at: rows, inFileOrder: inFileOrder), dictionary: column.dictionary)
        }
    }

    /// The value of evaluated row `index` as text: the category, or the number as written in
    /// shortest form; `nil` when missing.
    func text(at index: Int) -> String? {
        switch values {
        case .numeric(let numbers):
            let value = numbers[index]
            if value.isNaN { return nil }
            return isTimestamp ? FeatureColumn.isoText(seconds: value) : Slicer.text(value)
        case .categorical(let codes, let dictionary):
            let code = codes[index]
            return code == Column.missingCode ? nil : dictionary[Int(code)]
        }
    }

    /// `2024-06-01` at midnight UTC, else `2024-06-01T13:45:00Z` (whole seconds), from seconds
    /// since 1970 (Howard Hinnant's civil-from-days algorithm, no calendar or time zone).
    static func isoText(seconds: Double) -> String {
        guard let total = Int(safely: seconds.rounded(.down)) else { return NumberFormat.decimal(seconds, digits: 0) }
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if secondOfDay == 0 { return date }
        return date + "T" + pad(secondOfDay / 3_600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "Z"
    }
}
