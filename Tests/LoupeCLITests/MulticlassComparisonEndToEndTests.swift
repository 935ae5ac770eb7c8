import Foundation
import LoupeMetrics
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// `loupe build --baseline` with multiclass models: results.json's `comparisons` for the whole
/// data and every slice (McNemar for accuracy from the rows' predicted classes, paired bootstraps
/// for macro F1, log loss and macro AUC; nothing that needs probabilities for hard predictions),
/// the gates against the baseline, and the Comparison page.
final class MulticlassComparisonEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws { workspace = try TestWorkspace() }
    override func tearDown() { workspace.remove() }

    private struct Data {
        var csv = "y,region,new_cat,new_dog,new_fox,old_cat,old_dog,old_fox,hard\n"
        var labels: [Int] = []
        var newPredicted: [Int] = []
        var oldPredicted: [Int] = []
        var region: [String] = []
    }

    /// 900 rows of cat/dog/fox: `new` is sharper than `old`, `hard` gives classes only; region
    /// `west` has no fox.
    private func data() -> Data {
        var rng = SplitMix64(seed: 12)
        let classes = ["cat", "dog", "fox"]
        var d = Data()
        func probabilities(_ y: Int, skill: Double) -> [Double] {
            var p = (0..<3).map { _ in rng.nextUnit() + 0.05 }
            p[y] += skill * rng.nextUnit()
            let total = p.reduce(0, +)
            return p.map { $0 / total }
        }
        func argmax(_ p: [Double]) -> Int { p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }! }
        for i in 0..<900 {
            let region = ["north", "south", "west"][i % 3]
            let y = Int(rng.next() % (region == "west" ? 2 : 3))
            let a = probabilities(y, skill: 2.5), b = probabilities(y, skill: 1.0)
            let hard = rng.next() % 3 == 0 ? Int(rng.next() % 3) : y
            let row = [classes[y], region] + (a + b).map { "\($0)" } + [classes[hard]]
            d.csv += row.joined(separator: ",") + "\n"
            d.labels.append(y)
            d.newPredicted.append(argmax(a))
            d.oldPredicted.append(argmax(b))
            d.region.append(region)
        }
        return d
    }

    private func build(_ d: Data, out: String, extra: [String] = []) throws -> (status: Int32, results: Results, stderr: String) {
        let path = try workspace.write("mc.csv", d.csv)
        let run = workspace.run(
            [
                "build", "--data", path, "--label", "y", "--score", "new=new_*", "--score", "old=old_*", "--score", "hard=hard",
                "--task", "multiclass", "--baseline", "old", "--slice", "region", "--out", workspace.path(out), "--quiet",
            ] + extra)
        return (run.status, try ResultsFile.decode(path: workspace.path("\(out)/results.json")), run.stderr)
    }

    func testComparisonsCoverTheWholeDataAndEverySliceWithTheirPairedMethods() throws {
        let d = data()
        let (status, results, stderr) = try build(d, out: "site")
        XCTAssertEqual(status, 0, stderr)
        XCTAssertEqual(Set(results.comparisons.map(\.model)), ["new", "hard"])
        for model in ["new", "hard"] {
            let comparisons = results.comparisons.filter { $0.model == model }
            XCTAssertEqual(comparisons.map(\.spec), [[], ["region"], ["region"], ["region"]], model)
            for comparison in comparisons {
                let context = "\(model) \(comparison.key)"
                let region = comparison.key["region"]
                let rows: [Int] = d.labels.indices.filter { i in region == nil || d.region[i] == region }
                XCTAssertEqual(comparison.count, rows.count, context)
                XCTAssertEqual(comparison.metrics["accuracy"]?.method, "mcnemar", context)
                XCTAssertEqual(comparison.metrics["macro_f1"]?.method, "paired_bootstrap", context)
                XCTAssertEqual(comparison.metrics["top_2_accuracy"]?.verdict, model == "new" ? "not_tested" : nil, context)
                if model == "new" {
                    XCTAssertEqual(comparison.metrics["log_loss"]?.method, "paired_bootstrap", context)
                    XCTAssertEqual(comparison.metrics["macro_ovr_auc"]?.method, "paired_bootstrap", context)
                    // McNemar from the rows' predicted classes, statsmodels' rule (exact below 25 discordant rows).
                    let newRight: [Bool] = rows.map { d.newPredicted[$0] == d.labels[$0] }
                    let oldRight: [Bool] = rows.map { d.oldPredicted[$0] == d.labels[$0] }
                    let b = Double(zip(newRight, oldRight).filter { $0 && !$1 }.count)
                    let c = Double(zip(newRight, oldRight).filter { !$0 && $1 }.count)
                    let accuracy = try XCTUnwrap(comparison.metrics["accuracy"])
                    XCTAssertEqual(
                        try XCTUnwrap(accuracy.pValue), McNemar.pValue(b: b, c: c, exact: b + c < 25), accuracy: 1e-12, context)
                    XCTAssertEqual(try XCTUnwrap(accuracy.difference.value), (b - c) / Double(rows.count), accuracy: 1e-12)
                    let flips: Int = rows.filter { d.newPredicted[$0] != d.oldPredicted[$0] }.count
                    XCTAssertEqual(try XCTUnwrap(comparison.flipRate), Double(flips) / Double(rows.count), accuracy: 1e-12)
                } else {
                    XCTAssertNil(comparison.metrics["log_loss"], "\(context): hard predictions have no log loss")
                    XCTAssertNil(comparison.metrics["macro_ovr_auc"], "\(context): hard predictions have no AUC")
                }
                for (name, metric) in comparison.metrics {
                    let value = try XCTUnwrap(metric.difference.value, name)
                    XCTAssertEqual(value, try XCTUnwrap(metric.model) - XCTUnwrap(metric.baseline), accuracy: 1e-12, name)
                    // The values are the evaluation's own.
                    let set =
                        comparison.spec.isEmpty
                        ? results.overall[model] : results.slices.first { $0.key == comparison.key }?.metrics[model]
                    XCTAssertEqual(metric.model, set?[name]?.value, "\(context) \(name)")
                    if MetricRegistry.definition(name)?.paired == nil {
                        XCTAssertEqual(metric.verdict, "not_tested", "\(context) \(name)")
                    } else {
                        XCTAssertNotNil(metric.difference.lower, "\(context) \(name)")
                    }
                }
            }
        }
        // The sharper model is better on the whole data, and in the slice without a fox too.
        for key in [[:], ["region": "west"]] as [[String: String]] {
            let new = try XCTUnwrap(results.comparisons.first { $0.model == "new" && $0.key == key })
            for name in ["accuracy", "macro_f1", "log_loss", "macro_ovr_auc"] {
                XCTAssertEqual(new.metrics[name]?.verdict, "better", "\(key) \(name)")
            }
        }
    }

    func testGatesAgainstTheBaselineUseTheComparison() throws {
        let d = data()
        let passing = try build(
            d, out: "pass", extra: ["--gate", "new:macro_f1 >= baseline for region", "--gate", "new:log_loss <= baseline"])
        XCTAssertEqual(passing.status, 0, passing.stderr)
        XCTAssertEqual(passing.results.gates.count, 4, "one per region, and the whole data")
        XCTAssert(passing.results.gates.allSatisfy(\.passed))
        for gate in ["new:accuracy <= baseline", "new:accuracy <= baseline if significant"] {
            let failing = try build(d, out: "fail", extra: ["--gate", gate])
            XCTAssertEqual(failing.status, 1, "\(gate): \(failing.stderr)")
            XCTAssertEqual(failing.results.gates.map(\.passed), [false], gate)
        }
    }

    func testComparisonPageNamesTheMulticlassMethodsAndRendersAgainTheSame() throws {
        let (status, _, stderr) = try build(data(), out: "site")
        XCTAssertEqual(status, 0, stderr)
        let page = try workspace.read("site/comparison.html")
        XCTAssert(page.contains("McNemar"), "accuracy's test is named")
        XCTAssert(page.contains("predicted class differs"), "the flip rate says what flips for a multiclass model")
        XCTAssertFalse(page.contains("at the threshold"), "a multiclass model has no threshold")
        XCTAssert(page.contains("significantly worse than old on accuracy"), "a metric's name reads in lower case mid-sentence")
        XCTAssert(page.contains("macro F1 and the other confusion-matrix metrics"), "the methods name the averages compared")
        let render = workspace.run(["render", workspace.path("site/results.json"), "--out", workspace.path("again"), "--quiet"])
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertEqual(try workspace.read("again/comparison.html"), page)
    }
}
