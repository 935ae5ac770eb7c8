import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// `alarms OP N [for MODEL]` and `drifts OP N [for DETECTOR] [in last K windows]`: parsed,
/// checked against the build, judged on monitoring and detectors.
final class MonitoringGateTests: XCTestCase {
    private func judge(_ text: String, _ results: Results) throws -> GateResult {
        let results = GateEvaluator.evaluate([try GateParser.parse(text)], results: results)
        XCTAssertEqual(results.count, 1)
        return results[0]
    }

    func testParsesAlarmsAndDriftsGates() throws {
        let alarms = try GateParser.parse("alarms == 0")
        XCTAssertTrue(MonitoringGate.isMonitoringGate(alarms))
        XCTAssertEqual(alarms.comparison, .equal)
        XCTAssertEqual(alarms.bound, .number(0))
        let drifts = try GateParser.parse("drifts<=1 for ddm in last 4 windows")
        XCTAssertEqual(drifts.metric, "drifts")
        XCTAssertEqual(drifts.slice?.columns, ["ddm"])
        XCTAssertEqual(drifts.lastWindows, 4)
        XCTAssertFalse(MonitoringGate.isMonitoringGate(try GateParser.parse("roc_auc >= 0.7")))
    }

    func testMalformedMonitoringGatesAreUsageErrors() {
        XCTAssertThrowsError(try GateParser.parse("alarms = 0")) { error in
            XCTAssertEqual(
                "\(error)",
                "gate 'alarms = 0': expected a comparison after 'alarms'; expected 'alarms OP N [for MODEL]' with OP one of ==, <=, <, >=, >"
            )
        }
        XCTAssertThrowsError(try GateParser.parse("drifts == 0.5")) { error in
            XCTAssertTrue("\(error)".contains("expected a whole number of drifts after '=='"), "\(error)")
        }
        XCTAssertThrowsError(try GateParser.parse("alarms == 0 in last 2 windows")) { error in
            XCTAssertTrue("\(error)".contains("unexpected 'in last 2 windows'"), "\(error)")
        }
    }

    func testAMonitoringGateNeedsAWindow() throws {
        let options = try BuildFlags.parse(["--data", "e.csv", "--label", "y", "--score", "p", "--gate", "alarms == 0"]).options
        XCTAssertThrowsError(try BuildSettings.resolve(options)) { error in
            XCTAssertEqual("\(error)", "gate 'alarms == 0': a monitoring gate needs --window (the windows it judges)")
        }
    }

    func testJudgedOnAlarmsAndDriftsInTheLastWindows() throws {
        let results = MonitoringResultsTests.monitoredResults()
        // One alarm (window 2, model m); ddm drifted at window 2, hdddm at window 2, of 2 windows.
        let alarms = try judge("alarms == 0", results)
        XCTAssertFalse(alarms.passed)
        XCTAssertEqual(alarms.value, 1)
        XCTAssertEqual(alarms.message, "1 window metrics outside their control limits, != 0 — failed")
        XCTAssertTrue(try judge("alarms <= 1 for m", results).passed)
        XCTAssertEqual(try judge("drifts == 0", results).value, 2)
        XCTAssertEqual(try judge("drifts == 0 for ddm", results).value, 1)
        XCTAssertEqual(try judge("drifts >= 0 for nope", results).passed, false)
        XCTAssertEqual(try judge("drifts == 0 in last 1 window", results).value, 2)
        var early = results
        early.detectors = results.detectors?.map { detector in
            DetectorResult(
                name: detector.name, parameters: detector.parameters, stream: detector.stream, model: detector.model,
                length: detector.length, drifts: detector.drifts.map { DetectorPoint(index: $0.index, window: 0) },
                warnings: [])
        }
        XCTAssertTrue(try judge("drifts == 0 in last 1 window", early).passed)
        XCTAssertEqual(try judge("drifts == 0", early).value, 2)
        var unmonitored = results
        unmonitored.monitoring = nil
        XCTAssertEqual(
            try judge("alarms == 0", unmonitored).message, "the results have no monitoring (build with --window) — failed")
    }

    func testAlarmsGateEndToEndFailsTheBuild() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let data = try workspace.write("weekly.csv", MonitoringEndToEndTests.weeklyData())
        let out = workspace.path("site")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "m=p", "--timestamp", "t", "--window", "week",
            "--min-slice-size", "10", "--bootstrap", "0", "--gate", "alarms == 0", "--gate", "drifts >= 1 for ddm",
            "--quiet", "--out", out,
        ])
        XCTAssertEqual(run.status, 1, run.stderr)
        let results = try ResultsFile.decode(path: out + "/results.json")
        XCTAssertEqual(results.gates.map(\.passed), [false, true])
        let text = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        XCTAssertEqual(try SchemaTests.validator().violations(of: text), [])
    }
}
