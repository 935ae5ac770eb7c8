/// A parse error found inside a chunk, located by byte offset only; it becomes a `DataError`
/// with line and column once we know it is real (a speculative chunk's errors may not be).
enum ParseFailure: Error {
    case fieldCount(expected: Int, found: Int, offset: Int)
    case unterminatedQuote(offset: Int)
    case textAfterClosingQuote(offset: Int)
    case invalidJSON(reason: String, offset: Int)
    case unknownKey(String, offset: Int)
    case duplicateKey(String, offset: Int)
    case nestedValue(offset: Int)

    var offset: Int {
        switch self {
        case .fieldCount(_, _, let offset), .unterminatedQuote(let offset),
            .textAfterClosingQuote(let offset), .invalidJSON(_, let offset),
            .unknownKey(_, let offset), .duplicateKey(_, let offset), .nestedValue(let offset):
            return offset
        }
    }

    func dataError(in text: TextPositions) -> DataError {
        switch self {
        case .fieldCount(let expected, let found, let offset):
            return .fieldCountMismatch(expected: expected, found: found, at: text.location(of: offset))
        case .unterminatedQuote(let offset):
            return .unterminatedQuote(text.location(of: offset))
        case .textAfterClosingQuote(let offset):
            return .textAfterClosingQuote(text.location(of: offset))
        case .invalidJSON(let reason, let offset):
            return .invalidJSON(reason: reason, at: text.location(of: offset))
        case .unknownKey(let key, let offset):
            return .unknownKey(text.location(of: offset, text: key))
        case .duplicateKey(let key, let offset):
            return .duplicateKey(text.location(of: offset, text: key))
        case .nestedValue(let offset):
            return .nestedValue(text.location(of: offset))
        }
    }
}
