import XCTest

@testable import LoupeData

/// JSON Lines: the first object's keys are the columns; scalars only.
final class JSONLinesFixtureTests: XCTestCase {
    private func assertError(
        _ name: String, _ message: (String) -> String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let path = try FixtureSupport.path(name)
        for chunkBytes in [ReadOptions.defaultChunkBytes, 2] {
            XCTAssertThrowsError(
                try TableReader.read(path: path, options: ReadOptions(parallelChunkBytes: chunkBytes)),
                file: file, line: line
            ) { error in
                XCTAssertEqual((error as? DataError)?.description, message(path), file: file, line: line)
            }
        }
    }

    func testBasicValuesEscapesAndMissingKeys() throws {
        for chunkBytes in [ReadOptions.defaultChunkBytes, 1, 40] {
            let table = try TableReader.read(
                path: FixtureSupport.path("basic.jsonl"),
                options: ReadOptions(parallelChunkBytes: chunkBytes))
            XCTAssertEqual(table.columnNames, ["label", "score", "group", "flag", "note"])
            XCTAssertEqual(table.rowCount, 3)
            XCTAssertEqual(table.column("label")?.numbers, [1, 0, 1])
            XCTAssertEqual(table.column("score")?.numbers, [0.9, 0.25, -100])
            let group = try XCTUnwrap(table.column("group"))
            XCTAssertEqual(group.texts, ["A", nil, "A\"q"])
            XCTAssertEqual(group.missingCount, 1)
            let flag = try XCTUnwrap(table.column("flag"))
            XCTAssertEqual(flag.kind, .categorical)
            XCTAssertEqual(flag.dictionary, ["true", "false"])
            let note = try XCTUnwrap(table.column("note"))
            XCTAssertEqual(note.texts, ["café \u{1F600}", nil, "x\ty"])
            XCTAssertEqual(note.missingCount, 1)
        }
    }

    /// Documented choice: JSON strings go through the same inference as CSV text, since JSON has
    /// no date type and exporters often quote numbers.
    func testStringsInferLikeText() throws {
        let table = try TableReader.read(path: FixtureSupport.path("jsonl_string_numbers.jsonl"), options: ReadOptions())
        XCTAssertEqual(table.column("s")?.kind, .numeric)
        XCTAssertEqual(table.column("s")?.numbers, [3.5, -1])
        XCTAssertEqual(table.column("d")?.kind, .timestamp)
    }

    func testUnknownKeyNamesLineAndColumn() throws {
        try assertError("jsonl_unknown_key.jsonl") {
            "\($0):2:10: unknown key \"c\" (the first object's keys are the columns)"
        }
    }

    func testNestedValueIsAnError() throws {
        try assertError("jsonl_nested.jsonl") { "\($0):2:7: nested arrays and objects are not supported" }
    }

    func testSyntaxErrorAndDuplicateKey() throws {
        try assertError("jsonl_bad_syntax.jsonl") { "\($0):2:6: invalid JSON: expected ':'" }
        try assertError("jsonl_duplicate_key.jsonl") { "\($0):2:10: duplicate key \"a\"" }
    }

    func testHeaderIsFirstObjectsKeys() throws {
        XCTAssertEqual(
            try TableReader.readHeader(path: FixtureSupport.path("basic.jsonl")),
            ["label", "score", "group", "flag", "note"])
    }
}
