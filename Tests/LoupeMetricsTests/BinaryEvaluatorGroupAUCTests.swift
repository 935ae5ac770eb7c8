import XCTest

@testable import LoupeMetrics

/// The walk for the AUC alone (`BinaryEvaluator.rocAUCs`, on rows another evaluation sorted)
/// gives what the full evaluation of the rows gives, bit for bit.
final class BinaryEvaluatorGroupAUCTests: XCTestCase {
    /// The walk for the AUC alone (the per-window slices' search for the worst) gives the full
    /// walk's `roc_auc` and `count` bit for bit: over more than two fold blocks of rows, with
    /// ties, weights, rows in no group, groups under the minimum size, a one-class group (no AUC)
    /// and a group with one positive (no interval).
    func testTheAUCAloneEqualsTheFullWalksAUCBitForBit() {
        let n = 2 * DescendingPass.blockRows + 7_000
        for weighted in [false, true] {
            let data = syntheticData(rows: n, seed: 21, roundTo: 2, weighted: weighted)
            let firstPositive = data.labels.firstIndex(of: 1)!
            let groupings = [
                Grouping(codes: (0..<n).map { $0 % 13 == 0 ? Grouping.none : UInt32($0 % 40) }, groupCount: 40),
                // Group 0: positives only; group 1: one positive among negatives; group 2: the rest.
                Grouping(
                    codes: (0..<n).map { i in
                        if i == firstPositive || (i % 7 == 1 && data.labels[i] == 0) { return 1 }
                        if i % 7 == 0 && data.labels[i] == 1 { return 0 }
                        return 2
                    }, groupCount: 3),
            ]
            for minGroupSize in [1, 4_000] {
                let options = EvaluationOptions(bootstrapReplicates: 0, minGroupSize: minGroupSize)
                let sorted = SortedRows(labels: data.labels, scores: data.scores, weights: data.weights, groupings: groupings)
                let inOrder = groupings.indices.map { Grouping(codes: sorted.groups[$0], groupCount: groupings[$0].groupCount) }
                let full = BinaryEvaluator.evaluate(data, groupings: groupings, options: options)
                let alone = BinaryEvaluator.rocAUCs(sorted: sorted, groupings: inOrder, options: options)
                XCTAssertEqual(alone.groupCounts, full.groupCounts)
                for (g, groups) in full.groups.enumerated() {
                    for (c, want) in groups.enumerated() {
                        let got = alone.groups[g][c]
                        XCTAssertEqual(got?["roc_auc"], want?["roc_auc"], "weighted \(weighted), grouping \(g), group \(c)")
                        XCTAssertEqual(got?["count"], want?["count"], "weighted \(weighted), grouping \(g), group \(c)")
                    }
                }
                XCTAssertEqual(alone.groups[1][0]?["roc_auc"], .undefined, "positives only")
                XCTAssertNotNil(alone.groups[1][1]?["roc_auc"]?.value, "one positive")
                XCTAssertNil(alone.groups[1][1]?["roc_auc"]?.lower, "one positive: no interval")
                XCTAssertNotNil(alone.groups[1][2]?["roc_auc"]?.lower)
                XCTAssertEqual(alone.groups[0].compactMap { $0 }.isEmpty, minGroupSize == 4_000, "groups of about 3,500 rows")
            }
        }
    }

    /// Crossing with an outer grouping on the fly gives what the crossed codes give, rows in no
    /// group of either grouping in none.
    func testTheAUCsOfGroupingsCrossedWithAnOuterOneAreThoseOfTheCrossedCodes() {
        let n = 20_000
        let data = syntheticData(rows: n, seed: 5, roundTo: 3, weighted: true)
        let outer = Grouping(codes: (0..<n).map { $0 % 17 == 0 ? Grouping.none : UInt32($0 % 6) }, groupCount: 6)
        let inner = Grouping(codes: (0..<n).map { $0 % 23 == 0 ? 9 : UInt32(($0 / 3) % 4) }, groupCount: 4)
        let sorted = SortedRows(
            labels: data.labels, scores: data.scores, weights: data.weights, groupings: [outer, inner])
        let crossed = Grouping(
            codes: zip(sorted.groups[0], sorted.groups[1]).map { o, c in o >= 6 || c >= 4 ? Grouping.none : o * 4 + c },
            groupCount: 24)
        let options = EvaluationOptions(bootstrapReplicates: 0, minGroupSize: 10)
        let onTheFly = BinaryEvaluator.rocAUCs(
            sorted: sorted, groupings: [Grouping(codes: sorted.groups[1], groupCount: 4)],
            crossedWith: Grouping(codes: sorted.groups[0], groupCount: 6), options: options)
        let fromCodes = BinaryEvaluator.rocAUCs(sorted: sorted, groupings: [crossed], options: options)
        XCTAssertEqual(onTheFly.groupCounts, fromCodes.groupCounts)
        XCTAssertEqual(onTheFly.groups.map { $0.map { $0?["roc_auc"] } }, fromCodes.groups.map { $0.map { $0?["roc_auc"] } })
        XCTAssertEqual(onTheFly.groupCounts[0].reduce(0, +), (0..<n).filter { $0 % 17 != 0 && $0 % 23 != 0 }.count)
    }
}
