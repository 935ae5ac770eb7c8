import XCTest

@testable import LoupeMetrics

/// Without weights the grouped rank walks count in integers (`MulticlassRanking.unitWalk`) where
/// the weighted walks keep compensated sums; the integer sums must be exactly what the
/// compensated sums hold, so the same rows with every weight 1.0 must give the same rankings
/// bit for bit: long runs of tied scores holding several classes, runs of one row, many slots, a
/// class absent from some slots, the bootstrap's bins and the ROC curves.
final class MulticlassUnitWalkTests: XCTestCase {
    /// Probabilities on a grid of `levels` steps (few levels: long runs of ties mixing classes);
    /// class 1 is never the label of rows ≡ 2 (mod 3).
    private func data(rows: Int, classCount k: Int, levels: UInt64, seed: UInt64) -> (labels: [Int32], p: [Double]) {
        var rng = SplitMix64(seed: seed)
        var labels: [Int32] = [], probabilities: [Double] = []
        for i in 0..<rows {
            var y = Int32(rng.next() % UInt64(k))
            if i % 3 == 2 && y == 1 { y = 0 }
            var p: [Double] = (0..<k).map { _ in Double(rng.next() % levels) + 1 }
            p[Int(y)] += Double(rng.next() % levels)
            let total = p.reduce(0, +)
            labels.append(y)
            probabilities += p.map { $0 / total }
        }
        return (labels, probabilities)
    }

    /// Groups by row ≡ (mod 3) (so class 1 is absent from group 2), 7 groups of consecutive rows
    /// with rows in none, and 60 small groups (mostly runs of one row).
    private func groupings(rows: Int) -> [Grouping] {
        let byResidue = (0..<rows).map { UInt32($0 % 3) }
        let blocks = (0..<rows).map { $0 % 11 == 5 ? Grouping.none : UInt32($0 * 7 / rows) }
        let small = (0..<rows).map { UInt32(($0 * 7919) % 60) }
        return [
            Grouping(codes: byResidue, groupCount: 3), Grouping(codes: blocks, groupCount: 7),
            Grouping(codes: small, groupCount: 60),
        ]
    }

    /// The walks hand over exact totals as one-term sums: equal to adding the term to an empty
    /// sum, with no compensation, for whole and half numbers up to 2⁵² and for zero.
    func testAOneTermSumIsTheTermAddedToAnEmptySum() {
        for x in [0, 0.5, 1, 3.5, 1_234_567, 0x1p52, 0x1p52 - 0.5, -2.5] {
            var added = CompensatedSum()
            added.add(x)
            XCTAssertEqual(CompensatedSum(x), added, "\(x)")
            XCTAssertEqual(CompensatedSum(x).compensation, 0, "\(x)")
            XCTAssertEqual(CompensatedSum(x).value, x, "\(x)")
        }
    }

    func testUnitWeightWalksEqualTheWeightedWalksWithWeightsOfOneBitForBit() throws {
        // 70 classes: more than a run's class bits hold, so the compensated walk serves them.
        for (k, levels) in [(2, 3), (5, 2), (5, 50), (10, 4), (70, 3)] as [(Int, UInt64)] {
            let rows = k > 10 ? 600 : 2_500
            let (labels, p) = data(rows: rows, classCount: k, levels: levels, seed: UInt64(k) &* 31 &+ levels)
            let unit = MulticlassData(classCount: k, labels: labels, predictions: .rowMajor(p, k), weights: nil)
            let ones = MulticlassData(
                classCount: k, labels: labels, predictions: .rowMajor(p, k),
                weights: [Double](repeating: 1, count: rows))
            let groupings = groupings(rows: rows)
            let unitSlots = MulticlassSlots(labels: labels, classCount: k, groupings: groupings, weights: nil)
            let oneSlots = MulticlassSlots(labels: labels, classCount: k, groupings: groupings, weights: ones.weights)
            let label = "k \(k) levels \(levels)"
            for (curvePoints, bins) in [(0, 0), (40, 0), (0, 6)] {
                let counted = try XCTUnwrap(
                    MulticlassRanking.grouped(unit, slots: unitSlots, curvePoints: curvePoints, bootstrapBins: bins))
                let weighted = try XCTUnwrap(
                    MulticlassRanking.grouped(ones, slots: oneSlots, curvePoints: curvePoints, bootstrapBins: bins))
                XCTAssertEqual(counted.count, weighted.count, label)
                for s in counted.indices {
                    XCTAssertEqual(counted[s], weighted[s], "\(label) slot \(s) curves \(curvePoints) bins \(bins)")
                    // Equal as bits, not only as values (a -0.0 for a 0.0 would pass ==).
                    XCTAssertEqual(
                        counted[s].pairwiseAUC.map { $0?.bitPattern }, weighted[s].pairwiseAUC.map { $0?.bitPattern }, label)
                    XCTAssertEqual(counted[s].rocAUC.map { $0?.bitPattern }, weighted[s].rocAUC.map { $0?.bitPattern }, label)
                    XCTAssertEqual(
                        counted[s].averagePrecision.map { $0?.bitPattern },
                        weighted[s].averagePrecision.map { $0?.bitPattern }, label)
                }
                // The whole data's slot is also what its own walks give.
                XCTAssertEqual(
                    counted[0], MulticlassRanking(unit, curvePoints: curvePoints, bootstrapBins: bins), label)
                // Class 1 is absent from the residue-2 group: no AUC, AP or pairwise AUC for it.
                let absent = counted[unitSlots.offsets[0] + 2]
                XCTAssertEqual(absent.support[1], 0, label)
                XCTAssertNil(absent.rocAUC[1], label)
                XCTAssertNil(absent.pairwiseAUC[0 * k + 1], label)
            }
        }
    }
}
