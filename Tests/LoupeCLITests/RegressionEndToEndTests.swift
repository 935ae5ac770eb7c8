import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// `loupe build` of a regression on real data (scikit-learn's diabetes set, with two fitted
/// models), checked against scikit-learn, scipy and statsmodels values that
/// Fixtures/make_regression_fixture.py computed for the same file.
final class RegressionEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func build(weighted: Bool, out: String = "site", extra: [String] = []) throws -> Results {
        let data = try workspace.fixture("diabetes_predictions.csv")
        var arguments = [
            "build", "--data", data, "--label", "progression", "--score", "linear", "--score", "simple", "--baseline",
            "simple", "--timestamp", "visit", "--slice", "sex_group", "--out", workspace.path(out), "--quiet",
        ]
        if weighted { arguments += ["--weight", "w"] }
        let run = workspace.run(arguments + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try ResultsFile.decode(path: workspace.path("\(out)/results.json"))
    }

    private func expected() throws -> [String: [String: Any]] {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "diabetes_expected", withExtension: "json", subdirectory: "Fixtures"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: Any]])
    }

    private func close(_ got: Double?, _ want: Any?, _ context: String, tolerance: Double = 1e-9) {
        guard let want = want as? Double else { return XCTFail("\(context): no reference value") }
        guard let got else { return XCTFail("\(context): undefined, reference \(want)") }
        XCTAssertEqual(got, want, accuracy: tolerance * max(1, want.magnitude), context)
    }

    func testTaskIsInferredFromANumericLabelAndRowsAreExcludedByReason() throws {
        let results = try build(weighted: false)
        XCTAssertEqual(results.task, .regression)
        XCTAssertEqual(results.rankMetric, "rmse")
        XCTAssertEqual(results.rowCount, 440)
        XCTAssertEqual(results.provenance.rowsExcluded, ["missing label": 1, "missing score (simple)": 1])
        XCTAssertNil(results.positiveLabel)
        XCTAssertEqual(
            results.provenance.configuration.prefix(6),
            ["--data", results.provenance.dataFile, "--task", "regression", "--label", "progression"])
        XCTAssertFalse(results.provenance.configuration.contains("--threshold"))
    }

    func testMetricsMatchScikitLearnOverallAndPerSliceWithAndWithoutWeights() throws {
        let reference = try expected()
        for weighted in [false, true] {
            let results = try build(weighted: weighted, out: weighted ? "weighted" : "plain")
            for model in ["linear", "simple"] {
                let entry = try XCTUnwrap(reference[model])
                let overall = try XCTUnwrap(entry[weighted ? "overall" : "unweighted"] as? [String: Any])
                for (name, value) in overall {
                    close(results.overall[model]?[name]?.value, value, "\(model) \(weighted ? "weighted" : "plain") \(name)")
                }
                guard weighted else { continue }
                let groups = try XCTUnwrap(entry["sex_group"] as? [String: [String: Any]])
                for (group, values) in groups {
                    let slice = try XCTUnwrap(results.slices.first { $0.key["sex_group"] == group })
                    for (name, value) in values {
                        close(slice.metrics[model]?[name]?.value, value, "\(model) sex_group=\(group) \(name)")
                    }
                }
            }
        }
    }

    func testResidualStatisticsMatchScipyAndStatsmodelsInTimeOrder() throws {
        let results = try build(weighted: true)
        for model in ["linear", "simple"] {
            let want = try XCTUnwrap(try expected()[model]?["residuals"] as? [String: Any])
            let got = try XCTUnwrap(results.residuals[model])
            XCTAssertEqual(got.order, "timestamp")
            XCTAssertEqual(got.orderColumn, "visit")
            close(got.moments.mean, want["mean"], "\(model) mean")
            close(got.moments.standardDeviation, want["standard_deviation"], "\(model) sd")
            close(got.moments.skewness, want["skewness"], "\(model) skewness")
            close(got.moments.kurtosis, want["kurtosis"], "\(model) kurtosis")
            close(got.moments.jarqueBera?.statistic, want["jarque_bera"], "\(model) Jarque–Bera")
            close(got.moments.jarqueBera?.pValue, want["jarque_bera_p"], "\(model) Jarque–Bera p")
            close(got.durbinWatson, want["durbin_watson"], "\(model) Durbin–Watson")
            let acf = try XCTUnwrap(got.autocorrelation)
            let wantACF = try XCTUnwrap(want["acf"] as? [Double])
            XCTAssertEqual(acf.values.count, wantACF.count)
            for (lag, value) in wantACF.enumerated() { close(acf.values[lag], value, "\(model) acf lag \(lag + 1)") }
            let ljung = try XCTUnwrap(want["ljung_box"] as? [Double]), ljungP = try XCTUnwrap(want["ljung_box_p"] as? [Double])
            for lag in ljung.indices {
                close(acf.ljungBox[lag].statistic, ljung[lag], "\(model) Ljung–Box \(lag + 1)")
                close(acf.ljungBox[lag].pValue, ljungP[lag], "\(model) Ljung–Box p \(lag + 1)")
            }
            let bp = try XCTUnwrap(got.breuschPagan)
            close(bp.statistic, want["breusch_pagan"], "\(model) Breusch–Pagan")
            close(bp.pValue, want["breusch_pagan_p"], "\(model) Breusch–Pagan p")
            close(bp.fStatistic, want["breusch_pagan_f"], "\(model) Breusch–Pagan F")
            close(bp.fPValue, want["breusch_pagan_f_p"], "\(model) Breusch–Pagan F p")

            let features = try XCTUnwrap(want["features"] as? [String: [String: Any]])
            // Every column but the label, the scores and the weight (the date is a column too).
            XCTAssertEqual(Set(got.featureCorrelations.keys), Set(features.keys).subtracting(["w"]))
            for (name, values) in features where name != "w" {
                let c = try XCTUnwrap(got.featureCorrelations[name], name)
                if name == "sex_group" {
                    XCTAssertEqual(c.kind, "categorical")
                    close(c.fStatistic, values["f"], "\(model) \(name) F")
                    close(c.pValue, values["p"], "\(model) \(name) p")
                    close(c.value, values["eta"], "\(model) \(name) η")
                    let means = try XCTUnwrap(values["means"] as? [String: Double])
                    for category in c.categories {
                        close(category.mean.value, means[category.category], "\(model) mean \(category.category)")
                    }
                } else {
                    XCTAssertEqual(c.kind, "numeric", name)
                    close(c.value, values["pearson"], "\(model) \(name) r")
                    close(c.pValue, values["p"], "\(model) \(name) p")
                    close(c.spearman, values["spearman"], "\(model) \(name) ρ")
                    close(c.spearmanPValue, values["spearman_p"], "\(model) \(name) ρ p")
                    let (r, lower, upper) = (try XCTUnwrap(c.value), try XCTUnwrap(c.lower), try XCTUnwrap(c.upper))
                    XCTAssertTrue(lower < r && r < upper, "\(name): Fisher interval around r")
                }
                XCTAssertNotNil(c.holmPValue)
                XCTAssertGreaterThanOrEqual(c.holmPValue ?? 0, c.pValue ?? 1)
            }
            XCTAssertEqual(got.featureCorrelations["visit"]?.unit, "days since 2023-01-01")
        }
    }

    func testLargestErrorsNameTheirRowsAndSummariesStaySmall() throws {
        let results = try build(weighted: false)
        let analysis = try XCTUnwrap(results.residuals["linear"])
        XCTAssertEqual(analysis.largestErrors.count, 20)
        let magnitudes = analysis.largestErrors.map { $0.residual.magnitude }
        XCTAssertEqual(magnitudes, magnitudes.sorted(by: >))
        // Row numbers are data rows (1 = first after the header); check one against the file.
        let lines = try String(contentsOfFile: try workspace.fixture("diabetes_predictions.csv"), encoding: .utf8)
            .split(separator: "\n")
        let top = analysis.largestErrors[0]
        let fields = lines[top.row].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(Double(fields[13]), top.label)
        XCTAssertEqual(Double(fields[14]), top.prediction)
        XCTAssertEqual(top.values["sex_group"], String(fields[12]))
        XCTAssertEqual(top.values["visit"], String(fields[10]))
        XCTAssertEqual(analysis.histogram.map { $0.counts.reduce(0, +) + $0.outside }, 440)
        XCTAssertEqual(analysis.residualDensity.map { $0.counts.reduce(0, +) + $0.outside }, 440)
        XCTAssertLessThanOrEqual(analysis.quantiles.count, 200)
        XCTAssertEqual(analysis.trend.reduce(0) { $0 + $1.count }, 440)
    }

    func testResidualPageShowsEachFindingWithItsChart() throws {
        _ = try build(weighted: false)
        let page = try String(contentsOfFile: workspace.path("site/model-linear.html"), encoding: .utf8)
        for anchor in [
            "id=\"vs-predicted\"", "id=\"distribution\"", "id=\"features\"", "id=\"autocorrelation\"", "id=\"spread\"",
            "id=\"largest\"",
        ] {
            XCTAssertTrue(page.contains(anchor), anchor)
        }
        XCTAssertTrue(page.contains("Residuals against the prediction"))
        XCTAssertTrue(page.contains("Breusch–Pagan"))
        XCTAssertFalse(page.contains("<script src"))
        let index = try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("Regression of progression"))
        XCTAssertTrue(index.contains("RMSE"))
    }

    func testSameInputGivesByteIdenticalSite() throws {
        _ = try build(weighted: true, out: "one")
        _ = try build(weighted: true, out: "two")
        XCTAssertEqual(workspace.snapshot("one"), workspace.snapshot("two"))
    }
}
