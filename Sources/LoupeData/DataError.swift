/// Everything that can go wrong reading a data file; each case is one sentence for the user.
public enum DataError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(file: String)
    case notARegularFile(file: String)
    case unreadable(file: String, reason: String)
    case unknownFormat(file: String)
    /// No header row: the file is empty or holds only blank lines.
    case emptyFile(file: String)
    /// A header but no data rows.
    case noDataRows(file: String)
    /// A projected column that the header does not have.
    case unknownColumn(file: String, name: String)
    case emptyColumnName(DataLocation)
    /// `text` of the location is the repeated name.
    case duplicateColumnName(DataLocation)
    /// The location is the start of the record.
    case fieldCountMismatch(expected: Int, found: Int, at: DataLocation)
    /// The location is the opening quote.
    case unterminatedQuote(DataLocation)
    case textAfterClosingQuote(DataLocation)
    case invalidJSON(reason: String, at: DataLocation)
    /// A JSON Lines key absent from the first object; `text` is the key.
    case unknownKey(DataLocation)
    case duplicateKey(DataLocation)
    case nestedValue(DataLocation)
    /// The columns to read would not fit in the memory the process may use.
    case insufficientMemory(file: String, rows: Int, columns: Int, needed: Int, available: Int)

    private static func megabytes(_ bytes: Int) -> String {
        bytes == .max ? "more than 9 EB" : "\((bytes + (1 << 20) - 1) >> 20) MB"
    }

    public var description: String {
        switch self {
        case .fileNotFound(let file):
            return "\(file): no such file"
        case .notARegularFile(let file):
            return "\(file): not a regular file"
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file (\(reason))"
        case .unknownFormat(let file):
            return "\(file): cannot tell the format from the file name; use \(DataFormat.extensionList), or name the format"
        case .emptyFile(let file):
            return "\(file): the file is empty; a header row is required"
        case .noDataRows(let file):
            return "\(file): no data rows after the header"
        case .unknownColumn(let file, let name):
            return "\(file): no column named \"\(name)\""
        case .emptyColumnName(let at):
            return "\(at.prefix): empty column name"
        case .duplicateColumnName(let at):
            return "\(at.prefix): duplicate column name \"\(at.text ?? "")\""
        case .fieldCountMismatch(let expected, let found, let at):
            return "\(at.prefix): expected \(expected) fields, found \(found)"
        case .unterminatedQuote(let at):
            return "\(at.prefix): unterminated quoted field"
        case .textAfterClosingQuote(let at):
            return "\(at.prefix): unexpected text after a closing quote"
        case .invalidJSON(let reason, let at):
            return "\(at.prefix): invalid JSON: \(reason)"
        case .unknownKey(let at):
            return "\(at.prefix): unknown key \"\(at.text ?? "")\" (the first object's keys are the columns)"
        case .duplicateKey(let at):
            return "\(at.prefix): duplicate key \"\(at.text ?? "")\""
        case .nestedValue(let at):
            return "\(at.prefix): nested arrays and objects are not supported"
        case .insufficientMemory(let file, let rows, let columns, let needed, let available):
            return
                "\(file): reading about \(rows) rows × \(columns) columns needs about \(Self.megabytes(needed)) of memory, but only \(Self.megabytes(available)) is available; read fewer columns or a smaller file, or use a machine with more memory"
        }
    }
}
