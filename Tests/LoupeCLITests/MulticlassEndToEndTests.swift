import Foundation
import LoupeMetrics
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// `loupe build` of a multiclass file (work in progress): probability columns by prefix and hard
/// predictions, label values matched to classes, every metric equal to the kernel's on the same
/// rows, overall and per slice.
final class MulticlassEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws { workspace = try TestWorkspace() }
    override func tearDown() { workspace.remove() }

    /// 300 rows, classes cat/dog/fox; model `m` gives probabilities, model `h` hard predictions.
    private func data() -> (csv: String, labels: [Int32], probabilities: [Double], hard: [Int32], region: [String]) {
        var rng = SplitMix64(seed: 4)
        let classes = ["cat", "dog", "fox"]
        var csv = "y,p_cat,p_dog,p_fox,h,region\n"
        var labels: [Int32] = [], probabilities: [Double] = [], hard: [Int32] = [], region: [String] = []
        for i in 0..<300 {
            let y = Int(rng.next() % 3)
            var p = (0..<3).map { _ in rng.nextUnit() + 0.05 }
            p[y] += 1
            let total = p.reduce(0, +)
            p = p.map { ($0 / total * 1000).rounded() / 1000 }
            p[2] = 1 - p[0] - p[1]
            let h = Int(rng.next() % 4 == 0 ? rng.next() % 3 : UInt64(y))
            let r = i % 2 == 0 ? "north" : "south"
            csv += "\(classes[y]),\(p[0]),\(p[1]),\(p[2]),\(classes[h]),\(r)\n"
            labels.append(Int32(y))
            probabilities += p
            hard.append(Int32(h))
            region.append(r)
        }
        return (csv, labels, probabilities, hard, region)
    }

    func testEveryMetricEqualsTheKernelOverallAndPerSlice() throws {
        let d = data()
        let path = try workspace.write("mc.csv", d.csv)
        let run = workspace.run([
            "build", "--data", path, "--label", "y", "--score", "m=p_*", "--score", "h=h", "--task", "multiclass",
            "--slice", "region", "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertEqual(results.task, .multiclass)
        XCTAssertEqual(results.rankMetric, "accuracy")
        let probabilities = MulticlassData(
            classCount: 3, labels: d.labels,
            predictions: .probabilities(ClassProbabilities(rowMajor: d.probabilities, classCount: 3)))
        let hard = MulticlassData(classCount: 3, labels: d.labels, predictions: .classes(d.hard))
        for (model, data) in [("m", probabilities), ("h", hard)] {
            let expected = MulticlassMetrics.evaluate(data, k: MulticlassTaskEvaluator.topK)
            for (name, value) in expected.values {
                let actual = results.overall[model]?[name]?.value
                XCTAssert(
                    (actual == nil && value == nil) || (actual != nil && value != nil && abs(actual! - value!) < 1e-9),
                    "\(model) \(name): \(String(describing: actual)) vs \(String(describing: value))")
            }
            for slice in results.slices {
                let rows = d.region.indices.filter { d.region[$0] == slice.key["region"] }
                let expected = MulticlassMetrics.evaluate(data, k: MulticlassTaskEvaluator.topK, rows: rows)
                XCTAssertEqual(slice.metrics[model]?["macro_f1"]?.value ?? -1, expected.values["macro_f1"]! ?? -1, accuracy: 1e-9)
                let classes = try XCTUnwrap(slice.perClass[model], "\(model): per-class metrics of slice \(slice.key)")
                XCTAssertEqual(classes.map { $0.support }, (0..<3).map { c in rows.filter { d.labels[$0] == Int32(c) }.count })
                for (c, perClass) in expected.perClass.enumerated() {
                    XCTAssertEqual(classes[c].metrics["recall"]?.value ?? -1, perClass.recall ?? -1, accuracy: 1e-9)
                }
            }
            let analysis = try XCTUnwrap(results.multiclass?[model])
            XCTAssertEqual(analysis.classes.count, 3)
            for (c, perClass) in expected.perClass.enumerated() {
                XCTAssertEqual(analysis.perClass[c].className, analysis.classes[c])
                XCTAssertEqual(analysis.perClass[c].metrics["f1"]?.value ?? -1, perClass.f1 ?? -1, accuracy: 1e-9)
                XCTAssertEqual(
                    analysis.confusion[c], (0..<3).map { expected.confusion.count(true: c, predicted: $0) },
                    "confusion row \(c)")
            }
            XCTAssertEqual(analysis.roc.isEmpty, model == "h", "probabilities have ROC curves, hard predictions none")
        }
        XCTAssertNil(results.overall["h"]?["log_loss"]?.value, "hard predictions have no log loss")
    }

    /// A label of 700 distinct values compared with a baseline would need 700³ joint cells per
    /// group (over 5 GB): an input error naming the size, exit 2 and nothing written, instead of
    /// failing to allocate. Without the baseline the k² tables fit and the same file builds.
    func testTooManyClassesForTheTablesIsAnInputErrorNotACrash() throws {
        let k = 700
        var csv = "y,a,b\n"
        for i in 0..<(2 * k) { csv += "\(i % k),\((i * 7) % k),\((i * 11 + 1) % k)\n" }
        let path = try workspace.write("many.csv", csv)
        let site = workspace.path("site")
        let run = workspace.run([
            "build", "--data", path, "--task", "multiclass", "--label", "y", "--score", "a", "--score", "b",
            "--baseline", "b", "--out", site, "--quiet",
        ])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("700 classes need about 5.1 GB"), run.stderr)
        XCTAssertTrue(run.stderr.contains("or leave out --baseline"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site), "nothing written")
        XCTAssertEqual(
            MulticlassSize.tableBytes(classCount: 10, groups: 66, models: 2, comparing: true), 66 * (2 * 100 * 24 + 1000 * 16))
        XCTAssertLessThan(
            MulticlassSize.tableBytes(classCount: 700, groups: 1, models: 2, comparing: false), MulticlassSize.budget)
    }

    func testAPrefixInfersTheTaskAndALabelWithoutAClassNamesALine() throws {
        let good = try workspace.write("ok.csv", "y,p_0,p_1,p_2\n0,0.7,0.2,0.1\n1,0.1,0.8,0.1\n2,0.2,0.2,0.6\n")
        let run = workspace.run(["build", "--data", good, "--label", "y", "--score", "p_*", "--out", workspace.path("s")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("multiclass"), run.stderr)
        let bad = try workspace.write("bad.csv", "y,p_0,p_1,p_2\n0,0.7,0.2,0.1\n7,0.1,0.8,0.1\n")
        let refused = workspace.run(["build", "--data", bad, "--label", "y", "--score", "p_*", "--out", workspace.path("t")])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("line 3"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("'7'"), refused.stderr)
        let notProbabilities = try workspace.write("np.csv", "y,p_0,p_1\n0,0.7,0.7\n1,0.1,0.9\n")
        let off = workspace.run([
            "build", "--data", notProbabilities, "--label", "y", "--score", "p_*", "--out", workspace.path("u"),
        ])
        XCTAssertEqual(off.status, 2)
        XCTAssertTrue(off.stderr.contains("line 2") && off.stderr.contains("sum to 1.4"), off.stderr)
    }

    /// Numeric labels are matched by a table of whole values once a value is seen: `1.0` is
    /// class `1`, `-0` class `0` (its text differs), a fraction and a value past the table are
    /// matched as text, and a new value that matches no class still names its line.
    func testNumericLabelsSeenAgainKeepTheirClassAndANewOneStillNamesItsLine() throws {
        let values = ["0", "1", "2.5", "4100", "1.0", "-0"], classes = [0, 1, 2, 3, 1, 0]
        var csv = "y,p_0,p_1,p_2.5,p_4100\n"
        for i in 0..<60 {
            let c = classes[i % 6]
            csv += values[i % 6] + "," + (0..<4).map { $0 == c ? "0.7" : "0.1" }.joined(separator: ",") + "\n"
        }
        let good = try workspace.write("numeric.csv", csv)
        let run = workspace.run([
            "build", "--data", good, "--label", "y", "--score", "m=p_*", "--task", "multiclass", "--out",
            workspace.path("s"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("s/results.json"))
        let analysis = try XCTUnwrap(results.multiclass?["m"])
        XCTAssertEqual(analysis.classes, ["0", "1", "2.5", "4100"])
        XCTAssertEqual(analysis.confusion.map { $0.reduce(0, +) }, [20, 20, 10, 10], "rows per true class")
        let bad = try workspace.write("new.csv", csv + "3,0.7,0.1,0.1,0.1\n")
        let refused = workspace.run([
            "build", "--data", bad, "--label", "y", "--score", "m=p_*", "--task", "multiclass", "--out", workspace.path("t"),
        ])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("line 62") && refused.stderr.contains("'3'"), refused.stderr)
    }
}
