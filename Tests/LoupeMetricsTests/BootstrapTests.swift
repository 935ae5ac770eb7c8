import LoupeResults
import XCTest

@testable import LoupeMetrics

final class BootstrapTests: XCTestCase {
    static let bootstrapped = ["f1", "balanced_accuracy", "mcc", "average_precision", "ece"]

    func testSameSeedSameIntervalsDifferentSeedDifferent() {
        let data = syntheticData(rows: 5000, seed: 11, weighted: true)
        let grouping = Grouping(codes: (0..<5000).map { UInt32($0 % 3) }, groupCount: 3)
        func run(_ seed: UInt64) -> BinaryEvaluation {
            BinaryEvaluator.evaluate(data, groupings: [grouping], options: EvaluationOptions(seed: seed))
        }
        let a = run(7), b = run(7), c = run(8)
        XCTAssertEqual(a.overall, b.overall)
        XCTAssertEqual(a.groups, b.groups)
        for name in Self.bootstrapped {
            XCTAssertNotNil(a.overall[name]?.lower, name)
            XCTAssertNotEqual(a.overall[name]?.lower, c.overall[name]?.lower, name)
            XCTAssertNotEqual(a.groups[0][1]?[name]?.lower, c.groups[0][1]?[name]?.lower, name)
        }
    }

    func testIntervalsBracketEstimate() {
        let data = syntheticData(rows: 20_000, seed: 12, roundTo: 2)
        let result = BinaryEvaluator.evaluate(data, groupings: [], options: EvaluationOptions())
        for name in Self.bootstrapped where name != "ece" {
            let m = result.overall[name]!
            XCTAssertLessThan(m.lower!, m.value!, name)
            XCTAssertGreaterThan(m.upper!, m.value!, name)
            XCTAssertLessThan(m.upper! - m.lower!, 0.1, name)
        }
    }

    /// With more runs than bootstrap bins, adjacent runs are pooled and the interval is centred on
    /// the exact estimate; its width barely depends on the number of bins.
    func testPooledAveragePrecisionInterval() throws {
        let data = syntheticData(rows: 20_000, seed: 14)
        func interval(bins: Int) throws -> (Double, Double, Double) {
            var options = EvaluationOptions(seed: 3)
            options.bootstrapBins = bins
            let m = try XCTUnwrap(BinaryEvaluator.evaluate(data, groupings: [], options: options).overall["average_precision"])
            return (try XCTUnwrap(m.value), try XCTUnwrap(m.lower), try XCTUnwrap(m.upper))
        }
        let fine = try interval(bins: 256), coarse = try interval(bins: 16)
        XCTAssertEqual(fine.0, coarse.0)
        XCTAssertEqual(fine.0, BinaryMetrics.averagePrecision(labels: data.labels, scores: data.scores)!, accuracy: 1e-12)
        for ci in [fine, coarse] {
            XCTAssertLessThan(ci.1, ci.0)
            XCTAssertGreaterThan(ci.2, ci.0)
        }
        XCTAssertEqual((coarse.2 - coarse.1) / (fine.2 - fine.1), 1, accuracy: 0.25)
    }

    /// Coverage sanity: intervals from repeated samples of one population contain the population
    /// value about 95% of the time (loose bounds: 60 samples).
    func testCoverageSanity() {
        let population = syntheticData(rows: 200_000, seed: 13, roundTo: 2)
        let truth = BinaryMetrics.values(labels: population.labels, scores: population.scores, threshold: 0.5)
        var hits: [String: Int] = [:]
        let samples = 60, size = 400
        var rng = SplitMix64(seed: 99)
        for s in 0..<samples {
            var labels: [UInt8] = [], scores: [Double] = []
            for _ in 0..<size {
                let i = Int(rng.next() % UInt64(population.scores.count))
                labels.append(population.labels[i])
                scores.append(population.scores[i])
            }
            let result = BinaryEvaluator.evaluate(
                BinaryData(labels: labels, scores: scores), groupings: [], options: EvaluationOptions(seed: UInt64(s)))
            for name in ["f1", "mcc", "balanced_accuracy", "average_precision", "roc_auc", "accuracy"] {
                let m = result.overall[name]!
                if let t = truth[name] ?? nil, m.lower! <= t && t <= m.upper! { hits[name, default: 0] += 1 }
            }
        }
        for (name, count) in hits.sorted(by: { $0.key < $1.key }) {
            let coverage = Double(count) / Double(samples)
            XCTAssert(coverage >= 0.83 && coverage <= 1.0, "\(name) coverage \(coverage)")
        }
        XCTAssertEqual(hits.count, 6)
    }

    func testPoissonSamplerMoments() {
        var rng = SplitMix64(seed: 1)
        for lambda in [0.5, 3.0, 9.9, 10.0, 57.0, 2500.0] {
            let sampler = PoissonSampler(lambda: lambda)
            let n = 20_000
            var sum = 0.0, sumSq = 0.0
            for _ in 0..<n {
                let k = sampler.draw(&rng)
                XCTAssertEqual(k, k.rounded())
                XCTAssertGreaterThanOrEqual(k, 0)
                sum += k
                sumSq += k * k
            }
            let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
            XCTAssertEqual(mean, lambda, accuracy: 5 * (lambda / Double(n)).squareRoot(), "mean at λ=\(lambda)")
            XCTAssertEqual(variance / lambda, 1, accuracy: 0.06, "variance at λ=\(lambda)")
        }
    }
}

final class PoissonLogFactorialTests: XCTestCase {
    func testLogFactorialMatchesLogGamma() {
        for k in 0..<2000 {
            XCTAssertEqual(
                PoissonSampler.logFactorial(Double(k)), lgamma(Double(k) + 1), accuracy: 1e-12 * max(1, lgamma(Double(k) + 1)),
                "k = \(k)")
        }
        XCTAssertEqual(PoissonSampler.logFactorial(1e9), lgamma(1e9 + 1), accuracy: 1e-3)
    }
}
