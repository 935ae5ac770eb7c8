/// JSON Lines: one flat object per line, tokenized by `JSONLinesParser`.
///
/// The first object's keys are the columns; a later unknown key is an error, an absent key a
/// missing value; strings go through the same inference and missing tokens as CSV text (JSON has
/// no date type and exporters often quote numbers), `true`/`false` become the categorical values
/// "true"/"false". A line feed always ends a record, so every chunk's guessed start is right.
struct JSONLinesReader: TableFormatReader {
    /// The first object is both the header and the first record: data starts at `start`.
    func readHeader(_ file: MappedFile, from start: Int, into names: inout HeaderVisitor) -> ParseOutcome {
        let parser = JSONLinesParser(base: file.base, end: file.count)
        var keyScratch: [UInt8] = [], valueScratch: [UInt8] = []
        let outcome = parser.parse(
            from: start, limit: file.count, maxRecords: 1, handler: &names,
            keyScratch: &keyScratch, valueScratch: &valueScratch)
        return ParseOutcome(end: start, records: outcome.records, failure: outcome.failure)
    }

    func parseRecords(
        in file: MappedFile, from start: Int, limit: Int, overrunLimit: Int,
        header: TableReader.Header, sinks: ChunkPlan.Sinks
    ) -> ParseOutcome {
        let parser = JSONLinesParser(base: file.base, end: file.count)
        let fields = max(1, sinks.fieldCount)
        let seen = UnsafeMutablePointer<Int>.allocate(capacity: fields)
        seen.initialize(repeating: -1, count: fields)
        defer { seen.deallocate() }
        var visitor = SinkVisitor(
            slots: sinks.slots, fieldCount: sinks.fieldCount, sinks: sinks.sinks,
            keys: header.keys, seenInObject: seen)
        var keyScratch: [UInt8] = [], valueScratch: [UInt8] = []
        let outcome = parser.parse(
            from: start, limit: limit, handler: &visitor,
            keyScratch: &keyScratch, valueScratch: &valueScratch)
        return ParseOutcome(end: outcome.end, records: outcome.records, failure: outcome.failure)
    }

    func duplicateName(_ location: DataLocation) -> DataError { .duplicateKey(location) }
}
