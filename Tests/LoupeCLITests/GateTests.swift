import Foundation
import LoupeResults
import LoupeSite
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Gates judged on hand-made results (each kind passing and failing, and every reason a gate
/// cannot be judged), then `loupe build` end to end: exit status, JUnit and the summary.
final class GateTests: XCTestCase {
    // MARK: Hand-made results

    /// A binary run of `candidate` against the baseline `benchmark`, sliced by race.
    private func results(
        candidate: MetricSet = ["roc_auc": Metric(0.712, lower: 0.690, upper: 0.734), "precision": .undefined],
        benchmark: MetricSet = ["roc_auc": Metric(0.745, lower: 0.724, upper: 0.766), "precision": Metric(0.6)],
        slices: [SliceResult] = [], comparisons: [LoupeResults.ComparisonResult] = [], history: [HistoryRun]? = nil
    ) -> Results {
        var results = Results(
            title: "t", task: .binary, label: "y", threshold: 0.5, rowCount: 1000, models: ["candidate", "benchmark"],
            baseline: "benchmark", rankMetric: "roc_auc", minSliceSize: 30,
            overall: ["candidate": candidate, "benchmark": benchmark], slices: slices,
            sliceSpecs: [SliceSpec(name: "race", columns: ["race"], sliceCount: slices.count, tooSmallCount: 0)],
            comparisons: comparisons, curves: [:],
            intervals: IntervalSettings(confidence: 0.95, bootstrapReplicates: 0, seed: 0, methods: [:]),
            provenance: Provenance(
                dataFile: "d.csv", dataSHA256: "", dataBytes: 0, rowsRead: 1000, rowsExcluded: [:], toolVersion: "0",
                configuration: []),
            columns: [], warnings: [])
        results.history = history
        return results
    }

    private func slice(_ race: String, count: Int = 400, candidate: Double?, benchmark: Double?, tooSmall: Bool = false)
        -> SliceResult
    {
        SliceResult(
            spec: ["race"], key: ["race": race], count: count, tooSmall: tooSmall,
            metrics: tooSmall
                ? [:]
                : [
                    "candidate": [
                        "roc_auc": Metric(candidate, lower: candidate.map { $0 - 0.05 }, upper: candidate.map { $0 + 0.05 })
                    ],
                    "benchmark": ["roc_auc": Metric(benchmark)],
                ],
            gap: [:])
    }

    private func judge(_ text: String, _ results: Results) throws -> [GateResult] {
        GateEvaluator.evaluate([try GateParser.parse(text)], results: results)
    }

    private func only(_ text: String, _ results: Results) throws -> GateResult {
        let judged = try judge(text, results)
        XCTAssertEqual(judged.count, 1, text)
        return try XCTUnwrap(judged.first)
    }

    // MARK: Each kind passing and failing

    func testNumberBound() throws {
        let pass = try only("roc_auc >= 0.7", results())
        XCTAssertTrue(pass.passed, pass.message)
        XCTAssertEqual(pass.message, "candidate: roc_auc 0.712 >= 0.700 — passed")
        XCTAssertEqual(pass.model, "candidate", "without MODEL: every model but the baseline")
        XCTAssertEqual(pass.bound, 0.7)
        XCTAssertEqual(pass.boundExpression, "0.7")
        let fail = try only("roc_auc > 0.72", results())
        XCTAssertFalse(fail.passed)
        XCTAssertEqual(fail.message, "candidate: roc_auc 0.712 <= 0.720 — failed")
        XCTAssertEqual(fail.value, 0.712)
        let named = try only("benchmark:roc_auc < 0.75", results())
        XCTAssertTrue(named.passed)
        XCTAssertEqual(named.model, "benchmark")
    }

    func testBaselineBoundsAbsoluteAndRelative() throws {
        let plain = try only("roc_auc >= baseline", results())
        XCTAssertFalse(plain.passed)
        XCTAssertEqual(plain.message, "candidate: roc_auc 0.712 < 0.745 (baseline benchmark) — failed")
        XCTAssertEqual(plain.bound, 0.745)

        let minus = try only("roc_auc >= baseline - 0.05", results())
        XCTAssertTrue(minus.passed, minus.message)
        XCTAssertEqual(try XCTUnwrap(minus.bound), 0.695, accuracy: 1e-12)
        XCTAssertEqual(minus.message, "candidate: roc_auc 0.712 >= 0.695 (baseline benchmark 0.745 - 0.05) — passed")
        let plus = try only("roc_auc >= baseline + 0.01", results())
        XCTAssertFalse(plus.passed)
        XCTAssertEqual(try XCTUnwrap(plus.bound), 0.755, accuracy: 1e-12)

        let within = try only("roc_auc >= baseline * 0.95", results())
        XCTAssertTrue(within.passed, within.message)
        XCTAssertEqual(try XCTUnwrap(within.bound), 0.745 * 0.95, accuracy: 1e-12)
        let strict = try only("roc_auc >= baseline * 0.96", results())
        XCTAssertFalse(strict.passed, strict.message)
        XCTAssertEqual(try XCTUnwrap(strict.bound), 0.745 * 0.96, accuracy: 1e-12)
    }

    /// `baseline * F` is a relative change: bound = b + (F − 1)·|b|. For a negative baseline,
    /// plain multiplication would turn "at most 2% above" into "at least 2% below".
    func testRelativeBoundWithANegativeBaseline() throws {
        let base = results(candidate: ["mean_residual": Metric(-0.505)], benchmark: ["mean_residual": Metric(-0.5)])
        let up = try only("mean_residual <= baseline * 1.02", base)
        XCTAssertEqual(try XCTUnwrap(up.bound), -0.49, accuracy: 1e-12, "−0.5 + 0.02·0.5")
        XCTAssertTrue(up.passed, "−0.505 is below the baseline, so it is within +2%: \(up.message)")
        XCTAssertTrue(
            up.message.contains("(baseline benchmark -0.500 * 1.02, a relative change of +2.0% of |-0.500|)"), up.message)
        let down = try only("mean_residual >= baseline * 0.99", base)
        XCTAssertEqual(try XCTUnwrap(down.bound), -0.505, accuracy: 1e-12, "−0.5 − 0.01·0.5")
        XCTAssertTrue(down.passed, down.message)
        let tighter = try only("mean_residual >= baseline * 0.995", base)
        XCTAssertFalse(tighter.passed, "−0.505 is 1% below −0.5, more than the 0.5% allowed: \(tighter.message)")
        XCTAssertEqual(Gate.Adjustment.times(1.1).apply(to: 0), 0, "a zero baseline is its own bound")
    }

    func testPerSliceGatesGiveOneResultPerSlice() throws {
        let sliced = results(slices: [
            slice("African-American", candidate: 0.712, benchmark: 0.745),
            slice("Caucasian", candidate: 0.760, benchmark: 0.740),
            slice("Asian", count: 12, candidate: nil, benchmark: nil, tooSmall: true),
        ])
        let judged = try judge("roc_auc >= baseline for race", sliced)
        XCTAssertEqual(judged.map(\.passed), [false, true, false])
        XCTAssertEqual(
            judged[0].message, "candidate: roc_auc 0.712 < 0.745 (baseline benchmark) for race = African-American — failed")
        XCTAssertEqual(judged[0].name, "roc_auc >= baseline for race = African-American")
        XCTAssertEqual(judged[0].spec, ["race"])
        XCTAssertEqual(judged[0].key, ["race": "African-American"])
        XCTAssertEqual(
            judged[2].message,
            "candidate: roc_auc for race = Asian cannot be judged: the slice is too small (12 rows, fewer than 30) — failed")
        XCTAssertNil(judged[2].value)
    }

    /// `if significant` passes a gate whose point estimate fails while the interval still
    /// includes the bound, and fails it once the interval excludes the bound.
    func testIfSignificantOnTheMetricsOwnInterval() throws {
        let plain = try only("roc_auc >= 0.72", results())
        XCTAssertFalse(plain.passed)
        let lenient = try only("roc_auc >= 0.72 if significant", results())
        XCTAssertTrue(lenient.passed, lenient.message)
        XCTAssertTrue(lenient.requiresSignificance)
        XCTAssertEqual(
            lenient.message,
            "candidate: roc_auc 0.712 < 0.720 — passed, as the shortfall is not significant: the 95% interval 0.690 to 0.734 includes 0.720"
        )
        let firm = try only("roc_auc >= 0.74 significant", results())
        XCTAssertFalse(firm.passed, firm.message)
        XCTAssertTrue(
            firm.message.contains("failed, significantly: the 95% interval 0.690 to 0.734 excludes 0.740"), firm.message)
    }

    /// With a baseline bound the paired difference decides when the comparison stage left one;
    /// without it, the metric's own interval, and the message says so.
    func testIfSignificantUsesThePairedDifference() throws {
        func comparison(lower: Double, upper: Double) -> LoupeResults.ComparisonResult {
            LoupeResults.ComparisonResult(
                model: "candidate", baseline: "benchmark", spec: [], key: [:], count: 1000,
                metrics: [
                    "roc_auc": MetricComparison(
                        model: 0.712, baseline: 0.745, difference: Metric(-0.033, lower: lower, upper: upper), relative: nil,
                        method: "paired_delong", pValue: nil, verdict: "worse")
                ], flipRate: nil)
        }
        let notSignificant = try only(
            "roc_auc >= baseline if significant", results(comparisons: [comparison(lower: -0.07, upper: 0.004)]))
        XCTAssertTrue(notSignificant.passed, notSignificant.message)
        XCTAssertTrue(
            notSignificant.message.contains(
                "the paired difference from the baseline, -0.033 (95% interval -0.070 to 0.004, paired_delong), includes the allowed difference 0.000"
            ), notSignificant.message)
        let significant = try only(
            "roc_auc >= baseline if significant", results(comparisons: [comparison(lower: -0.05, upper: -0.016)]))
        XCTAssertFalse(significant.passed, significant.message)
        XCTAssertTrue(significant.message.contains("excludes the allowed difference"), significant.message)
        // Allowing 0.02 less than the baseline: the difference's interval must lie below −0.02 to fail.
        let allowance = try only(
            "roc_auc >= baseline - 0.02 if significant", results(comparisons: [comparison(lower: -0.05, upper: -0.016)]))
        XCTAssertTrue(allowance.passed, allowance.message)

        let fallback = try only("roc_auc >= baseline if significant", results())
        XCTAssertFalse(fallback.passed, fallback.message)
        XCTAssertTrue(
            fallback.message.contains(
                "no paired comparison with the baseline in the results, so judged on roc_auc's own interval: the 95% interval 0.690 to 0.734 excludes 0.745"
            ), fallback.message)
    }

    func testPreviousRunBound() throws {
        let run = HistoryRun(
            run: RunStamp(id: "run-41"), source: "old/results.json", models: ["candidate"],
            overall: ["candidate": ["roc_auc": Metric(0.70)]], slices: [])
        let older = HistoryRun(
            run: RunStamp(id: "run-40"), source: "older/results.json", models: ["candidate"],
            overall: ["candidate": ["roc_auc": Metric(0.80)]], slices: [])
        let history = results(history: [older, run])
        let pass = try only("roc_auc >= previous", history)
        XCTAssertTrue(pass.passed, "compared with the latest run, not the first: \(pass.message)")
        XCTAssertEqual(pass.message, "candidate: roc_auc 0.712 >= 0.700 (previous run run-41) — passed")
        let fail = try only("roc_auc >= previous + 0.02", history)
        XCTAssertFalse(fail.passed)
        XCTAssertEqual(fail.message, "candidate: roc_auc 0.712 < 0.720 (previous run run-41 0.700 + 0.02) — failed")
        let relative = try only("roc_auc >= previous * 1.01", history)
        XCTAssertTrue(relative.passed, relative.message)

        let none = try only("roc_auc >= previous", results())
        XCTAssertFalse(none.passed)
        XCTAssertEqual(
            none.message,
            "candidate: roc_auc has no previous run to compare with (the results have no history; give --history) — failed")
        XCTAssertEqual(none.value, 0.712, "the measured value is still reported")
        let missing = try only("benchmark:roc_auc >= previous", history)
        XCTAssertFalse(missing.passed)
        XCTAssertTrue(
            missing.message.contains("benchmark: the previous run run-41 has no value of roc_auc, so there is no bound"),
            missing.message)
    }

    // MARK: Gates that cannot be judged fail, saying why

    func testUndefinedMissingMetricAndMissingSliceFail() throws {
        let undefined = try only("precision >= 0.5", results())
        XCTAssertFalse(undefined.passed)
        XCTAssertEqual(
            undefined.message, "candidate: precision is undefined (null), so the gate cannot pass — failed")
        let missing = try only("recall >= 0.5", results())
        XCTAssertFalse(missing.passed)
        XCTAssertEqual(missing.message, "candidate: recall is missing from the results — failed")
        let noSlices = try only("roc_auc >= 0.5 for race", results())
        XCTAssertFalse(noSlices.passed)
        XCTAssertEqual(
            noSlices.message, "candidate: roc_auc for race cannot be judged: the results have no slices of race — failed")
        let baselineUndefined = try only(
            "roc_auc >= baseline", results(benchmark: ["roc_auc": .undefined]))
        XCTAssertFalse(baselineUndefined.passed)
        XCTAssertTrue(baselineUndefined.message.contains("the baseline benchmark's roc_auc is undefined (null)"))
    }

    func testNumbersThatWouldReadTheSameGetMoreDigits() {
        XCTAssertEqual(GateEvaluator.text(0.74491, beside: 0.745), "0.7449")
        XCTAssertEqual(GateEvaluator.text(0.745, beside: 0.745), "0.745")
    }

    // MARK: End to end

    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func buildArguments(_ gates: [String]) throws -> [String] {
        let data = try workspace.fixture("eval_small.csv")
        return [
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
            "--baseline", "b", "--slice", "region", "--out", workspace.path("site"), "--junit", workspace.path("junit.xml"),
            "--summary", workspace.path("summary.md"), "--quiet",
        ] + gates.flatMap { ["--gate", $0] }
    }

    func testAFailedGateExitsOneWithTheSiteWritten() throws {
        let run = workspace.run(try buildArguments(["b:roc_auc >= 0.9", "roc_auc >= baseline", "a:fpr <= 0.3 for region"]))
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("site/index.html")))
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertEqual(results.gates.count, 2 + 6)
        XCTAssertEqual(results.gates.filter { !$0.passed }.map(\.name), ["b:roc_auc >= 0.9", "a:fpr <= 0.3 for region = Tiny"])
        XCTAssertTrue(run.stderr.contains("loupe: gate failed: b: roc_auc 0.674 < 0.900 — failed\n"), run.stderr)
        XCTAssertTrue(run.stderr.hasSuffix("loupe: 2 of 8 gates failed\n"), run.stderr)
        XCTAssertTrue(results.provenance.configuration.contains("b:roc_auc >= 0.9"))

        let index = try workspace.read("site/index.html")
        XCTAssertTrue(index.contains("✘</span> 2 of 8 gates failed"), "the overall status line")
        let failed = try XCTUnwrap(index.range(of: "✘ failed"))
        let passed = try XCTUnwrap(index.range(of: "✔ passed"))
        XCTAssertLessThan(failed.lowerBound, passed.lowerBound, "failed gates first")
        XCTAssertFalse(index.contains("No validation gates were configured"))

        // render shows the stored gates and exits 1 too, writing the same summary.
        let rendered = workspace.run([
            "render", workspace.path("site/results.json"), "--out", workspace.path("again"), "--summary",
            workspace.path("again.md"), "--quiet",
        ])
        XCTAssertEqual(rendered.status, 1, rendered.stderr)
        XCTAssertEqual(try workspace.read("again.md"), try workspace.read("summary.md"))
    }

    func testPassingGatesExitZero() throws {
        let run = workspace.run(try buildArguments(["roc_auc >= baseline", "a:log_loss <= baseline * 1.02"]))
        XCTAssertEqual(run.status, 0, run.stderr)
        let index = try workspace.read("site/index.html")
        XCTAssertTrue(index.contains("All 2 gates passed"))
        let rendered = workspace.run(["render", workspace.path("site/results.json"), "--out", workspace.path("again"), "--quiet"])
        XCTAssertEqual(rendered.status, 0)
    }

    /// The JUnit file parses as XML, with one testcase per gate result and a failure per failed one.
    func testJUnitIsValidAndCountsGates() throws {
        _ = workspace.run(try buildArguments(["b:roc_auc >= 0.9", "a:fpr <= 0.3 for region"]))
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace.path("junit.xml")))
        let collector = JUnitCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertEqual(collector.suites.first?["tests"], "7")
        XCTAssertEqual(collector.suites.first?["failures"], "2")
        XCTAssertEqual(collector.cases.count, 7)
        XCTAssertEqual(collector.cases.first?["classname"], "loupe.gates.b")
        XCTAssertEqual(collector.cases.first?["name"], "b:roc_auc >= 0.9")
        XCTAssertEqual(collector.failures.count, 2)
        XCTAssertEqual(collector.failures.first, "b: roc_auc 0.674 < 0.900 — failed")
    }

    func testJUnitEscapesHostileNames() throws {
        var hostile = results()
        hostile.gates = [
            GateResult(
                name: "x<y & \"q\" 'z'", passed: false, model: "m]]>\u{1}", metric: "roc_auc", comparison: ">=", value: nil,
                bound: nil, boundExpression: "1", message: "a\nb <tag> &amp;")
        ]
        let xml = JUnitReport.render(hostile)
        let collector = JUnitCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), xml)
        XCTAssertEqual(collector.cases.first?["name"], "x<y & \"q\" 'z'")
        XCTAssertEqual(collector.cases.first?["classname"], "loupe.gates.m]]>\u{FFFD}")
        XCTAssertEqual(collector.failures.first, "a\nb <tag> &amp;")
    }

    func testSummaryNamesTheGatesAndTheHeadline() throws {
        _ = workspace.run(try buildArguments(["roc_auc >= baseline", "b:roc_auc >= 0.9"]))
        let summary = try workspace.read("summary.md")
        XCTAssertTrue(summary.hasPrefix("## Loupe: Evaluation of a, b\n\n**❌ 1 of 2 gates failed.**\n"), summary)
        XCTAssertTrue(summary.contains("| a | 0.819 | (0.784–0.855) |"), summary)
        XCTAssertTrue(summary.contains("| ❌ | b:roc_auc >= 0.9 | b | 0.674 | >= 0.900 |"), summary)
        XCTAssertTrue(summary.contains("| ✅ | roc_auc >= baseline | a | 0.819 | >= 0.674 |"), summary)
        XCTAssertTrue(summary.contains("### Weakest slices"), summary)
        XCTAssertTrue(summary.contains("| region = East | b | 105 |"), summary)
    }
}

/// Collects the JUnit structure: suite and case attributes, failure messages.
private final class JUnitCollector: NSObject, XMLParserDelegate {
    var suites: [[String: String]] = []
    var cases: [[String: String]] = []
    var failures: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "testsuite": suites.append(attributes)
        case "testcase": cases.append(attributes)
        case "failure": failures.append(attributes["message"] ?? "")
        default: break
        }
    }
}
