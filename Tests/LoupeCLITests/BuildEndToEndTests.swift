import Foundation
import LoupeData
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// `loupe build` from flags to files, checked against scikit-learn's values for the same data
/// (Fixtures/make_fixtures.py wrote both the data and the expected values).
final class BuildEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func build(weighted: Bool, out: String = "site", extra: [String] = []) throws -> Results {
        let data = try workspace.fixture("eval_small.csv")
        var arguments = [
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
            "--baseline", "b", "--slice", "region", "--slice", "region,segment", "--out", workspace.path(out), "--quiet",
        ]
        if weighted { arguments += ["--weight", "w"] }
        let run = workspace.run(arguments + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try ResultsFile.decode(path: workspace.path("\(out)/results.json"))
    }

    private func expected() throws -> [String: Any] {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "eval_small_expected", withExtension: "json", subdirectory: "Fixtures"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func assertMatches(_ metrics: MetricSet?, _ reference: [String: Any], _ context: String) {
        for (name, value) in reference {
            let got = metrics?[name]?.value
            if let number = value as? Double {
                guard let got else { XCTFail("\(context) \(name): undefined, scikit-learn \(number)"); continue }
                XCTAssertEqual(got, number, accuracy: 1e-9, "\(context) \(name)")
            } else {
                XCTAssertNil(got, "\(context) \(name): scikit-learn says undefined")
            }
        }
    }

    func testMetricsMatchScikitLearnOverallAndPerSliceWithAndWithoutWeights() throws {
        let reference = try expected()
        for weighted in [false, true] {
            let results = try build(weighted: weighted, out: weighted ? "weighted" : "plain")
            let key = weighted ? "weighted" : "unweighted"
            let models = try XCTUnwrap(reference[key] as? [String: [String: Any]])
            for model in ["a", "b"] {
                let entry = try XCTUnwrap(models[model])
                assertMatches(
                    results.overall[model], try XCTUnwrap(entry["overall"] as? [String: Any]), "\(key) \(model) overall")
                let regions = try XCTUnwrap(entry["region"] as? [String: [String: Any]])
                for (region, values) in regions {
                    let slice = try XCTUnwrap(results.slices.first { $0.spec == ["region"] && $0.key["region"] == region })
                    if region == "Tiny" {
                        XCTAssertTrue(slice.tooSmall)
                        XCTAssertTrue(slice.metrics.isEmpty)
                        XCTAssertEqual(slice.count, 5)
                    } else {
                        assertMatches(slice.metrics[model], values, "\(key) \(model) region=\(region)")
                    }
                }
            }
        }
    }

    func testExcludedRowsAreCountedByReasonAndReported() throws {
        let results = try build(weighted: false)
        XCTAssertEqual(results.provenance.rowsRead, 600)
        XCTAssertEqual(results.rowCount, 591)
        XCTAssertEqual(results.provenance.rowsExcluded, ["missing label": 3, "missing score (b)": 6])
        XCTAssertTrue(results.warnings.contains { $0.contains("9 of 600 rows were left out") }, "\(results.warnings)")
        XCTAssertEqual(results.positiveLabel, "yes")
        XCTAssertEqual(results.provenance.dataSHA256.count, 64)
    }

    func testOneClassSliceHasUndefinedAUCNotZero() throws {
        let results = try build(weighted: false)
        let solo = try XCTUnwrap(results.slices.first { $0.key == ["region": "Solo"] })
        XCTAssertFalse(solo.tooSmall)
        XCTAssertNil(solo.metrics["a"]?["roc_auc"]?.value)
        XCTAssertNil(solo.metrics["a"]?["recall"]?.value)
        XCTAssertNotNil(solo.metrics["a"]?["fpr"]?.value)
    }

    func testEveryIntervalContainsItsEstimate() throws {
        let results = try build(weighted: true)
        var checked = 0
        let sets = Array(results.overall.values) + results.slices.flatMap { $0.metrics.values }
        for set in sets {
            for (name, metric) in set {
                guard let value = metric.value, let lower = metric.lower, let upper = metric.upper else { continue }
                XCTAssertLessThanOrEqual(lower, value + 1e-12, name)
                XCTAssertGreaterThanOrEqual(upper, value - 1e-12, name)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }

    func testCrossSlicesAndTheirOrder() throws {
        let results = try build(weighted: false)
        let cross = results.slices.filter { $0.spec == ["region", "segment"] }
        XCTAssertEqual(cross.first?.key, ["region": "East", "segment": "business"])
        XCTAssertEqual(cross.map(\.count).reduce(0, +), 591)
        let spec = try XCTUnwrap(results.sliceSpecs.first { $0.columns == ["region", "segment"] })
        XCTAssertEqual(spec.name, "region × segment")
        XCTAssertEqual(spec.sliceCount, cross.count)
    }

    func testSameInputGivesByteIdenticalSite() throws {
        _ = try build(weighted: true, out: "one")
        _ = try build(weighted: true, out: "two")
        let one = workspace.snapshot("one")
        let two = workspace.snapshot("two")
        XCTAssertFalse(one.isEmpty)
        XCTAssertEqual(one, two)
        XCTAssertNotNil(one["/index.html"])
        XCTAssertNotNil(one["/slices.html"])
    }

    func testRenderRedrawsTheSameSiteFromResultsAlone() throws {
        _ = try build(weighted: false, out: "built")
        let run = workspace.run(["render", workspace.path("built/results.json"), "--out", workspace.path("rendered"), "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        var built = workspace.snapshot("built")
        built.removeValue(forKey: "/.loupe-manifest")
        var rendered = workspace.snapshot("rendered")
        rendered.removeValue(forKey: "/.loupe-manifest")
        XCTAssertEqual(built, rendered)
    }

    func testTemplatesFolderOverridesBuiltInFilesOneByOne() throws {
        try workspace.write("templates/style.css", "body { color: rebeccapurple; }")
        _ = try build(weighted: false, out: "styled", extra: ["--templates", workspace.path("templates")])
        let index = try workspace.read("styled/index.html")
        XCTAssertTrue(index.contains("rebeccapurple"))
        XCTAssertTrue(index.contains("<nav"), "the other templates are still the built-in ones")
    }

    func testBrokenTemplateOverrideIsAnErrorNamingTheFile() throws {
        try workspace.write("templates/nav.html", "<nav>{{#unclosed}}</nav>")
        let data = try workspace.fixture("eval_small.csv")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a",
            "--templates", workspace.path("templates"), "--out", workspace.path("site"),
        ])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("nav.html:1:"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("site")))
    }

    func testValueRestrictedCrossAndNumericBins() throws {
        let data = try workspace.fixture("eval_small.csv")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a",
            "--slice", "region=North,segment", "--slice", "w", "--bins", "w=3", "--out", workspace.path("s"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("s/results.json"))
        let restricted = results.slices.filter { $0.spec == ["region", "segment"] }
        XCTAssertEqual(Set(restricted.map { $0.key["region"] }), ["North"])
        let bins = results.slices.filter { $0.spec == ["w"] }
        XCTAssertEqual(bins.count, 3)
        XCTAssertTrue(bins.allSatisfy { ($0.key["w"] ?? "").hasPrefix("[") })
        XCTAssertEqual(bins.map(\.count).reduce(0, +), 597)
    }

    /// Every reported slice in the slice tables links to its detail: the spec's detail page
    /// exists, holds the slice's section (its id), its confusion matrix and its curves over the
    /// whole data's; too-small slices have no link; detail pages are not in the navigation bar.
    func testEverySliceLinksToItsDetail() throws {
        let results = try build(weighted: false)
        let slices = try workspace.read("site/slices.html")
        var links = 0
        for slice in results.slices where !slice.tooSmall {
            XCTAssertFalse(slice.curves.isEmpty, "\(slice.key) has curves")
            let label = slice.spec.map { "\($0) = \(slice.key[$0] ?? "")" }.joined(separator: ", ")
            guard let range = slices.range(of: ">\(label)</a>") else {
                XCTFail("no link for \(label)")
                continue
            }
            let before = slices[..<range.lowerBound]
            let hrefStart = try XCTUnwrap(before.range(of: "href=\"", options: .backwards))
            let href = String(before[hrefStart.upperBound...].prefix { $0 != "\"" })
            let parts = href.split(separator: "#").map(String.init)
            XCTAssertEqual(parts.count, 2, href)
            let page = try workspace.read("site/" + parts[0])
            XCTAssert(page.contains("id=\"\(parts[1])\""), "\(href) resolves")
            XCTAssert(page.contains("ROC curve"), "\(href) draws the ROC curve")
            XCTAssert(page.contains("overall"), "\(href) draws the whole data's curve")
            links += 1
        }
        XCTAssertGreaterThan(links, 3)
        for slice in results.slices where slice.tooSmall { XCTAssertTrue(slice.curves.isEmpty) }
        let index = try workspace.read("site/index.html")
        XCTAssertFalse(index.contains("slice-region.html\""), "detail pages are not in the navigation bar")
    }

    /// The reader stops counting a numeric column's distinct values at its limit; results.json
    /// records one more, and the overview reads it as "over 1,024": the page's limit is the
    /// reader's.
    func testAScoreOfManyValuesIsCountedUpToTheLimitAndShownAsOverIt() throws {
        XCTAssertEqual(ColumnSummary.countedDistinctLimit, Column.distinctCountLimit)
        var csv = "y,p\n"
        for i in 0..<1_100 { csv += "\(i % 2),\(Double(i) / 1_100)\n" }
        let data = try workspace.write("many.csv", csv)
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "p", "--bootstrap", "0", "--out", workspace.path("site"),
            "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        let score = try XCTUnwrap(results.columns.first { $0.name == "p" })
        XCTAssertEqual(score.distinct, Column.distinctCountLimit + 1)
        XCTAssertTrue(score.distinctIsOverLimit)
        XCTAssertEqual(results.columns.first { $0.name == "y" }?.distinct, 2)
        let index = try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains(">over 1,024<"), "the overview's columns table")
    }
}
