/// An on-disk layout Loupe reads: its names, its file extensions and the reader that parses it.
///
/// `all` is the registry: a new input format is a `TableFormatReader` plus one entry there, and
/// inference from the extension, `--format` names and the messages that list them follow.
public struct DataFormat: Sendable, Hashable, CustomStringConvertible {
    /// The name messages use, and the first one `named(_:)` accepts.
    public let name: String
    /// Further names `named(_:)` accepts.
    public let aliases: [String]
    /// File extensions, lowercase and without the dot, in the order messages list them.
    public let extensions: [String]
    let reader: any TableFormatReader

    init(name: String, aliases: [String] = [], extensions: [String], reader: any TableFormatReader) {
        self.name = name
        self.aliases = aliases
        self.extensions = extensions
        self.reader = reader
    }

    public static let csv = DataFormat(name: "csv", extensions: ["csv"], reader: DelimitedReader(delimiter: UInt8(ascii: ",")))
    public static let tsv = DataFormat(
        name: "tsv", extensions: ["tsv"], reader: DelimitedReader(delimiter: UInt8(ascii: "\t")))
    public static let jsonLines = DataFormat(
        name: "jsonl", aliases: ["ndjson", "jsonlines"], extensions: ["jsonl", "ndjson"], reader: JSONLinesReader())

    /// Every format Loupe reads, in the order messages list them.
    public static let all: [DataFormat] = [.csv, .tsv, .jsonLines]

    /// The format with this name or alias (any case), or `nil`.
    public static func named(_ name: String) -> DataFormat? {
        let lowered = name.lowercased()
        return all.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The format named by a file's extension (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, any case),
    /// or `nil` when the extension says nothing we read.
    public static func infer(fromPath path: String) -> DataFormat? {
        guard let dot = path.lastIndex(of: "."),
            !path[dot...].contains("/")
        else { return nil }
        let suffix = path[path.index(after: dot)...].lowercased()
        return all.first { $0.extensions.contains(suffix) }
    }

    /// The formats' names for a message: "csv, tsv or jsonl".
    public static var nameList: String { listing(all.map(\.name)) }

    /// The extensions for a message: ".csv, .tsv, .jsonl or .ndjson".
    public static var extensionList: String { listing(all.flatMap(\.extensions).map { "." + $0 }) }

    private static func listing(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }

    public var description: String { name }

    public static func == (lhs: DataFormat, rhs: DataFormat) -> Bool { lhs.name == rhs.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
