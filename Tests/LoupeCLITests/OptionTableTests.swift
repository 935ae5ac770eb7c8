import LoupeEvaluation
import XCTest

@testable import LoupeCLI

/// The build option table drives parsing, merging, settings and provenance: an option set on
/// the command line must reach the settings and, where recorded, results.json in table order.
final class OptionTableTests: XCTestCase {
    func testEveryFlagReachesTheSettingsAndTheRecordedConfiguration() throws {
        let parsed = try BuildFlags.parse([
            "--title", "T", "--description", "D", "--data", "eval.csv", "--format", "csv", "--task", "binary",
            "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b", "--baseline", "b",
            "--slice", "region", "--bins", "age=18,30", "--bins", "income=4", "--fairness", "sex",
            "--fairness-thresholds", "0.3", "--cost-ratio", "2", "--weight", "w", "--timestamp", "t",
            "--threshold", "0.4", "--min-slice-size", "5", "--bootstrap", "0", "--seed", "7", "--confidence", "0.9",
            "--out", "o", "--results", "r.json", "--templates", "tp", "--quiet", "--run-id", "run-1",
            "--model-version", "v2", "--run-date", "2026-10-01", "--history", "h", "--gate", "roc_auc >= baseline",
            "--junit", "j.xml", "--summary", "s.md",
        ])
        let settings = try BuildSettings.resolve(parsed.options)
        XCTAssertEqual(settings.title, "T")
        XCTAssertEqual(settings.description, "D")
        XCTAssertEqual(settings.format, .csv)
        XCTAssertEqual(settings.task, .binary)
        XCTAssertEqual(settings.positiveLabel, "yes")
        XCTAssertEqual(settings.baseline, "b")
        XCTAssertEqual(settings.costRatio, 2)
        XCTAssertEqual(settings.weight, "w")
        XCTAssertEqual(settings.timestamp, "t")
        XCTAssertEqual(settings.threshold, 0.4)
        XCTAssertEqual(settings.minSliceSize, 5)
        XCTAssertEqual(settings.bootstrap, 0)
        XCTAssertEqual(settings.seed, 7)
        XCTAssertEqual(settings.confidence, 0.9)
        XCTAssertEqual(settings.outFolder, "o")
        XCTAssertEqual(settings.resultsPath, "r.json")
        XCTAssertEqual(settings.templatesFolder, "tp")
        XCTAssertTrue(settings.quiet)
        XCTAssertEqual(settings.junitPath, "j.xml")
        XCTAssertEqual(settings.summaryPath, "s.md")
        XCTAssertEqual(
            settings.recordedConfiguration.arguments(task: .binary, dataFile: "data.csv"),
            [
                "--data", "data.csv", "--task", "binary", "--label", "y", "--positive-label", "yes",
                "--score", "a=p_a", "--score", "b=p_b", "--baseline", "b", "--slice", "region",
                "--bins", "age=18,30", "--bins", "income=4", "--fairness", "sex",
                "--fairness-thresholds", "0.3,0.4", "--cost-ratio", "2", "--weight", "w", "--timestamp", "t",
                "--threshold", "0.4", "--min-slice-size", "5", "--bootstrap", "0", "--seed", "7",
                "--confidence", "0.9", "--run-id", "run-1", "--model-version", "v2", "--run-date", "2026-10-01",
                "--history", "h", "--gate", "roc_auc >= baseline",
            ])
        XCTAssertFalse(
            settings.recordedConfiguration.arguments(task: .regression, dataFile: "data.csv").contains("--threshold"))
    }

    func testEveryFlagIsOnTheHelpPage() throws {
        let page = try HelpText.text(for: "build")
        for option in BuildOptions.table {
            guard let synopsis = option.synopsis else { continue }
            XCTAssertTrue(page.contains(synopsis), synopsis)
        }
    }

    func testConfigKeysFollowTheTable() {
        XCTAssertEqual(
            ConfigFile.keys,
            [
                "title", "description", "data", "format", "task", "label", "positiveLabel", "scores", "baseline",
                "slices", "bins", "fairness", "fairnessThresholds", "costRatio", "weight", "timestamp", "threshold",
                "minSliceSize", "bootstrap", "seed", "confidence", "out", "results", "templates", "run", "history",
                "gates", "junit", "summary", "card", "reference", "schema", "environment", "window", "referenceWindow",
                "detectors",
            ])
    }
}
