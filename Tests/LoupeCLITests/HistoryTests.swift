import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation
@testable import LoupeSite

/// Run stamps (`--run-id`, `--model-version`, `--run-date`, `"run"`) and `--history`: reading,
/// ordering, gaps, and errors.
final class HistoryTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func arguments(out: String) throws -> [String] {
        [
            "build", "--data", try workspace.fixture("eval_small.csv"), "--label", "y", "--positive-label", "yes",
            "--score", "a=p_a", "--score", "b=p_b", "--baseline", "b", "--slice", "region", "--slice", "region,segment",
            "--bootstrap", "0", "--out", workspace.path(out), "--quiet",
        ]
    }

    /// A real build's results, to derive earlier runs from.
    private func baseResults() throws -> Results {
        let run = workspace.run(try arguments(out: "base"))
        XCTAssertEqual(run.status, 0, run.stderr)
        return try ResultsFile.decode(path: workspace.path("base/results.json"))
    }

    private func save(_ results: Results, _ name: String) throws {
        let url = URL(fileURLWithPath: workspace.path(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try ResultsFile.encode(results)).write(to: url)
    }

    // MARK: Stamps

    func testRunStampFlagsGoIntoResultsProvenanceAndFooter() throws {
        let run = workspace.run(
            try arguments(out: "site") + [
                "--run-id", "build-42", "--model-version", "v1.3", "--run-date", "2026-10-01T14:30:00Z",
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertEqual(results.run, RunStamp(id: "build-42", modelVersion: "v1.3", date: "2026-10-01T14:30:00Z"))
        XCTAssertNil(results.history)
        let configuration = results.provenance.configuration.joined(separator: " ")
        XCTAssertTrue(
            configuration.contains("--run-id build-42 --model-version v1.3 --run-date 2026-10-01T14:30:00Z"), configuration)
        let index = try workspace.read("site/index.html")
        XCTAssertTrue(index.contains("<dd>id build-42, model version v1.3, dated 2026-10-01T14:30:00Z</dd>"))
        XCTAssertFalse(index.contains("history.html"), "no History page without earlier runs")
    }

    func testConfigFileRunAndHistoryKeys() throws {
        let options = try ConfigFile.parse(
            #"{"run": {"id": "7", "modelVersion": "v2", "date": "2026-01-31"}, "history": ["runs", "/abs/r1.json"]}"#,
            file: "conf/loupe.json", baseFolder: "conf")
        XCTAssertEqual(options.runID, "7")
        XCTAssertEqual(options.modelVersion, "v2")
        XCTAssertEqual(options.runDate, "2026-01-31")
        XCTAssertEqual(options.history, ["conf/runs", "/abs/r1.json"])
        let flags = try BuildFlags.parse(["--run-id", "8", "--history", "a", "--history=b"]).options
        XCTAssertEqual(flags.overriding(options).runID, "8")
        XCTAssertEqual(flags.overriding(options).modelVersion, "v2")
        XCTAssertEqual(flags.overriding(options).history, ["a", "b"])
        XCTAssertThrowsError(try ConfigFile.parse(#"{"run": {"version": "v2"}}"#, file: "c.json", baseFolder: "")) { error in
            XCTAssertEqual("\(error)", "c.json:1:10: run: unknown key 'version' (expected id, modelVersion or date)")
        }
        XCTAssertThrowsError(try ConfigFile.parse(#"{"run": {"id": 7}}"#, file: "c.json", baseFolder: ""))
    }

    func testRunDateMustBeAnISO8601DateOrDateTime() throws {
        for valid in [
            "2026-10-01", "2024-02-29", "2026-10-01T14:30", "2026-10-01T14:30:05", "2026-10-01T14:30:05.25Z",
            "2026-10-01T14:30:05+02:00", "2026-10-01T14:30-0530",
        ] {
            XCTAssertTrue(RunDate.isValid(valid), valid)
        }
        for invalid in [
            "", "2026-13-01", "2025-02-29", "2026-1-01", "01/10/2026", "2026-10-01T25:00", "2026-10-01 14:30",
            "2026-10-01T14:30Zulu", "yesterday",
        ] {
            XCTAssertFalse(RunDate.isValid(invalid), invalid)
        }
        let run = workspace.run(try arguments(out: "site") + ["--run-date", "2026-13-01"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("--run-date: '2026-13-01' is not an ISO 8601 date"), run.stderr)
    }

    func testVersionsCompareNumbersAsNumbers() {
        XCTAssertTrue(HistoryReader.versionPrecedes("v1.9", "v1.10"))
        XCTAssertFalse(HistoryReader.versionPrecedes("v1.10", "v1.9"))
        XCTAssertTrue(HistoryReader.versionPrecedes("v1", "v1.0.1"))
        XCTAssertTrue(HistoryReader.versionPrecedes("run-2", "run-10"))
    }

    // MARK: History

    func testHistoryOrderGapsExtraModelAndDifferentSliceSets() throws {
        let base = try baseResults()
        let weakest = try XCTUnwrap(
            base.slices.filter { $0.spec == ["region"] && !$0.tooSmall }.max {
                ($0.gap["a"]?.worse ?? 0) < ($1.gap["a"]?.worse ?? 0)
            })
        let label = "region = \(weakest.key["region"] ?? "")"

        // January: the weakest slice is missing.
        var january = base
        january.run = RunStamp(id: "jan", modelVersion: "v1.2", date: "2026-01-15")
        january.slices.removeAll { $0 == weakest }
        try save(january, "runs/c_january.json")
        // February, two versions: v1.10 after v1.9; v1.10 adds a model and drops the cross.
        var february9 = base
        february9.run = RunStamp(id: "feb-a", modelVersion: "v1.9", date: "2026-02-01")
        try save(february9, "runs/b_february.json")
        var february10 = base
        february10.run = RunStamp(id: "feb-b", modelVersion: "v1.10", date: "2026-02-01")
        february10.models.append("c")
        february10.overall["c"] = base.overall["a"]
        february10.slices.removeAll { $0.spec.count > 1 }
        try save(february10, "runs/a_february.json")

        let run = workspace.run(
            try arguments(out: "site") + [
                "--run-id", "mar", "--run-date", "2026-03-01", "--history", workspace.path("runs"),
                "--results", workspace.path("runs/current.json"),
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        let history = try XCTUnwrap(results.history)
        XCTAssertEqual(history.map(\.run.id), ["jan", "feb-a", "feb-b"])
        XCTAssertEqual(
            history.map { ($0.source as NSString).lastPathComponent }, ["c_january.json", "b_february.json", "a_february.json"])
        XCTAssertEqual(history[2].models, ["a", "b", "c"])
        XCTAssertEqual(history[0].rowCount, base.rowCount)
        XCTAssertTrue(history.allSatisfy { $0.slices.allSatisfy(\.gap.isEmpty) }, "history keeps values, not gaps")

        let page = try workspace.read("site/history.html")
        XCTAssertTrue(page.contains("\(label) was not among the slices of run jan."), "the missing slice is a gap, explained")
        XCTAssertTrue(page.contains("Not sliced by region × segment in run feb-b."))
        XCTAssertTrue(page.contains("not evaluated"), "model c is not in the other runs")
        XCTAssertTrue(page.contains("<title>c</title>"), "model c gets a line of its own")
        XCTAssertTrue(page.contains("in the previous run (v1.10, 2026-02-01)"))
        XCTAssertTrue(try workspace.read("site/index.html").contains(#"<a href="history.html">History</a>"#))

        // Built again, this run's own results file in the folder is not its own history.
        let again = workspace.run(
            try arguments(out: "site") + [
                "--run-id", "mar", "--history", workspace.path("runs"), "--results", workspace.path("runs/current.json"),
            ])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try ResultsFile.decode(path: workspace.path("site/results.json")).history?.count, 3)
    }

    func testUnstampedRunsAreOrderedAndLabelledByFileName() throws {
        let base = try baseResults()
        for name in ["b", "a", "c"] { try save(base, "runs/\(name).json") }
        try save(base, "runs/.hidden.json")
        try workspace.write("runs/notes.txt", "not json")
        let run = workspace.run(try arguments(out: "site") + ["--history", workspace.path("runs")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let history = try XCTUnwrap(try ResultsFile.decode(path: workspace.path("site/results.json")).history)
        XCTAssertEqual(history.map { ($0.source as NSString).lastPathComponent }, ["a.json", "b.json", "c.json"])
        XCTAssertTrue(history.allSatisfy { $0.run == RunStamp() })
        let page = try workspace.read("site/history.html")
        XCTAssertTrue(page.contains("in the previous run (c):"), "labelled by file name")
        XCTAssertTrue(page.contains(">this run</text>"), "the current run is marked")
    }

    func testANonResultsJSONFileInTheHistoryFolderIsAnErrorNamingIt() throws {
        try save(try baseResults(), "runs/r1.json")
        try workspace.write("runs/settings.json", #"{"theme": "dark"}"#)
        let run = workspace.run(try arguments(out: "site") + ["--history", workspace.path("runs")])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stderr.contains(
                "\(workspace.path("runs/settings.json")):1:1: --history: not a Loupe results file: missing 'schema'"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("site")))

        let missing = workspace.run(try arguments(out: "site") + ["--history", workspace.path("nowhere")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such file or folder"), missing.stderr)
    }

    func testRenderReadsHistoryToo() throws {
        var earlier = try baseResults()
        earlier.run = RunStamp(modelVersion: "v1", date: "2026-01-01")
        try save(earlier, "runs/r1.json")
        let run = workspace.run([
            "render", workspace.path("base/results.json"), "--history", workspace.path("runs/r1.json"), "--out",
            workspace.path("rendered"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try ResultsFile.decode(path: workspace.path("rendered/results.json")).history?.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("rendered/history.html")))
        // Rendering the written results again keeps the history it carries.
        let again = workspace.run([
            "render", workspace.path("rendered/results.json"), "--out", workspace.path("again"), "--quiet",
        ])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("again/history.html")))
    }

    // MARK: Runs on other data, and runs told apart by folder (issue 10, item 11)

    func testARunOnDifferentDataIsAWarningNamingTheFile() throws {
        _ = try baseResults()
        let same = workspace.run(try arguments(out: "same") + ["--history", workspace.path("base/results.json")])
        XCTAssertEqual(same.status, 0, same.stderr)
        let sameResults = try ResultsFile.decode(path: workspace.path("same/results.json"))
        XCTAssertFalse(sameResults.warnings.contains { $0.contains("different data") }, "\(sameResults.warnings)")

        let lines = try String(contentsOfFile: try workspace.fixture("eval_small.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let shorter = try workspace.write("shorter.csv", lines.dropLast(11).joined(separator: "\n") + "\n")
        var args = try arguments(out: "other")
        args[2] = shorter
        let other = workspace.run(
            args.filter { $0 != "--quiet" } + ["--history", workspace.path("base/results.json")])
        XCTAssertEqual(other.status, 0, other.stderr)
        let message = "--history \(workspace.path("base/results.json")) was computed from different data (its data's SHA-256 is "
        XCTAssertTrue(other.stderr.contains("loupe: warning: " + message), other.stderr)
        XCTAssertTrue(other.stderr.contains("rows, this run "), other.stderr)
        let results = try ResultsFile.decode(path: workspace.path("other/results.json"))
        XCTAssertTrue(results.warnings.contains { $0.hasPrefix(message) }, "\(results.warnings)")
    }

    func testUnstampedRunsInTheirOwnFoldersAreLabelledByFolderAndFile() {
        let labels = HistoryPage.fileLabels(["ci/a/results.json", "ci/b/results.json", "runs/r1.json"])
        XCTAssertEqual(labels, ["ci/a/results.json": "a/results", "ci/b/results.json": "b/results", "runs/r1.json": "r1"])
    }
}
