import Foundation
import XCTest

@testable import LoupeCLI

/// Where `--results`, `--junit` and `--summary` may go, and data files that are not files: each
/// refusal exits 2 with a message saying why, before anything is written.
final class OutputPathTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func build(_ extra: [String], data: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let copied = workspace.path("eval_small.csv")
        let data = try data ?? (FileManager.default.fileExists(atPath: copied) ? copied : workspace.fixture("eval_small.csv"))
        return workspace.run(
            [
                "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
                "--baseline", "b", "--out", workspace.path("site"), "--quiet",
            ] + extra)
    }

    /// Runs a build that must be refused: exit 2, the message, and the workspace as it was.
    private func assertRefused(
        _ extra: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        _ = try workspace.fixture("eval_small.csv")
        let before = workspace.fileState("")
        let run = try build(extra)
        XCTAssertEqual(run.status, 2, run.stderr, file: file, line: line)
        XCTAssertEqual(run.stderr, "loupe: \(message)\n", file: file, line: line)
        XCTAssertEqual(workspace.fileState(""), before, "something was written", file: file, line: line)
    }

    func testResultsOverTheInputDataIsRefused() throws {
        let data = workspace.path("eval_small.csv")
        try assertRefused(
            ["--results", data], "\(data): is the input data (--data); Loupe will not write results.json (--results) over it")
    }

    func testAJUnitReportOverAPageOfTheSiteIsRefusedAndTheOldSiteStays() throws {
        XCTAssertEqual(try build([]).status, 0)
        let page = workspace.path("site/index.html")
        try assertRefused(
            ["--junit", page],
            "\(page): is a file of the site in \(workspace.path("site")); Loupe will not write the JUnit report (--junit) over it"
        )
    }

    func testASummaryAtADeviceOrASymbolicLinkIsRefused() throws {
        try assertRefused(
            ["--summary", "/dev/null"],
            "/dev/null: is a character device; Loupe writes the summary (--summary) only as a regular file and will not replace it"
        )
        let target = try workspace.write("target.md", "mine")
        let link = workspace.path("link.md")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try assertRefused(
            ["--junit", link],
            "\(link): is a symbolic link; Loupe writes the JUnit report (--junit) only as a regular file and will not replace it")
    }

    func testOneFileForTwoOutputsIsRefused() throws {
        let path = workspace.path("ci.txt")
        try assertRefused(
            ["--junit", path, "--summary", path], "\(path): named for both the JUnit report (--junit) and the summary (--summary)"
        )
    }

    func testAnUnwritableCIOutputFailsBeforeTheSiteIsPublishedEvenWhenAGateFailed() throws {
        XCTAssertEqual(try build([]).status, 0)
        let blocker = try workspace.write("blocker", "a file, not a folder")
        let before = workspace.fileState("")
        let run = try build(["--gate", "a:roc_auc >= 0.999", "--junit", blocker + "/junit.xml"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("nothing was changed"), run.stderr)
        XCTAssertEqual(workspace.fileState(""), before)
    }

    func testTheCIOutputsArePublishedWithTheSite() throws {
        let run = try build([
            "--gate", "a:roc_auc >= 0.999", "--junit", workspace.path("ci/junit.xml"), "--summary",
            workspace.path("ci/summary.md"),
            "--results", workspace.path("ci/results.json"),
        ])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(try workspace.read("ci/junit.xml").contains("<testsuite"))
        XCTAssertEqual(try workspace.read("ci/results.json"), try workspace.read("site/results.json"))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: workspace.path("ci")).sorted(),
            [
                "junit.xml", "results.json", "summary.md",
            ])
    }

    func testAFIFOAsDataIsRefusedWithoutWaitingForAWriter() throws {
        let fifo = workspace.path("eval.csv")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let run = try build([], data: fifo)
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, "loupe: \(fifo): not a regular file\n")
    }

    func testAProcFileThatReportsNoSizeIsRefusedNotReadAsEmpty() throws {
        let path = "/proc/self/status"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no /proc here") }
        let run = try build(["--format", "csv"], data: path)
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(
            run.stderr,
            "loupe: \(path): cannot read the file (reports a size of 0 but has content (a /proc or /sys file?); copy it to a regular file first)\n"
        )
    }

    func testEveryRefusedBuildLeavesEveryByteModeAndMtimeAsItWas() throws {
        XCTAssertEqual(try build([]).status, 0)
        try workspace.write("site/notes.md", "mine")
        XCTAssertEqual(mkfifo(workspace.path("site/pipe"), 0o600), 0)
        try FileManager.default.createDirectory(atPath: workspace.path("site/empty"), withIntermediateDirectories: false)
        let config = try workspace.write("loupe.json", "{\"bogus\": 1}")
        let cases: [[String]] = [
            ["--gate", "nonsense >="], ["--label", "missing"], ["--slice", "nope"], [config],
            ["--results", workspace.path("eval_small.csv")], ["--junit", workspace.path("site/index.html")],
            ["--summary", workspace.path("site/.loupe-manifest")], ["--summary", workspace.path("site/pipe")],
            ["--junit", "/dev/null"], ["--junit", workspace.path("site/notes.md/x.xml")],
            ["--gate", "a:roc_auc >= 0.999", "--junit", workspace.path("site")],
        ]
        for extra in cases {
            let before = workspace.fileState("")
            let run = try build(extra)
            XCTAssertEqual(run.status, 2, "\(extra): \(run.stderr)")
            XCTAssertFalse(run.stderr.isEmpty, "\(extra)")
            XCTAssertEqual(workspace.fileState(""), before, "\(extra) changed something: \(run.stderr)")
        }
    }

    func testRenderRefusesToWriteItsCIOutputsOverTheResultsItReads() throws {
        XCTAssertEqual(try build([]).status, 0)
        let results = workspace.path("site/results.json")
        let before = workspace.fileState("")
        let run = workspace.run(["render", results, "--out", workspace.path("again"), "--summary", results])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(
            run.stderr,
            "loupe: \(results): is the results file being rendered; Loupe will not write the summary (--summary) over it\n")
        XCTAssertEqual(workspace.fileState(""), before)
    }
}
