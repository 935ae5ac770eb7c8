import Foundation
import LoupeMarkup
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// The reproducers of issue 11: extreme numbers, non-finite metrics, huge values, control
/// characters in messages, and errors that must name a line and column.
final class HardeningTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func build(_ csv: String, _ flags: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let data = try workspace.write("d.csv", csv)
        return workspace.run(["build", "--data", data, "--out", workspace.path("site")] + flags)
    }

    private func rows(_ count: Int, _ row: (Int) -> String) -> String {
        (0..<count).map(row).joined(separator: "\n") + "\n"
    }

    // MARK: 1. Finite extreme values

    func testAWeightOf1e16BuildsTheSite() throws {
        let csv = "y,p,w,g\n" + rows(40) { "\($0 % 2),0.\($0 % 9 + 1),1e16,\($0 % 2 == 0 ? "a" : "b")" }
        let run = try build(csv, ["--label", "y", "--score", "p", "--weight", "w", "--slice", "g", "--min-slice-size", "5"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try workspace.read("site/model-p.html").contains("4e+17"), "weighted counts are shown")
    }

    func testARegressionPredictionOfTheLargestDoubleBuildsTheSite() throws {
        let csv = "y,p\n1,0.5\n2,1.7976931348623157e308\n3,2\n4,4\n5,4.5\n"
        let run = try build(csv, ["--label", "y", "--score", "p", "--task", "regression"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning: overall.p.mse is not a number (NaN)"), run.stderr)
        let rendered = workspace.run(["render", workspace.path("site/results.json"), "--out", workspace.path("again"), "--quiet"])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
    }

    func testRenderingAResultsFileWhoseOverallCountIs1e20() throws {
        var text = try RenderContractTests.minimalContract
        text = text.replacingOccurrences(
            of: #""candidate": {"roc_auc""#,
            with: #""candidate": {"count": {"value": 1e20}, "weighted_count": {"value": 1e300}, "roc_auc""#)
        XCTAssertTrue(text.contains("1e20"), "the fixture names the overall count")
        let path = try workspace.write("results.json", text)
        let run = workspace.run(["render", path, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    func testHistoryRunsWithTheLargestDoublesDoNotBreakLaterBuilds() throws {
        let csv = "y,p\n" + rows(40) { "\($0 % 2),0.\($0 % 9 + 1)" }
        let first = try build(csv, ["--label", "y", "--score", "p", "--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let earlier = try workspace.read("site/results.json")
        for (name, value) in [("r1", "-1.7976931348623157e308"), ("r2", "1.7976931348623157e308")] {
            let changed = earlier.replacingOccurrences(
                of: #"("value" : )-?[0-9.eE+-]+"#, with: "$1" + value, options: .regularExpression)
            XCTAssertTrue(changed.contains(value))
            try workspace.write("runs/\(name).json", changed)
        }
        let second = workspace.run([
            "build", "--data", workspace.path("d.csv"), "--label", "y", "--score", "p", "--out", workspace.path("site2"),
            "--history", workspace.path("runs"), "--quiet",
        ])
        XCTAssertEqual(second.status, 0, second.stderr)
    }

    // MARK: 2. Metrics that overflow

    func testScoresOf1e200InABinaryTaskWriteNullWithAWarning() throws {
        let csv = "y,p\n" + rows(60) { $0 % 2 == 0 ? "\($0 % 4 == 0 ? 1 : 0),1e200" : "\($0 % 3 == 0 ? 1 : 0),0.4" }
        let run = try build(csv, ["--label", "y", "--score", "p"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning: overall.p.brier is "), run.stderr)
        XCTAssertTrue(run.stderr.contains("too large to compute it in double precision"), run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertNil(results.overall["p"]?["brier"]?.value)
        XCTAssertTrue(results.warnings.contains { $0.hasPrefix("overall.p.brier") })
    }

    func testRegressionPredictionsOf1e160WriteNullWithAWarning() throws {
        let csv = "y,p\n" + rows(60) { "\($0),\($0 % 2 == 0 ? "1e160" : "\($0)")" }
        let run = try build(csv, ["--label", "y", "--score", "p", "--task", "regression"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning: overall.p.mse "), run.stderr)
        let json = try workspace.read("site/results.json")
        XCTAssertFalse(json.contains("loupe-non-finite"), "no placeholder is left in the file")
    }

    /// The probe that spares the two marking encodings must see every number `JSONEncoder` sees:
    /// in keyed, unkeyed and single-value containers, in optionals, dictionaries and nested
    /// arrays, as `Double` and `Float`.
    func testNonFiniteProbeFindsEveryNonFiniteNumberAnEncoderMeets() throws {
        struct Inner: Codable {
            var values: [Double]
            var byName: [String: [Double?]]
            var single: Float
        }
        struct Outer: Codable {
            var name = "x"
            var count = 3
            var inner: [Inner]
            var optional: Double?
        }
        let finite = Inner(values: [1, -0.0, .greatestFiniteMagnitude], byName: ["a": [nil, 2]], single: 1)
        XCTAssertFalse(NonFiniteProbe.finds(in: Outer(inner: [finite, finite], optional: nil)))
        XCTAssertFalse(NonFiniteProbe.finds(in: [String: Double]()))
        var deep = finite
        deep.byName["b"] = [3, .nan]
        XCTAssertTrue(NonFiniteProbe.finds(in: Outer(inner: [finite, deep])))
        deep = finite
        deep.single = -.infinity
        XCTAssertTrue(NonFiniteProbe.finds(in: Outer(inner: [deep])))
        XCTAssertTrue(NonFiniteProbe.finds(in: Outer(inner: [], optional: .infinity)))
        XCTAssertTrue(NonFiniteProbe.finds(in: [[0.5], [Double.nan]]))
    }

    // MARK: 9. Huge values

    func testALongCategoryValueIsCutOnPagesAndKeptWholeInResults() throws {
        let long = String(repeating: "Z", count: 200_000)
        let csv = "y,p,g\n" + rows(60) { "\($0 % 2),0.\($0 % 9 + 1),\($0 % 3 == 0 ? long : "short")" }
        let run = try build(csv, ["--label", "y", "--score", "p", "--slice", "g", "--min-slice-size", "5", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let slices = try workspace.read("site/slices.html")
        XCTAssertFalse(slices.contains(String(repeating: "Z", count: DisplayText.limit + 1)))
        XCTAssertTrue(slices.contains(" characters; the full value is in results.json\">"), "the length in a tooltip")
        XCTAssertLessThan(slices.utf8.count, 200_000, "the value is not copied into the page")
        XCTAssertTrue(try workspace.read("site/results.json").contains(long))
    }

    func testAHugeColumnNameMakesAShortMessage() throws {
        let name = String(repeating: "N", count: 1_000_000)
        let run = try build("y,p\n1,0.5\n0,0.2\n", ["--label", "y", "--score", "p", "--slice", name])
        XCTAssertEqual(run.status, 2)
        XCTAssertLessThan(run.stderr.utf8.count, 2 * TerminalText.messageLimit, "cut, not 1 MB")
        XCTAssertTrue(run.stderr.contains("more characters"), String(run.stderr.prefix(300)))
    }

    // MARK: 10. Control characters from data

    func testControlCharactersInAColumnNameCannotReachTheTerminalOrTheCILog() throws {
        let name = "p\u{1B}]0;owned\u{07}\u{1B}[31m\n::error::boom"
        let quoted = "\"" + name + "\""
        let csv = "y," + quoted + "\n" + rows(40) { "\($0 % 2),\($0 % 2 == 0 ? "1.5" : "0.5")" }
        let run = try build(csv, ["--label", "y", "--score", name])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("lie outside [0, 1]"), run.stderr)
        XCTAssertFalse(run.stderr.contains("\u{1B}"), "no escape sequence")
        XCTAssertFalse(run.stderr.contains("\u{07}"))
        XCTAssertFalse(run.stderr.contains("\n::error"), "no line a CI runner reads as a command")
        XCTAssertTrue(run.stderr.contains("\\u{1B}]0;owned\\u{7}"), run.stderr)
    }

    func testControlCharactersInAValueQuotedByAnErrorAreEscaped() throws {
        let csv = "y,p\n1,0.9\n0,\"\u{1B}[2J\n::error file=x::y\"\n1,0.7\n"
        let run = try build(csv, ["--label", "y", "--score", "p"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("non-numeric value '\\u{1B}[2J\\n::error file=x::y'"), run.stderr)
    }

    /// A failed gate's message names the model and the slice: from the data, so escaped too.
    func testControlCharactersInAFailedGatesSliceAreEscaped() throws {
        let region = "\u{1B}[31mNorth\n::error::x"
        let csv = "y,p,region\n" + rows(80) { "\($0 % 2),\($0 % 2 == 0 ? "0.4" : "0.6"),\"\(region)\"" }
        let run = try build(csv, ["--label", "y", "--score", "p", "--slice", "region", "--gate", "roc_auc <= 0.5 for region"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("gate failed"), run.stderr)
        XCTAssertFalse(run.stderr.contains("\u{1B}"), "no escape sequence")
        XCTAssertFalse(run.stderr.contains("\n::error"), "no line a CI runner reads as a command")
    }

    // MARK: 11. Locations

    private func renderError(_ replace: String, with replacement: String) throws -> String {
        let text = try RenderContractTests.minimalContract.replacingOccurrences(of: replace, with: replacement)
        XCTAssertTrue(text.contains(replacement))
        let path = try workspace.write("results.json", text)
        let run = workspace.run(["render", path, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("site")))
        return run.stderr
    }

    func testAResultsNumberThatIsNotWholeNamesItsLineColumnAndField() throws {
        let message = try renderError(#""rowCount": 6172"#, with: #""rowCount": 1.5"#)
        XCTAssertTrue(message.contains("results.json:7:15: rowCount: expected a whole number, got 1.5"), message)
    }

    func testANegativeRowCountIsRefused() throws {
        let message = try renderError(#""rowCount": 6172"#, with: #""rowCount": -1"#)
        XCTAssertTrue(message.contains("results.json:7:15: rowCount: expected a count (0 or more), got -1"), message)
    }

    func testASliceCountOf1e20IsOutOfRangeAtItsPosition() throws {
        let message = try renderError(#""count": 1621"#, with: #""count": 1e20"#)
        XCTAssertTrue(message.contains("results.json:15:63: slices[0].count: the number 1e20 is out of range"), message)
    }

    func testResultsSyntaxErrorsNameLineAndColumn() throws {
        let message = try renderError(#""rowCount": 6172,"#, with: #""rowCount": 6172,,"#)
        XCTAssertTrue(message.contains("results.json:7:20: not valid JSON: expected a quoted key"), message)
    }

    func testAConfigFileThatIsNotUTF8NamesTheByte() throws {
        let path = workspace.path("loupe.json")
        try Data("{\n  \"title\": \"caf".utf8 + [0xE9] + Data("\"\n}\n".utf8)).write(to: URL(fileURLWithPath: path))
        let run = workspace.run(["build", path])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("loupe.json:2:16: the config file is not UTF-8 text"), run.stderr)
    }

    func testATimestampErrorNamesTheLineAndColumnOfTheBadValue() throws {
        let csv = "y,p,t\n1,0.9,2024-01-01\n0,0.2,2024-01-02\n1,0.7,soon\n0,0.1,2024-01-04\n"
        let run = try build(csv, ["--label", "y", "--score", "p", "--timestamp", "t"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("d.csv:4:7: the timestamp column 't'"), run.stderr)
        XCTAssertTrue(run.stderr.contains("here 'soon'"), run.stderr)
    }
}
