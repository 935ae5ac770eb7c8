import LoupeResults
import XCTest

@testable import LoupeMetrics

/// Every metric and closed-form interval against scikit-learn / statsmodels / numpy values.
final class FixtureMetricTests: XCTestCase {
    func testReferenceFunctionsMatchScikitLearn() throws {
        let fixture = try FixtureFile.load()
        for c in fixture.cases {
            for (variant, expected) in c.variants {
                let weights = variant == "weighted" ? c.weights : nil
                let values = BinaryMetrics.values(labels: c.labels, scores: c.scores, weights: weights, threshold: c.threshold)
                for (name, value) in expected.values {
                    assertClose(values[name] ?? nil, value, 1e-10, "\(c.name)/\(variant)/\(name)")
                }
                assertClose(
                    BinaryMetrics.delongVariance(labels: c.labels, scores: c.scores, weights: weights),
                    expected.delong_variance, 1e-10, "\(c.name)/\(variant)/delong")
            }
        }
    }

    func testEvaluatorMatchesScikitLearnWithIntervals() throws {
        let fixture = try FixtureFile.load()
        for c in fixture.cases {
            for (variant, expected) in c.variants {
                let data = BinaryData(labels: c.labels, scores: c.scores, weights: variant == "weighted" ? c.weights : nil)
                var options = EvaluationOptions(threshold: c.threshold, confidence: fixture.confidence)
                options.bootstrapReplicates = 50
                let result = BinaryEvaluator.evaluate(data, groupings: [], options: options)
                XCTAssertEqual(Set(result.overall.keys), Set(MetricRegistry.names(for: .binary)))
                for (name, value) in expected.values {
                    assertClose(result.overall[name]?.value, value, 1e-10, "\(c.name)/\(variant)/\(name)")
                }
                for (name, interval) in expected.intervals {
                    let metric = try XCTUnwrap(result.overall[name], name)
                    assertClose(metric.lower, interval?[0], 1e-9, "\(c.name)/\(variant)/\(name) lower")
                    assertClose(metric.upper, interval?[1], 1e-9, "\(c.name)/\(variant)/\(name) upper")
                    XCTAssertEqual(MetricRegistry.intervalMethods(for: .binary)[name] != "bootstrap", true)
                }
                XCTAssertNil(result.overall["count"]?.lower)
                XCTAssertNil(result.overall["weighted_count"]?.lower)
            }
        }
    }

    func testNormalQuantile() {
        XCTAssertEqual(Intervals.normalQuantile(0.975), 1.959963984540054, accuracy: 1e-14)
        XCTAssertEqual(Intervals.normalQuantile(0.5), 0, accuracy: 1e-15)
        XCTAssertEqual(Intervals.normalQuantile(1e-10), -6.361340902404056, accuracy: 1e-12)
        XCTAssertEqual(Intervals.normalQuantile(0.995), 2.5758293035489004, accuracy: 1e-13)
    }

    func testWilsonKnownValue() throws {
        // statsmodels: proportion_confint(7, 20, method="wilson")
        let ci = try XCTUnwrap(Intervals.wilson(proportion: 7.0 / 20, trials: 20, confidence: 0.95))
        XCTAssertEqual(ci.lower, 0.18119182410108203, accuracy: 1e-12)
        XCTAssertEqual(ci.upper, 0.5671457233147638, accuracy: 1e-12)
        XCTAssertNil(Intervals.wilson(proportion: 0.5, trials: 0, confidence: 0.95))
    }

    func testLogLossClipsAtOneEMinus15() {
        let loss = BinaryMetrics.logLoss(labels: [1, 0], scores: [0, 1])
        XCTAssertEqual(loss!, (-log(1e-15) - log(1 - (1 - 1e-15))) / 2, accuracy: 1e-12)
    }
}
