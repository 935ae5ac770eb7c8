import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// The regression example of `loupe demo`: deterministic data whose three planted defects the
/// residual analysis finds and the page states, and the demo command writing both examples.
final class HouseDemoTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testHouseDemoIsDeterministicWithTheDeclaredColumns() {
        let a = HouseDemo.bytes(rows: 500, seed: 3), b = HouseDemo.bytes(rows: 500, seed: 3)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, HouseDemo.bytes(rows: 500, seed: 4))
        let lines = String(decoding: a, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 501)
        XCTAssertEqual(String(lines[0]), HouseDemo.header)
        for line in lines.dropFirst() { XCTAssertEqual(line.split(separator: ",").count, HouseDemo.columns.count) }
    }

    private func build(seed: UInt64, rows: Int = 20_000) throws -> (Results, String) {
        let data = try workspace.write(
            "house-\(seed).csv", String(decoding: HouseDemo.bytes(rows: rows, seed: seed), as: UTF8.self))
        var arguments = ["build", "--data", data, "--label", HouseDemo.labelColumn, "--quiet"]
        for score in HouseDemo.scoreColumns { arguments += ["--score", "\(score.name)=\(score.column)"] }
        arguments += ["--baseline", HouseDemo.baselineModel, "--timestamp", HouseDemo.timestampColumn]
        arguments += ["--out", workspace.path("site-\(seed)")]
        let run = workspace.run(arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site-\(seed)/results.json"))
        let page = try String(contentsOfFile: workspace.path("site-\(seed)/model-candidate.html"), encoding: .utf8)
        return (results, page)
    }

    /// The largest-errors table was left-aligned: its numeric columns (sqft, transit_km) are
    /// right-aligned like every number, and text columns stay left.
    func testLargestErrorsTableRightAlignsItsNumericColumns() throws {
        let (_, page) = try build(seed: HouseDemo.defaultSeed, rows: 2_000)
        let start = try XCTUnwrap(page.range(of: "id=\"largest\""))
        let end = try XCTUnwrap(page.range(of: "</table>", range: start.upperBound..<page.endIndex))
        let table = String(page[start.lowerBound..<end.upperBound])
        XCTAssertTrue(table.contains("<th scope=\"col\" class=\"num\">sqft"), table)
        XCTAssertTrue(table.contains("<th scope=\"col\" class=\"text\">neighbourhood"), table)
    }

    func testEveryPlantedDefectIsFoundAndStatedForTwoSeeds() throws {
        for seed in [HouseDemo.defaultSeed, 99] {
            let (results, page) = try build(seed: seed)
            let analysis = try XCTUnwrap(results.residuals["candidate"])
            // The unused feature is the strongest column, and significant.
            let strongest = analysis.featureCorrelations.max { ($0.value.value ?? 0).magnitude < ($1.value.value ?? 0).magnitude }
            XCTAssertEqual(strongest?.key, HouseDemo.unusedFeature)
            XCTAssertLessThan(strongest?.value.holmPValue ?? 1, 0.001)
            XCTAssertLessThan(strongest?.value.value ?? 0, -0.2)
            // Errors grow with the prediction.
            XCTAssertLessThan(analysis.breuschPagan?.pValue ?? 1, 0.001)
            let spread = analysis.trend.compactMap(\.standardDeviation)
            XCTAssertGreaterThan(spread.last ?? 0, 2 * (spread.first ?? .infinity))
            // The summer swing makes residuals autocorrelated in time order.
            XCTAssertEqual(analysis.order, "timestamp")
            XCTAssertLessThan(analysis.autocorrelation?.ljungBox.last?.pValue ?? 1, 0.001)
            XCTAssertLessThan(analysis.durbinWatson ?? 2, 1.97)
            for sentence in [
                "Residuals correlate with transit_km", "Errors grow with the prediction",
                "Residuals are autocorrelated in sale_date order",
            ] {
                XCTAssertTrue(page.contains(sentence), "seed \(seed): the page should say '\(sentence)'")
            }
            // The benchmark ignores floor area's curvature too, but the candidate is better overall.
            XCTAssertLessThan(
                try XCTUnwrap(results.overall["candidate"]?["rmse"]?.value),
                try XCTUnwrap(results.overall["benchmark"]?["rmse"]?.value))
        }
    }

    func testDemoCommandWritesThreeExamplesEachLinkingTheOthers() throws {
        let out = workspace.path("demo")
        let run = workspace.run(["demo", "--out", out, "--rows", "2000", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let credit = try ResultsFile.decode(path: out + "/results.json")
        let house = try ResultsFile.decode(path: out + "/regression/results.json")
        let documents = try ResultsFile.decode(path: out + "/multiclass/results.json")
        XCTAssertEqual(credit.task, .binary)
        XCTAssertEqual(house.task, .regression)
        XCTAssertEqual(documents.task, .multiclass)
        XCTAssertEqual(house.provenance.dataFile, DemoCommand.dataFileName)
        XCTAssertEqual(documents.provenance.dataFile, DemoCommand.dataFileName)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/regression/" + DemoCommand.dataFileName))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/multiclass/" + DemoCommand.dataFileName))
        let links = [
            "index.html": ["regression/index.html", "multiclass/index.html"],
            "regression/index.html": ["../index.html", "../multiclass/index.html"],
            "multiclass/index.html": ["../index.html", "../regression/index.html"],
        ]
        for (page, targets) in links {
            let text = try String(contentsOfFile: out + "/" + page, encoding: .utf8)
            for target in targets { XCTAssertTrue(text.contains("href=\"\(target)\""), "\(page) should link \(target)") }
        }
        // A second run replaces every site and keeps nothing stale.
        XCTAssertEqual(workspace.run(["demo", "--out", out, "--rows", "2000", "--quiet"]).status, 0)
        XCTAssertEqual(try ResultsFile.decode(path: out + "/regression/results.json"), house)
        XCTAssertEqual(try ResultsFile.decode(path: out + "/multiclass/results.json"), documents)
    }
}
