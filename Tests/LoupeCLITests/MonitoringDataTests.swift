import Foundation
import LoupeMetrics
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// What monitoring compares per window beyond a model's metrics: a data-only build's windows and
/// HDDDM, drift against the `--reference` file, categorical features, a multiclass model's
/// predicted classes, and each window's worst slice.
final class MonitoringDataTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// The weekly data of `MonitoringEndToEndTests` with two more columns: `region` (`a`/`b`
    /// alternating every two rows, independent of the label; `c` from week 6 on) and `band`
    /// (`lo`/`hi`, stable). In weeks 5–7 the model's wrong rows are all in region `b`.
    static func weeklyWithRegions() -> String {
        let lines = MonitoringEndToEndTests.weeklyData().split(separator: "\n").map(String.init)
        var out = [lines[0] + ",region,band"]
        for (i, line) in lines.dropFirst().enumerated() {
            let week = (i / 60) + (i / 60 >= 4 ? 1 : 0)
            let region = week >= 6 ? "c" : (i % 4 < 2 ? "a" : "b")
            out.append(line + ",\(region),\(i % 3 == 0 ? "lo" : "hi")")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func build(_ arguments: [String], data: String? = nil) throws -> (Results, String) {
        let path = try workspace.write("weekly.csv", data ?? Self.weeklyWithRegions())
        let out = workspace.path("site")
        let run = workspace.run(["build", "--data", path, "--timestamp", "t", "--quiet", "--out", out] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        XCTAssertEqual(try SchemaTests.validator().violations(of: text), [])
        let page = (try? String(contentsOfFile: out + "/monitoring.html", encoding: .utf8)) ?? ""
        return (try ResultsFile.decode(path: out + "/results.json"), page)
    }

    func testADataOnlyBuildMonitorsWindowsFeatureDriftAndHDDDMWithoutMetrics() throws {
        let (results, page) = try build(["--window", "week"], data: MonitoringEndToEndTests.weeklyData())
        XCTAssertTrue(results.isDataOnly)
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.windows.map(\.count), [60, 60, 60, 60, 0, 60, 60, 60])
        // No model: no metrics, limits or alarms, said by empty collections.
        XCTAssertEqual(monitoring.controlLimits, [:])
        XCTAssertEqual(monitoring.alarms, [])
        XCTAssertTrue(monitoring.windows.allSatisfy { $0.metrics.isEmpty && $0.predictions.isEmpty })
        XCTAssertNil(monitoring.windows[0].labelDistribution)
        // Every numeric column but the timestamp is a feature; x jumps in weeks 6 and 7.
        XCTAssertEqual(monitoring.windows[0].drift.map(\.column), ["y", "p", "x"])
        XCTAssertEqual(monitoring.windows[0].drift.map(\.role), ["feature", "feature", "feature"])
        XCTAssertEqual(monitoring.windows[6].drift.first { $0.column == "x" }?.status, "drifted")
        XCTAssertEqual(monitoring.windows[5].drift.first { $0.column == "x" }?.ks.map { $0 < 0.5 }, true)
        // HDDDM over the three feature columns, as the detector computes it directly.
        let detectors = try XCTUnwrap(results.detectors)
        XCTAssertEqual(detectors.map(\.name), ["hdddm"])
        let ordered = MonitoringEndToEndTests.weekly().timeOrdered
        var windows: [[[Double]]] = []
        var position = 0
        for count in [60, 60, 60, 60, 0, 60, 60, 60] {
            let rows = ordered[position..<position + count]
            windows.append([rows.map { Double($0.y) }, rows.map(\.p), rows.map(\.x)])
            position += count
        }
        let hdddm = try XCTUnwrap(DriftDetectorKind.hdddm.defaultConfiguration.run(.featureWindows(windows)))
        XCTAssertEqual(detectors[0].drifts.map(\.window), hdddm.drifts)
        XCTAssertTrue(page.contains("No model, so no metrics or control limits"), "the page says why there are no charts")
        XCTAssertFalse(page.contains("Metrics per window"))
        XCTAssertFalse(page.contains("No window&#39;s metric left its control limits"))
    }

    func testDriftPerWindowIsMeasuredAgainstTheReferenceFileWhenOneIsGiven() throws {
        // The reference looks like weeks 6–7: x in [5, 6), region c.
        var lines = ["t,y,p,x,region,band"]
        for i in 0..<200 {
            lines.append(
                "2023-06-01T00:00:00Z,\(i % 2),\(i % 2 == 1 ? 0.8 : 0.2),\(5 + Double(i) / 200),c,\(i % 3 == 0 ? "lo" : "hi")")
        }
        let reference = try workspace.write("reference.csv", lines.joined(separator: "\n") + "\n")
        for model in [true, false] {
            let (results, page) = try build(
                ["--window", "week", "--reference", reference, "--min-slice-size", "10", "--bootstrap", "0"]
                    + (model ? ["--label", "y", "--score", "m=p"] : []))
            let monitoring = try XCTUnwrap(results.monitoring)
            XCTAssertEqual(monitoring.reference.driftAgainst, "reference file")
            XCTAssertEqual(monitoring.reference.referenceFile, reference)
            // x moves to [5, 6) in weeks 6 and 7: drifted from the file before, close to it then.
            let x = monitoring.windows.map { $0.drift.first { $0.column == "x" } }
            XCTAssertEqual(x.prefix(6).map(\.?.status), ["drifted", "drifted", "drifted", "drifted", nil, "drifted"])
            XCTAssertEqual(x[0]?.ks, 1, "no overlap with the file")
            XCTAssertLessThan(try XCTUnwrap(x[6]?.ks), 0.3)
            XCTAssertLessThan(try XCTUnwrap(x[7]?.ks), 0.3)
            let region = monitoring.windows.map { $0.drift.first { $0.column == "region" }?.status }
            XCTAssertEqual(region, ["drifted", "drifted", "drifted", "drifted", nil, "drifted", "stable", "stable"])
            XCTAssertTrue(page.contains("Drift per window is measured against the reference file"), page)
            XCTAssertTrue(page.contains("Drift from the reference file per window"))
            // Against a file the reference windows are compared too: they are rows of the table.
            XCTAssertTrue(page.contains(">2024-01-01<"))
            if model {
                // The label's rate is the reference's (one half) in every week; the scores too.
                XCTAssertTrue(
                    monitoring.windows.allSatisfy { w in
                        w.drift.first { $0.role == "label" }.map { $0.status == "stable" } ?? (w.count == 0)
                    })
            }
        }
        let (results, _) = try build(["--window", "week", "--label", "y", "--score", "m=p", "--bootstrap", "0"])
        XCTAssertEqual(results.monitoring?.reference.driftAgainst, "windows")
        XCTAssertNil(results.monitoring?.reference.referenceFile)
    }

    func testCategoricalFeaturesDriftPerWindowWithTheCategoricalDistances() throws {
        let (results, page) = try build(["--window", "week", "--label", "y", "--score", "m=p", "--bootstrap", "0"])
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.windows[0].drift.map(\.column), ["x", "region", "band", "y", "p"])
        let region = monitoring.windows.map { $0.drift.first { $0.column == "region" } }
        XCTAssertEqual(region[0]?.kind, "categorical")
        XCTAssertNil(region[0]?.ks)
        XCTAssertEqual(region[5]?.status, "stable")
        XCTAssertEqual(region[6]?.status, "drifted")
        XCTAssertEqual(monitoring.windows[6].drift.first { $0.column == "band" }?.status, "stable")
        // The same numbers as the data-validation drift's categorical distances: reference weeks
        // 0–3 hold 120 a and 120 b; week 6 holds 60 c.
        let expected = DataDrift.categoricalDrift(
            referenceCounts: CategoryCounts(counts: ["a": 120, "b": 120]), currentCounts: CategoryCounts(counts: ["c": 60]))
        XCTAssertEqual(region[6]?.psi, expected.populationStabilityIndex)
        XCTAssertEqual(region[6]?.jsDistance, expected.jensenShannonDistance)
        XCTAssertEqual(region[6]?.hellinger, expected.hellingerDistance)
        XCTAssertTrue(page.contains(">region<"), "the drift table has the categorical column")
    }

    func testAMulticlassModelsPredictedClassSharesAndTheirDriftPerWindow() throws {
        // Three classes; from week 6 the model predicts class c on every row.
        var lines = ["t,y,p_a,p_b,p_c"]
        for day in 0..<56 {
            for i in 0..<6 {
                let label = ["a", "b", "c"][i % 3]
                let predicted = day >= 42 ? 2 : i % 3
                let p = (0..<3).map { $0 == predicted ? "0.8" : "0.1" }.joined(separator: ",")
                lines.append("2024-\(date(day))T" + String(format: "%02d", i) + ":00:00Z,\(label),\(p)")
            }
        }
        let (results, page) = try build(
            ["--window", "week", "--label", "y", "--score", "m=p_*", "--task", "multiclass", "--bootstrap", "0"],
            data: lines.joined(separator: "\n") + "\n")
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.windows.count, 8)
        let shares = try XCTUnwrap(monitoring.windows[0].predictions["m"]?.classShares)
        XCTAssertEqual(shares["a"] ?? 0, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(monitoring.windows[6].predictions["m"]?.classShares?["c"], 1)
        let drift = monitoring.windows.map { $0.drift.first { $0.role == "prediction" } }
        XCTAssertEqual(drift[0]?.model, "m")
        XCTAssertEqual(drift[0]?.kind, "categorical")
        XCTAssertEqual(drift[5]?.status, "stable")
        XCTAssertEqual(drift[6]?.status, "drifted")
        XCTAssertTrue(page.contains("prediction PSI"))
        // Against a reference file whose model predicts c throughout: weeks 6 and 7 match it.
        let reference = try workspace.write(
            "reference.csv",
            "t,y,p_a,p_b,p_c\n"
                + (0..<90).map { "2023-01-01T00:00:00Z,\(["a", "b", "c"][$0 % 3]),0.1,0.1,0.8" }.joined(separator: "\n")
                + "\n")
        let (against, _) = try build(
            [
                "--window", "week", "--label", "y", "--score", "m=p_*", "--task", "multiclass", "--bootstrap", "0",
                "--reference", reference,
            ],
            data: lines.joined(separator: "\n") + "\n")
        let status = try XCTUnwrap(against.monitoring).windows.map { $0.drift.first { $0.role == "prediction" }?.status }
        XCTAssertEqual(status, ["drifted", "drifted", "drifted", "drifted", "drifted", "drifted", "stable", "stable"])
    }

    private func date(_ day: Int) -> String {
        let days = [31, 29, 31]
        var month = 1, rest = day
        while rest >= days[month - 1] {
            rest -= days[month - 1]
            month += 1
        }
        return String(format: "%02d-%02d", month, rest + 1)
    }

    func testEachWindowNamesItsWorstSliceByTheRankMetric() throws {
        // Weeks 5–7: the model is wrong on every third row, and those rows are in region b.
        let lines = MonitoringEndToEndTests.weeklyData().split(separator: "\n").map(String.init)
        var out = [lines[0] + ",region"]
        for (i, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",")
            let y = Int(fields[1]) ?? 0, p = Double(fields[2]) ?? 0
            let wrong = (p >= 0.5) != (y == 1)
            out.append(line + "," + (wrong ? "b" : (i % 5 == 0 ? "b" : "a")))
        }
        let (results, page) = try build(
            [
                "--window", "week", "--label", "y", "--score", "m=p", "--slice", "region", "--min-slice-size", "10",
                "--bootstrap", "0",
            ],
            data: out.joined(separator: "\n") + "\n")
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(
            monitoring.windowSlices,
            WindowSlicing(metric: "roc_auc", specs: [["region"]], skipped: [], maximumGroups: 10_000))
        let worst = try XCTUnwrap(monitoring.windows[6].worstSlices?["m"])
        XCTAssertEqual(worst.spec, ["region"])
        XCTAssertEqual(worst.key, ["region": "b"])
        XCTAssertLessThan(try XCTUnwrap(worst.value.value), 1)
        XCTAssertEqual(monitoring.windows[4].worstSlices, [:], "an empty week has no slice")
        // The count is the window's rows in the slice, and the value the slice's evaluation.
        let ordered = MonitoringEndToEndTests.weekly().timeOrdered
        XCTAssertGreaterThan(worst.count, 20)
        XCTAssertLessThan(worst.count, 60)
        XCTAssertEqual(ordered.count, 420)
        XCTAssertTrue(page.contains("Worst slice per window"))
        XCTAssertTrue(page.contains("region = b"))
    }

    func testASpecWhoseWindowsTimesSlicesExceedTheCapIsSkippedAndSaid() throws {
        // 42 windows of 10 rows × 240 ids = 10,080 groups > 10,000.
        let lines = MonitoringEndToEndTests.weeklyData().split(separator: "\n").map(String.init)
        var out = [lines[0] + ",id,region"]
        for (i, line) in lines.dropFirst().enumerated() { out.append(line + ",k\(i % 240),\(i % 2 == 0 ? "a" : "b")") }
        let (results, _) = try build(
            [
                "--window", "10", "--label", "y", "--score", "m=p", "--slice", "id", "--slice", "region", "--min-slice-size", "1",
                "--bootstrap", "0",
            ],
            data: out.joined(separator: "\n") + "\n")
        let monitoring = try XCTUnwrap(results.monitoring)
        XCTAssertEqual(monitoring.windows.count, 42)
        XCTAssertEqual(monitoring.windowSlices?.skipped, [["id"]])
        XCTAssertEqual(monitoring.windowSlices?.specs, [["region"]])
        XCTAssertTrue(monitoring.windows.allSatisfy { $0.worstSlices?["m"].map { $0.spec == ["region"] } ?? true })
    }

    func testADataOnlyBuildJudgesDetectorDriftGatesButNotAlarms() throws {
        let data = try workspace.write("weekly.csv", MonitoringEndToEndTests.weeklyData())
        let out = workspace.path("site")
        let base = ["build", "--data", data, "--timestamp", "t", "--window", "week", "--quiet", "--out", out]
        // HDDDM flags x's jump: a detector gate fails (exit 1, the site written).
        let drifts = workspace.run(base + ["--gate", "drifts == 0"])
        XCTAssertEqual(drifts.status, 1, drifts.stderr)
        let gates = try ResultsFile.decode(path: out + "/results.json").gates
        XCTAssertEqual(gates.map(\.passed), [false])
        // Alarms need a model's metrics.
        let alarms = workspace.run(base + ["--gate", "alarms == 0"])
        XCTAssertEqual(alarms.status, 2)
        XCTAssertTrue(alarms.stderr.contains("needs a model"), alarms.stderr)
    }

    func testADataOnlyBuildsTimestampMustBeAColumnOfTimes() throws {
        let data = try workspace.write("weekly.csv", Self.weeklyWithRegions())
        let out = workspace.path("site")
        let categorical = workspace.run(["build", "--data", data, "--timestamp", "region", "--window", "week", "--out", out])
        XCTAssertEqual(categorical.status, 2, categorical.stderr)
        XCTAssertTrue(
            categorical.stderr.contains(
                "weekly.csv:2:63: the timestamp column 'region' holds values that are not ISO 8601 dates"),
            categorical.stderr)
        let missing = workspace.run(["build", "--data", data, "--timestamp", "nope", "--window", "week", "--out", out])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no timestamp column 'nope' (columns: t, y, p, x, region, band)"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
