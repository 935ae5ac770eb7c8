import Foundation
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation
@testable import LoupeResults

/// The command line's conventions (issue 10, items 11, 18, 20, 21, 23): suspicious input refused
/// or said out loud, "did you mean", usage on stderr, one message prefix, gates on fairness.
final class CLIConventionTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws { workspace = try TestWorkspace() }
    override func tearDown() { workspace.remove() }

    private func base() throws -> [String] {
        let data = try workspace.fixture("eval_small.csv")
        return ["build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b"]
    }

    func testBareLoupePrintsUsageOnStderrAndExits2() {
        let run = workspace.run([])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("Usage:"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    func testDashCapitalVPrintsTheVersion() {
        let run = workspace.run(["-V"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "loupe \(Loupe.version)\n")
    }

    func testMisspelledCommandFlagAndConfigKeyGetDidYouMean() throws {
        let command = workspace.run(["biuld"])
        XCTAssertEqual(command.status, 2)
        XCTAssertTrue(command.stderr.hasPrefix("loupe: unknown command 'biuld'; did you mean 'build'?"), command.stderr)
        let flag = workspace.run(try base() + ["--treshold", "0.3"])
        XCTAssertEqual(flag.status, 2)
        XCTAssertTrue(flag.stderr.contains("unknown flag '--treshold'"), flag.stderr)
        XCTAssertTrue(flag.stderr.contains("did you mean '--threshold'?"), flag.stderr)
        let demo = workspace.run(["demo", "--row", "2000"])
        XCTAssertTrue(demo.stderr.contains("did you mean '--rows'?"), demo.stderr)
        let config = try workspace.write("loupe.json", #"{"data": "x.csv", "minSlizeSize": 10}"#)
        let key = workspace.run(["build", config])
        XCTAssertEqual(key.status, 2)
        XCTAssertTrue(key.stderr.contains("unknown key 'minSlizeSize' (did you mean 'minSliceSize'?)"), key.stderr)
    }

    func testMisspelledMetricGetsDidYouMeanAndOnlyTheTasksMetrics() throws {
        let run = workspace.run(try base() + ["--gate", "roc_acu >= 0.7", "--out", workspace.path("s")])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("unknown metric 'roc_acu' (did you mean 'roc_auc'?)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("(metrics of a binary task: "), run.stderr)
        XCTAssertFalse(run.stderr.contains("rmse"), "only the inferred task's metrics: \(run.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("s")))
    }

    func testThresholdOutsideZeroOneIsRefusedForABinaryTask() throws {
        for value in ["1.5", "-3"] {
            let run = workspace.run(try base() + ["--threshold", value, "--out", workspace.path("s")])
            XCTAssertEqual(run.status, 2, value)
            XCTAssertTrue(run.stderr.contains("--threshold: expected a number between 0 and 1"), run.stderr)
        }
        XCTAssertEqual(workspace.run(try base() + ["--threshold", "1", "--out", workspace.path("s"), "--quiet"]).status, 0)
    }

    func testInferredTaskIsSaidOnStderrUnlessQuiet() throws {
        let data = try workspace.fixture("diabetes_predictions.csv")
        let args = ["build", "--data", data, "--label", "progression", "--score", "linear", "--out", workspace.path("s")]
        let run = workspace.run(args)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(
            run.stderr.contains("loupe: task: regression (inferred: the label 'progression' is numeric with "), run.stderr)
        XCTAssertFalse(workspace.run(args + ["--quiet"]).stderr.contains("task:"))
        let given = workspace.run(args + ["--task", "regression"])
        XCTAssertFalse(given.stderr.contains("inferred"), given.stderr)
    }

    func testUnknownTemplateFileIsAnErrorNamingItAndTheKnownNames() throws {
        _ = try workspace.write("templates/styles.css", "body {}")
        let run = workspace.run(try base() + ["--templates", workspace.path("templates"), "--out", workspace.path("s")])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("styles.css is not one of the templates; did you mean 'style.css'?"), run.stderr)
        XCTAssertTrue(run.stderr.contains("index.html"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("s")))
    }

    func testWarningsUseTheLoupePrefix() throws {
        let csv = "y,p\n" + (0..<40).map { "\($0 % 2),\(Double($0) / 10)" }.joined(separator: "\n") + "\n"
        let data = try workspace.write("wide.csv", csv)
        let run = workspace.run(["build", "--data", data, "--label", "y", "--score", "p", "--out", workspace.path("s")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("loupe: warning: scores of model 'p' lie outside [0, 1]"), run.stderr)
        for line in run.stderr.split(separator: "\n") { XCTAssertTrue(line.hasPrefix("loupe: "), String(line)) }
    }

    func testDemoHelpStatesTheMinimumRowsAndTheExitStatus() throws {
        let help = try HelpText.text(for: "demo")
        XCTAssertTrue(help.contains("--rows is at least"), help)
        XCTAssertTrue(help.contains("\(DemoCommand.minimumRows)."), help)
        XCTAssertTrue(help.contains("The demo still exits 0"), help)
        XCTAssertEqual(CreditDemo.gates.count, 2, "one gate that passes, one that fails by design")
    }

    /// Item 23: the CI script keeps its files in a private folder, removes it, and prints failing tests whole.
    func testCIScriptUsesPrivateScratchFilesAndShowsFailuresWhole() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/run")
        let text = try String(contentsOf: script, encoding: .utf8)
        XCTAssertTrue(text.contains("mktemp -d"), text)
        XCTAssertTrue(text.contains("trap 'rm -rf \"$scratch\"' EXIT"), text)
        XCTAssertFalse(text.contains("/tmp/loupe-ci-test.log"), text)
        XCTAssertFalse(text.contains("tail -n 40"), text)
        XCTAssertTrue(text.contains("failed \\("), "failing tests are printed whole")
    }

    // MARK: Gates on the fairness analysis (item 20)

    private func fairnessBuild(_ gates: [String], extra: [String] = []) throws -> (Int32, String, Results?) {
        let out = workspace.path("f")
        let run = workspace.run(
            try base() + ["--baseline", "b", "--fairness", "region", "--slice", "segment", "--out", out, "--quiet"]
                + gates.flatMap { ["--gate", $0] } + extra)
        let results = try? ResultsFile.decode(path: out + "/results.json")
        return (run.status, run.stderr, results)
    }

    func testFairnessSummaryGateIsJudgedPerAttribute() throws {
        let (status, stderr, results) = try fairnessBuild(["demographic_parity_difference <= 1"])
        XCTAssertEqual(status, 0, stderr)
        let gates = try XCTUnwrap(results?.gates)
        XCTAssertEqual(gates.count, 1)
        XCTAssertEqual(gates[0].name, "demographic_parity_difference <= 1 for fairness region")
        XCTAssertEqual(gates[0].attribute, "region")
        XCTAssertNil(gates[0].group)
        let summary = results?.fairness.first { $0.model == "a" }?.thresholds.first { $0.threshold == 0.5 }?.summary
        XCTAssertEqual(gates[0].value, summary?["demographic_parity_difference"]?.value)
    }

    func testFairnessRateGateIsJudgedOnEveryGroupAtTheThreshold() throws {
        for spelling in ["fpr <= 1 for fairness region", "fpr <= 1 for region"] {
            let (status, stderr, results) = try fairnessBuild([spelling])
            // The region Tiny has 5 rows: too small to judge, so its gate fails visibly (as a slice's would).
            XCTAssertEqual(status, 1, stderr)
            XCTAssertTrue(stderr.contains("a: fpr for fairness region = Tiny cannot be judged: the group is too small"), stderr)
            XCTAssertEqual(results?.gates.filter { !$0.passed }.map(\.group), ["Tiny"])
            let gates = try XCTUnwrap(results?.gates)
            let groups = results?.fairness.first { $0.model == "a" }?.thresholds.first { $0.threshold == 0.5 }?.groups ?? []
            XCTAssertEqual(gates.count, groups.count, spelling)
            XCTAssertEqual(Set(gates.compactMap(\.group)), Set(groups.map(\.group)))
            XCTAssertTrue(gates.allSatisfy { $0.name.hasPrefix("fpr <= 1 for fairness region = ") }, "\(gates.map(\.name))")
        }
        let (failing, stderr, _) = try fairnessBuild(
            ["a:tpr >= 1.5 for fairness region"],
            extra: ["--junit", workspace.path("j.xml"), "--summary", workspace.path("s.md")])
        XCTAssertEqual(failing, 1, stderr)
        XCTAssertTrue(try workspace.read("j.xml").contains("tpr &gt;= 1.5 for fairness region = "))
        XCTAssertTrue(try workspace.read("s.md").contains("| ❌ | a:tpr >= 1.5 for fairness region = "))
    }

    func testFairnessGateErrorsNameTheFix() throws {
        let cases = [
            (
                "tpr >= 0.5",
                "'tpr' is a fairness rate, measured per group of a fairness attribute; write 'tpr >= 0.5 for fairness region'"
            ),
            ("fpr <= 0.3 for fairness segment", "'segment' is not one of the build's fairness attributes (--fairness region)"),
            ("demographic_parity_difference <= 0.1 for segment", "is a fairness summary, measured per attribute, not per slice"),
            ("demographic_parity_diference <= 0.1", "did you mean 'demographic_parity_difference'?"),
            ("fpr <= previous for fairness region", "a fairness gate cannot use 'previous'"),
        ]
        for (gate, message) in cases {
            let (status, stderr, _) = try fairnessBuild([gate])
            XCTAssertEqual(status, 2, gate)
            XCTAssertTrue(stderr.contains(message), "\(gate) → \(stderr)")
        }
        let none = workspace.run(try base() + ["--gate", "demographic_parity_difference <= 0.1", "--out", workspace.path("n")])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("give --fairness COLUMN"), none.stderr)
    }

    func testFairnessGateParsesForFairnessAttribute() throws {
        let gate = try GateParser.parse("candidate:fpr <= 0.3 for fairness sex,race if significant")
        XCTAssertEqual(gate.fairness, ["sex", "race"])
        XCTAssertNil(gate.slice)
        XCTAssertTrue(gate.requiresSignificance)
        XCTAssertEqual(try GateParser.parse("fpr <= 0.3 for fairness").slice?.columns, ["fairness"], "a column named fairness")
        XCTAssertThrowsError(try GateParser.parse("fpr <= 0.3 for fairness race=White"))
    }
}
