import XCTest

@testable import LoupeMetrics

/// An evaluation of rows another evaluation sorted, with groupings given in that order (the
/// per-window slices, crossed on the sorted rows), is the evaluation of the same groupings from
/// the unsorted rows: bit for bit without weights, to rounding with them.
final class BinaryEvaluatorSortedRowsTests: XCTestCase {
    func testEvaluatingSortedRowsMatchesEvaluatingTheRows() {
        let n = 3_000
        let first = Grouping(codes: (0..<n).map { UInt32($0 % 3) }, groupCount: 3)
        let second = Grouping(codes: (0..<n).map { $0 % 11 == 0 ? Grouping.none : UInt32($0 % 2) }, groupCount: 2)
        // Crossed in row order: the grouping the sorted rows' codes are crossed into below.
        let crossed = Grouping(
            codes: zip(first.codes, second.codes).map { a, b in b == Grouping.none ? Grouping.none : a * 2 + b },
            groupCount: 6)
        for weighted in [false, true] {
            let data = syntheticData(rows: n, seed: 9, roundTo: 2, weighted: weighted)
            let options = EvaluationOptions(bootstrapReplicates: 0)
            let (_, sorted) = BinaryEvaluator.evaluate(
                data, groupings: [first, second], options: options, keepingSortedGroupings: [0, 1])
            let crossedSorted = Grouping(
                codes: zip(sorted.groups[0], sorted.groups[1]).map { a, b in b >= 2 ? Grouping.none : a * 2 + b },
                groupCount: 6)
            let fromRows = BinaryEvaluator.evaluate(data, groupings: [crossed, first], options: options)
            let fromSorted = BinaryEvaluator.evaluate(
                sorted: sorted, groupings: [crossedSorted, Grouping(codes: sorted.groups[0], groupCount: 3)], options: options)
            XCTAssertEqual(fromSorted.groupCounts, fromRows.groupCounts)
            for (g, groups) in fromRows.groups.enumerated() {
                for (c, want) in groups.enumerated() {
                    let got = fromSorted.groups[g][c]
                    XCTAssertEqual(got?.keys.sorted(), want?.keys.sorted(), "grouping \(g), group \(c)")
                    for (name, metric) in want ?? [:] {
                        guard let value = metric.value, let mine = got?[name]?.value else {
                            XCTAssertNil(got?[name]?.value, name)
                            continue
                        }
                        if weighted {
                            XCTAssertEqual(mine, value, accuracy: 1e-12 * max(1, value.magnitude), "\(name) \(g) \(c)")
                        } else {
                            XCTAssertEqual(got?[name], metric, "\(name) \(g) \(c)")
                        }
                    }
                }
            }
        }
    }
}
