import Foundation

/// Reads the files of every `DataFormat` (CSV, TSV, JSON Lines) into columnar `Table`s, using
/// every core on big files.
///
/// The file is memory-mapped and cut into chunks of about `ReadOptions.parallelChunkBytes`, each
/// starting where the format's reader guesses a record starts (after a line feed). Chunks are
/// parsed in parallel, speculatively assuming the guess is right; a sequential pass then checks
/// each chunk began where its predecessor's last record really ended (a quoted newline can fool
/// the guess) and re-parses the rare chunk that did not. Columns are merged in chunk order, so
/// dictionary codes follow first appearance.
///
/// Each format's own rules are on its `TableFormatReader` (`DelimitedReader`, `JSONLinesReader`);
/// this type never asks which format it reads. Timestamps without an offset are taken as UTC.
/// Invalid UTF-8 in text becomes U+FFFD. A file truncated by another process while it is read
/// faults the mapping; `TruncationGuard` turns that into a message and exit status 2.
public enum TableReader {
    /// Reads `path`; throws `DataError` for anything wrong with the file or its contents.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws -> Table {
        let format = try resolveFormat(path: path, format: options.format)
        let file = try MappedFile(path: path)
        let header = try readHeader(file: file, format: format)
        let projected = try projection(header.names, options.columns, path: path)
        let plan = ChunkPlan(
            file: file, reader: format.reader, header: header, projected: projected,
            chunkBytes: options.parallelChunkBytes)
        try MemoryBudget.check(
            rows: plan.estimatedRows.total, columns: plan.sinkCount, file: path, available: options.availableMemory)
        let (rowCount, columns) =
            plan.sinkCount > 0 && plan.sinkCount <= maxInPlaceColumns
            ? try readInPlace(plan)
            : try readCopying(plan)
        return Table(path: path, columnNames: header.names, rowCount: rowCount, columns: columns)
    }

    /// Above this many projected columns the in-place path's nested allocations (two arrays per
    /// column, each lent inside the previous one's initializer) get deep; wide reads copy instead.
    private static let maxInPlaceColumns = 64

    /// Chunks write to buffers of their own, and the merge copies them into the columns.
    private static func readCopying(_ plan: ChunkPlan) throws -> (Int, [Column]) {
        var plan = plan
        var chunks = try plan.parseAll()
        let rowCount = chunks.reduce(0) { $0 + $1.records }
        if rowCount == 0 { throw DataError.noDataRows(file: plan.file.path) }
        return (rowCount, plan.mergeColumns(&chunks))
    }

    /// Allocates every projected column's arrays up front (both kinds; untouched memory costs
    /// nothing) so chunks write their values straight into them and the merge only slides them
    /// together: one copy of the data in memory instead of two, half the page faults.
    private static func readInPlace(_ plan: ChunkPlan) throws -> (Int, [Column]) {
        let (perChunk, capacity) = plan.estimatedRows
        var offsets: [Int] = []
        var offset = 0
        for rows in perChunk {
            offsets.append(offset)
            offset += rows
        }
        var rowCount = 0
        var merged: [Column] = []
        let path = plan.file.path
        let (numberArrays, codeArrays) = try withUninitializedArrays(
            of: Double.self, plan.sinkCount,
            capacity: capacity, path: path
        ) { numbers in
            let (codeArrays, numberCounts) = try withUninitializedArrays(
                of: UInt32.self, plan.sinkCount,
                capacity: capacity, path: path
            ) { codes in
                var windowed = plan
                windowed.windows = ChunkPlan.Windows(numbers: numbers, codes: codes, offsets: offsets, capacities: perChunk)
                var chunks = try windowed.parseAll()
                rowCount = chunks.reduce(0) { $0 + $1.records }
                if rowCount == 0 { throw DataError.noDataRows(file: path) }
                merged = windowed.mergeColumns(&chunks)
                // A column merged in place has empty arrays; its values are in the windows.
                let inPlace = merged.map { $0.numbers.isEmpty && $0.codes.isEmpty }
                let codeCounts = merged.indices.map { inPlace[$0] && merged[$0].kind == .categorical ? rowCount : 0 }
                let numberCounts = merged.indices.map { inPlace[$0] && merged[$0].kind != .categorical ? rowCount : 0 }
                return (codeCounts, numberCounts)
            }
            return (numberCounts, codeArrays)
        }
        let columns = merged.indices.map { index -> Column in
            let column = merged[index]
            guard column.numbers.isEmpty && column.codes.isEmpty else { return column }
            return Column(
                name: column.name, position: column.position, kind: column.kind,
                numbers: column.kind == .categorical ? [] : numberArrays[index],
                codes: column.kind == .categorical ? codeArrays[index] : [],
                dictionary: column.dictionary, missingCount: column.missingCount,
                firstNonNumeric: column.firstNonNumeric, numericDistinct: column.distinctCount,
                firstNonTimestamp: column.firstNonTimestamp)
        }
        return (rowCount, columns)
    }

    /// Runs `body` with `count` arrays' uninitialized storage of `capacity` elements each; `body`
    /// returns how many leading elements of each it initialized. Nested because an array's
    /// uninitialized storage is only lent inside `init(unsafeUninitializedCapacity:)`.
    private static func withUninitializedArrays<Element, Inner>(
        of type: Element.Type, _ count: Int, capacity: Int, path: String,
        _ body: ([UnsafeMutablePointer<Element>]) throws -> ([Int], Inner)
    ) throws -> ([[Element]], Inner) {
        func nest(_ pointers: [UnsafeMutablePointer<Element>]) throws -> ([Int], Inner, [[Element]]) {
            if pointers.count == count {
                let (counts, inner) = try body(pointers)
                return (counts, inner, [])
            }
            var outcome: ([Int], Inner, [[Element]])? = nil
            let array = try [Element](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, initialized in
                guard let start = buffer.baseAddress else { return }
                let result = try nest(pointers + [start])
                initialized = result.0[pointers.count]
                outcome = result
            }
            guard let (counts, inner, later) = outcome else {
                // An allocation of at least one element always has a base address.
                throw DataError.unreadable(file: path, reason: "could not allocate memory for the columns")
            }
            return (counts, inner, [array] + later)
        }
        let (_, inner, arrays) = try nest([])
        return (arrays, inner)
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

    /// Header names, where the data starts, and the names' bytes as a dictionary (JSON Lines
    /// looks keys up in it).
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
        let outcome = format.reader.readHeader(file, from: start, into: &visitor)
        if let failure = outcome.failure { throw failure.dataError(in: text) }
        if outcome.records == 0 { throw DataError.emptyFile(file: file.path) }
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
                throw format.reader.duplicateName(location)
            }
        }
        return Header(names: visitor.names, keys: keys, contentStart: start, dataStart: outcome.end)
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
