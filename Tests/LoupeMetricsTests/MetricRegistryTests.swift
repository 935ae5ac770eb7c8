import LoupeResults
import XCTest

@testable import LoupeMetrics

/// The registry is the one list of metrics: each evaluator writes exactly its task's metrics,
/// with the interval methods and paired methods the registry records.
final class MetricRegistryTests: XCTestCase {
    func testBinaryEvaluatorWritesExactlyTheRegistryMetrics() {
        let evaluation = BinaryEvaluator.evaluate(syntheticData(rows: 500, seed: 3), groupings: [], options: EvaluationOptions())
        XCTAssertEqual(Set(evaluation.overall.keys), Set(MetricRegistry.names(for: .binary)))
        for (name, method) in MetricRegistry.intervalMethods(for: .binary) {
            XCTAssertNotNil(evaluation.overall[name]?.lower, "\(name) has a \(method) interval")
        }
        for name in MetricRegistry.names(for: .binary) where MetricRegistry.definition(name)?.interval == nil {
            XCTAssertNil(evaluation.overall[name]?.lower, "\(name) has no interval")
        }
    }

    func testRegressionEvaluatorWritesExactlyTheRegistryMetrics() {
        let evaluation = RegressionEvaluator.evaluate(
            syntheticRegression(rows: 500, seed: 3), groupings: [], options: EvaluationOptions())
        XCTAssertEqual(Set(evaluation.overall.keys), Set(MetricRegistry.names(for: .regression)))
        for name in MetricRegistry.names(for: .regression) {
            let hasInterval = MetricRegistry.definition(name)?.interval != nil
            XCTAssertEqual(evaluation.overall[name]?.lower != nil, hasInterval, name)
        }
    }

    func testPairedMethodsMatchWhatTheComparisonComputes() {
        func names(_ task: ModelTask, _ method: PairedMethod) -> Set<String> {
            Set(MetricRegistry.all.filter { $0.tasks.contains(task) && $0.paired == method }.map(\.name))
        }
        XCTAssertEqual(names(.binary, .pairedBootstrap), Set(PairedBootstrap.binaryMetrics))
        XCTAssertEqual(names(.regression, .pairedBootstrap), Set(PairedBootstrap.regressionMetrics))
        XCTAssertEqual(names(.binary, .pairedDeLong), ["roc_auc"])
        XCTAssertEqual(names(.binary, .mcnemar), ["accuracy"])
        XCTAssertEqual(
            names(.multiclass, .pairedBootstrap),
            Set(PairedMulticlassCells.confusionMetrics + PairedMulticlassCells.rankMetrics + PairedBootstrap.multiclassMetrics))
        XCTAssertEqual(names(.multiclass, .mcnemar), ["accuracy", "micro_f1"])
    }

    /// Resolved once: a metric that describes the rows or the predictions (a count, a mean, a
    /// rate of positive decisions, Durbin–Watson) has no better direction, so slices are never
    /// ranked on it and no model is called better or worse on it.
    /// Monitoring's worst slice per window takes the rank metric's interval from a pass without
    /// the bootstrap, so no task may rank by a metric whose interval is a bootstrap.
    func testRankMetricsHaveIntervalsWithoutTheBootstrap() {
        for task in [ModelTask.binary, .regression, .multiclass] {
            let method = MetricRegistry.definition(MetricRegistry.rankMetric(for: task))?.interval
            XCTAssertNotNil(method, "\(task)")
            XCTAssertNotEqual(method, .bootstrap, "\(task)")
        }
    }

    func testDirectionsAreDeliberate() {
        let neutral = Set(MetricRegistry.all.filter { $0.direction == .neutral }.map(\.name))
        XCTAssertEqual(
            neutral,
            ["count", "weighted_count", "selection_rate", "mean_prediction", "mean_label", "mean_residual", "durbin_watson"])
        XCTAssertEqual(ComparisonVerdict.verdict(metric: "selection_rate", lower: 0.1, upper: 0.2), "not_comparable")
        XCTAssertEqual(ComparisonVerdict.verdict(metric: "log_loss", lower: 0.1, upper: 0.2), "worse")
        XCTAssertEqual(ComparisonVerdict.verdict(metric: "roc_auc", lower: 0.1, upper: 0.2), "better")
        for task in ModelTask.allCases {
            let rank = MetricRegistry.rankMetric(for: task)
            XCTAssertEqual(MetricRegistry.definition(rank)?.isComparable, true, "\(task) ranks on \(rank)")
        }
        XCTAssertEqual(Set(MetricRegistry.all.filter(\.describesRows).map(\.name)), ["count", "weighted_count", "mean_label"])
    }

    func testHeadlineAndSliceDetailOrders() {
        XCTAssertEqual(
            MetricRegistry.headline,
            [
                "roc_auc", "average_precision", "accuracy", "f1", "log_loss", "brier", "ece", "rmse", "mae", "r2",
                "median_absolute_error", "mape", "mean_residual", "durbin_watson", "macro_f1", "macro_ovr_auc",
            ])
        XCTAssertEqual(
            MetricRegistry.sliceDetail,
            ["accuracy", "recall", "fpr", "log_loss", "ece", "mae", "r2", "mean_residual", "macro_f1"])
        XCTAssertEqual(Set(MetricRegistry.all.map(\.name)).count, MetricRegistry.all.count, "names are unique")
    }
}
