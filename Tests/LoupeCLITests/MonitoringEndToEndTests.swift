import Foundation
import LoupeDemo
import LoupeMetrics
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// `loupe build --window`: metrics per window like a slice's, control limits from the reference
/// windows, alarms after it, distributions per window, gaps kept; results conform to the schema.
final class MonitoringEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// Eight weeks of 60 rows a week from Monday 2024-01-01 (the fifth left empty), with the
    /// timestamps written in several zones; the model is right on every row for four weeks, then
    /// wrong on a third of them.
    static func weeklyData() -> String { weekly().text }

    /// The data and, independently of the build, its rows in time order as (label, score, x).
    static func weekly() -> (text: String, timeOrdered: [(y: Int, p: Double, x: Double)]) {
        var rows: [(key: Int, y: Int, p: Double, x: Double)] = []
        var lines = ["t,y,p,x"]
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for week in 0..<8 where week != 4 {
            for i in 0..<60 {
                let day = 1 + week * 7 + i % 7
                let month = day > 31 ? 2 : 1
                let dayOfMonth = day > 31 ? day - 31 : day
                let stamp = String(format: "2024-%02d-%02dT%02d:30:00", month, dayOfMonth, 8 + i % 10)
                // The same instant in UTC and at +02:00.
                let zoned =
                    i % 2 == 0 ? stamp + "Z" : String(format: "2024-%02d-%02dT%02d:30:00+02:00", month, dayOfMonth, 10 + i % 10)
                let y = i % 2
                let wrong = week >= 5 && i % 3 == 0
                let p = (y == 1) != wrong ? 0.7 + 0.2 * next() : 0.1 + 0.2 * next()
                let x = week >= 6 ? 5 + next() : next()
                lines.append("\(zoned),\(y),\(p),\(x)")
                rows.append(((day * 24 + 8 + i % 10) * 100_000 + rows.count, y, p, x))
            }
        }
        let ordered = rows.sorted { $0.key < $1.key }.map { (y: $0.y, p: $0.p, x: $0.x) }
        return (lines.joined(separator: "\n") + "\n", ordered)
    }

    private func build(_ extra: [String]) throws -> Results {
        let data = try workspace.write("weekly.csv", Self.weeklyData())
        let out = workspace.path("site")
        let run = workspace.run(
            [
                "build", "--data", data, "--label", "y", "--score", "m=p", "--timestamp", "t", "--bootstrap", "0", "--quiet",
                "--out", out,
            ] + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        XCTAssertEqual(try SchemaTests.validator().violations(of: text), [])
        return try ResultsFile.decode(path: out + "/results.json")
    }

    func testWeeklyWindowsHaveMetricsGapsControlLimitsAndAlarms() throws {
        let results = try build(["--window", "week", "--min-slice-size", "10"])
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.window, "week")
        XCTAssertEqual(
            monitoring.windows.map(\.label),
            ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05", "2024-02-12", "2024-02-19"])
        XCTAssertEqual(monitoring.windows.map(\.count), [60, 60, 60, 60, 0, 60, 60, 60])
        XCTAssertEqual(monitoring.windows[4].metrics, [:], "an empty week is a gap")
        XCTAssertEqual(monitoring.windows[0].start, "2024-01-01T00:00:00Z")
        XCTAssertEqual(monitoring.windows[0].end, "2024-01-08T00:00:00Z")
        XCTAssertEqual(monitoring.windows[1].firstRow, 60)
        XCTAssertEqual(monitoring.reference, MonitoringReference(firstWindow: 0, lastWindow: 3, driftAgainst: "windows"))
        XCTAssertEqual(monitoring.windows.map(\.reference), [true, true, true, true, false, false, false, false])
        // Accuracy is 1 in every reference week: no spread, but σ is the weeks' standard error (their
        // intervals [0.94, 1] of 60/60); weeks 5–7 fall to 2/3 → alarms below, worse.
        XCTAssertEqual(monitoring.windows[0].metrics["m"]?["accuracy"]?.value, 1)
        let limit = try XCTUnwrap(monitoring.controlLimits["m"]?["accuracy"])
        XCTAssertEqual(limit.center, 1)
        XCTAssertEqual(limit.spread, 0)
        let interval = try XCTUnwrap(monitoring.windows[0].metrics["m"]?["accuracy"])
        let standardError = (interval.upper! - interval.lower!) / (2 * 1.959963984540054)
        XCTAssertEqual(try XCTUnwrap(limit.standardError), standardError, accuracy: 1e-12)
        XCTAssertEqual(limit.sigma, limit.standardError)
        XCTAssertGreaterThan(limit.sigma, 0.01)
        XCTAssertEqual(limit.windows, 4)
        let accuracy = monitoring.alarms.filter { $0.metric == "accuracy" }
        XCTAssertEqual(accuracy.map(\.window), [5, 6, 7])
        XCTAssertEqual(accuracy.map(\.side), ["below", "below", "below"])
        XCTAssertTrue(accuracy.allSatisfy(\.worse))
        XCTAssertEqual(monitoring.windows[0].labelDistribution?.positiveRate, 0.5)
        XCTAssertEqual(monitoring.windows[0].predictions["m"]?.positiveRate, 0.5)
        XCTAssertEqual(monitoring.windows[0].predictions["m"]?.count, 60)
        // Feature drift per window against the reference weeks: x jumps in weeks 6 and 7.
        XCTAssertEqual(monitoring.windows[4].drift, [])
        let x = monitoring.windows.map { $0.drift.first { $0.column == "x" } }
        XCTAssertEqual(x[6]?.status, "drifted")
        XCTAssertEqual(x[7]?.status, "drifted")
        XCTAssertGreaterThan(x[6]?.psi ?? 0, 0.2)
        XCTAssertEqual(x[6]?.ks, 1)
        XCTAssertEqual(x[5]?.ks.map { $0 < 0.5 }, true)
        XCTAssertEqual(monitoring.windows[0].drift.map(\.role), ["feature", "label", "prediction"])
        XCTAssertEqual(monitoring.windows[0].drift.last?.model, "m")
        // The window's metrics are the same numbers as the overall evaluation of its rows would give.
        XCTAssertEqual(monitoring.windows[0].metrics["m"]?["roc_auc"]?.value, 1)
    }

    func testRowWindowsAndAReferenceWindowRange() throws {
        let results = try build(["--window", "100", "--reference-window", "0..1", "--min-slice-size", "10"])
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.window, "rows")
        XCTAssertEqual(monitoring.rowsPerWindow, 100)
        XCTAssertEqual(monitoring.windows.map(\.count), [100, 100, 100, 100, 20])
        XCTAssertEqual(monitoring.windows.map(\.label).first, "rows 1–100")
        XCTAssertNil(monitoring.windows[0].start)
        XCTAssertEqual(monitoring.windows[4].tooSmall, false)
        XCTAssertEqual(monitoring.reference.lastWindow, 1)
    }

    func testAReferenceWindowBeyondTheDataIsAUsageError() throws {
        let data = try workspace.write("weekly.csv", Self.weeklyData())
        let run = workspace.run(
            [
                "build", "--data", data, "--label", "y", "--score", "p", "--timestamp", "t", "--window", "month",
                "--reference-window", "0..5", "--out", workspace.path("site"),
            ])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("--reference-window 0..5: the data has 2 windows (0..1)"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("site")))
    }

    func testWithoutWindowTheResultsHaveNoMonitoring() throws {
        let results = try build([])
        XCTAssertNil(results.monitoring)
        XCTAssertNil(results.detectors)
    }

    func testZonedTimestampsAreWindowedInUTC() throws {
        // Monday 01:00 at +02:00 is Sunday 23:00 UTC: the week before. Sunday 23:00 at -05:00 is
        // Monday 04:00 UTC: the week after.
        let data = try workspace.write(
            "zones.csv",
            "t,y,p\n2024-01-08T01:00:00+02:00,1,0.9\n2024-01-07T23:00:00-05:00,0,0.2\n2024-01-08T00:00:00Z,1,0.8\n")
        let out = workspace.path("site")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "p", "--timestamp", "t", "--window", "week",
            "--min-slice-size", "1", "--quiet", "--out", out,
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let monitoring = try XCTUnwrap(try ResultsFile.decode(path: out + "/results.json").monitoring)
        XCTAssertEqual(monitoring.windows.map(\.label), ["2024-01-01", "2024-01-08"])
        XCTAssertEqual(monitoring.windows.map(\.count), [1, 2])
        XCTAssertEqual(monitoring.windows[0].labelDistribution?.positiveRate, 1)
    }

    func testDetectorsRunOnTheStreamsInTimeOrder() throws {
        let results = try build([
            "--window", "week", "--min-slice-size", "10", "--detector", "ddm", "--detector", "adwin:delta=0.01",
            "--detector", "lfr", "--detector", "md3", "--detector", "hdddm",
        ])
        let detectors = try XCTUnwrap(results.detectors)
        XCTAssertEqual(detectors.map(\.name), ["ddm", "adwin", "lfr", "md3", "hdddm"])
        XCTAssertEqual(detectors.map(\.stream), ["error", "residual", "confusion", "margin", "features"])
        XCTAssertEqual(detectors.map(\.model), ["m", "m", "m", "m", nil])
        XCTAssertEqual(detectors[0].parameters["warm_start"], .number(30))
        XCTAssertEqual(detectors[1].parameters["delta"], .number(0.01))
        XCTAssertEqual(detectors[0].length, 420)
        // The same detectors run directly on the error stream built here in time order.
        let ordered = Self.weekly().timeOrdered
        let errors = ordered.map { ($0.p >= 0.5) == ($0.y == 1) ? 0.0 : 1.0 }
        let ddm = try XCTUnwrap(DriftDetectorKind.ddm.defaultConfiguration.run(.values(errors)))
        XCTAssertFalse(ddm.drifts.isEmpty, "the errors from week 5 on are a drift")
        XCTAssertEqual(detectors[0].drifts.map(\.index), ddm.drifts)
        // Warnings come as runs of consecutive rows (first index, lastIndex) that expand to DDM's rows.
        XCTAssertEqual(
            detectors[0].warnings.flatMap { run in Array(run.index!...(run.lastIndex ?? run.index!)) }, ddm.warnings)
        XCTAssertFalse(ddm.warnings.isEmpty)
        XCTAssertLessThan(detectors[0].warnings.count, ddm.warnings.count, "a warning run is one point")
        for (run, next) in zip(detectors[0].warnings, detectors[0].warnings.dropFirst()) {
            XCTAssertGreaterThan(next.index!, (run.lastIndex ?? run.index!) + 1, "runs are maximal")
        }
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(detectors[0].drifts.first?.index), 240)
        XCTAssertEqual(detectors[0].drifts.first?.window, 5)
        XCTAssertTrue(detectors[0].drifts.first?.timestamp?.hasPrefix("2024-02-") ?? false)
        let adwin = try XCTUnwrap(
            DriftDetectorKind.adwin.configure([("delta", "0.01")]).run(.values(errors)))
        XCTAssertEqual(detectors[1].drifts.map(\.index), adwin.drifts)
        // HDDDM sees x jump in week 6 (window 6); its points are windows.
        XCTAssertTrue(detectors[4].drifts.allSatisfy { $0.index == nil && $0.window != nil })
        XCTAssertEqual(detectors[4].length, 8)
        let features = Self.weekly().timeOrdered.map(\.x)
        var windows: [[[Double]]] = []
        var position = 0
        for count in [60, 60, 60, 60, 0, 60, 60, 60] {
            windows.append([Array(features[position..<position + count])])
            position += count
        }
        let hdddm = try XCTUnwrap(DriftDetectorKind.hdddm.defaultConfiguration.run(.featureWindows(windows)))
        XCTAssertEqual(detectors[4].drifts.map(\.window), hdddm.drifts)
    }

    /// The demo's credit data with the demo's monitoring settings: every window with rows has the
    /// drift of each numeric feature, the label and both predictions against the reference period
    /// (the first eight weeks).
    func testTheDemoDataHasDriftPerWindowForEveryFeature() throws {
        let data = workspace.path("credit.csv")
        try Data(CreditDemo.bytes(rows: 1_000, seed: CreditDemo.defaultSeed)).write(to: URL(fileURLWithPath: data))
        let out = workspace.path("credit")
        let scores = CreditDemo.scoreColumns.flatMap { ["--score", $0.name + "=" + $0.column] }
        let run = workspace.run(
            [
                "build", "--data", data, "--label", CreditDemo.labelColumn, "--timestamp", CreditDemo.timestampColumn,
                "--window", CreditDemo.monitoringWindow, "--reference-window", CreditDemo.referenceWindows,
                "--bootstrap", "0", "--quiet", "--out", out,
            ] + scores)
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: out + "/results.json")
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.reference.lastWindow, 7)
        let numeric = [
            "age", "income", "loan_amount", "debt_to_income", "bureau_score", "defaulted", "p_candidate", "p_benchmark",
        ]
        let categorical = ["sex", "age_band", "region", "employment", "loan_purpose"]
        XCTAssertGreaterThan(monitoring.windows.count, 20)
        for window in monitoring.windows where window.count > 0 {
            XCTAssertEqual(Set(window.drift.map(\.column)), Set(numeric + categorical), "window \(window.index)")
            // KS only for numeric columns; every column has its PSI.
            XCTAssertTrue(window.drift.allSatisfy { $0.psi != nil }, "window \(window.index)")
            XCTAssertTrue(
                window.drift.allSatisfy { ($0.ks != nil) == numeric.contains($0.column) }, "window \(window.index)")
        }
    }

    func testADetectorTheInferredTaskLacksIsAUsageError() throws {
        var lines = ["t,y,p"]
        for i in 0..<20 { lines.append("2024-01-\(String(format: "%02d", i + 1)),\(Double(i) * 1.5),\(Double(i))") }
        let data = try workspace.write("reg.csv", lines.joined(separator: "\n") + "\n")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "p", "--timestamp", "t", "--window", "week",
            "--detector", "ddm", "--out", workspace.path("site"),
        ])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("--detector ddm: watches a classifier's 0/1 error stream"), run.stderr)
    }

    func testTheDefaultDetectorsOfARegression() throws {
        var lines = ["t,y,p,x"]
        for i in 0..<200 {
            lines.append("2024-01-\(String(format: "%02d", i / 10 + 1)),\(Double(i % 7)),\(Double(i % 5)),\(i % 3)")
        }
        let data = try workspace.write("reg.csv", lines.joined(separator: "\n") + "\n")
        let out = workspace.path("site")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "p", "--timestamp", "t", "--window", "week", "--quiet",
            "--out", out,
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        XCTAssertEqual(try SchemaTests.validator().violations(of: text), [])
        let detectors = try XCTUnwrap(try ResultsFile.decode(path: out + "/results.json").detectors)
        XCTAssertEqual(detectors.map(\.name), ["adwin", "page_hinkley", "hdddm"])
        XCTAssertEqual(detectors.map(\.stream), ["residual", "residual", "features"])
    }
}
