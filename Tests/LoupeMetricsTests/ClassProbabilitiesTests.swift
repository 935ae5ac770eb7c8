import XCTest

@testable import LoupeMetrics

/// Probabilities are stored a column per class, and the row-wise terms of the passes over every
/// row are computed a block of rows at a time, class by class, four rows to a vector
/// (`RowTermsCursor`). Those terms must be exactly the row-by-row `RowTerms` of the same row:
/// the argmax (lowest class on ties), the rank of the true class (ties counted after it), the
/// Brier sum in class order and the log-loss term, whatever the block boundaries.
final class ClassProbabilitiesTests: XCTestCase {
    /// `rows` rows of `k` classes on a grid of few levels (ties within rows everywhere), with
    /// exact zeros and ones among them (the log loss clips both).
    private func sample(rows: Int, classCount k: Int, seed: UInt64) -> (labels: [Int32], rowMajor: [Double]) {
        var rng = SplitMix64(seed: seed)
        var labels: [Int32] = [], values: [Double] = []
        for i in 0..<rows {
            labels.append(Int32(rng.next() % UInt64(k)))
            switch i % 7 {
            case 0: values += (0..<k).map { $0 == i % k ? 1 : 0 }
            case 1: values += [Double](repeating: 1 / Double(k), count: k)
            default:
                let raw = (0..<k).map { _ in Double(rng.next() % 4) }
                let total = max(raw.reduce(0, +), 1)
                values += raw.map { $0 / total }
            }
        }
        return (labels, values)
    }

    func testRowMajorMatricesBecomeColumnsAndRowsAreSelected() {
        let p = ClassProbabilities(rowMajor: [0.1, 0.9, 0.7, 0.3, 0.5, 0.5], classCount: 2)
        XCTAssertEqual(p.columns, [[0.1, 0.7, 0.5], [0.9, 0.3, 0.5]])
        XCTAssertEqual(p.rowCount, 3)
        XCTAssertEqual(p.classCount, 2)
        XCTAssertEqual(p[1, class: 0], 0.7)
        XCTAssertEqual(p.rows([2, 0]).columns, [[0.5, 0.1], [0.5, 0.9]])
        XCTAssertEqual(ClassProbabilities(rowMajor: [], classCount: 3).rowCount, 0)
        p.withColumns { columns in
            XCTAssertEqual(columns[1][2], 0.5)
            XCTAssertEqual(columns[0][1], 0.7)
        }
    }

    func testBlockTermsEqualRowTermsAcrossBlockBoundariesAndVectorTails() {
        // Row counts that end a block exactly, mid-vector and after a partial block.
        for (rows, k) in [(1, 2), (3, 3), (256, 4), (257, 5), (1030, 7), (513, 10)] {
            let d = sample(rows: rows, classCount: k, seed: UInt64(rows * 31 + k))
            let p = ClassProbabilities(rowMajor: d.rowMajor, classCount: k)
            p.withColumns { columns in
                d.labels.withUnsafeBufferPointer { labels in
                    var full = RowTermsCursor(columns, labels: labels, classCount: k)
                    var hard = RowTermsCursor(argmaxOf: columns, rowCount: rows, classCount: k)
                    defer {
                        full.deallocate()
                        hard.deallocate()
                    }
                    for i in 0..<rows {
                        let expected = MulticlassAccumulator.RowTerms(
                            columns, row: i, classCount: k, label: Int(d.labels[i]))
                        let terms = full.terms(row: i)
                        let message = "rows \(rows), k \(k), row \(i)"
                        XCTAssertEqual(terms.argmax, expected.argmax, message)
                        XCTAssertEqual(terms.rank, expected.rank, message)
                        XCTAssertEqual(terms.best.bitPattern, expected.best.bitPattern, message)
                        XCTAssertEqual(terms.brier.bitPattern, expected.brier.bitPattern, message)
                        XCTAssertEqual(terms.loss.bitPattern, expected.loss.bitPattern, message)
                        let argmax = hard.terms(row: i)
                        XCTAssertEqual(argmax.argmax, expected.argmax, message)
                        XCTAssertEqual(argmax.best.bitPattern, expected.best.bitPattern, message)
                    }
                    // Out of order: a block is recomputed, with the same terms.
                    for i in [rows - 1, 0, rows / 2] {
                        let expected = MulticlassAccumulator.RowTerms(
                            columns, row: i, classCount: k, label: Int(d.labels[i]))
                        XCTAssertEqual(full.terms(row: i).brier.bitPattern, expected.brier.bitPattern)
                        XCTAssertEqual(hard.terms(row: i).argmax, expected.argmax)
                    }
                }
            }
        }
    }

    func testTheArgmaxIsTheLowestClassOnTiesAndTheRankCountsTiesAfterTheTrueClass() {
        // The rank of the true class is that of scikit-learn's `top_k_accuracy_score` (a reversed
        // stable argsort): among tied classes the higher index ranks first. Row 0: classes 1
        // and 2 tie for the top and the true class 2 ranks first; row 1: every class ties and
        // the true class 0 ranks last.
        let p = ClassProbabilities(rowMajor: [0.2, 0.4, 0.4, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25], classCount: 3)
        let labels: [Int32] = [2, 0, 1]
        p.withColumns { columns in
            labels.withUnsafeBufferPointer { labels in
                var cursor = RowTermsCursor(columns, labels: labels, classCount: 3)
                defer { cursor.deallocate() }
                XCTAssertEqual(cursor.terms(row: 0).argmax, 1)
                XCTAssertEqual(cursor.terms(row: 0).rank, 0, "class 1 ties with the true class 2 and ranks after it")
                XCTAssertEqual(cursor.terms(row: 1).argmax, 0)
                XCTAssertEqual(cursor.terms(row: 1).rank, 2, "classes 1 and 2 tie with the true class 0 and rank first")
                XCTAssertEqual(cursor.terms(row: 2).rank, 1)
                XCTAssertEqual(cursor.terms(row: 0).brier, 0.2 * 0.2 + 0.4 * 0.4 + 0.6 * 0.6)
            }
        }
    }
}
