/// The on-disk layouts Loupe reads.
public enum DataFormat: String, Sendable, CaseIterable {
    case csv
    case tsv
    case jsonLines

    /// The format named by a file's extension (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, any case),
    /// or `nil` when the extension says nothing we read.
    public static func infer(fromPath path: String) -> DataFormat? {
        guard let dot = path.lastIndex(of: "."),
            !path[dot...].contains("/")
        else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "tsv": return .tsv
        case "jsonl", "ndjson": return .jsonLines
        default: return nil
        }
    }

    /// The field separator of the delimited formats.
    var delimiter: UInt8? {
        switch self {
        case .csv: return UInt8(ascii: ",")
        case .tsv: return UInt8(ascii: "\t")
        case .jsonLines: return nil
        }
    }
}
