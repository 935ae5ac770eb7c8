import Foundation

/// Reads CSV, TSV and JSON Lines files into columnar `Table`s, using every core on big files.
///
/// The file is memory-mapped and cut into chunks of about `ReadOptions.parallelChunkBytes`, each
/// starting after a line feed. Chunks are parsed in parallel, speculatively assuming that line feed
/// ends a record; a sequential pass then checks each chunk began where its predecessor's last
/// record really ended (a quoted newline can fool the guess) and re-parses the rare chunk that
/// did not. Columns are merged in chunk order, so dictionary codes follow first appearance.
public enum TableReader {
    /// Reads `path`; throws `DataError` for anything wrong with the file or its contents.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws -> Table {
        let format = try resolveFormat(path: path, format: options.format)
        let file = try MappedFile(path: path)
        let header = try readHeader(file: file, format: format)
        let projected = try projection(header.names, options.columns, path: path)
        var plan = ChunkPlan(file: file, format: format, header: header, projected: projected,
                             chunkBytes: options.parallelChunkBytes)
        var chunks = try plan.parseAll()
        let rowCount = chunks.reduce(0) { $0 + $1.records }
        if rowCount == 0 { throw DataError.noDataRows(file: path) }
        let columns = plan.mergeColumns(&chunks)
        return Table(path: path, columnNames: header.names, rowCount: rowCount, columns: columns)
    }

    /// The header names (CSV/TSV) or the first object's keys (JSON Lines), without reading the rest.
    public static func readHeader(path: String, format: DataFormat? = nil) throws -> [String] {
        let resolved = try resolveFormat(path: path, format: format)
        let file = try MappedFile(path: path)
        return try readHeader(file: file, format: resolved).names
    }

    private static func resolveFormat(path: String, format: DataFormat?) throws -> DataFormat {
        if let format { return format }
        guard let inferred = DataFormat.infer(fromPath: path) else { throw DataError.unknownFormat(file: path) }
        return inferred
    }

    /// Header names, where the data starts, and for JSON Lines the key dictionary.
    struct Header {
        var names: [String]
        var keys: ByteDictionary
        /// First byte after the BOM.
        var contentStart: Int
        /// Where data records start: after the header line (CSV/TSV), or the first object (JSON Lines).
        var dataStart: Int
    }

    static func readHeader(file: MappedFile, format: DataFormat) throws -> Header {
        let base = file.base
        var start = 0
        if file.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        let text = TextPositions(file: file.path, base: base, count: file.count)
        var visitor = HeaderVisitor()
        let dataStart: Int
        if let delimiter = format.delimiter {
            let parser = DelimitedParser(base: base, end: file.count, delimiter: delimiter, expectedFields: 0)
            var scratch: [UInt8] = []
            let outcome = parser.parse(from: start, limit: file.count, maxRecords: 1,
                                       overrunLimit: file.count, visitor: &visitor, scratch: &scratch)
            if let failure = outcome.failure { throw failure.dataError(in: text) }
            if outcome.records == 0 { throw DataError.emptyFile(file: file.path) }
            dataStart = outcome.end
        } else {
            let parser = JSONLinesParser(base: base, end: file.count)
            var keyScratch: [UInt8] = [], valueScratch: [UInt8] = []
            let outcome = parser.parse(from: start, limit: file.count, maxRecords: 1, handler: &visitor,
                                       keyScratch: &keyScratch, valueScratch: &valueScratch)
            if let failure = outcome.failure { throw failure.dataError(in: text) }
            if outcome.records == 0 { throw DataError.emptyFile(file: file.path) }
            dataStart = start
        }
        var keys = ByteDictionary()
        var seen = Set<String>()
        for (index, name) in visitor.names.enumerated() {
            let offset = visitor.offsets[index]
            if name.isEmpty { throw DataError.emptyColumnName(text.location(of: offset)) }
            let before = keys.count
            let code = visitor.keyBytes[index].withUnsafeBufferPointer { keys.code($0) }
            // Equal bytes, or bytes that decode to equal names (invalid UTF-8, Unicode equivalence).
            if Int(code) < before || !seen.insert(name).inserted {
                let location = text.location(of: offset, text: name)
                throw format == .jsonLines ? DataError.duplicateKey(location) : DataError.duplicateColumnName(location)
            }
        }
        return Header(names: visitor.names, keys: keys, contentStart: start, dataStart: dataStart)
    }

    /// Sink index per header field (-1 when not projected), after checking the projection's names.
    private static func projection(_ names: [String], _ columns: Set<String>?, path: String) throws -> [Int32] {
        if let columns {
            let known = Set(names)
            if let unknown = columns.sorted().first(where: { !known.contains($0) }) {
                throw DataError.unknownColumn(file: path, name: unknown)
            }
        }
        var next: Int32 = 0
        return names.map { name in
            guard columns?.contains(name) ?? true else { return -1 }
            defer { next += 1 }
            return next
        }
    }
}
