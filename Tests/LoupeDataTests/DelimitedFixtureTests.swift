import XCTest

@testable import LoupeData

/// CSV and TSV edge cases, each with a fixture named for what it exercises.
final class DelimitedFixtureTests: XCTestCase {
    private func read(_ name: String, columns: Set<String>? = nil, chunkBytes: Int = ReadOptions.defaultChunkBytes) throws
        -> Table
    {
        try TableReader.read(
            path: FixtureSupport.path(name),
            options: ReadOptions(columns: columns, parallelChunkBytes: chunkBytes))
    }

    private func assertError(
        _ name: String, _ message: (String) -> String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let path = try FixtureSupport.path(name)
        for chunkBytes in [ReadOptions.defaultChunkBytes, 3] {
            XCTAssertThrowsError(
                try TableReader.read(path: path, options: ReadOptions(parallelChunkBytes: chunkBytes)),
                file: file, line: line
            ) { error in
                XCTAssertEqual((error as? DataError)?.description, message(path), file: file, line: line)
            }
        }
    }

    func testQuotedNewlinesCRLFAndBOM() throws {
        for chunkBytes in [ReadOptions.defaultChunkBytes, 1, 5] {
            let table = try read("quoted_newline_crlf_bom.csv", chunkBytes: chunkBytes)
            XCTAssertEqual(table.columnNames, ["id", "note", "score"])
            XCTAssertEqual(table.rowCount, 3)
            let note = try XCTUnwrap(table.column("note"))
            XCTAssertEqual(note.kind, .categorical)
            XCTAssertEqual(note.dictionary, ["hello, world", "line1\r\nline2", "a\nb"])
            XCTAssertEqual(note.codes, [0, 1, 2])
            let score = try XCTUnwrap(table.column("score"))
            XCTAssertEqual(score.kind, .numeric)
            XCTAssertEqual(score.numbers.prefix(2), [0.5, 1.5])
            XCTAssertTrue(score.numbers[2].isNaN)
            XCTAssertEqual(score.missingCount, 1)
            XCTAssertEqual(score.position, 3)
            XCTAssertEqual(table.column("id")?.numbers, [1, 2, 3])
        }
    }

    func testDoubledQuotesAndLiteralQuoteInUnquotedField() throws {
        let table = try read("doubled_quotes.csv")
        XCTAssertEqual(table.column("name")?.texts, ["say \"hi\"", "\"", "plain"])
        let size = try XCTUnwrap(table.column("size"))
        XCTAssertEqual(size.kind, .categorical)
        XCTAssertEqual(size.texts, ["5\"", "12\"", "7\""])
        XCTAssertEqual(
            size.firstNonNumeric,
            DataLocation(
                file: try FixtureSupport.path("doubled_quotes.csv"),
                line: 2, column: 14, text: "5\""))
    }

    func testRaggedRowNamesLineAndCounts() throws {
        try assertError("ragged_row.csv") { "\($0):3:1: expected 3 fields, found 2" }
    }

    func testTooManyFieldsAfterQuotedNewline() throws {
        try assertError("too_many_fields.csv") { "\($0):3:1: expected 2 fields, found 3" }
    }

    func testUnterminatedQuotePointsAtOpeningQuote() throws {
        try assertError("unterminated_quote.csv") { "\($0):2:3: unterminated quoted field" }
    }

    func testTextAfterClosingQuoteCountsCharactersNotBytes() throws {
        try assertError("text_after_quote_utf8.csv") { "\($0):2:6: unexpected text after a closing quote" }
    }

    func testHeaderOnlyIsNoDataRows() throws {
        try assertError("header_only.csv") { "\($0): no data rows after the header" }
    }

    func testEmptyFileAndBlankLinesOnly() throws {
        try assertError("empty.csv") { "\($0): the file is empty; a header row is required" }
        try assertError("blank_lines_only.csv") { "\($0): the file is empty; a header row is required" }
    }

    func testLoneCRLineEndingsAndNoTrailingNewline() throws {
        for chunkBytes in [ReadOptions.defaultChunkBytes, 2] {
            let table = try read("lone_cr_no_trailing_newline.csv", chunkBytes: chunkBytes)
            XCTAssertEqual(table.rowCount, 3)
            XCTAssertEqual(table.column("a")?.numbers, [1, 2, 3])
            XCTAssertEqual(table.column("b")?.texts, ["x", "y\rz", "q"])
        }
    }

    func testBlankLinesAreSkipped() throws {
        let table = try read("blank_trailing_lines.csv")
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.column("b")?.texts, ["x", "y"])
    }

    func testDuplicateAndEmptyColumnNames() throws {
        try assertError("duplicate_header.csv") { "\($0):1:5: duplicate column name \"a\"" }
        try assertError("empty_header_name.csv") { "\($0):1:3: empty column name" }
    }

    func testMissingTokensAreCountedPerColumn() throws {
        let table = try read("missing_tokens.csv")
        let x = try XCTUnwrap(table.column("x"))
        XCTAssertEqual(x.kind, .numeric)
        XCTAssertEqual(x.missingCount, 8)
        XCTAssertEqual(x.numbers.last, 1.5)
        XCTAssertEqual(x.numbers.filter(\.isNaN).count, 8)
        XCTAssertNil(x.firstNonNumeric)
        let y = try XCTUnwrap(table.column("y"))
        XCTAssertEqual(y.kind, .categorical)
        XCTAssertEqual(y.missingCount, 5)
        XCTAssertEqual(y.dictionary, ["a", "b", "c"])
        XCTAssertEqual(y.texts, ["a", "b", nil, nil, nil, nil, "c", "a", nil])
    }

    func testTimestampsDatesAndOffsets() throws {
        let path = try FixtureSupport.path("timestamps.csv")
        let table = try read("timestamps.csv")
        let when = try XCTUnwrap(table.column("when"))
        XCTAssertEqual(when.kind, .timestamp)
        XCTAssertEqual(when.numbers, [1_704_067_200, 1_704_112_200, 1_704_105_015.5, 0])
        XCTAssertEqual(when.firstNonNumeric, DataLocation(file: path, line: 2, column: 1, text: "2024-01-01T00:00:00Z"))
        let day = try XCTUnwrap(table.column("day"))
        XCTAssertEqual(day.kind, .timestamp)
        XCTAssertEqual(day.numbers[0], 1_709_164_800)
        XCTAssertEqual(day.numbers[1], 1_703_980_800)
        XCTAssertTrue(day.numbers[2].isNaN)
        XCTAssertEqual(day.numbers[3], 0)
        XCTAssertEqual(day.missingCount, 1)
        XCTAssertEqual(day.distinctCount, 3)
        XCTAssertEqual(day.firstNonNumeric?.column, 22)
        let odd = try XCTUnwrap(table.column("odd"))
        XCTAssertEqual(odd.kind, .categorical, "February 30th is not a date")
        XCTAssertEqual(odd.texts, ["2024-01-01", "2024-02-30", "2024-01-03", nil])
    }

    func testNumberForms() throws {
        let table = try read("numbers.csv")
        XCTAssertEqual(table.column("n")?.numbers, [1, -300, 7, 1])
        let m = try XCTUnwrap(table.column("m"))
        XCTAssertEqual(m.numbers, [2.5, 0.5, 5, 0])
        XCTAssertEqual(m.numbers[3].sign, .minus)
        XCTAssertEqual(m.distinctCount, 4)
    }

    func testInfinityIsText() throws {
        let column = try XCTUnwrap(read("not_numbers.csv").column("v"))
        XCTAssertEqual(column.kind, .categorical)
        XCTAssertEqual(column.dictionary, ["1", "inf", "2"])
        XCTAssertEqual(
            column.firstNonNumeric,
            DataLocation(
                file: try FixtureSupport.path("not_numbers.csv"),
                line: 3, column: 1, text: "inf"))
    }

    func testTSVWithQuotedTab() throws {
        let table = try read("basic.tsv")
        XCTAssertEqual(table.columnNames, ["label", "score", "group"])
        XCTAssertEqual(table.column("label")?.numbers, [1, 0, 1])
        XCTAssertEqual(table.column("score")?.numbers, [0.9, 0.2, 0.7])
        XCTAssertEqual(table.column("group")?.texts, ["A", "B\tC", "A"])
    }

    func testProjectionMaterializesOnlyRequestedColumns() throws {
        let table = try read("basic.tsv", columns: ["group"])
        XCTAssertEqual(table.columnNames, ["label", "score", "group"])
        XCTAssertNil(table.column("label"))
        XCTAssertEqual(table.column("group")?.position, 3)
        XCTAssertEqual(table.rowCount, 3)
        let countOnly = try read("basic.tsv", columns: [])
        XCTAssertEqual(countOnly.rowCount, 3)
        XCTAssertTrue(countOnly.columns.isEmpty)
        let path = try FixtureSupport.path("basic.tsv")
        XCTAssertThrowsError(try TableReader.read(path: path, options: ReadOptions(columns: ["nope"]))) {
            XCTAssertEqual(($0 as? DataError)?.description, "\(path): no column named \"nope\"")
        }
    }

    func testReadHeaderAndFormatInference() throws {
        XCTAssertEqual(
            try TableReader.readHeader(path: FixtureSupport.path("quoted_newline_crlf_bom.csv")),
            ["id", "note", "score"])
        XCTAssertEqual(DataFormat.infer(fromPath: "a/b.CSV"), .csv)
        XCTAssertEqual(DataFormat.infer(fromPath: "x.tsv"), .tsv)
        XCTAssertEqual(DataFormat.infer(fromPath: "x.NDJSON"), .jsonLines)
        XCTAssertEqual(DataFormat.infer(fromPath: "x.jsonl"), .jsonLines)
        XCTAssertNil(DataFormat.infer(fromPath: "x.txt"))
        XCTAssertNil(DataFormat.infer(fromPath: "dir.csv/file"))
    }

    func testFormatsAreFoundByNameAndListedInRegistryOrder() {
        XCTAssertEqual(DataFormat.named("CSV"), .csv)
        XCTAssertEqual(DataFormat.named("tsv"), .tsv)
        XCTAssertEqual(DataFormat.named("jsonl"), .jsonLines)
        XCTAssertEqual(DataFormat.named("ndjson"), .jsonLines)
        XCTAssertEqual(DataFormat.named("JSONLines"), .jsonLines)
        XCTAssertNil(DataFormat.named("parquet"))
        XCTAssertEqual(DataFormat.nameList, "csv, tsv or jsonl")
        XCTAssertEqual(DataFormat.extensionList, ".csv, .tsv, .jsonl or .ndjson")
        XCTAssertEqual(
            DataError.unknownFormat(file: "x.txt").description,
            "x.txt: cannot tell the format from the file name; use .csv, .tsv, .jsonl or .ndjson, or name the format")
    }
}
