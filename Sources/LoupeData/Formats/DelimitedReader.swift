/// CSV and TSV: a header row, then records of as many fields, tokenized by `DelimitedParser`.
///
/// RFC 4180, except that a `"` inside an unquoted field is literal (`5"`), a lone CR also ends a
/// record, and blank lines are skipped anywhere. A chunk's guessed start after a line feed can be
/// inside a quoted field; the parse gives up at the overrun limit and the chunk is re-parsed.
struct DelimitedReader: TableFormatReader {
    /// The field separator.
    let delimiter: UInt8

    func readHeader(_ file: MappedFile, from start: Int, into names: inout HeaderVisitor) -> ParseOutcome {
        let parser = DelimitedParser(base: file.base, end: file.count, delimiter: delimiter, expectedFields: 0)
        var scratch: [UInt8] = []
        return parser.parse(
            from: start, limit: file.count, maxRecords: 1,
            overrunLimit: file.count, visitor: &names, scratch: &scratch)
    }

    func parseRecords(
        in file: MappedFile, from start: Int, limit: Int, overrunLimit: Int,
        header: TableReader.Header, sinks: ChunkPlan.Sinks
    ) -> ParseOutcome {
        let parser = DelimitedParser(
            base: file.base, end: file.count, delimiter: delimiter, expectedFields: sinks.fieldCount)
        var visitor = BatchVisitor(
            base: file.base, end: file.count, slots: sinks.slots, fieldCount: sinks.fieldCount,
            sinkCount: sinks.sinkCount, sinks: sinks.sinks)
        defer { visitor.deallocate() }
        var scratch: [UInt8] = []
        let outcome = parser.parse(
            from: start, limit: limit, overrunLimit: overrunLimit,
            visitor: &visitor, scratch: &scratch)
        visitor.flush()
        return outcome
    }

    func duplicateName(_ location: DataLocation) -> DataError { .duplicateColumnName(location) }
}
