import LoupeResults
import XCTest

@testable import LoupeMetrics

/// A slice's detail curves are points of its own exact curves, computed here from the slice's
/// rows alone, and its reliability bins and confusion matrix are those of the slice evaluated on
/// its own.
final class SliceCurveTests: XCTestCase {
    /// The exact ROC vertices (FPR, TPR) and precision–recall vertices (recall, precision) of
    /// rows, one vertex per distinct score from the highest down.
    private func exactVertices(_ rows: [(label: UInt8, score: Double, weight: Double)]) -> (
        roc: [(Double, Double)], pr: [(Double, Double)]
    ) {
        let positives = rows.filter { $0.label == 1 }.reduce(0) { $0 + $1.weight }
        let negatives = rows.filter { $0.label == 0 }.reduce(0) { $0 + $1.weight }
        var roc: [(Double, Double)] = [(0, 0)], pr: [(Double, Double)] = [(0, 1)]
        var tp = 0.0, fp = 0.0
        let sorted = rows.sorted { $0.score > $1.score }
        for (i, row) in sorted.enumerated() {
            if row.label == 1 { tp += row.weight } else { fp += row.weight }
            guard i == sorted.count - 1 || sorted[i + 1].score != row.score else { continue }
            roc.append((fp / negatives, tp / positives))
            if tp + fp > 0 { pr.append((tp / positives, tp / (tp + fp))) }
        }
        return (roc, pr)
    }

    private func assertOnCurve(_ curve: Curve, _ vertices: [(Double, Double)], _ name: String) {
        XCTAssertGreaterThan(curve.x.count, 5, name)
        XCTAssertLessThanOrEqual(curve.x.count, BinaryEvaluator.sliceCurvePoints, name)
        for (x, y) in zip(curve.x, curve.y) {
            XCTAssert(
                vertices.contains { ($0.0 - x).magnitude < 1e-12 && ($0.1 - y).magnitude < 1e-12 },
                "\(name): (\(x), \(y)) is not a vertex of the slice's own curve")
        }
        XCTAssertEqual(curve.x.first, vertices.first?.0)
        XCTAssertEqual(curve.x.last ?? 0, vertices.last?.0 ?? 0, accuracy: 1e-12, name)
    }

    func testSliceCurvesArePointsOfTheSlicesOwnCurves() {
        for weighted in [false, true] {
            let data = syntheticData(rows: 3000, seed: 11, roundTo: 2, weighted: weighted)
            let codes = (0..<3000).map { UInt32($0 % 3) }
            let evaluation = BinaryEvaluator.evaluate(
                data, groupings: [Grouping(codes: codes, groupCount: 3)], options: EvaluationOptions())
            for group in 0..<3 {
                let rows = (0..<3000).filter { codes[$0] == UInt32(group) }.map { i in
                    (label: data.labels[i], score: data.scores[i], weight: data.weights?[i] ?? 1)
                }
                let curves = try! XCTUnwrap(evaluation.groupCurves[0][group])
                let exact = exactVertices(rows)
                assertOnCurve(curves.roc, exact.roc, "ROC of group \(group), weighted \(weighted)")
                assertOnCurve(curves.precisionRecall, exact.pr, "PR of group \(group), weighted \(weighted)")
                // The same rows evaluated on their own give the same bins and confusion matrix.
                let alone = BinaryEvaluator.evaluate(
                    BinaryData(
                        labels: rows.map(\.label), scores: rows.map(\.score), weights: weighted ? rows.map(\.weight) : nil),
                    groupings: [], options: EvaluationOptions())
                XCTAssertEqual(curves.reliability.map(\.count), alone.curves.reliability.map(\.count))
                for (a, b) in zip(curves.reliability, alone.curves.reliability) {
                    XCTAssertEqual(a.fractionPositive ?? -1, b.fractionPositive ?? -1, accuracy: 1e-12)
                    XCTAssertEqual(a.meanPrediction ?? -1, b.meanPrediction ?? -1, accuracy: 1e-12)
                }
                XCTAssertEqual(curves.confusion.truePositives, alone.curves.confusion.truePositives, accuracy: 1e-9)
                XCTAssertEqual(curves.confusion.falsePositives, alone.curves.confusion.falsePositives, accuracy: 1e-9)
                XCTAssertEqual(curves.confusion.trueNegatives, alone.curves.confusion.trueNegatives, accuracy: 1e-9)
            }
        }
    }

    func testOneClassSliceHasNoROCCurve() {
        let data = BinaryData(labels: [1, 1, 1, 0, 0, 0], scores: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
        let evaluation = BinaryEvaluator.evaluate(
            data, groupings: [Grouping(codes: [0, 0, 0, 1, 1, 1], groupCount: 2)],
            options: EvaluationOptions(minGroupSize: 1))
        let positivesOnly = try! XCTUnwrap(evaluation.groupCurves[0][0])
        XCTAssertEqual(positivesOnly.roc.x, [])
        XCTAssertFalse(positivesOnly.precisionRecall.x.isEmpty)
        let negativesOnly = try! XCTUnwrap(evaluation.groupCurves[0][1])
        XCTAssertEqual(negativesOnly.roc.x, [])
        XCTAssertEqual(negativesOnly.precisionRecall.x, [])
    }
}
