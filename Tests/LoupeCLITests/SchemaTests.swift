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
