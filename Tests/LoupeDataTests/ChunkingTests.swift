import XCTest

@testable import LoupeData

/// Parallel chunking must be invisible: any chunk size gives exactly the one-chunk table.
final class ChunkingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try FixtureSupport.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Rows with quoted newlines and delimiters, doubled quotes, missing tokens, a column that is
    /// numeric until its last rows (forcing the text re-parse), timestamps and CRLF endings.
    private func generatedCSV(rows: Int) -> Data {
        var text = "id,label,score,note,group,when,late\r\n"
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for row in 0..<rows {
            let score = Double(next() % 1_000_000) / 1_000_000
            let note: String
            switch next() % 6 {
            case 0: note = "\"multi\nline \(row)\""
            case 1: note = "\"comma, \"\"quoted\"\"\r\nand crlf\""
            case 2: note = "NA"
            case 3: note = "plain\(row % 7)"
            case 4: note = "5\""
            default: note = ""
            }
            let group = ["a", "b", "c", "\"d,e\""][Int(next() % 4)]
            let day = 1 + Int(next() % 28)
            let when = String(format: "2024-02-%02d", day)
            let late = row == rows - 3 ? "x" : (row % 11 == 0 ? "" : String(row % 13))
            text += "\(row),\(next() % 2),\(score),\(note),\(group),\(when),\(late)\r\n"
        }
        return Data(text.utf8)
    }

    func testTinyChunksGiveTheSameTable() throws {
        let url = folder.appendingPathComponent("generated.csv")
        try generatedCSV(rows: 1200).write(to: url)
        let reference = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: 1 << 30))
        XCTAssertEqual(reference.rowCount, 1200)
        XCTAssertEqual(reference.column("late")?.kind, .categorical)
        XCTAssertEqual(reference.column("when")?.kind, .timestamp)
        XCTAssertEqual(reference.column("score")?.kind, .numeric)
        XCTAssertEqual(reference.column("note")?.kind, .categorical)
        XCTAssertEqual(reference.column("group")?.dictionary.sorted(), ["a", "b", "c", "d,e"])
        for chunkBytes in [5, 61, 500, 4096] {
            let chunked = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: chunkBytes))
            FixtureSupport.assertSame(reference, chunked)
        }
    }

    /// Long rows first and short rows later make chunks outgrow the space reserved for them from
    /// the first rows' length, which takes the copying merge instead of the in-place one.
    func testRowsShorterThanTheSampleOverflowTheirWindows() throws {
        let url = folder.appendingPathComponent("uneven.csv")
        var text = "id,pad,group\n"
        let padding = String(repeating: "x", count: 200)
        for row in 0..<400 { text += "\(row),\(padding),g\(row % 3)\n" }
        for row in 400..<20_000 { text += "\(row),,g\(row % 3)\n" }
        try Data(text.utf8).write(to: url)
        let reference = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: 1 << 30))
        XCTAssertEqual(reference.rowCount, 20_000)
        XCTAssertEqual(reference.column("id")?.numbers, (0..<20_000).map(Double.init))
        XCTAssertEqual(reference.column("group")?.dictionary, ["g0", "g1", "g2"])
        XCTAssertEqual(reference.column("group")?.codes.prefix(4), [0, 1, 2, 0])
        XCTAssertEqual(reference.column("pad")?.missingCount, 19_600)
        for chunkBytes in [3000, 100_000] {
            FixtureSupport.assertSame(
                reference,
                try TableReader.read(
                    path: url.path, options: ReadOptions(parallelChunkBytes: chunkBytes)))
        }
    }

    /// A number column's plain fields are parsed a batch at a time and any other field one at a
    /// time (`ColumnSink.addNumbers`): missing and quoted fields in the middle of a batch, at its
    /// start and at its end must not shift, drop or repeat a value, nor change the distinct counts.
    func testFieldsThatStopTheBatchParseKeepTheirPlaces() throws {
        let url = folder.appendingPathComponent("numbers.csv")
        var text = "x,flag\n"
        var expected: [Double] = []
        for row in 0..<1_000 {
            let value = Double(row) / 8
            let x: String
            if row % 97 == 5 || row == 255 || row == 256 || row == 999 {
                x = ""
                expected.append(.nan)
            } else if row % 89 == 3 || row == 511 {
                x = "\"\(value)\""
                expected.append(value)
            } else if row % 83 == 7 {
                x = "1.5e-3"
                expected.append(1.5e-3)
            } else {
                x = "\(value)"
                expected.append(value)
            }
            text += "\(x),\(row % 50 == 0 ? "NA" : String(row % 2))\n"
        }
        try Data(text.utf8).write(to: url)
        for chunkBytes in [1 << 30, 997] {
            let table = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: chunkBytes))
            let x = try XCTUnwrap(table.column("x")), flag = try XCTUnwrap(table.column("flag"))
            XCTAssertEqual(x.kind, .numeric)
            XCTAssertEqual(x.numbers.count, 1_000)
            for (row, (got, want)) in zip(x.numbers, expected).enumerated() {
                XCTAssert(got == want || (got.isNaN && want.isNaN), "row \(row): \(got) ≠ \(want)")
            }
            XCTAssertEqual(x.missingCount, expected.filter(\.isNaN).count)
            XCTAssertEqual(x.distinctCount, Set(expected.filter { !$0.isNaN }).count)
            XCTAssertEqual(flag.kind, .numeric)
            XCTAssertEqual(flag.distinctCount, 2)
            XCTAssertEqual(flag.missingCount, 20)
        }
    }

    /// Once the first chunk has seen more distinct values of a column than are counted, the later
    /// chunks count none of it (`DistinctOverflow`); a column that overflows only in a later
    /// chunk, or never, is still counted there, so every count is the one-chunk read's.
    func testDistinctCountsAgreeWhicheverChunkOverflows() throws {
        let url = folder.appendingPathComponent("distinct.csv")
        let limit = Column.distinctCountLimit
        var text = "early,late,few,never\n"
        for row in 0..<6_000 {
            let early = row < 2 * limit ? Double(row) / 4 : 1
            let late = row >= 4_000 ? Double(row) : Double(row % 3)
            text += "\(early),\(late),\(row % 7),\(Double(row % limit) / 2)\n"
        }
        try Data(text.utf8).write(to: url)
        let reference = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: 1 << 30))
        XCTAssertEqual(reference.column("early")?.distinctCount, limit + 1)
        XCTAssertEqual(reference.column("late")?.distinctCount, limit + 1)
        XCTAssertEqual(reference.column("few")?.distinctCount, 7)
        XCTAssertEqual(reference.column("never")?.distinctCount, limit)
        for chunkBytes in [20_000, 60_000] {
            FixtureSupport.assertSame(
                reference, try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: chunkBytes)))
        }
    }

    /// More than 64 projected columns take the copying path; it must agree with the in-place one.
    func testWideProjectionAgreesWithNarrow() throws {
        let url = folder.appendingPathComponent("wide.csv")
        let names = (0..<70).map { "c\($0)" }
        var text = names.joined(separator: ",") + "\n"
        for row in 0..<300 {
            text +=
                (0..<70).map { column in column % 2 == 0 ? "\(row * column)" : "v\((row + column) % 5)" }
                .joined(separator: ",") + "\n"
        }
        try Data(text.utf8).write(to: url)
        let wide = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: 2000))
        let narrowNames = Set(names.prefix(10))
        let narrow = try TableReader.read(path: url.path, options: ReadOptions(columns: narrowNames, parallelChunkBytes: 2000))
        XCTAssertEqual(wide.columns.count, 70)
        for name in narrowNames {
            XCTAssertEqual(wide.column(name), narrow.column(name), name)
        }
        XCTAssertEqual(wide.column("c69")?.texts.prefix(3), ["v4", "v0", "v1"])
        XCTAssertEqual(wide.column("c68")?.numbers[299], 299 * 68)
    }

    func testJSONLinesChunksGiveTheSameTable() throws {
        let url = folder.appendingPathComponent("generated.jsonl")
        var text = ""
        for row in 0..<600 {
            let group = row % 5 == 0 ? "null" : "\"g\\u00e9\(row % 4)\""
            let late = row == 550 ? "\"x\"" : "\(row % 9)"
            text += "{\"id\": \(row), \"group\": \(group), \"late\": \(late), \"flag\": \(row % 2 == 0)}\n"
            if row % 100 == 0 { text += "\n" }
        }
        try Data(text.utf8).write(to: url)
        let reference = try TableReader.read(path: url.path, options: ReadOptions(parallelChunkBytes: 1 << 30))
        XCTAssertEqual(reference.rowCount, 600)
        XCTAssertEqual(reference.column("late")?.kind, .categorical)
        XCTAssertEqual(reference.column("group")?.missingCount, 120)
        for chunkBytes in [3, 50, 1000] {
            FixtureSupport.assertSame(
                reference,
                try TableReader.read(
                    path: url.path, options: ReadOptions(parallelChunkBytes: chunkBytes)))
        }
    }
}
