import LoupeResults
import XCTest

@testable import LoupeMetrics

/// The one-pass engine's per-group results against the straightforward per-group computation.
final class GroupEngineTests: XCTestCase {
    static let closedForm = [
        "accuracy", "precision", "recall", "fpr", "fnr", "tnr", "selection_rate",
        "mean_label", "roc_auc", "log_loss", "brier", "mean_prediction",
    ]

    func groupings(rows: Int, seed: UInt64) -> [Grouping] {
        var rng = SplitMix64(seed: seed)
        var a: [UInt32] = [], b: [UInt32] = [], c: [UInt32] = []
        for i in 0..<rows {
            a.append(UInt32(rng.next() % 4))
            // group 2 of b is empty, group 3 small, some rows in no group
            let r = rng.nextUnit()
            b.append(r < 0.1 ? Grouping.none : (r < 0.12 ? 3 : UInt32(rng.next() % 2)))
            c.append(UInt32(i % 7))
        }
        return [Grouping(codes: a, groupCount: 4), Grouping(codes: b, groupCount: 5), Grouping(codes: c, groupCount: 7)]
    }

    func check(_ data: BinaryData, threshold: Double) {
        let gs = groupings(rows: data.scores.count, seed: 9)
        var options = EvaluationOptions(threshold: threshold)
        options.bootstrapReplicates = 20
        options.minGroupSize = 30
        let result = BinaryEvaluator.evaluate(data, groupings: gs, options: options)
        XCTAssertEqual(result.groups.map(\.count), gs.map(\.groupCount))
        for (g, grouping) in gs.enumerated() {
            for group in 0..<grouping.groupCount {
                let part = subset(data, grouping, group)
                XCTAssertEqual(result.groupCounts[g][group], part.scores.count)
                XCTAssertEqual(
                    result.groupWeights[g][group], part.weights?.reduce(0, +) ?? Double(part.scores.count), accuracy: 1e-9)
                guard part.scores.count >= options.minGroupSize else {
                    XCTAssertNil(result.groups[g][group], "group \(g)/\(group) with \(part.scores.count) rows")
                    continue
                }
                let metrics = try! XCTUnwrap(result.groups[g][group])
                let reference = BinaryMetrics.values(
                    labels: part.labels, scores: part.scores, weights: part.weights, threshold: threshold)
                for name in MetricRegistry.names(for: .binary) {
                    assertClose(metrics[name]?.value, reference[name] ?? nil, 1e-10, "grouping \(g) group \(group) \(name)")
                }
                let alone = BinaryEvaluator.evaluate(part, groupings: [], options: options).overall
                for name in Self.closedForm {
                    assertClose(metrics[name]?.lower, alone[name]?.lower, 1e-10, "grouping \(g) group \(group) \(name) lower")
                    assertClose(metrics[name]?.upper, alone[name]?.upper, 1e-10, "grouping \(g) group \(group) \(name) upper")
                }
            }
        }
    }

    func testGroupsEqualPerGroupReferenceDistinctScores() {
        check(syntheticData(rows: 3000, seed: 1), threshold: 0.5)
    }

    func testGroupsEqualPerGroupReferenceTiesAndWeights() {
        check(syntheticData(rows: 3000, seed: 2, roundTo: 1, weighted: true), threshold: 0.4)
    }

    func testOverallMatchesReferenceOnLargerTiedData() {
        let data = syntheticData(rows: 60_000, seed: 3, roundTo: 3, weighted: true)
        let result = BinaryEvaluator.evaluate(data, groupings: [], options: EvaluationOptions(bootstrapReplicates: 0))
        let reference = BinaryMetrics.values(labels: data.labels, scores: data.scores, weights: data.weights, threshold: 0.5)
        for name in MetricRegistry.names(for: .binary) {
            assertClose(result.overall[name]?.value, reference[name] ?? nil, 1e-10, name)
        }
        XCTAssertNil(result.overall["f1"]?.lower, "no bootstrap with 0 replicates")
    }

    func testEmptyAndSmallGroupsAreNil() {
        let data = syntheticData(rows: 100, seed: 4)
        let codes = (0..<100).map { UInt32($0 < 10 ? 1 : 0) }
        let result = BinaryEvaluator.evaluate(
            data, groupings: [Grouping(codes: codes, groupCount: 3)], options: EvaluationOptions())
        XCTAssertNotNil(result.groups[0][0])
        XCTAssertNil(result.groups[0][1], "10 rows < minGroupSize 30")
        XCTAssertNil(result.groups[0][2], "empty group")
        XCTAssertEqual(result.groupCounts[0], [90, 10, 0])
    }

    func testCodesNeedingSeveralPackedWords() {
        let data = syntheticData(rows: 2000, seed: 5)
        // Nine groupings of 200 groups need 8 bits each, 73 bits with the label: two words per row.
        let gs = (0..<9).map { k in Grouping(codes: (0..<2000).map { UInt32(($0 * (k + 1)) % 3) + 197 }, groupCount: 200) }
        var options = EvaluationOptions(bootstrapReplicates: 0)
        options.minGroupSize = 1
        let result = BinaryEvaluator.evaluate(data, groupings: gs, options: options)
        for (g, grouping) in gs.enumerated() {
            for group in 197..<200 {
                let part = subset(data, grouping, group)
                let reference = BinaryMetrics.values(labels: part.labels, scores: part.scores, threshold: 0.5)
                assertClose(result.groups[g][group]?["roc_auc"]?.value, reference["roc_auc"] ?? nil, 1e-10, "grouping \(g)")
                assertClose(result.groups[g][group]?["accuracy"]?.value, reference["accuracy"] ?? nil, 1e-10, "grouping \(g)")
            }
            XCTAssertNil(result.groups[g][0])
        }
    }

    func testEmptyData() {
        let result = BinaryEvaluator.evaluate(
            BinaryData(labels: [], scores: []), groupings: [Grouping(codes: [], groupCount: 2)], options: EvaluationOptions())
        XCTAssertEqual(result.overall["count"]?.value, 0)
        XCTAssertNil(result.overall["accuracy"]?.value)
        XCTAssertEqual(result.groups, [[nil, nil]])
    }
}
