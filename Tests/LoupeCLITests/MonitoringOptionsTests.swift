import LoupeEvaluation
import LoupeMetrics
import XCTest

@testable import LoupeCLI

/// `--window`, `--reference-window` and `--detector`: parsed, checked against each other and
/// the task, recorded in provenance, and read from a config file.
final class MonitoringOptionsTests: XCTestCase {
    private let base = ["--data", "eval.csv", "--label", "y", "--score", "m=p", "--timestamp", "t"]

    private func settings(_ extra: [String], base: [String]? = nil) throws -> BuildSettings {
        try BuildSettings.resolve(try BuildFlags.parse((base ?? self.base) + extra).options)
    }

    private func usageError(_ extra: [String], base: [String]? = nil) -> String {
        do {
            _ = try settings(extra, base: base)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWindowReferenceAndDetectorsReachTheSettingsAndProvenance() throws {
        let resolved = try settings([
            "--window", "week", "--reference-window", "0..3", "--detector", "ddm",
            "--detector", "page_hinkley:threshold=20,mode=up",
        ])
        XCTAssertEqual(resolved.window, .week)
        XCTAssertEqual(resolved.referenceWindows, ReferenceWindows(first: 0, last: 3))
        XCTAssertEqual(resolved.detectors?.map(\.kind), [.ddm, .pageHinkley])
        guard case .pageHinkley(let parameters) = resolved.detectors?.last?.configuration else {
            return XCTFail("not page_hinkley")
        }
        XCTAssertEqual(parameters.threshold, 20)
        let recorded = resolved.recordedConfiguration.arguments(task: .binary, dataFile: "d.csv")
        let tail = Array(recorded.suffix(8))
        XCTAssertEqual(
            tail,
            [
                "--window", "week", "--reference-window", "0..3", "--detector", "ddm", "--detector",
                "page_hinkley:threshold=20,mode=up",
            ])
    }

    func testRowWindowsNeedNoTimestamp() throws {
        let resolved = try settings(["--window", "500"], base: ["--data", "e.csv", "--label", "y", "--score", "p"])
        XCTAssertEqual(resolved.window, .rows(500))
        XCTAssertNil(resolved.detectors, "nil: the default set, chosen once the task is known")
    }

    func testBadWindowsAreUsageErrorsWithDidYouMean() {
        XCTAssertEqual(
            usageError(["--window", "wek"]),
            "--window: expected day, week, month, quarter or a number of rows (1 or more), got 'wek'; did you mean 'week'?")
        XCTAssertTrue(usageError(["--window", "0"]).hasPrefix("--window: expected"))
        XCTAssertEqual(
            usageError(["--window", "month"], base: ["--data", "e.csv", "--label", "y", "--score", "p"]),
            "--window month: a calendar window needs --timestamp COL (or give a number of rows)")
    }

    func testReferenceWindowMustBeARangeAndNeedsAWindow() {
        XCTAssertTrue(usageError(["--window", "week", "--reference-window", "3..1"]).hasPrefix("--reference-window: expected"))
        XCTAssertTrue(usageError(["--window", "week", "--reference-window", "2"]).hasPrefix("--reference-window: expected"))
        XCTAssertEqual(
            usageError(["--reference-window", "0..1"]), "--reference-window: needs --window (the windows it names)")
    }

    func testUnknownDetectorsAndParametersGetDidYouMean() {
        XCTAssertEqual(
            usageError(["--window", "week", "--detector", "adwn"]),
            "--detector: unknown drift detector 'adwn'; did you mean 'adwin'? valid detectors: ddm, eddm, hddm_a, hddm_w, adwin, page_hinkley, lfr, hdddm, md3"
        )
        XCTAssertEqual(
            usageError(["--window", "week", "--detector", "ddm:warmstart=30"]),
            "--detector ddm:warmstart=30: ddm has no parameter 'warmstart'; did you mean 'warm_start'? valid parameters: warm_start, warning_threshold, drift_threshold"
        )
        XCTAssertTrue(
            usageError(["--window", "week", "--detector", "adwin:delta=-1"]).hasPrefix("--detector adwin:delta=-1: adwin:"))
        XCTAssertEqual(
            usageError(["--window", "week", "--detector", "ddm:warm_start"]),
            "--detector ddm:warm_start: expected key=value, got 'warm_start'")
        XCTAssertEqual(
            usageError(["--detector", "ddm"]), "--detector ddm: needs --window (detectors run over the windowed stream)")
    }

    func testDetectorsMustFitTheTask() {
        XCTAssertEqual(
            usageError(["--task", "regression", "--window", "week", "--detector", "ddm"]),
            "--detector ddm: watches a classifier's 0/1 error stream; for a regression use adwin or page_hinkley (residuals)")
        XCTAssertEqual(
            usageError(["--task", "regression", "--window", "week", "--detector", "lfr"]),
            "--detector lfr: needs a binary classifier, not a regression task")
        XCTAssertEqual(
            usageError(["--window", "week", "--detector", "ddm"], base: ["--data", "e.csv", "--timestamp", "t"]),
            "--detector ddm: needs a model (give --label and --score); a data-only build runs hdddm only")
        XCTAssertEqual(
            usageError(["--window", "week", "--detector", "hdddm"], base: ["--data", "e.csv", "--timestamp", "t"]),
            "no error", "a data-only build monitors its features")
    }

    func testDefaultDetectorSetsByTask() {
        XCTAssertEqual(
            DetectorRequest.defaultSet(for: .binary).map(\.kind), [.ddm, .hddmA, .adwin, .pageHinkley, .md3, .hdddm])
        XCTAssertEqual(DetectorRequest.defaultSet(for: .regression).map(\.kind), [.adwin, .pageHinkley, .hdddm])
        XCTAssertEqual(DetectorRequest.defaultSet(for: nil).map(\.kind), [.hdddm])
        XCTAssertEqual(ReferenceWindows.defaultPeriod(windowCount: 20), ReferenceWindows(first: 0, last: 3))
        XCTAssertEqual(ReferenceWindows.defaultPeriod(windowCount: 5), ReferenceWindows(first: 0, last: 1))
        XCTAssertEqual(ReferenceWindows.defaultPeriod(windowCount: 1), ReferenceWindows(first: 0, last: 0))
    }

    func testConfigFileReadsWindowReferenceWindowAndDetectors() throws {
        let options = try ConfigFile.parse(
            #"{"window": 250, "referenceWindow": "1..2", "detectors": ["eddm", "adwin:delta=0.01"]}"#, file: "c.json",
            baseFolder: ".")
        XCTAssertEqual(options.window, .rows(250))
        XCTAssertEqual(options.referenceWindow, ReferenceWindows(first: 1, last: 2))
        XCTAssertEqual(options.detectors?.map(\.flagText), ["eddm", "adwin:delta=0.01"])
        XCTAssertThrowsError(try ConfigFile.parse(#"{"detectors": ["ddn"]}"#, file: "c.json", baseFolder: ".")) { error in
            XCTAssertTrue("\(error)".hasPrefix("c.json:1:16: --detector: unknown drift detector 'ddn'"), "\(error)")
        }
        XCTAssertThrowsError(try ConfigFile.parse(#"{"window": "fortnight"}"#, file: "c.json", baseFolder: ".")) { error in
            XCTAssertTrue("\(error)".hasPrefix("c.json:1:12: --window: expected"), "\(error)")
        }
    }
}
