import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// The gate grammar: every form parses to the right value; every mistake is a usage error that
/// names the gate and the column where the problem starts.
final class GateParserTests: XCTestCase {
    func testContractExamplesParse() throws {
        let plain = try GateParser.parse("roc_auc >= 0.75")
        XCTAssertNil(plain.model)
        XCTAssertEqual(plain.metric, "roc_auc")
        XCTAssertEqual(plain.comparison, .atLeast)
        XCTAssertEqual(plain.bound, .number(0.75))
        XCTAssertNil(plain.slice)
        XCTAssertFalse(plain.requiresSignificance)

        let relative = try GateParser.parse("candidate:log_loss <= baseline * 1.02")
        XCTAssertEqual(relative.model, "candidate")
        XCTAssertEqual(relative.metric, "log_loss")
        XCTAssertEqual(relative.comparison, .atMost)
        XCTAssertEqual(relative.bound, .relative(.baseline, .times(1.02)))
        XCTAssertEqual(relative.boundText, "baseline * 1.02")

        let sliced = try GateParser.parse("fpr <= 0.3 for race")
        XCTAssertEqual(sliced.slice?.columns, ["race"])
        XCTAssertEqual(sliced.slicePosition, 16)
    }

    func testEveryBoundFormAndSuffix() throws {
        XCTAssertEqual(try GateParser.parse("accuracy > baseline").bound, .relative(.baseline, .none))
        XCTAssertEqual(try GateParser.parse("accuracy > baseline + 0.01").bound, .relative(.baseline, .plus(0.01)))
        XCTAssertEqual(try GateParser.parse("accuracy>baseline-0.01").bound, .relative(.baseline, .minus(0.01)))
        XCTAssertEqual(try GateParser.parse("rmse < previous * 1.1").bound, .relative(.previous, .times(1.1)))
        XCTAssertEqual(try GateParser.parse("mean_residual >= -2.5e1").bound, .number(-25))
        let cross = try GateParser.parse("  m odel : recall >= 0.6 for sex, race if significant ")
        XCTAssertEqual(cross.model, "m odel")
        XCTAssertEqual(cross.slice?.columns, ["sex", "race"])
        XCTAssertTrue(cross.requiresSignificance)
        XCTAssertEqual(cross.text, "m odel : recall >= 0.6 for sex, race if significant")
        XCTAssertTrue(try GateParser.parse("roc_auc >= baseline significant").requiresSignificance)
        XCTAssertEqual(
            try GateParser.parse("roc_auc >= baseline significant").name(rowsLabel: nil), "roc_auc >= baseline if significant")
    }

    /// Each bad expression fails with the gate's text and the column of the first bad character.
    func testErrorsNameTheGateAndThePosition() {
        let cases: [(String, Int, String)] = [
            ("roc_auc >= basline", 12, "expected a number, 'baseline' or 'previous', found 'basline'"),
            ("roc_auc => 0.7", 9, "expected a comparison (>=, <=, > or <), found '=>'"),
            ("roc_auc == 0.7", 9, "expected a comparison"),
            (">= 0.7", 1, "expected a metric name"),
            ("roc_auc >=", 11, "found the end"),
            ("roc_auc >= baseline *", 22, "expected a number after 'baseline *', found the end"),
            ("roc_auc >= baseline * 0", 23, "needs X > 0"),
            ("roc_auc >= 0.7 per race", 16, "expected 'for SPEC', 'if significant' or the end, found 'per'"),
            ("roc_auc >= 0.7 for", 19, "expected a slicing spec after 'for'"),
            ("roc_auc >= 0.7 for sex,,race", 20, "an empty column name"),
            ("roc_auc >= 0.7 if sure", 19, "expected 'significant' after 'if', found 'sure'"),
            (": roc_auc >= 0.7", 1, "expected a model name before ':'"),
            ("roc_auc >= 0.7x", 15, "found 'x'"),
        ]
        for (text, column, message) in cases {
            XCTAssertThrowsError(try GateParser.parse(text), text) { error in
                guard case LoupeError.usage(let got) = error else { return XCTFail("\(text): \(error)") }
                XCTAssertTrue(got.hasPrefix("gate '\(text)': column \(column): "), "\(text) → \(got)")
                XCTAssertTrue(got.contains(message), "\(text) → \(got)")
            }
        }
    }

    func testValidationAgainstTheBuild() throws {
        let slices = [try SliceRequest.parse("race"), try SliceRequest.parse("sex,race")]
        func check(_ text: String, task: ModelTask? = .binary, baseline: String? = "benchmark") throws {
            try GateParser.validate(
                GateParser.parse(text), models: ["candidate", "benchmark"], baseline: baseline, slices: slices, task: task)
        }
        XCTAssertNoThrow(try check("roc_auc >= baseline for sex,race"))
        XCTAssertNoThrow(try check("rmse <= 3", task: nil))
        func assertUsage(_ text: String, _ fragment: String, task: ModelTask? = .binary, baseline: String? = "benchmark") {
            XCTAssertThrowsError(try check(text, task: task, baseline: baseline), text) { error in
                guard case LoupeError.usage(let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(fragment), "\(text) → \(message)")
            }
        }
        assertUsage(
            "roc_au >= 0.7", "column 1: unknown metric 'roc_au' (did you mean 'roc_auc'?) (metrics of a binary task: count,")
        assertUsage("rmse <= 3", "unknown metric 'rmse'")
        assertUsage("r2 >= 0.1", "unknown metric 'r2'", task: .binary)
        assertUsage("rocket:roc_auc >= 0.7", "column 1: 'rocket' is not one of the models (candidate, benchmark)")
        assertUsage("roc_auc >= baseline", "needs a baseline model", baseline: nil)
        assertUsage(
            "fpr <= 0.3 for region",
            "column 16: 'region' is not one of the build's slicing specs (--slice race, --slice sex,race)")
        assertUsage("fpr <= 0.3 for race,sex", "'race,sex' is not one of the build's slicing specs")
    }

    /// `--gate` errors are exit 2 with nothing written; config gates carry the file position.
    func testBadGatesAreUsageErrorsBeforeAnyWork() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let data = try workspace.fixture("eval_small.csv")
        let base = ["build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b"]
        let out = workspace.path("site")
        let bad = workspace.run(base + ["--baseline", "b", "--gate", "roc_auc >= basline", "--out", out])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(
            bad.stderr,
            "loupe: --gate: gate 'roc_auc >= basline': column 12: expected a number, 'baseline' or 'previous', found 'basline'\n")
        let spec = workspace.run(base + ["--slice", "region", "--gate", "fpr <= 0.3 for segment", "--out", out])
        XCTAssertEqual(spec.status, 2)
        XCTAssertTrue(
            spec.stderr.contains("column 16: 'segment' is not one of the build's slicing specs (--slice region)"), spec.stderr)
        let metric = workspace.run(base + ["--gate", "rmse <= 1", "--out", out])
        XCTAssertEqual(metric.status, 2, "a regression metric on a binary task")
        XCTAssertTrue(metric.stderr.contains("unknown metric 'rmse' (metrics of a binary task"), metric.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        let config = try workspace.write(
            "loupe.json",
            """
            {
              "data": "eval_small.csv", "label": "y", "positiveLabel": "yes",
              "scores": {"a": "p_a", "b": "p_b"}, "baseline": "b",
              "gates": ["roc_auc >= baseline", "roc_auc >= 0.7 if"]
            }
            """)
        let fromFile = workspace.run(["build", config, "--out", out])
        XCTAssertEqual(fromFile.status, 2)
        XCTAssertTrue(
            fromFile.stderr.contains("loupe.json:4:36: gate 'roc_auc >= 0.7 if': column 18: expected 'significant' after 'if'"),
            fromFile.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
