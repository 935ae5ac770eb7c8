import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// The overview warns when a result is an artifact: log loss made by a few scores of exactly 0
/// or 1, a threshold that selects almost nobody, slices below the pooled AUC because the slice
/// column separates the classes.
final class ArtifactWarningTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// 400 rows in two groups with different positive rates; `clipped` scores some rows exactly
    /// 1 (a few of them negatives); `shy` is a model that scores everyone below 0.5 but one row in
    /// a hundred.
    private func data() throws -> String {
        var lines = ["y,clipped,shy,group"]
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<400 {
            let group = i % 2 == 0 ? "A" : "B"
            let y = uniform() < (group == "A" ? 0.25 : 0.6) ? 1 : 0
            let noise = uniform()
            var clipped = min(0.95, max(0.05, 0.3 * Double(y) + 0.2 * (group == "B" ? 1 : 0) + 0.5 * noise))
            if i % 20 == 0 { clipped = 1 }
            let shy = i % 100 == 0 ? 0.6 : 0.1 + 0.3 * noise * 0.5 + 0.1 * Double(y)
            lines.append("\(y),\(clipped),\(shy),\(group)")
        }
        return try workspace.write("artifacts.csv", lines.joined(separator: "\n") + "\n")
    }

    func testOverviewWarnsOfClippedScoresADegenerateThresholdAndPooledSlices() throws {
        let data = try data()
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "clipped", "--score", "shy", "--slice", "group", "--out",
            workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        let clipped = try XCTUnwrap(results.warnings.first { $0.hasPrefix("clipped: ") }, "\(results.warnings)")
        XCTAssertTrue(clipped.contains("rows scored exactly 0 or 1 are on the wrong side"))
        XCTAssertTrue(
            results.warnings.contains { $0.hasPrefix("shy selects 1.0% of the rows at threshold 0.5 — almost nobody") },
            "\(results.warnings)")
        XCTAssertFalse(results.warnings.contains { $0.hasPrefix("clipped selects") })
        let index = try workspace.read("site/index.html")
        XCTAssertTrue(index.contains("almost nobody"), "the overview shows the warnings")
    }

    func testEverySliceBelowThePooledAUCIsExplainedOnce() throws {
        // Scores that separate the groups (B scores higher and has more positives) but barely rank
        // within a group: the pooled AUC exceeds every group's.
        var lines = ["y,score,group"]
        for i in 0..<600 {
            let group = i % 2 == 0 ? "A" : "B"
            let positive = group == "A" ? i % 10 < 2 : i % 10 < 7
            let jitter = Double((i * 37) % 100) / 1000
            let score = (group == "B" ? 0.6 : 0.2) + jitter + (positive ? 0.02 : 0)
            lines.append("\(positive ? 1 : 0),\(score),\(group)")
        }
        let data = try workspace.write("pooled.csv", lines.joined(separator: "\n") + "\n")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "m=score", "--slice", "group", "--out", workspace.path("p"),
            "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("p/results.json"))
        let pooled = results.warnings.filter {
            $0.hasPrefix("Every slice of group (for m) has a lower ROC AUC than the whole data")
        }
        XCTAssertEqual(pooled.count, 1, "\(results.warnings)")
    }
}
