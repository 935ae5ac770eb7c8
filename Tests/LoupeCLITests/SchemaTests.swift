import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// Every results.json Loupe writes conforms to `schema/results.schema.json`, checked with the
/// small validator in `SchemaValidator.swift` (no Python, no network); a broken file does not.
final class SchemaTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// The schema at the repository root, found from this file's path.
    static func validator() throws -> SchemaValidator {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("schema/results.schema.json")
        return try SchemaValidator(schemaText: String(contentsOf: url, encoding: .utf8))
    }

    private func contract() throws -> String { try RenderContractTests.minimalContract }

    private func assertConforms(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let validator = try Self.validator()
        XCTAssertEqual(try validator.violations(of: text), [], "\(path)", file: file, line: line)
        // The top level admits other producers' fields; every field Loupe writes is documented.
        let declared = SchemaValidator.member("properties", of: validator.schema).map(SchemaValidator.keys) ?? []
        let written = SchemaValidator.keys(try JSONText.parse(text).value)
        XCTAssertEqual(written.subtracting(declared), [], "undocumented top-level fields in \(path)", file: file, line: line)
        // Every metric Loupe writes is one of its task's in the registry.
        let results = try ResultsFile.decode(path: path)
        let known = Set(MetricRegistry.names(for: results.task))
        for (model, metrics) in results.overall {
            XCTAssertEqual(
                Set(metrics.keys).subtracting(known), [], "\(model): metrics outside the registry", file: file, line: line)
        }
    }

    func testBinaryBuildWithFairnessRunStampAndHistoryConforms() throws {
        let data = try workspace.fixture("eval_small.csv")
        let base = [
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
            "--baseline", "b", "--slice", "region", "--slice", "region,segment", "--weight", "w",
            "--fairness", "segment", "--fairness", "region=North", "--quiet",
        ]
        let first = workspace.run(base + ["--out", workspace.path("first"), "--results", workspace.path("runs/r1.json")])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = workspace.run(
            base + [
                "--out", workspace.path("second"), "--run-id", "7", "--model-version", "v2", "--run-date", "2026-10-01",
                "--history", workspace.path("runs"),
            ])
        XCTAssertEqual(second.status, 0, second.stderr)
        let results = try ResultsFile.decode(path: workspace.path("second/results.json"))
        XCTAssertFalse(results.fairness.isEmpty)
        XCTAssertEqual(results.history?.count, 1)
        try assertConforms(workspace.path("runs/r1.json"))
        try assertConforms(workspace.path("second/results.json"))
    }

    func testRegressionBuildConforms() throws {
        let data = try workspace.fixture("diabetes_predictions.csv")
        let run = workspace.run([
            "build", "--data", data, "--label", "progression", "--score", "linear", "--score", "simple", "--baseline",
            "simple", "--timestamp", "visit", "--slice", "sex_group", "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(try ResultsFile.decode(path: workspace.path("site/results.json")).residuals.isEmpty)
        try assertConforms(workspace.path("site/results.json"))
    }

    func testDemoBuildsConform() throws {
        let run = workspace.run(["demo", "--out", workspace.path("demo"), "--rows", "2000", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        try assertConforms(workspace.path("demo/results.json"))
        try assertConforms(workspace.path("demo/regression/results.json"))
        try assertConforms(workspace.path("demo/multiclass/results.json"))
    }

    /// Comparisons and gates are not produced by this branch's builds; a value with both shows
    /// that their shape is in the schema too.
    func testComparisonsAndGatesConform() throws {
        var results = try ResultsFile.decode(path: workspace.write("minimal.json", contract()))
        results.comparisons = [
            ComparisonResult(
                model: "candidate", baseline: "benchmark", spec: [], key: [:], count: 100,
                metrics: [
                    "roc_auc": MetricComparison(
                        model: 0.71, baseline: 0.69, difference: Metric(0.02, lower: 0.01, upper: 0.03), relative: 0.029,
                        method: "paired_delong", pValue: 0.01, verdict: "better")
                ], flipRate: 0.1)
        ]
        results.gates = [
            GateResult(
                name: "roc_auc >= 0.75 for region", passed: false, model: "candidate", metric: "roc_auc", comparison: ">=",
                value: 0.71, bound: 0.75, boundExpression: "0.75", spec: ["region"], key: ["region": "North"],
                message: "0.710 is below 0.75")
        ]
        let path = workspace.path("full.json")
        try Data(try ResultsFile.encode(results)).write(to: URL(fileURLWithPath: path))
        try assertConforms(path)
    }

    /// The data sections (`data`, `drift`, `anomalies`) are documented in the schema and survive
    /// a round trip through results.json; results without them stay free of the keys.
    func testDataSectionsConformAndRoundTrip() throws {
        var results = try ResultsFile.decode(path: workspace.write("minimal.json", contract()))
        let plain = String(decoding: try ResultsFile.encode(results), as: UTF8.self)
        XCTAssertFalse(plain.contains("\"drift\"") || plain.contains("\"anomalies\"") || plain.contains("\"data\""))
        let income = DataColumnStatistics(
            name: "income", kind: "numeric", count: 3, missing: 1, missingShare: 0.25,
            numeric: NumericColumnStatistics(
                mean: 2, standardDeviation: 1, minimum: 1, maximum: 3, zeros: 0, zeroShare: 0,
                quantiles: [QuantileValue(level: 0.5, value: 2)], histogram: HistogramCounts(edges: [1, 2, 3], counts: [1, 2])))
        let city = DataColumnStatistics(
            name: "city", kind: "categorical", count: 2, missing: 0, missingShare: 0,
            categorical: CategoricalColumnStatistics(
                distinct: 1, topValues: [ValueCount(value: "Oslo", count: 2, share: 1)], otherShare: 0,
                textLength: TextLengthStatistics(minimum: 4, mean: 4, maximum: 4), textLike: false))
        let day = DataColumnStatistics(
            name: "day", kind: "timestamp", count: 1, missing: 0, missingShare: 0,
            timestamp: TimestampColumnStatistics(
                first: "2024-01-01T00:00:00Z", last: "2024-01-01T00:00:00Z",
                perDay: [PeriodCount(start: "2024-01-01", count: 1)], perWeek: [PeriodCount(start: "2024-01-01", count: 1)]))
        let dataset = DatasetStatistics(file: "serving.csv", rowCount: 4, columns: [income, city, day])
        results.data = DataResults(current: dataset, reference: dataset, schemaFile: "schema.json", environment: "serving")
        results.drift = [
            ColumnDrift(
                column: "income", role: "feature", model: nil, kind: "numeric", referenceCount: 3, currentCount: 3,
                referenceMissing: 0, currentMissing: 1, binEdges: [1, 2], categories: nil, referenceCounts: [1, 1, 1],
                currentCounts: [0, 1, 2], psi: 0.3, ks: KolmogorovSmirnovResult(statistic: 0.3, pValue: 0.9, method: "exact"),
                wasserstein: 0.5, normalizedWasserstein: 0.6, jsDistance: 0.2, hellinger: 0.2,
                chiSquare: ChiSquareResult(statistic: 1, dof: 2, pValue: 0.6, yates: false), lInfinity: nil,
                lInfinityCategory: nil, thresholds: .defaults,
                verdict: DriftVerdict(
                    status: "drifted", test: "psi", value: 0.3, threshold: 0.2, effect: nil,
                    message: "income drifted: PSI 0.300 ≥ 0.2."))
        ]
        results.anomalies = [
            DataAnomaly(
                severity: "error", kind: .outOfRange, column: "income", message: "m", expected: "values in [0, 2]",
                found: "1 row outside", rows: 1, examples: ["3 (line 4)"])
        ]
        let path = workspace.path("data.json")
        try Data(try ResultsFile.encode(results)).write(to: URL(fileURLWithPath: path))
        try assertConforms(path)
        XCTAssertEqual(try ResultsFile.decode(path: path), results)
    }

    func testMinimalContractFileConforms() throws {
        try assertConforms(workspace.write("minimal.json", contract()))
    }

    func testWrongTypesAndMissingRequiredFieldsFail() throws {
        let validator = try Self.validator()
        var object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contract().utf8)) as? [String: Any])
        object["rowCount"] = "many"
        object.removeValue(forKey: "models")
        var slices = try XCTUnwrap(object["slices"] as? [[String: Any]])
        slices[0]["count"] = -3
        object["slices"] = slices
        object["task"] = "ranking"
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        let violations = try validator.violations(of: text)
        XCTAssertTrue(violations.contains("/: missing required property 'models'"), "\(violations)")
        XCTAssertTrue(violations.contains("/rowCount: expected integer, found a string"), "\(violations)")
        XCTAssertTrue(violations.contains("/slices/0/count: -3 is below the minimum 0"), "\(violations)")
        XCTAssertTrue(violations.contains("/task: 'ranking' is not one of the allowed values"), "\(violations)")

        let badMetric = try contract().replacingOccurrences(
            of: #""value": 0.71"#, with: #""value": "0.71""#)
        XCTAssertEqual(
            try validator.violations(of: badMetric), ["/overall/candidate/roc_auc/value: expected number or null, found a string"]
        )
        let extraNested = try contract().replacingOccurrences(
            of: #""value": 0.71"#, with: #""value": 0.71, "stderr": 0.01"#)
        XCTAssertEqual(
            try validator.violations(of: extraNested), ["/overall/candidate/roc_auc: property 'stderr' is not allowed"])
    }

    func testValidatorRefusesKeywordsItDoesNotImplement() throws {
        let validator = try SchemaValidator(schemaText: #"{"type": "string", "pattern": "^a"}"#)
        XCTAssertEqual(try validator.violations(of: #""abc""#), ["/: unsupported schema keyword 'pattern'"])
        let nullable = try SchemaValidator(
            schemaText: ##"{"$defs": {"n": {"type": "number"}}, "oneOf": [{"$ref": "#/$defs/n"}, {"type": "null"}]}"##)
        XCTAssertEqual(try nullable.violations(of: "null"), [])
        XCTAssertEqual(try nullable.violations(of: "1.5"), [])
        XCTAssertEqual(try nullable.violations(of: "true"), ["/: matches 0 of the oneOf alternatives"])
    }
}
