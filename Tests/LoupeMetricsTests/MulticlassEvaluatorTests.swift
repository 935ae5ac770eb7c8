import LoupeResults
import XCTest

@testable import LoupeMetrics

/// The multiclass evaluator gives every group the metrics the kernel gives its rows alone, with
/// the intervals `MetricRegistry` names.
final class MulticlassEvaluatorTests: XCTestCase {
    /// Four classes with a softmax score that carries signal, classes 1 and 2 often confused.
    func synthetic(rows: Int, seed: UInt64, weighted: Bool) -> MulticlassData {
        var rng = SplitMix64(seed: seed)
        var labels: [Int32] = [], probabilities: [Double] = [], weights: [Double] = []
        for _ in 0..<rows {
            let y = Int32(rng.next() % 4)
            var logits = (0..<4).map { _ in rng.nextUnit() }
            logits[Int(y)] += 1.2
            if y == 1 { logits[2] += 0.9 }
            let exps = logits.map { exp($0 * 2) }
            let total = exps.reduce(0, +)
            labels.append(y)
            probabilities += exps.map { $0 / total }
            weights.append(0.5 + rng.nextUnit())
        }
        return MulticlassData(
            classCount: 4, labels: labels, predictions: .probabilities(probabilities), weights: weighted ? weights : nil)
    }

    func testGroupsEqualTheKernelOnTheirRowsWithRegistryIntervals() {
        for weighted in [false, true] {
            let data = synthetic(rows: 2000, seed: 5, weighted: weighted)
            let codes = (0..<2000).map { UInt32($0 % 3) }
            let evaluation = MulticlassEvaluator.evaluate(
                data, groupings: [Grouping(codes: codes, groupCount: 3)], options: EvaluationOptions(), topK: 3)
            XCTAssertEqual(Set(evaluation.overall.keys), Set(MetricRegistry.names(for: .multiclass)))
            for group in 0..<3 {
                let rows = (0..<2000).filter { codes[$0] == UInt32(group) }
                let alone = MulticlassMetrics.evaluate(data, k: 3, rows: rows)
                let metrics = try! XCTUnwrap(evaluation.groups[0][group])
                for (name, value) in alone.values {
                    assertClose(metrics[name]?.value, value, 1e-12, "\(name) of group \(group)")
                }
                XCTAssertEqual(evaluation.groupCounts[0][group], rows.count)
                for name in MetricRegistry.names(for: .multiclass) {
                    let method = MetricRegistry.definition(name)?.interval
                    let metric = metrics[name]
                    XCTAssertEqual(metric?.lower != nil, method != nil, "\(name) has an interval iff the registry names one")
                    if let lower = metric?.lower, let upper = metric?.upper, let value = metric?.value {
                        XCTAssertLessThanOrEqual(lower, upper, name)
                        XCTAssert(lower <= value + 1e-12 && value <= upper + 1e-12 || method == .bootstrap, name)
                    }
                }
            }
        }
    }

    /// The bootstrap interval of macro F1 covers roughly what resampling the rows gives: its width
    /// is within a factor of two of the spread of the metric over disjoint halves.
    func testBootstrapIntervalsHaveASensibleWidth() {
        let data = synthetic(rows: 4000, seed: 9, weighted: false)
        let evaluation = MulticlassEvaluator.evaluate(data, groupings: [], options: EvaluationOptions(), topK: 2)
        let f1 = try! XCTUnwrap(evaluation.overall["macro_f1"])
        let width = try! XCTUnwrap(f1.upper) - XCTUnwrap(f1.lower)
        XCTAssertGreaterThan(width, 0.01)
        XCTAssertLessThan(width, 0.1)
        let kappa = try! XCTUnwrap(evaluation.overall["cohen_kappa"])
        XCTAssertNotNil(kappa.lower)
        let ece = try! XCTUnwrap(evaluation.overall["ece"])
        XCTAssertNotNil(ece.lower)
    }

    /// Hard predictions: the probability metrics are undefined and carry no interval.
    func testHardPredictionsLeaveProbabilityMetricsUndefined() {
        let labels: [Int32] = (0..<300).map { Int32($0 % 3) }
        let predicted: [Int32] = (0..<300).map { i -> Int32 in
            let shifted: Int = i % 7 == 0 ? i + 1 : i
            return Int32(shifted % 3)
        }
        let data = MulticlassData(classCount: 3, labels: labels, predictions: .classes(predicted))
        let evaluation = MulticlassEvaluator.evaluate(data, groupings: [], options: EvaluationOptions(), topK: 2)
        for name in ["log_loss", "brier", "macro_ovr_auc", "ece", "top_2_accuracy"] {
            XCTAssertNil(evaluation.overall[name]?.value, name)
            XCTAssertNil(evaluation.overall[name]?.lower, name)
        }
        XCTAssertNotNil(evaluation.overall["accuracy"]?.lower)
        XCTAssertNotNil(evaluation.overall["macro_f1"]?.lower)
    }
}
