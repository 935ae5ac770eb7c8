import Foundation

/// How one on-disk layout is read: where its header is and where its data starts, where a chunk
/// may start, how a chunk's records become column values, and how it words a repeated name.
///
/// The extension point for input formats: a new format is a type conforming to this plus its
/// entry in `DataFormat.all`. `TableReader` and `ChunkPlan` call it once per header or chunk,
/// never per field; each implementation runs its byte-level tokenizer generic over a concrete
/// visitor, so the hot loop is specialized, with no dynamic dispatch.
///
/// Parse errors are `ParseFailure`s located by byte offset; the caller turns the first real one
/// into a `DataError` with line and column (a speculative chunk's failures may not be real).
protocol TableFormatReader: Sendable {
    /// Reads the header that begins at `start` (after any BOM) into `names`: the header row's
    /// fields, or the first record's keys. `records` is 0 when there is no header (an empty
    /// file); `end` is where the data records start.
    func readHeader(_ file: MappedFile, from start: Int, into names: inout HeaderVisitor) -> ParseOutcome

    /// Where a chunk that nominally starts at `nominal` (> the data start) may begin parsing:
    /// a position that is probably, not certainly, a record start. A wrong guess costs a
    /// re-parse, since each chunk's start is checked against where its predecessor ended.
    func chunkStart(near nominal: Int, in file: MappedFile) -> Int

    /// Parses the records that start in `start..<limit` into `sinks`; the last may run past
    /// `limit`. A parse that would scan beyond `overrunLimit` (< the file's end) to settle a
    /// record may give up, `abandoned`, rather than read the rest of the file.
    func parseRecords(
        in file: MappedFile, from start: Int, limit: Int, overrunLimit: Int,
        header: TableReader.Header, sinks: ChunkPlan.Sinks
    ) -> ParseOutcome

    /// The error for a column name found twice in the header.
    func duplicateName(_ location: DataLocation) -> DataError
}

extension TableFormatReader {
    /// Just after the first line feed at or after `nominal - 1` (the end of the file if none):
    /// for formats whose records end at line feeds.
    func chunkStart(near nominal: Int, in file: MappedFile) -> Int {
        guard nominal - 1 < file.count,
            let found = memchr(file.base + (nominal - 1), 0x0A, file.count - (nominal - 1))
        else { return file.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(file.base) + 1
    }
}
