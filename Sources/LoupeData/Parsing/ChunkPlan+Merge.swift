import Foundation

extension ChunkPlan {
    /// Decides each column's kind from every chunk, re-parses as text the chunks that stored
    /// numbers in a column that turned out categorical, and concatenates chunks in file order.
    /// Consumes the chunks' values (`chunks` is left without sinks), so chunk buffers are freed
    /// while the merged columns fill and peak memory stays near one copy of the data.
    func mergeColumns(_ chunks: inout [Chunk]) -> [Column] {
        let fieldsBySink = slots.enumerated().filter { $0.element >= 0 }.map { $0.offset }
        var kinds: [ColumnKind] = []
        var firstNonNumeric: [(offset: Int, text: String)?] = []
        var firstNonTimestamp: [(offset: Int, text: String)?] = []
        for sink in 0..<sinkCount {
            let allNumeric = chunks.allSatisfy { $0.sinks[sink].allNumeric }
            let allTimestamp = chunks.allSatisfy { $0.sinks[sink].allTimestamp }
            kinds.append(allNumeric ? .numeric : allTimestamp ? .timestamp : .categorical)
            let first = chunks.first { $0.sinks[sink].firstNonNumericOffset >= 0 }?.sinks[sink]
            firstNonNumeric.append(first.map { ($0.firstNonNumericOffset, $0.firstNonNumericText) })
            let firstOther = chunks.first { $0.sinks[sink].firstNonTimestampOffset >= 0 }?.sinks[sink]
            firstNonTimestamp.append(firstOther.map { ($0.firstNonTimestampOffset, $0.firstNonTimestampText) })
        }
        reparseAsText(&chunks, kinds: kinds)
        let (columnKinds, firstNonNumericOffsets, firstNonTimestampOffsets) = (kinds, firstNonNumeric, firstNonTimestamp)

        // Hand each column's sinks to its own merge so memory is freed column by column.
        var sinksByColumn: [[ColumnSink]] = (0..<sinkCount).map { sink in chunks.map { $0.sinks[sink] } }
        for index in chunks.indices { chunks[index].sinks = [] }
        let rowCounts = chunks.map(\.records)
        let columnNames = header.names
        let positions = TextPositions(file: file.path, base: file.base, count: file.count)
        let windowsForMerge = windows
        let box = ParallelResults<[ColumnSink]>(count: sinkCount)
        for sink in 0..<sinkCount {
            box[sink] = sinksByColumn[sink]
            sinksByColumn[sink] = []
        }
        return ParallelResults<Column>.map(sinkCount) { sink in
            var sinks = box[sink] ?? []
            box[sink] = nil
            let field = fieldsBySink[sink]
            let location = firstNonNumericOffsets[sink].flatMap { first in
                columnKinds[sink] == .numeric ? nil : positions.location(of: first.offset, text: first.text)
            }
            let notTimestamp = firstNonTimestampOffsets[sink].flatMap { first in
                columnKinds[sink] == .categorical ? positions.location(of: first.offset, text: first.text) : nil
            }
            if let windows = windowsForMerge,
                var column = ChunkPlan.mergeInPlace(
                    name: columnNames[field], position: field + 1, kind: columnKinds[sink],
                    sinks: &sinks, rowCounts: rowCounts, firstNonNumeric: location,
                    numbers: windows.numbers[sink], codes: windows.codes[sink],
                    windows: windows)
            {
                column.firstNonTimestamp = notTimestamp
                return column
            }
            var column = ChunkPlan.mergeColumn(
                name: columnNames[field], position: field + 1, kind: columnKinds[sink],
                sinks: &sinks, rowCounts: rowCounts, firstNonNumeric: location)
            column.firstNonTimestamp = notTimestamp
            return column
        }
    }

    /// The common case when chunks wrote into windows of the merged columns: every chunk fit its
    /// window, so closing the gaps between windows (moving each chunk left, in file order, never
    /// over a chunk not yet moved) yields the column without a copy. Returns `nil` when some chunk
    /// did not fit; the caller then copies. The returned column's arrays are empty: its values are
    /// the first `rowCounts` sum elements of `numbers` (numeric, timestamp) or `codes` (categorical).
    static func mergeInPlace(
        name: String, position: Int, kind: ColumnKind, sinks: inout [ColumnSink],
        rowCounts: [Int], firstNonNumeric: DataLocation?,
        numbers: UnsafeMutablePointer<Double>, codes: UnsafeMutablePointer<UInt32>,
        windows: Windows
    ) -> Column? {
        for index in sinks.indices {
            let rows = rowCounts[index]
            guard rows <= windows.capacities[index] else { return nil }
            let sink = sinks[index]
            switch sink.storage {
            case .undecided:
                continue
            case .number, .timestamp:
                guard kind != .categorical, sink.numbers.isInWindow, sink.numbers.count == rows else { return nil }
            case .text:
                guard kind == .categorical, sink.codes.isInWindow, sink.codes.count == rows else { return nil }
            case .abandoned:
                return nil
            }
        }
        let missing = sinks.reduce(0) { $0 + $1.missingCount }
        var at = 0
        if kind != .categorical {
            var distinct = DistinctTracker()
            for index in sinks.indices {
                let rows = rowCounts[index]
                if sinks[index].storage == .undecided {
                    (numbers + at).initialize(repeating: .nan, count: rows)
                } else if at != windows.offsets[index] {
                    (numbers + at).moveInitialize(from: numbers + windows.offsets[index], count: rows)
                }
                distinct.absorb(sinks[index].distinct)
                at += rows
                sinks[index].releaseStorage()
            }
            return Column(
                name: name, position: position, kind: kind, numbers: [], codes: [], dictionary: [],
                missingCount: missing, firstNonNumeric: firstNonNumeric, numericDistinct: distinct.count)
        }
        var global = ByteDictionary()
        for index in sinks.indices {
            let rows = rowCounts[index]
            if sinks[index].storage == .undecided {
                (codes + at).initialize(repeating: Column.missingCode, count: rows)
            } else {
                let local = sinks[index].dictionary
                var remap = [UInt32](repeating: Column.missingCode, count: local.count)
                for code in 0..<local.count {
                    remap[code] = local.key(code).withUnsafeBufferPointer { global.code($0) }
                }
                let source = codes + windows.offsets[index]
                remap.withUnsafeBufferPointer { remap in
                    // Ascending, so each code is read before anything is written over it.
                    for row in 0..<rows {
                        let code = source[row]
                        (codes + at + row).initialize(to: code == Column.missingCode ? code : remap[Int(code)])
                    }
                }
            }
            at += rows
            sinks[index].releaseStorage()
        }
        let dictionary = decodeDistinct(global, codes: UnsafeMutableBufferPointer(start: codes, count: at))
        return Column(
            name: name, position: position, kind: .categorical, numbers: [], codes: [],
            dictionary: dictionary, missingCount: missing, firstNonNumeric: firstNonNumeric,
            numericDistinct: dictionary.count)
    }

    /// The fallback path: chunks whose stored numbers or timestamps are useless because the column
    /// is categorical after all are parsed again, keeping text for those columns only.
    private func reparseAsText(_ chunks: inout [Chunk], kinds: [ColumnKind]) {
        let work: [(chunk: Int, sinks: [Int])] = chunks.indices.compactMap { index in
            let stale = (0..<sinkCount).filter { sink in
                kinds[sink] == .categorical && chunks[index].sinks[sink].storage != .text
                    && chunks[index].sinks[sink].storage != .undecided
            }
            return stale.isEmpty ? nil : (index, stale)
        }
        if work.isEmpty { return }
        let fieldsBySink = slots.enumerated().filter { $0.element >= 0 }.map { $0.offset }
        let frozen = chunks
        let reparsed = ParallelResults<[ColumnSink]>.map(work.count) { item in
            let (index, stale) = work[item]
            var textSlots = [Int32](repeating: -1, count: slots.count)
            for (order, sink) in stale.enumerated() { textSlots[fieldsBySink[sink]] = Int32(order) }
            let chunk = frozen[index]
            return parse(
                from: chunk.start, limit: chunk.end, overrunLimit: file.count,
                slots: textSlots, forceText: true, chunkIndex: index, sinkColumns: stale
            ).sinks
        }
        for (item, sinks) in reparsed.enumerated() {
            let (index, stale) = work[item]
            for (order, sink) in stale.enumerated() { chunks[index].sinks[sink] = sinks[order] }
        }
    }

    static func mergeColumn(
        name: String, position: Int, kind: ColumnKind, sinks: inout [ColumnSink],
        rowCounts: [Int], firstNonNumeric: DataLocation?
    ) -> Column {
        let total = rowCounts.reduce(0, +)
        let missing = sinks.reduce(0) { $0 + $1.missingCount }
        if kind != .categorical {
            var distinct = DistinctTracker()
            for sink in sinks { distinct.absorb(sink.distinct) }
            let numbers = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
                var at = 0
                for index in sinks.indices {
                    let rows = rowCounts[index]
                    let stored = sinks[index].numbers
                    let copied = min(rows, stored.count)
                    stored.withUnsafeBufferPointer { source in
                        if let from = source.baseAddress, let to = buffer.baseAddress, copied > 0 {
                            (to + at).initialize(from: from, count: copied)
                        }
                    }
                    if let to = buffer.baseAddress, rows > copied {
                        (to + at + copied).initialize(repeating: .nan, count: rows - copied)
                    }
                    at += rows
                    sinks[index].releaseStorage()
                }
                initialized = total
            }
            return Column(
                name: name, position: position, kind: kind, numbers: numbers, codes: [],
                dictionary: [], missingCount: missing, firstNonNumeric: firstNonNumeric,
                numericDistinct: distinct.count)
        }
        var global = ByteDictionary()
        var codes = [UInt32](unsafeUninitializedCapacity: total) { buffer, initialized in
            var at = 0
            for index in sinks.indices {
                let rows = rowCounts[index]
                let local = sinks[index].dictionary
                var remap = [UInt32](repeating: Column.missingCode, count: local.count)
                for code in 0..<local.count {
                    remap[code] = local.key(code).withUnsafeBufferPointer { global.code($0) }
                }
                let copied = min(rows, sinks[index].codes.count)
                if let to = buffer.baseAddress {
                    sinks[index].codes.withUnsafeBufferPointer { stored in
                        remap.withUnsafeBufferPointer { remap in
                            for row in 0..<copied {
                                let code = stored[row]
                                (to + at + row).initialize(to: code == Column.missingCode ? code : remap[Int(code)])
                            }
                        }
                    }
                    if rows > copied {
                        (to + at + copied).initialize(repeating: Column.missingCode, count: rows - copied)
                    }
                }
                at += rows
                sinks[index].releaseStorage()
            }
            initialized = total
        }
        let dictionary = codes.withUnsafeMutableBufferPointer { ChunkPlan.decodeDistinct(global, codes: $0) }
        return Column(
            name: name, position: position, kind: .categorical, numbers: [], codes: codes,
            dictionary: dictionary, missingCount: missing, firstNonNumeric: firstNonNumeric,
            numericDistinct: dictionary.count)
    }

    /// Decodes the dictionary's keys as UTF-8 (invalid bytes become U+FFFD). Distinct byte strings
    /// can decode to equal `String`s (invalid bytes, or canonically equivalent Unicode), so unless
    /// every key is ASCII, equal strings are folded into the first one's code.
    static func decodeDistinct(_ keys: ByteDictionary, codes: UnsafeMutableBufferPointer<UInt32>) -> [String] {
        let strings = (0..<keys.count).map { String(decoding: keys.key($0), as: UTF8.self) }
        if keys.arena.allSatisfy({ $0 < 0x80 }) { return strings }
        var firstCode: [String: UInt32] = [:]
        var remap = [UInt32](repeating: 0, count: strings.count)
        var unique: [String] = []
        for (index, string) in strings.enumerated() {
            if let code = firstCode[string] {
                remap[index] = code
            } else {
                let code = UInt32(truncatingIfNeeded: unique.count)
                firstCode[string] = code
                remap[index] = code
                unique.append(string)
            }
        }
        if unique.count == strings.count { return strings }
        for row in codes.indices where codes[row] != Column.missingCode {
            codes[row] = remap[Int(codes[row])]
        }
        return unique
    }
}
