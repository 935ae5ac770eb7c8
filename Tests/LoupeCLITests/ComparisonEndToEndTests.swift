import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// `--baseline` with other models: the paired comparison in results.json, on comparison.html and
/// in the overview's findings, for a binary task (eval_small.csv) and a regression (diabetes).
final class ComparisonEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func buildBinary(out: String, extra: [String] = []) throws -> Results {
        let data = try workspace.fixture("eval_small.csv")
        let run = workspace.run(
            [
                "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
                "--slice", "region", "--slice", "region,segment", "--out", workspace.path(out), "--quiet",
            ] + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try ResultsFile.decode(path: workspace.path("\(out)/results.json"))
    }

    private static let verdicts: Set<String> = [
        "better", "worse", "no_significant_difference", "not_tested", "not_comparable",
    ]

    func testBinaryComparisonsCoverTheWholeDataAndEverySliceWithMetrics() throws {
        for weighted in [false, true] {
            let out = weighted ? "weighted" : "plain"
            let results = try buildBinary(out: out, extra: ["--baseline", "b"] + (weighted ? ["--weight", "w"] : []))
            let reported = results.slices.filter { !$0.tooSmall }
            XCTAssertEqual(results.comparisons.count, 1 + reported.count, out)
            let overall = try XCTUnwrap(results.comparisons.first)
            XCTAssertEqual(overall.spec, [])
            XCTAssertEqual(overall.model, "a")
            XCTAssertEqual(overall.baseline, "b")
            XCTAssertEqual(overall.count, results.rowCount)
            for (comparison, slice) in zip(results.comparisons.dropFirst(), reported) {
                XCTAssertEqual(comparison.spec, slice.spec)
                XCTAssertEqual(comparison.key, slice.key)
                XCTAssertEqual(comparison.count, slice.count)
            }
            for comparison in results.comparisons {
                let context = "\(out) \(comparison.key)"
                let flip = try XCTUnwrap(comparison.flipRate, context)
                XCTAssert((0...1).contains(flip), context)
                XCTAssertNil(comparison.metrics["count"], "identical for both models")
                // ROC AUC is left out where a slice has one class (undefined for both models).
                if let auc = comparison.metrics["roc_auc"] { XCTAssertEqual(auc.method, "paired_delong", context) }
                XCTAssertEqual(try XCTUnwrap(comparison.metrics["accuracy"]?.method), "mcnemar", context)
                XCTAssertEqual(try XCTUnwrap(comparison.metrics["log_loss"]?.method), "paired_bootstrap", context)
                XCTAssertNil(comparison.metrics["average_precision"]?.method, "not a function of sums")
                if let ap = comparison.metrics["average_precision"] { XCTAssertEqual(ap.verdict, "not_tested", context) }
                for (name, metric) in comparison.metrics {
                    XCTAssert(Self.verdicts.contains(metric.verdict), "\(context) \(name)")
                    let value = try XCTUnwrap(metric.difference.value)
                    XCTAssertEqual(value, try XCTUnwrap(metric.model) - XCTUnwrap(metric.baseline), accuracy: 1e-12)
                    if let lower = metric.difference.lower, let upper = metric.difference.upper {
                        XCTAssertLessThanOrEqual(lower, value + 1e-9, "\(context) \(name)")
                        XCTAssertGreaterThanOrEqual(upper, value - 1e-9, "\(context) \(name)")
                        let excludesZero = lower > 0 || upper < 0
                        if metric.verdict != "not_comparable" {
                            XCTAssertEqual(excludesZero, metric.verdict != "no_significant_difference", "\(context) \(name)")
                        }
                    } else if metric.verdict != "not_comparable" {
                        XCTAssertEqual(metric.verdict, "not_tested", "\(context) \(name)")
                    }
                    // Slices carry Holm's adjustment over the model's slices; the whole data does not.
                    if comparison.spec.isEmpty {
                        XCTAssertNil(metric.holmPValue, "\(context) \(name)")
                    } else if let p = metric.pValue {
                        let holm = try XCTUnwrap(metric.holmPValue, "\(context) \(name)")
                        XCTAssertGreaterThanOrEqual(holm, p, "\(context) \(name)")
                        if metric.holmVerdict != metric.verdict {
                            XCTAssertEqual(metric.holmVerdict, "no_significant_difference")
                            XCTAssertGreaterThanOrEqual(holm, 0.05)
                        }
                    }
                }
            }
            XCTAssertEqual(overall.metrics["roc_auc"]?.method, "paired_delong")
            // The values are the evaluation's own.
            XCTAssertEqual(overall.metrics["roc_auc"]?.model, results.overall["a"]?["roc_auc"]?.value)
            XCTAssertEqual(overall.metrics["roc_auc"]?.baseline, results.overall["b"]?["roc_auc"]?.value)
        }
    }

    func testComparisonPageLeadsWithWhereTheModelLosesAndTheOverviewUsesThePairedTest() throws {
        _ = try buildBinary(out: "site", extra: ["--baseline", "b"])
        let page = try workspace.read("site/comparison.html")
        let heading = try XCTUnwrap(page.range(of: "Where does b lose to a?") ?? page.range(of: "Where does a lose to b?"))
        let table = try XCTUnwrap(page.range(of: "<table"))
        XCTAssertLessThan(heading.lowerBound, table.lowerBound, "the answer comes before the tables")
        XCTAssert(page.contains("paired DeLong"))
        XCTAssert(page.contains("Holm"), "the page states how slice verdicts handle multiplicity")
        XCTAssert(page.contains("Average precision has no paired test"))
        XCTAssert(page.contains("no difference"), "the chart's zero line is labelled")
        let index = try workspace.read("site/index.html")
        XCTAssert(index.contains("href=\"comparison.html\""), "the navigation links the page")
        XCTAssert(index.contains("paired DeLong p"), "the headline finding is the paired test")
        XCTAssertFalse(index.contains("treated as independent"))
        // Rendering the results again gives the same page.
        let render = workspace.run(["render", workspace.path("site/results.json"), "--out", workspace.path("again"), "--quiet"])
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertEqual(try workspace.read("again/comparison.html"), page)
    }

    func testWithoutABaselineThereIsNoComparison() throws {
        let results = try buildBinary(out: "alone")
        XCTAssertEqual(results.comparisons, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("alone/comparison.html")))
        XCTAssert(try workspace.read("alone/index.html").contains("treated as independent"))
    }

    func testRegressionComparisonsArePairedBootstrapsOfTheErrors() throws {
        let data = try workspace.fixture("diabetes_predictions.csv")
        let run = workspace.run([
            "build", "--data", data, "--label", "progression", "--score", "linear", "--score", "simple", "--baseline",
            "simple", "--timestamp", "visit", "--slice", "sex_group", "--out", workspace.path("reg"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("reg/results.json"))
        let overall = try XCTUnwrap(results.comparisons.first { $0.spec.isEmpty })
        XCTAssertNil(overall.flipRate)
        for name in ["mse", "rmse", "mae", "mape", "r2", "explained_variance", "residual_std"] {
            let metric = try XCTUnwrap(overall.metrics[name], name)
            XCTAssertEqual(metric.method, "paired_bootstrap", name)
            XCTAssertNotNil(metric.difference.lower, name)
            XCTAssertNotNil(metric.pValue, name)
        }
        XCTAssertNil(overall.metrics["median_absolute_error"]?.method)
        XCTAssertEqual(overall.metrics["mean_residual"]?.verdict, "not_comparable")
        XCTAssertEqual(overall.metrics["durbin_watson"]?.verdict, "not_comparable")
        // The linear model beats the one-feature model on the whole data, as its RMSE says.
        XCTAssertEqual(overall.metrics["rmse"]?.verdict, "better")
        XCTAssertEqual(results.comparisons.count, 1 + results.slices.filter { !$0.tooSmall }.count)
        let page = try workspace.read("reg/comparison.html")
        XCTAssert(page.contains("Where does linear lose to simple?"))
        // A regression's comparison speaks of its own methods, not of classification's.
        XCTAssertFalse(page.contains("DeLong"))
        XCTAssertFalse(page.contains("McNemar"))
        XCTAssert(page.contains("RMSE"))
        XCTAssertEqual(overall.metrics["median_absolute_error"]?.verdict, "not_tested")
        XCTAssertEqual(overall.metrics["max_error"]?.verdict, "not_tested")
        XCTAssertFalse(try workspace.read("reg/index.html").contains("decision threshold"))
    }
}
