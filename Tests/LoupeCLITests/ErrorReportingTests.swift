import Foundation
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// Every kind of bad input ends with one message naming the file and position (or the flag),
/// exit status 2, and the output folder exactly as it was.
final class ErrorReportingTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
        // An earlier, good site that a failed build must leave untouched.
        try workspace.write("site/index.html", "previous report")
        try workspace.write("site/notes.txt", "mine")
    }

    override func tearDown() {
        workspace.remove()
    }

    private func assertFails(
        data: String?, _ extra: [String] = [], message: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let before = workspace.snapshot("site")
        var arguments = ["build", "--label", "y", "--score", "p", "--out", workspace.path("site")]
        if let data { arguments += ["--data", try workspace.write("eval.csv", data)] }
        let run = workspace.run(arguments + extra)
        XCTAssertEqual(run.status, 2, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("loupe: "), run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(message), "stderr was: \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, "one message: \(run.stderr)", file: file, line: line)
        XCTAssertEqual(workspace.snapshot("site"), before, "the output folder changed", file: file, line: line)
    }

    func testMalformedCSVNamesLineAndColumn() throws {
        try assertFails(data: "y,p\n1,0.5\n0,\"0.3\n", message: "eval.csv:3:3: unterminated quoted field")
    }

    func testRaggedRowNamesTheLine() throws {
        try assertFails(data: "y,p\n1,0.5\n0,0.2,extra\n", message: "eval.csv:3:")
    }

    func testNonNumericScoreNamesLineAndColumn() throws {
        try assertFails(
            data: "y,p\n1,0.5\n0,high\n",
            message: "eval.csv:3:3: the score column 'p' of model 'p' has a non-numeric value 'high'")
    }

    func testLabelThatIsNotBinary() throws {
        try assertFails(
            data: "y,p\n1,0.5\n0,0.2\n2,0.4\n", ["--task", "binary"],
            message: "the label column 'y' has more than two distinct values")
        try assertFails(data: "y,p\na,0.5\nb,0.2\nc,0.4\n", message: "the label column 'y' has 3 distinct values")
    }

    func testRegressionNeedsANumericLabelAndNoFairness() throws {
        try assertFails(
            data: "y,p\n1.5,0.5\nlow,0.2\n", ["--task", "regression"],
            message: "eval.csv:3:1: a regression needs a numeric label, but the label column 'y' has the value 'low'")
        try assertFails(
            data: "y,p,g\n1.5,0.5,a\n2.5,0.2,b\n3.5,1,a\n", ["--fairness", "g"],
            message: "the label 'y' has more than two values, so this is a regression; the fairness analysis needs a binary task")
        try assertFails(
            data: "y,p,g\n1.5,0.5,a\n", ["--task", "regression", "--fairness", "g"],
            message: "the fairness analysis needs a binary task (rates at thresholds), not a regression")
    }

    func testTwoLabelValuesNeedAPositiveLabel() throws {
        try assertFails(data: "y,p\ngood,0.5\nbad,0.2\n", message: "say which is positive with --positive-label")
    }

    func testMissingColumnListsTheColumnsThatExist() throws {
        try assertFails(data: "y,q\n1,0.5\n", message: "no column 'p' (columns: y, q)")
    }

    func testEmptyFile() throws {
        try assertFails(data: "", message: "eval.csv")
    }

    func testNoDataRows() throws {
        try assertFails(data: "y,p\n", message: "eval.csv")
    }

    func testMissingDataFile() throws {
        try assertFails(data: nil, ["--data", workspace.path("nope.csv")], message: "nope.csv")
    }

    func testUnknownFlag() throws {
        try assertFails(data: "y,p\n1,0.5\n", ["--colour", "red"], message: "unknown flag '--colour'")
    }

    func testUnknownSliceColumn() throws {
        try assertFails(data: "y,p\n1,0.5\n", ["--slice", "region"], message: "no column 'region'")
    }

    func testBadConfigFile() throws {
        let config = try workspace.write("loupe.json", "{\n  \"label\": \"y\",\n  \"treshold\": 0.4\n}\n")
        try assertFails(data: "y,p\n1,0.5\n", [config], message: "loupe.json:3:3: unknown key 'treshold'")
    }

    func testNoUsableRows() throws {
        try assertFails(data: "y,p\n1,NA\n0,NA\n", message: "no row has both a label and every model's score")
    }

    func testNegativeWeight() throws {
        try assertFails(data: "y,p,w\n1,0.5,1\n0,0.2,-1\n", ["--weight", "w"], message: "weights must be zero or positive")
    }

    /// Errors about the data say "line N" (the physical line, header and quoted line breaks
    /// counted), as the readers' own errors do, never "data row N".
    func testNegativeWeightNamesTheLine() throws {
        try assertFails(
            data: "y,p,w,note\n1,0.5,1,\"two\nlines\"\n\n0,0.2,-1,x\n", ["--weight", "w"],
            message: "eval.csv: line 5: the weight column 'w' has the value -1.0")
        XCTAssertEqual(RecordLine.line(ofRow: 1, path: workspace.path("eval.csv"), format: nil), 5)
        let jsonl = try workspace.write("eval.jsonl", "{\"w\": 1}\n\n{\"w\": -1}\n")
        XCTAssertEqual(RecordLine.line(ofRow: 1, path: jsonl, format: nil), 3)
    }

    /// A results.json of the wrong shape names the line and column, the JSON path, what was
    /// expected and what was found.
    func testResultsOfTheWrongShapeNameTheJSONPath() throws {
        let results = try workspace.write(
            "results.json",
            #"{"schema": "loupe.results/v1", "title": "t", "task": "binary", "label": "y", "threshold": 0.5, "rowCount": 3, "models": ["candidate"], "overall": {"candidate": {"roc_auc": {"value": "high"}}}, "slices": []}"#
        )
        let run = workspace.run(["render", results, "--out", workspace.path("r")])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(
            run.stderr, "loupe: \(results):1:183: overall.candidate.roc_auc.value: expected a number, got \"high\"\n")
    }

    func testUnknownCommandAndHelp() {
        XCTAssertEqual(workspace.run(["frobnicate"]).status, 2)
        let help = workspace.run(["help", "build"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--slice COL"))
        XCTAssertEqual(workspace.run(["--version"]).stdout, "loupe \(Loupe.version)\n")
    }
}
