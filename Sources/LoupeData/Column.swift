/// One column of a table, stored by kind: numbers for numeric and timestamp columns,
/// dictionary codes for categorical ones.
public struct Column: Sendable, Equatable {
    public let name: String
    /// 1-based field index in the header.
    public let position: Int
    public let kind: ColumnKind
    /// Numeric: the value; timestamp: seconds since 1970-01-01T00:00:00Z; `.nan` when missing.
    /// Empty for categorical columns.
    public let numbers: [Double]
    /// Categorical: an index into `dictionary`, or `Column.missingCode`. Empty otherwise.
    public let codes: [UInt32]
    /// Categorical values (decoded as UTF-8, invalid bytes replaced by U+FFFD) in order of first
    /// appearance in the file, so codes are deterministic.
    public let dictionary: [String]
    /// Empty fields and the tokens `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`, `None`.
    public let missingCount: Int
    /// Categorical and timestamp columns: the first value that is not a number, with its text,
    /// so "score column is not numeric" can point at the culprit. `nil` for numeric columns.
    public let firstNonNumeric: DataLocation?
    /// Categorical columns: the first value that is not a timestamp, so "not ISO 8601 dates"
    /// can point at it (the first non-numeric value of a date column is a valid date).
    public internal(set) var firstNonTimestamp: DataLocation?
    /// Numeric and timestamp columns: distinct non-missing values counted exactly up to
    /// `distinctCountLimit` (more are reported as `distinctCountLimit + 1`), because an exact
    /// count over millions of floating-point values would cost more than reading them.
    private let numericDistinct: Int

    public static let missingCode: UInt32 = .max
    /// The cap of `distinctCount` for numeric and timestamp columns.
    public static let distinctCountLimit = 1024

    public init(
        name: String, position: Int, kind: ColumnKind, numbers: [Double], codes: [UInt32],
        dictionary: [String], missingCount: Int, firstNonNumeric: DataLocation?,
        numericDistinct: Int, firstNonTimestamp: DataLocation? = nil
    ) {
        self.firstNonTimestamp = firstNonTimestamp
        self.name = name
        self.position = position
        self.kind = kind
        self.numbers = numbers
        self.codes = codes
        self.dictionary = dictionary
        self.missingCount = missingCount
        self.firstNonNumeric = firstNonNumeric
        self.numericDistinct = numericDistinct
    }

    /// Categorical: `dictionary.count`. Numeric and timestamp: exact up to `distinctCountLimit`,
    /// `distinctCountLimit + 1` beyond (enough to tell a 0/1 label or a small code list).
    public var distinctCount: Int { kind == .categorical ? dictionary.count : numericDistinct }

    /// Number of values (rows).
    public var count: Int { kind == .categorical ? codes.count : numbers.count }

    /// Whether row `row` holds a missing value.
    public func isMissing(_ row: Int) -> Bool {
        kind == .categorical ? codes[row] == Column.missingCode : numbers[row].isNaN
    }

    /// The text of a categorical value, `nil` when missing or not categorical.
    public func text(at row: Int) -> String? {
        guard kind == .categorical else { return nil }
        let code = codes[row]
        return code == Column.missingCode ? nil : dictionary[Int(code)]
    }
}
