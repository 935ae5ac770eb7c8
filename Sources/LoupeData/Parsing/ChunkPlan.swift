import Foundation

/// The chunks of one read: where they start, parsing them in parallel, validating their
/// speculative starts, and merging their columns.
///
/// Sendable by hand: the mapped file is only read, and each parallel iteration writes only its
/// own chunk's window of the merged columns (see `Windows`).
struct ChunkPlan: @unchecked Sendable {
    let file: MappedFile
    let reader: any TableFormatReader
    let header: TableReader.Header
    /// Sink index per header field, -1 when not projected.
    let slots: [Int32]
    let sinkCount: Int
    let chunkBytes: Int
    /// Speculative start of each chunk (just after a line feed); chunk `i` parses the records
    /// that start before `starts[i + 1]`.
    private(set) var starts: [Int] = []
    private var rowsPerByte = 0.0
    /// Where chunks write their values when the merged columns are allocated up front.
    var windows: Windows? = nil

    /// Per projected column, the merged columns' memory (both kinds, since the kind is not known
    /// until every chunk is parsed); per chunk, its slice: chunk `i` writes rows
    /// `offsets[i] ..< offsets[i] + capacities[i]` and moves to its own memory if it has more.
    struct Windows: @unchecked Sendable {
        var numbers: [UnsafeMutablePointer<Double>]
        var codes: [UnsafeMutablePointer<UInt32>]
        var offsets: [Int]
        var capacities: [Int]
    }

    /// Rows expected in each chunk (5% above the sampled rate), and their sum.
    var estimatedRows: (perChunk: [Int], total: Int) {
        let perChunk = starts.indices.map { Int(Double(max(0, limit(of: $0) - starts[$0])) * rowsPerByte * 1.05) + 16 }
        return (perChunk, perChunk.reduce(0, +))
    }

    /// Where a chunk's records go: the projection and the sinks it feeds, lent for one parse.
    struct Sinks {
        /// Sink index per header field, -1 when not projected.
        let slots: UnsafePointer<Int32>
        /// Fields (or keys) per record, the count of `slots`.
        let fieldCount: Int
        let sinkCount: Int
        let sinks: UnsafeMutablePointer<ColumnSink>
    }

    /// One chunk's parse.
    struct Chunk: @unchecked Sendable {
        var start: Int
        var end: Int
        var records: Int
        var sinks: [ColumnSink]
        var failure: ParseFailure?
        var abandoned: Bool
    }

    init(
        file: MappedFile, reader: any TableFormatReader, header: TableReader.Header, projected slots: [Int32],
        chunkBytes: Int
    ) {
        self.file = file
        self.reader = reader
        self.header = header
        self.slots = slots
        self.sinkCount = slots.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        self.chunkBytes = max(1, chunkBytes)
        plan()
    }

    private var positions: TextPositions { TextPositions(file: file.path, base: file.base, count: file.count) }

    private mutating func plan() {
        let base = file.base
        let dataStart = header.dataStart
        let dataBytes = max(0, file.count - dataStart)
        // Bytes per row from a sample, to size the column arrays once instead of doubling them.
        let sample = min(dataBytes, 1 << 16)
        var lines = 0
        for i in dataStart..<(dataStart + sample) where base[i] == 0x0A { lines += 1 }
        rowsPerByte = sample > 0 ? Double(max(lines, 1)) / Double(sample) : 0
        // At most 65,536 chunks whatever the option says, so a tiny chunk size on a big file
        // cannot exhaust memory with per-chunk state.
        let size = max(chunkBytes, dataBytes / 65_536 + 1)
        let count = max(1, dataBytes / size + (dataBytes % size == 0 ? 0 : 1))
        starts = [dataStart]
        for index in 1..<max(count, 1) {
            let start = reader.chunkStart(near: dataStart + index * size, in: file)
            starts.append(max(start, starts[starts.count - 1]))
        }
    }

    private func limit(of index: Int) -> Int { index + 1 < starts.count ? starts[index + 1] : file.count }

    /// Parses every chunk in parallel, then walks them in order, re-parsing any whose guessed
    /// start was not a real record boundary; throws the first real error in file order.
    mutating func parseAll() throws -> [Chunk] {
        let overrun = max(chunkBytes, 1 << 16)
        let plan = self
        let overflowed = DistinctOverflow()
        var chunks = ParallelResults<Chunk>.map(starts.count) { index in
            let chunkLimit = plan.limit(of: index)
            let speculative = index > 0
            let chunk = plan.parse(
                from: plan.starts[index], limit: chunkLimit,
                overrunLimit: speculative ? chunkLimit + min(overrun, plan.file.count) : plan.file.count,
                slots: plan.slots, forceText: false, chunkIndex: index, overflowed: overflowed.columns)
            if index == 0 { overflowed.publish(chunk.sinks.map(\.distinct.overflowed)) }
            plan.file.release(plan.starts[index]..<min(chunk.end, chunkLimit))
            return chunk
        }
        var expectedStart = header.dataStart
        for index in chunks.indices {
            if chunks[index].start != expectedStart || chunks[index].abandoned {
                chunks[index] = parse(
                    from: expectedStart, limit: limit(of: index), overrunLimit: file.count,
                    slots: slots, forceText: false, chunkIndex: index)
            }
            if let failure = chunks[index].failure { throw failure.dataError(in: positions) }
            expectedStart = chunks[index].end
        }
        return chunks
    }

    /// Parses the records starting in `start..<limit` into fresh sinks, which write into chunk
    /// `chunkIndex`'s windows when there are windows; `sinkColumns` maps the sinks of a partial
    /// projection (the text re-parse) to their columns. The sinks of the columns `overflowed`
    /// marks count no distinct values (`DistinctOverflow`).
    func parse(
        from start: Int, limit: Int, overrunLimit: Int, slots: [Int32], forceText: Bool,
        chunkIndex: Int, sinkColumns: [Int]? = nil, overflowed: [Bool] = []
    ) -> Chunk {
        let expected = Int(Double(max(0, limit - start)) * rowsPerByte * 1.05) + 16
        let sinkCount = slots.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        var sinks = (0..<sinkCount).map { local -> ColumnSink in
            guard let windows else { return ColumnSink(expectedRows: expected, forceText: forceText) }
            let column = sinkColumns?[local] ?? local
            let offset = windows.offsets[chunkIndex]
            let window = ColumnSink.Windows(
                numbers: windows.numbers[column] + offset,
                codes: windows.codes[column] + offset,
                capacity: windows.capacities[chunkIndex])
            return ColumnSink(expectedRows: window.capacity, forceText: forceText, windows: window)
        }
        for (local, column) in zip(sinks.indices, sinkColumns ?? Array(sinks.indices))
        where column < overflowed.count && overflowed[column] {
            sinks[local].stopCountingDistinct()
        }
        var chunk = Chunk(start: start, end: start, records: 0, sinks: [], failure: nil, abandoned: false)
        // A dummy sink stands in when nothing is projected, so the pointers below always exist.
        if sinks.isEmpty { sinks.append(ColumnSink(expectedRows: 0)) }
        slots.withUnsafeBufferPointer { slotBuffer in
            sinks.withUnsafeMutableBufferPointer { sinkBuffer in
                guard let slotBase = slotBuffer.baseAddress, let sinkBase = sinkBuffer.baseAddress else { return }
                let outcome = reader.parseRecords(
                    in: file, from: start, limit: limit, overrunLimit: overrunLimit, header: header,
                    sinks: Sinks(slots: slotBase, fieldCount: slots.count, sinkCount: sinkCount, sinks: sinkBase))
                chunk.end = outcome.end
                chunk.records = outcome.records
                chunk.failure = outcome.failure
                chunk.abandoned = outcome.abandoned
            }
        }
        sinks.removeLast(sinks.count - sinkCount)
        chunk.sinks = sinks
        return chunk
    }
}

/// The columns whose distinct values the first chunk found too many to count
/// (`Column.distinctCountLimit`), for the chunks parsed after it.
///
/// A column's count is exact only up to the limit, and the merged count is over the limit as soon
/// as one chunk's is (`DistinctTracker.absorb`). The first chunk starts at the first record, so its
/// values are real (a later chunk's guessed start may be inside a quoted field, and its values
/// garbage until the check in order); once it has seen too many, counting again in every other
/// chunk — a thousand hash-table inserts per column per chunk — cannot change the result.
final class DistinctOverflow: @unchecked Sendable {
    private let lock = NSLock()
    private var flags: [Bool] = []

    /// Per sink column, whether the first chunk overflowed it; empty until it is parsed.
    var columns: [Bool] { lock.withLock { flags } }

    func publish(_ overflowed: [Bool]) { lock.withLock { flags = overflowed } }
}
