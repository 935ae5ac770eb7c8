import Foundation
import LoupeData
import XCTest

@testable import LoupeEvaluation

/// A table with more rows than the evaluators can index is a clear input error (exit 2, the file
/// and the limit named), found before anything is evaluated; tested with a lowered limit rather
/// than a file of four billion rows.
final class RowLimitTests: XCTestCase {
    func testTheLimitIsTheLargestRowCountWith32BitIndexes() {
        XCTAssertEqual(EvaluationInput.maxRows, 4_294_967_294)
        XCTAssertLessThan(EvaluationInput.maxRows, Int(UInt32.max))
    }

    func testRowCountsUpToTheLimitPass() {
        XCTAssertNil(EvaluationInput.rowCountError(file: "a.csv", rowCount: 0))
        XCTAssertNil(EvaluationInput.rowCountError(file: "a.csv", rowCount: EvaluationInput.maxRows))
        XCTAssertNil(EvaluationInput.rowCountError(file: "a.csv", rowCount: 5, limit: 5))
    }

    func testOneRowBeyondTheLimitNamesTheFileAndTheLimit() throws {
        let error = try XCTUnwrap(EvaluationInput.rowCountError(file: "big.csv", rowCount: EvaluationInput.maxRows + 1))
        XCTAssertEqual(error.description, "big.csv: 4,294,967,295 rows; this version evaluates at most 4,294,967,294 rows")
        XCTAssertEqual(error.exitStatus, 2)
        XCTAssertEqual(error, .input(error.description))
    }

    func testPreparingATableOverALoweredLimitThrowsBeforeEvaluating() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let path = try workspace.write("three.csv", "label,score\n1,0.9\n0,0.2\n1,0.6\n")
        let table = try TableReader.read(path: path)
        let settings = BuildSettings(dataPath: path, label: "label", scores: [ScoreSpec(name: "m", column: "score")])
        XCTAssertThrowsError(try EvaluationInput.prepare(table, settings: settings, task: .binary, rowLimit: 2)) {
            XCTAssertEqual($0 as? LoupeError, .input("\(path): 3 rows; this version evaluates at most 2 rows"))
        }
        XCTAssertEqual(try EvaluationInput.prepare(table, settings: settings, task: .binary, rowLimit: 3).rows, [0, 1, 2])
    }
}
