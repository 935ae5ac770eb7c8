import Foundation
import LoupeResults
import XCTest

@testable import LoupeMetrics

/// Fairlearn's summary metrics get bootstrap intervals, and two models' summaries a paired
/// comparison, checked against a row-level Poisson bootstrap in Python
/// (`Fixtures/make_fairness_bootstrap_fixtures.py`, 40,000 replicates): Loupe draws confusion
/// cells, which for unweighted rows is the same bootstrap, so the bounds agree up to Monte Carlo
/// error.
final class FairnessSummaryBootstrapTests: XCTestCase {
    struct Fixture: Decodable {
        struct Estimate: Decodable {
            var value: Double
            var interval: [Double]
        }
        var labels: [UInt8]
        var groups: [UInt32]
        var scoresA: [Double]
        var scoresB: [Double]
        var threshold: Double
        var summaryA: [String: Estimate]
        var difference: [String: Estimate]
    }

    private func fixture() throws -> Fixture {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "fairness_bootstrap", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The Monte Carlo error of a 2.5% quantile with 4,000 replicates here is about 0.002–0.003
    /// (every bound agrees to 0.004 but the widest, equalized odds ratio difference, to 0.006).
    private let tolerance = 0.008

    func testSummaryIntervalsMatchARowLevelBootstrap() throws {
        let f = try fixture()
        let result = FairnessAnalysis.analyze(
            attribute: "g", model: "a", labels: f.labels, scores: f.scoresA, weights: nil, groups: f.groups,
            groupNames: ["0", "1", "2"],
            options: {
                var o = FairnessOptions(thresholds: [f.threshold], decisionThreshold: f.threshold)
                o.bootstrapReplicates = 4_000
                o.seed = 7
                return o
            }())
        let summary = try XCTUnwrap(result.thresholds.first { $0.threshold == f.threshold }?.summary)
        for (name, expected) in f.summaryA {
            let metric = try XCTUnwrap(summary[name], name)
            XCTAssertEqual(try XCTUnwrap(metric.value), expected.value, accuracy: 1e-12, name)
            XCTAssertEqual(try XCTUnwrap(metric.lower, name), expected.interval[0], accuracy: tolerance, name)
            XCTAssertEqual(try XCTUnwrap(metric.upper, name), expected.interval[1], accuracy: tolerance, name)
        }
    }

    func testPairedDifferencesMatchARowLevelPairedBootstrap() throws {
        let f = try fixture()
        let paired = FairnessSummaryBootstrap.paired(
            labels: f.labels, scoresA: f.scoresA, scoresB: f.scoresB, weights: nil, groups: f.groups, groupCount: 3,
            eligible: [true, true, true], threshold: f.threshold, replicates: 4_000, seed: 11, confidence: 0.95)
        for (name, expected) in f.difference {
            let d = try XCTUnwrap(paired[name], name)
            XCTAssertEqual(d.difference, expected.value, accuracy: 1e-12, name)
            XCTAssertEqual(try XCTUnwrap(d.lower, name), expected.interval[0], accuracy: tolerance, name)
            XCTAssertEqual(try XCTUnwrap(d.upper, name), expected.interval[1], accuracy: tolerance, name)
            XCTAssertEqual(d.method, "paired_bootstrap")
        }
        // Model A's gaps are larger on every difference metric: significantly worse.
        XCTAssertEqual(
            FairnessSummaryBootstrap.verdict(
                metric: "equalized_odds_difference", lower: paired["equalized_odds_difference"]?.lower,
                upper: paired["equalized_odds_difference"]?.upper), "worse")
        XCTAssertEqual(
            FairnessSummaryBootstrap.verdict(
                metric: "demographic_parity_ratio", lower: paired["demographic_parity_ratio"]?.lower,
                upper: paired["demographic_parity_ratio"]?.upper), "worse", "a ratio is better larger")
    }

    func testAModelAgainstItselfIsNoSignificantDifferenceAndNoIntervalIsNotTested() throws {
        let f = try fixture()
        let paired = FairnessSummaryBootstrap.paired(
            labels: f.labels, scoresA: f.scoresA, scoresB: f.scoresA, weights: nil, groups: f.groups, groupCount: 3,
            eligible: [true, true, true], threshold: f.threshold, replicates: 200, seed: 1, confidence: 0.95)
        let d = try XCTUnwrap(paired["equalized_odds_difference"])
        XCTAssertEqual(d.difference, 0)
        XCTAssertEqual(
            FairnessSummaryBootstrap.verdict(metric: "equalized_odds_difference", lower: d.lower, upper: d.upper),
            "no_significant_difference")
        XCTAssertEqual(
            FairnessSummaryBootstrap.verdict(metric: "equalized_odds_difference", lower: nil, upper: nil), "not_tested")
    }

    func testSameSeedSameIntervals() {
        let groups: [[FairnessSummaryBootstrap.Cell]] = [
            [
                .init(weight: 50, squaredWeight: 50), .init(weight: 10, squaredWeight: 10), .init(weight: 8, squaredWeight: 8),
                .init(weight: 30, squaredWeight: 30),
            ],
            [
                .init(weight: 40, squaredWeight: 40), .init(weight: 25, squaredWeight: 25), .init(weight: 5, squaredWeight: 5),
                .init(weight: 35, squaredWeight: 35),
            ],
        ]
        let estimate: MetricSet = ["demographic_parity_difference": Metric(0.1)]
        let a = FairnessSummaryBootstrap.withIntervals(estimate, groups: groups, replicates: 300, seed: 5, confidence: 0.95)
        let b = FairnessSummaryBootstrap.withIntervals(estimate, groups: groups, replicates: 300, seed: 5, confidence: 0.95)
        XCTAssertEqual(a, b)
        XCTAssertNotNil(a["demographic_parity_difference"]?.lower)
    }
}
