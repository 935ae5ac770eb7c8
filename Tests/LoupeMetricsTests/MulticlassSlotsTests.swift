import XCTest

@testable import LoupeMetrics

/// The one-pass kernels over every slot (`MulticlassSlots`, `MulticlassAccumulator.grouped`,
/// `MulticlassRanking.grouped`) give each group exactly — bit for bit — what the kernels give
/// its rows alone: ties across and within groups, weights, rows in no group, empty groups, a
/// class absent from a group, hard predictions, and the fallback without a dense table.
final class MulticlassSlotsTests: XCTestCase {
    /// Probabilities on a coarse grid (many ties), class 3 never the label in rows ≡ 1 (mod 5).
    private func data(rows: Int, seed: UInt64, weighted: Bool, hard: Bool) -> MulticlassData {
        var rng = SplitMix64(seed: seed)
        let k = 5
        var labels: [Int32] = [], probabilities: [Double] = [], predicted: [Int32] = [], weights: [Double] = []
        for i in 0..<rows {
            var y = Int32(rng.next() % UInt64(k))
            if i % 5 == 1 && y == 3 { y = 0 }
            var p: [Double] = (0..<k).map { _ in Double(rng.next() % 4) + 1 }
            p[Int(y)] += Double(rng.next() % 6)
            let total = p.reduce(0, +)
            labels.append(y)
            probabilities += p.map { $0 / total }
            predicted.append(rng.next() % 3 == 0 ? Int32(rng.next() % UInt64(k)) : y)
            let weight = Double(rng.next() % 7) / 4
            weights.append(weight + 0.25)
        }
        return MulticlassData(
            classCount: k, labels: labels, predictions: hard ? .classes(predicted) : .rowMajor(probabilities, k),
            weights: weighted ? weights : nil)
    }

    /// A grouping of 5 groups (group 4 empty), rows ≡ 3 (mod 7) in none; and one of 40 groups.
    private func groupings(rows: Int) -> [Grouping] {
        var first: [UInt32] = [], second: [UInt32] = []
        for i in 0..<rows {
            let group = i % 5 == 4 ? 0 : i % 5
            first.append(i % 7 == 3 ? Grouping.none : UInt32(group))
            second.append(UInt32((i * 7919) % 40))
        }
        return [Grouping(codes: first, groupCount: 5), Grouping(codes: second, groupCount: 40)]
    }

    private func assertSlotsEqualTheirRowsAlone(_ data: MulticlassData, groupings: [Grouping], _ label: String) {
        let slots = MulticlassSlots(labels: data.labels, classCount: data.classCount, groupings: groupings, weights: data.weights)
        let accumulators = MulticlassAccumulator.grouped(data, slots: slots)
        let rankings = MulticlassRanking.grouped(data, slots: slots)
        // The bootstrap's bins too: a slot pools its own walk's runs (a small cap, so bins merge).
        let binned = MulticlassRanking.grouped(data, slots: slots, bootstrapBins: 8)
        XCTAssertEqual(binned?[0], MulticlassRanking(data, bootstrapBins: 8), label)
        XCTAssertEqual(accumulators.count, slots.count)
        XCTAssertEqual(accumulators[0], MulticlassAccumulator(data), label)
        XCTAssertEqual(rankings?[0], MulticlassRanking(data), label)
        // The whole data's ROC curves, when asked for, are those of its own walks.
        let curved = MulticlassRanking.grouped(data, slots: slots, curvePoints: 50)
        XCTAssertEqual(curved?[0], MulticlassRanking(data, curvePoints: 50), label)
        XCTAssertEqual(curved?[0].roc.isEmpty, data.predictions.hasProbabilities ? false : nil, label)
        for (g, grouping) in groupings.enumerated() {
            for c in 0..<grouping.groupCount {
                let rows = (0..<data.rowCount).filter { grouping.codes[$0] == UInt32(c) }
                let s = slots.offsets[g] + c
                XCTAssertEqual(slots.rowCounts[s], rows.count, "\(label) grouping \(g) group \(c)")
                let weight: Double = data.weights.map { w in rows.reduce(0.0) { $0 + w[$1] } } ?? Double(rows.count)
                XCTAssertEqual(slots.weights[s], weight)
                XCTAssertEqual(accumulators[s], MulticlassAccumulator(data, rows: rows), "\(label) grouping \(g) group \(c)")
                XCTAssertEqual(rankings?[s], MulticlassRanking(data, rows: rows), "\(label) grouping \(g) group \(c)")
                XCTAssertEqual(
                    binned?[s], MulticlassRanking(data, rows: rows, bootstrapBins: 8), "\(label) bins of grouping \(g) group \(c)"
                )
            }
        }
    }

    func testEverySlotEqualsItsRowsAloneBitForBit() {
        for weighted in [false, true] {
            for hard in [false, true] {
                let data = data(rows: 3_000, seed: 11, weighted: weighted, hard: hard)
                assertSlotsEqualTheirRowsAlone(data, groupings: groupings(rows: 3_000), "weighted \(weighted) hard \(hard)")
            }
        }
    }

    func testTheFallbackWithoutADenseTableGivesTheSameStates() {
        // 600 groups × 600 groups × 5 classes exceed the dense table for 2,000 rows: each row is
        // its own combination.
        let rows = 2_000
        let wide = [
            Grouping(codes: (0..<rows).map { UInt32($0 % 600) }, groupCount: 600),
            Grouping(codes: (0..<rows).map { UInt32(($0 / 3) % 600) }, groupCount: 600),
        ]
        let data = data(rows: rows, seed: 3, weighted: true, hard: false)
        let slots = MulticlassSlots(labels: data.labels, classCount: data.classCount, groupings: wide, weights: data.weights)
        XCTAssertEqual(slots.combinationLabel.count, rows, "each row its own combination")
        assertSlotsEqualTheirRowsAlone(data, groupings: wide, "fallback")
        // The dense table keeps far fewer combinations than rows.
        let dense = MulticlassSlots(labels: data.labels, classCount: 5, groupings: groupings(rows: rows), weights: nil)
        XCTAssertLessThanOrEqual(dense.combinationLabel.count, 5 * 6 * 40)
    }

    /// The walk partitions each class's sorted rows by slot and walks each slot's rows alone:
    /// runs of one probability that span many slots (three probabilities in all, so a run's rows
    /// end one slot's rows and start the next's), a group of one class only, a group of one
    /// row, groups in a row with one row each, weights with ties, and no grouping at all.
    func testSlotWalksOverRunsSpanningSlotsEqualTheirRowsAlone() {
        let rows = 1_500, k = 4
        var rng = SplitMix64(seed: 29)
        var labels: [Int32] = [], probabilities: [Double] = [], weights: [Double] = []
        var first: [UInt32] = [], second: [UInt32] = []
        for i in 0..<rows {
            // Group 0 of the first grouping: class 2 only; group 1: the one row 7.
            let group: UInt32 = i % 9 == 0 ? 0 : i == 7 ? 1 : UInt32(2 + rng.next() % 3)
            let y = group == 0 ? Int32(2) : Int32(rng.next() % UInt64(k))
            labels.append(y)
            let high = Double(rng.next() % 3)  // p_0 ∈ {0.1, 0.2, 0.3}, …
            let p = [0.1 + high / 10, 0.3, 0.2, 0.4 - high / 10]
            probabilities += p
            weights.append(Double(1 + rng.next() % 8) / 4)
            first.append(group)
            // Rows 0, 1, 2 alone in groups 0, 1, 2; the rest in 3 groups or none.
            second.append(i < 3 ? UInt32(i) : i % 11 == 5 ? Grouping.none : UInt32(3 + i % 3))
        }
        let groupings = [Grouping(codes: first, groupCount: 5), Grouping(codes: second, groupCount: 6)]
        for weighted in [false, true] {
            let data = MulticlassData(
                classCount: k, labels: labels, predictions: .rowMajor(probabilities, k),
                weights: weighted ? weights : nil)
            assertSlotsEqualTheirRowsAlone(data, groupings: groupings, "spanning runs, weighted \(weighted)")
            assertSlotsEqualTheirRowsAlone(data, groupings: [], "no grouping, weighted \(weighted)")
        }
    }
}
