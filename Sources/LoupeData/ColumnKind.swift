/// What a column's values are, inferred from every value in the file.
public enum ColumnKind: String, Sendable {
    /// Every non-missing value parses as a decimal number (`inf` does not).
    case numeric
    /// Anything that is neither numeric nor timestamp; dictionary-encoded.
    case categorical
    /// Every non-missing value is an ISO date or date-time; stored as seconds since 1970 UTC.
    case timestamp
}
