import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// `loupe render` on results.json files that other tools wrote: only the contract's fields,
/// everything Loupe adds missing.
final class RenderContractTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// Fixtures/minimal_contract_results.json: the contract's fields and nothing else.
    static var minimalContract: String {
        get throws {
            let url = try XCTUnwrap(
                Bundle.module.url(forResource: "minimal_contract_results", withExtension: "json", subdirectory: "Fixtures"))
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    func testMinimalContractFileDecodesWithDefaults() throws {
        let results = try ResultsFile.decode(path: workspace.write("results.json", try Self.minimalContract))
        XCTAssertEqual(results.rankMetric, "roc_auc")
        XCTAssertEqual(results.sliceSpecs, [])
        XCTAssertEqual(results.curves, [:])
        XCTAssertEqual(results.provenance, .unknown)
        XCTAssertEqual(results.intervals.confidence, 0.95)
        XCTAssertEqual(results.columns, [])
        XCTAssertEqual(results.slices.map(\.tooSmall), [false, false])
        XCTAssertNil(results.overall["candidate"]?["precision"]?.value)
        XCTAssertNil(results.run)
        XCTAssertNil(results.history)
    }

    func testMinimalContractFileRendersTheSiteItsDataAllows() throws {
        let path = try workspace.write("results.json", try Self.minimalContract)
        let run = workspace.run(["render", path, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.path("site")).sorted()
        XCTAssertEqual(
            files,
            [".loupe-manifest", "index.html", "model-benchmark.html", "model-candidate.html", "results.json", "slices.html"])
        let index = try workspace.read("site/index.html")
        XCTAssertTrue(index.contains("Scored elsewhere &lt;v2 &amp; co&gt;"))
        XCTAssertTrue(index.contains("not recorded in results.json; 6,172 rows evaluated"))
        let model = try workspace.read("site/model-candidate.html")
        XCTAssertTrue(model.contains("results.json holds no curves for this model"))
        let slices = try workspace.read("site/slices.html")
        XCTAssertTrue(slices.contains("region = &lt;script&gt;alert(1)&lt;/script&gt;"))
        for page in files where page.hasSuffix(".html") {
            XCTAssertFalse(try workspace.read("site/\(page)").contains("<script>alert"), page)
        }
    }

    func testContractFairnessAndResidualBlocksDecodeAndRender() throws {
        var binary = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try Self.minimalContract.utf8)) as? [String: Any])
        binary["fairness"] = [
            [
                "attribute": "race", "model": "candidate", "reference": "Caucasian",
                "thresholds": [
                    [
                        "threshold": 0.5,
                        "groups": [
                            [
                                "group": "Caucasian", "count": 2103,
                                "metrics": ["fpr": ["value": 0.22, "lower": 0.2, "upper": 0.24]],
                            ],
                            ["group": "African-American", "count": 3175, "metrics": ["fpr": ["value": 0.42]]],
                        ],
                        "summary": ["demographic_parity_difference": ["value": 0.2]],
                    ]
                ],
            ]
        ]
        let binaryPath = workspace.path("binary.json")
        try JSONSerialization.data(withJSONObject: binary).write(to: URL(fileURLWithPath: binaryPath))
        let binaryRun = workspace.run(["render", binaryPath, "--out", workspace.path("binary"), "--quiet"])
        XCTAssertEqual(binaryRun.status, 0, binaryRun.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("binary/fairness.html")))

        let regression = """
            {"schema": "loupe.results/v1", "title": "Prices", "task": "regression", "label": "price", "rowCount": 10,
             "models": ["m"], "baseline": null, "overall": {"m": {"rmse": {"value": 3.5}}}, "slices": [],
             "residuals": {"m": {"feature_correlations": {"age": {"value": -0.06}}}}}
            """
        let regressionPath = try workspace.write("regression.json", regression)
        let results = try ResultsFile.decode(path: regressionPath)
        XCTAssertEqual(results.rankMetric, "rmse")
        XCTAssertEqual(results.residuals["m"]?.featureCorrelations["age"]?.value, -0.06)
        let regressionRun = workspace.run(["render", regressionPath, "--out", workspace.path("regression"), "--quiet"])
        XCTAssertEqual(regressionRun.status, 0, regressionRun.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("regression/model-m.html")))
    }

    func testAMissingContractFieldIsAnErrorNamingIt() throws {
        let text = try Self.minimalContract.replacingOccurrences(of: #""rowCount": 6172,"#, with: "")
        let path = try workspace.write("results.json", text)
        let run = workspace.run(["render", path, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("results.json:1:1: missing 'rowCount'"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("site")))
    }
}
