/// One way the current data departs from its schema (results.json `anomalies`), as one sentence
/// naming the column, what was expected, what was found, how many rows, and a few examples.
public struct DataAnomaly: Codable, Sendable, Equatable {
    /// The kinds, as results.json spells them.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A required column (in this environment) is not in the data.
        case missingColumn = "missing_column"
        /// The data has a column the schema does not name.
        case unexpectedColumn = "unexpected_column"
        /// Numbers where text was expected, text where numbers were, or dates changed.
        case kindChanged = "kind_changed"
        /// Values outside a categorical column's domain.
        case outOfDomain = "out_of_domain"
        /// The share of values inside the domain fell below `minDomainMass`.
        case domainMass = "domain_mass"
        /// Numeric values outside the schema's range.
        case outOfRange = "out_of_range"
        /// More values missing than the schema allows (`minPresence`).
        case missingShare = "missing_share"
        /// A drift/skew distance at or above the column's threshold.
        case drift
    }

    /// `error` (fails the build with `--schema`: exit status 1) or `warning`.
    public let severity: String
    public let kind: Kind
    public let column: String
    /// The sentence, e.g. "Column age: expected values in [0, 120], found 3 rows (0.1%) outside
    /// it, e.g. -1 (line 14), 130 (line 88)."
    public let message: String
    /// What the schema expected, short ("values in [0, 120]").
    public let expected: String
    /// What the data had, short ("3 rows outside").
    public let found: String
    /// Rows concerned, where that is a count of rows.
    public let rows: Int?
    /// Up to five example values, each with its line in the file when known ("-1 (line 14)").
    public let examples: [String]

    public var isError: Bool { severity == "error" }

    public init(
        severity: String, kind: Kind, column: String, message: String, expected: String, found: String, rows: Int?,
        examples: [String]
    ) {
        self.severity = severity
        self.kind = kind
        self.column = column
        self.message = message
        self.expected = expected
        self.found = found
        self.rows = rows
        self.examples = examples
    }
}
