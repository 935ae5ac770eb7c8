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
            classCount: 4, labels: labels, predictions: .rowMajor(probabilities, 4), weights: weighted ? weights : nil)
    }

    func testGroupsEqualTheKernelOnTheirRowsWithRegistryIntervals() {
        for weighted in [false, true] {
            let data = synthetic(rows: 2000, seed: 5, weighted: weighted)
            let codes = (0..<2000).map { UInt32($0 % 3) }
            let evaluation = MulticlassEvaluator.evaluate(
                data, classNames: names(4), groupings: [Grouping(codes: codes, groupCount: 3)], options: EvaluationOptions(),
                topK: 3)
            XCTAssertEqual(Set(evaluation.overall.keys), Set(MetricRegistry.names(for: .multiclass)))
            for group in 0..<3 {
                let rows = (0..<2000).filter { codes[$0] == UInt32(group) }
                let alone = MulticlassMetrics.evaluate(data, k: 3, rows: rows)
                let metrics = try! XCTUnwrap(evaluation.groups[0][group])
                for (name, value) in alone.values {
                    assertClose(metrics[name]?.value, value, 1e-12, "\(name) of group \(group)")
                }
                XCTAssertEqual(evaluation.groupCounts[0][group], rows.count)
                let classes = try! XCTUnwrap(evaluation.groupClasses[0][group])
                for (c, expected) in alone.perClass.enumerated() {
                    XCTAssertEqual(classes[c].className, "c\(c)")
                    XCTAssertEqual(classes[c].support, rows.filter { data.labels[$0] == Int32(c) }.count)
                    assertClose(classes[c].metrics["precision"]?.value, expected.precision, 1e-12, "precision of \(c)")
                    assertClose(classes[c].metrics["recall"]?.value, expected.recall, 1e-12, "recall of \(c)")
                    assertClose(classes[c].metrics["f1"]?.value, expected.f1, 1e-12, "f1 of \(c)")
                    assertClose(classes[c].metrics["roc_auc"]?.value, expected.rocAUC, 1e-12, "roc_auc of \(c)")
                    assertClose(
                        classes[c].metrics["average_precision"]?.value, expected.averagePrecision, 1e-12, "AP of \(c)")
                    XCTAssertNotNil(classes[c].metrics["f1"]?.lower, "F1 has the bootstrap's interval")
                }
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
    /// The task evaluator spreads the slots of every model over the cores: slots computed in
    /// any order and assembled give exactly `evaluate`'s evaluation (each slot draws from its
    /// own stream), and a group below the minimum has no job.
    func testSlotsInAnyOrderGiveTheEvaluation() {
        var options = EvaluationOptions()
        options.bootstrapReplicates = 40
        options.minGroupSize = 100
        let data = synthetic(rows: 1500, seed: 8, weighted: true)
        let codes = (0..<1500).map { UInt32($0 < 60 ? 2 : $0 % 2) }
        let groupings = [Grouping(codes: codes, groupCount: 3)]
        let evaluation = MulticlassEvaluator.evaluate(data, classNames: names(4), groupings: groupings, options: options, topK: 3)
        let passes = MulticlassEvaluator.passes(data, classNames: names(4), groupings: groupings, options: options)
        XCTAssertEqual(passes.jobs.count, 3, "the whole data and the two groups of at least 100 rows")
        var slots = [MulticlassEvaluator.SlotResult?](repeating: nil, count: passes.jobs.count)
        for i in passes.jobs.indices.reversed() {
            slots[i] = MulticlassEvaluator.slot(passes, job: passes.jobs[i], options: options, topK: 3)
        }
        let assembled = MulticlassEvaluator.evaluation(passes, slots: slots.compactMap { $0 }, options: options)
        XCTAssertEqual(assembled.overall, evaluation.overall)
        XCTAssertEqual(assembled.groups, evaluation.groups)
        XCTAssertEqual(assembled.groupClasses, evaluation.groupClasses)
        XCTAssertEqual(assembled.groupCounts, evaluation.groupCounts)
        XCTAssertEqual(assembled.groupWeights, evaluation.groupWeights)
        XCTAssertEqual(assembled.analysis, evaluation.analysis)
        XCTAssertNil(evaluation.groups[0][2], "60 rows are below the minimum")
    }

    func testBootstrapIntervalsHaveASensibleWidth() {
        let data = synthetic(rows: 4000, seed: 9, weighted: false)
        let evaluation = MulticlassEvaluator.evaluate(
            data, classNames: names(4), groupings: [], options: EvaluationOptions(), topK: 2)
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
        let evaluation = MulticlassEvaluator.evaluate(
            data, classNames: names(3), groupings: [], options: EvaluationOptions(), topK: 2)
        for name in ["log_loss", "brier", "macro_ovr_auc", "ece", "top_2_accuracy"] {
            XCTAssertNil(evaluation.overall[name]?.value, name)
            XCTAssertNil(evaluation.overall[name]?.lower, name)
        }
        XCTAssertNotNil(evaluation.overall["accuracy"]?.lower)
        XCTAssertNotNil(evaluation.overall["macro_f1"]?.lower)
    }

    func names(_ k: Int) -> [String] { (0..<k).map { "c\($0)" } }

    /// Per-class recall and precision intervals are Wilson's on the class's rows (unweighted:
    /// the plain count), e.g. recall 8/10 → statsmodels' `proportion_confint(8, 10,
    /// method="wilson")` = (0.49016, 0.94332).
    func testPerClassRecallAndPrecisionHaveWilsonIntervals() throws {
        // Class 0: 10 rows, 8 predicted 0 and 2 predicted 1; class 1: 10 rows all predicted 1.
        let labels: [Int32] = Array(repeating: 0, count: 10) + Array(repeating: 1, count: 10)
        let predicted: [Int32] = Array(repeating: 0, count: 8) + [1, 1] + Array(repeating: 1, count: 10)
        let data = MulticlassData(classCount: 2, labels: labels, predictions: .classes(predicted))
        let evaluation = MulticlassEvaluator.evaluate(
            data, classNames: ["a", "b"], groupings: [], options: EvaluationOptions(), topK: 2)
        let recall = try XCTUnwrap(evaluation.analysis.perClass[0].metrics["recall"])
        XCTAssertEqual(recall.value, 0.8)
        XCTAssertEqual(try XCTUnwrap(recall.lower), 0.4901625, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(recall.upper), 0.9433178, accuracy: 1e-6)
        // Precision of b: 10 of the 12 rows predicted b → proportion_confint(10, 12, method="wilson").
        let precision = try XCTUnwrap(evaluation.analysis.perClass[1].metrics["precision"])
        XCTAssertEqual(try XCTUnwrap(precision.value), 10.0 / 12, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(precision.lower), 0.5519691, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(precision.upper), 0.9530349, accuracy: 1e-6)
        // The one confused pair: a predicted as b in 2 of 10 rows, Wilson (0.05668, 0.50984).
        XCTAssertEqual(evaluation.analysis.confusedPairs.count, 1)
        let pair = evaluation.analysis.confusedPairs[0]
        XCTAssertEqual([pair.actual, pair.predicted], ["a", "b"])
        XCTAssertEqual(pair.count, 2)
        XCTAssertEqual(try XCTUnwrap(pair.share.lower), 0.0566822, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(pair.share.upper), 0.5098375, accuracy: 1e-6)
        XCTAssertEqual(evaluation.analysis.confusion, [[8, 2], [0, 10]])
        XCTAssertTrue(evaluation.analysis.roc.isEmpty, "hard predictions have no ROC curves")
        XCTAssertTrue(evaluation.analysis.reliability.isEmpty)
    }

    /// The largest off-diagonal row shares come first; ties by true class, then predicted class.
    func testConfusedPairsAreOrderedByRowShare() {
        // Class 0 (4 rows): 1 → class 2; class 1 (2 rows): 1 → class 0; class 2 (4 rows): 1 → 0, 1 → 1.
        let labels: [Int32] = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2]
        let predicted: [Int32] = [0, 0, 0, 2, 1, 0, 2, 2, 0, 1]
        let data = MulticlassData(classCount: 3, labels: labels, predictions: .classes(predicted))
        let pairs = MulticlassEvaluator.evaluate(
            data, classNames: ["x", "y", "z"], groupings: [], options: EvaluationOptions(), topK: 2
        ).analysis.confusedPairs
        XCTAssertEqual(pairs.map { "\($0.actual)>\($0.predicted)" }, ["y>x", "x>z", "z>x", "z>y"])
        XCTAssertEqual(pairs.map { $0.share.value }, [0.5, 0.25, 0.25, 0.25])
    }

    /// Each class's ROC curve runs from (0, 0) to (1, 1) without going back, and with fewer
    /// distinct scores than kept points its trapezoid area is the class's ROC AUC exactly.
    func testOneVsRestCurvesEndAtTheCornersAndIntegrateToTheAUC() throws {
        let data = synthetic(rows: 120, seed: 3, weighted: true)
        let evaluation = MulticlassEvaluator.evaluate(
            data, classNames: names(4), groupings: [], options: EvaluationOptions(), topK: 2)
        let analysis = evaluation.analysis
        XCTAssertEqual(analysis.roc.count, 4)
        for (c, curve) in analysis.roc.enumerated() {
            XCTAssertEqual(curve.x.first, 0)
            XCTAssertEqual(curve.y.first, 0)
            XCTAssertEqual(try XCTUnwrap(curve.x.last), 1, accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(curve.y.last), 1, accuracy: 1e-12)
            XCTAssertTrue(zip(curve.x, curve.x.dropFirst()).allSatisfy { $0 <= $1 }, "FPR never decreases")
            XCTAssertTrue(zip(curve.thresholds, curve.thresholds.dropFirst()).allSatisfy { $0 > $1 }, "thresholds descend")
            var area = 0.0
            for i in 1..<curve.x.count { area += (curve.x[i] - curve.x[i - 1]) * (curve.y[i] + curve.y[i - 1]) / 2 }
            assertClose(area, analysis.perClass[c].metrics["roc_auc"]?.value, 1e-12, "area of class \(c)")
        }
        // The reliability bins hold every row, and their accuracy-weighted sum is the accuracy.
        XCTAssertEqual(analysis.reliability.reduce(0) { $0 + $1.count }, 120)
        XCTAssertEqual(analysis.reliability.count, 10)
    }
}
