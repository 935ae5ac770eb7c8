import LoupeResults
import XCTest

@testable import LoupeMetrics

/// The rank bootstrap of the multiclass AUCs and each class's ROC AUC and average precision:
/// Poisson copies per (bin, true class) cell of each class's pooled walk, centred on the exact
/// estimate, about as wide as resampling the rows, reproducible, and absent where the metric is.
final class MulticlassRankBootstrapTests: XCTestCase {
    /// Four classes with a softmax score that carries some signal, classes 1 and 2 often confused
    /// (`MulticlassEvaluatorTests.synthetic` with less signal, so that no class is separated
    /// perfectly).
    private enum Synthetic {
        static func names(_ k: Int) -> [String] { (0..<k).map { "c\($0)" } }

        static func synthetic(rows: Int, seed: UInt64, weighted: Bool) -> MulticlassData {
            var rng = SplitMix64(seed: seed)
            var labels: [Int32] = [], probabilities: [Double] = [], weights: [Double] = []
            for _ in 0..<rows {
                let y = Int32(rng.next() % 4)
                var logits = (0..<4).map { _ in rng.nextUnit() }
                logits[Int(y)] += 0.6
                if y == 1 { logits[2] += 0.9 }
                let exps = logits.map { exp($0 * 2) }
                let total = exps.reduce(0, +)
                labels.append(y)
                probabilities += exps.map { $0 / total }
                weights.append(0.5 + rng.nextUnit())
            }
            return MulticlassData(
                classCount: 4, labels: labels, predictions: .rowMajor(probabilities, 4), weights: weighted ? weights : nil)
        }
    }

    private let helper = Synthetic.self

    private func evaluate(_ data: MulticlassData, groupings: [Grouping] = [], seed: UInt64 = 0) -> MulticlassModelEvaluation {
        var options = EvaluationOptions()
        options.seed = seed
        return MulticlassEvaluator.evaluate(
            data, classNames: helper.names(data.classCount), groupings: groupings, options: options, topK: 2)
    }

    private static let averages = ["macro_ovr_auc", "weighted_ovr_auc", "macro_ovo_auc"]

    func testAUCIntervalsContainTheEstimateOverallPerClassAndPerGroup() throws {
        for weighted in [false, true] {
            let data = helper.synthetic(rows: 3000, seed: 21, weighted: weighted)
            let codes = (0..<3000).map { UInt32($0 % 2) }
            let evaluation = evaluate(data, groupings: [Grouping(codes: codes, groupCount: 2)])
            var sets = [evaluation.overall]
            sets += evaluation.groups[0].compactMap { $0 }
            for set in sets {
                for name in Self.averages {
                    let metric = try XCTUnwrap(set[name], name)
                    let (value, lower, upper) = try (
                        XCTUnwrap(metric.value), XCTUnwrap(metric.lower, name), XCTUnwrap(metric.upper, name)
                    )
                    XCTAssert(lower <= value && value <= upper && lower < upper, "\(name): \(lower) \(value) \(upper)")
                    XCTAssert(lower >= 0 && upper <= 1, name)
                }
            }
            var classSets = [evaluation.analysis.perClass]
            classSets += evaluation.groupClasses[0].compactMap { $0 }
            for classes in classSets {
                for perClass in classes {
                    for name in ["roc_auc", "average_precision"] {
                        let metric = try XCTUnwrap(perClass.metrics[name])
                        let (value, lower, upper) = try (
                            XCTUnwrap(metric.value), XCTUnwrap(metric.lower, name), XCTUnwrap(metric.upper, name)
                        )
                        XCTAssert(lower <= value && value <= upper && lower < upper, "\(name) \(perClass.className)")
                    }
                }
            }
        }
    }

    /// The compressed bootstrap's spread matches a bootstrap that resamples the rows themselves
    /// (Poisson(1) copies of each row, the metric recomputed exactly): interval widths within a
    /// factor of 1.3 either way, for the averages and for one class's AUC and AP.
    func testWidthsAgreeWithAFullRowBootstrap() throws {
        let rows = 3000
        let data = helper.synthetic(rows: rows, seed: 33, weighted: false)
        let evaluation = evaluate(data)
        guard case .probabilities(let probabilities) = data.predictions else { return XCTFail("probabilities") }
        var rng = SplitMix64(seed: 77)
        let poisson = PoissonSampler(lambda: 1)
        var replicates: [String: [Double]] = [:]
        for _ in 0..<300 {
            let weights = (0..<rows).map { _ in poisson.draw(&rng) }
            let resampled = MulticlassData(
                classCount: 4, labels: data.labels, predictions: .probabilities(probabilities), weights: weights)
            let ranking = try XCTUnwrap(MulticlassRanking(resampled))
            let values: [String: Double?] = [
                "macro_ovr_auc": ranking.macroOVRAUC, "weighted_ovr_auc": ranking.weightedOVRAUC,
                "macro_ovo_auc": ranking.macroOVOAUC, "roc_auc[1]": ranking.rocAUC[1],
                "average_precision[1]": ranking.averagePrecision[1], "roc_auc[0]": ranking.rocAUC[0],
            ]
            for (name, value) in values { if let value { replicates[name, default: []].append(value) } }
        }
        for (name, values) in replicates {
            let reference = try XCTUnwrap(Intervals.percentile(replicates: values, confidence: 0.95))
            let metric: Metric
            if let open = name.firstIndex(of: "[") {
                let c = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!
                metric = try XCTUnwrap(evaluation.analysis.perClass[c].metrics[String(name[..<open])])
            } else {
                metric = try XCTUnwrap(evaluation.overall[name])
            }
            let width = try XCTUnwrap(metric.upper) - XCTUnwrap(metric.lower)
            let ratio = width / (reference.upper - reference.lower)
            XCTAssert(ratio > 1 / 1.3 && ratio < 1.3, "\(name): width \(width), row bootstrap's ratio \(ratio)")
        }
    }

    /// However many rows, each class's walk keeps at most `bootstrapBins` bins, and they hold
    /// every row and all the weight of each class.
    func testBinsAreCappedAndHoldEveryRow() throws {
        let data = helper.synthetic(rows: 20000, seed: 3, weighted: true)
        let ranking = try XCTUnwrap(MulticlassRanking(data, bootstrapBins: 128))
        XCTAssertEqual(ranking.bootstrapBins.count, 4)
        for bins in ranking.bootstrapBins {
            let count = bins.count / 8
            XCTAssert(count > 32 && count <= 128, "\(count) bins")
            for c in 0..<4 {
                let rows = stride(from: 0, to: bins.count, by: 8).reduce(0.0) { $0 + bins[$1 + 4 + c] }
                let weight = stride(from: 0, to: bins.count, by: 8).reduce(0.0) { $0 + bins[$1 + c] }
                XCTAssertEqual(rows, Double(data.labels.filter { $0 == Int32(c) }.count))
                XCTAssertEqual(weight, ranking.support[c], accuracy: 1e-9 * ranking.support[c])
            }
        }
        XCTAssertEqual(try XCTUnwrap(MulticlassRanking(data)).bootstrapBins, [], "no bins unless asked for")
    }

    func testTheSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() throws {
        let data = helper.synthetic(rows: 1500, seed: 8, weighted: true)
        let first = evaluate(data, seed: 5), again = evaluate(data, seed: 5), other = evaluate(data, seed: 6)
        XCTAssertEqual(first.overall, again.overall)
        XCTAssertEqual(first.analysis.perClass, again.analysis.perClass)
        XCTAssertNotEqual(first.overall["macro_ovo_auc"]?.lower, other.overall["macro_ovo_auc"]?.lower)
        XCTAssertEqual(first.overall["macro_ovo_auc"]?.value, other.overall["macro_ovo_auc"]?.value)
    }

    /// A group holding one class: every OvR AUC and pairwise AUC is undefined, so none has an
    /// interval; the present class's AP (1, all rows positive) keeps a degenerate one.
    func testAOneClassGroupHasNoAUCIntervals() throws {
        let data = helper.synthetic(rows: 800, seed: 2, weighted: false)
        let codes = data.labels.map { $0 == 0 ? UInt32(0) : UInt32(1) }
        var options = EvaluationOptions()
        options.minGroupSize = 1
        let evaluation = MulticlassEvaluator.evaluate(
            data, classNames: helper.names(4), groupings: [Grouping(codes: codes, groupCount: 2)], options: options, topK: 2)
        let only = try XCTUnwrap(evaluation.groups[0][0])
        for name in Self.averages {
            XCTAssertNil(only[name]?.value, name)
            XCTAssertNil(only[name]?.lower, name)
        }
        let classes = try XCTUnwrap(evaluation.groupClasses[0][0])
        for perClass in classes {
            XCTAssertNil(perClass.metrics["roc_auc"]?.value)
            XCTAssertNil(perClass.metrics["roc_auc"]?.lower)
        }
        XCTAssertEqual(classes[0].metrics["average_precision"]?.value, 1)
        XCTAssertNil(classes[1].metrics["average_precision"]?.lower, "no positives: undefined, no interval")
        // The other group lacks class 0: its averages leave class 0 out and keep an interval.
        let rest = try XCTUnwrap(evaluation.groups[0][1])
        XCTAssertNotNil(rest["macro_ovr_auc"]?.lower)
        XCTAssertNil(try XCTUnwrap(evaluation.groupClasses[0][1])[0].metrics["roc_auc"]?.lower)
    }

    func testHardPredictionsHaveNoRankIntervals() throws {
        let labels: [Int32] = (0..<300).map { Int32($0 % 3) }
        let predicted: [Int32] = (0..<300).map { Int32(($0 + ($0 % 5 == 0 ? 1 : 0)) % 3) }
        let data = MulticlassData(classCount: 3, labels: labels, predictions: .classes(predicted))
        let evaluation = evaluate(data)
        for name in Self.averages { XCTAssertNil(evaluation.overall[name]?.lower, name) }
        for perClass in evaluation.analysis.perClass {
            XCTAssertNil(perClass.metrics["roc_auc"]?.value)
            XCTAssertNil(perClass.metrics["roc_auc"]?.lower)
            XCTAssertNil(perClass.metrics["average_precision"]?.lower)
        }
    }
}
