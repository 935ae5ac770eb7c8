import LoupeResults
import XCTest

@testable import LoupeMetrics

/// States built over disjoint parts of the rows and merged give the metrics the evaluators compute
/// on the whole data: exactly where they are counts, within 1e-12 (relative to max(1, |value|))
/// otherwise, intervals included except the bootstrap ones, whatever the merge order, with empty
/// parts.
final class MergeableStateTests: XCTestCase {
    let options = EvaluationOptions(bootstrapReplicates: 50, seed: 7, bootstrapBins: 32)
    let tolerance = 1e-12

    /// The contiguous parts of `data` between consecutive `cuts` (the first 0, the last the count).
    func parts(_ data: BinaryData, cuts: [Int]) -> [BinaryData] {
        zip(cuts, cuts.dropFirst()).map { lo, hi in
            BinaryData(
                labels: Array(data.labels[lo..<hi]), scores: Array(data.scores[lo..<hi]),
                weights: data.weights.map { Array($0[lo..<hi]) })
        }
    }

    func parts(_ data: RegressionData, cuts: [Int]) -> [(part: RegressionData, firstRow: Int)] {
        zip(cuts, cuts.dropFirst()).map { lo, hi in
            (
                RegressionData(
                    labels: Array(data.labels[lo..<hi]), predictions: Array(data.predictions[lo..<hi]),
                    weights: data.weights.map { Array($0[lo..<hi]) }),
                lo
            )
        }
    }

    func merged<State: MergeableState>(_ states: [State]) -> State {
        var state = states[0]
        for s in states.dropFirst() { state.merge(s) }
        return state
    }

    /// Every metric of `expected` in `actual`: names in `exact` bit for bit (value and bounds), the
    /// others within `tolerance`; the bounds of `bootstrapped` are not compared.
    func assertSame(
        _ actual: MetricSet, _ expected: MetricSet, exact: Set<String>, bootstrapped: Set<String>, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(Set(actual.keys), Set(expected.keys), label, file: file, line: line)
        for (name, e) in expected.sorted(by: { $0.key < $1.key }) {
            let a = actual[name] ?? .undefined
            let pairs =
                bootstrapped.contains(name)
                ? [(a.value, e.value)] : [(a.value, e.value), (a.lower, e.lower), (a.upper, e.upper)]
            for (x, y) in pairs {
                if exact.contains(name) {
                    XCTAssertEqual(x, y, "\(label) \(name)", file: file, line: line)
                } else {
                    assertClose(x, y, tolerance, "\(label) \(name)", file: file, line: line)
                }
            }
        }
    }

    // MARK: Binary

    static let binaryCounts: Set<String> = [
        "count", "weighted_count", "accuracy", "precision", "recall", "fnr", "fpr", "tnr", "selection_rate",
        "mean_label", "f1", "balanced_accuracy", "mcc", "roc_auc",
    ]
    static let binaryBootstrapped: Set<String> = ["f1", "balanced_accuracy", "mcc", "average_precision", "ece"]

    func binaryOverall(_ data: BinaryData) -> MetricSet {
        BinaryEvaluator.evaluate(data, groupings: [], options: options).overall
    }

    func binaryMetrics(_ state: BinaryGroupState) -> MetricSet {
        state.metrics(options: options, seed: BinaryEvaluator.streamSeed(options.seed, grouping: -1, group: 0))
    }

    func checkBinary(_ data: BinaryData, cuts: [Int], _ label: String) {
        let states = parts(data, cuts: cuts).map { BinaryGroupState($0, threshold: options.threshold) }
        let state = merged(states)
        let whole = BinaryGroupState(data, threshold: options.threshold)
        XCTAssertEqual(state.cellCounts, whole.cellCounts, label)
        XCTAssertEqual(state.calibrationCounts, whole.calibrationCounts, label)
        XCTAssertEqual(state.runs.map(\.score), whole.runs.map(\.score), label)
        XCTAssertEqual(state.runs.map(\.positiveRows), whole.runs.map(\.positiveRows), label)
        XCTAssertEqual(state.runs.map(\.negativeRows), whole.runs.map(\.negativeRows), label)
        let exact = data.weights == nil ? Self.binaryCounts : ["count"]
        assertSame(binaryMetrics(state), binaryOverall(data), exact: exact, bootstrapped: Self.binaryBootstrapped, label)
        if data.weights == nil {
            // Counts make the bins, hence the average-precision bootstrap's draws, identical.
            XCTAssertEqual(state.slotTotals(binCap: 32).bins, whole.slotTotals(binCap: 32).bins, label)
        }
    }

    func testMergedBinaryStatesGiveTheWholeDataMetrics() {
        for weighted in [false, true] {
            for digits in [nil, 2] as [Int?] {
                let data = syntheticData(rows: 4000, seed: 11, roundTo: digits, weighted: weighted)
                let label = "weighted \(weighted), rounded to \(String(describing: digits))"
                checkBinary(data, cuts: [0, 1500, 4000], label + ", two parts")
                checkBinary(data, cuts: [0, 700, 2900, 4000], label + ", three parts")
                checkBinary(data, cuts: [0, 0, 2000, 2000, 4000], label + ", with empty parts")
            }
        }
    }

    func testBinaryMergeOrderDoesNotMatter() {
        let data = syntheticData(rows: 3000, seed: 5, roundTo: 2, weighted: true)
        let s = parts(data, cuts: [0, 800, 1900, 3000]).map { BinaryGroupState($0, threshold: options.threshold) }
        let orders = [[0, 1, 2], [2, 0, 1], [1, 2, 0]].map { merged($0.map { s[$0] }) }
        var right = s[1]
        right.merge(s[2])
        var nested = s[0]
        nested.merge(right)
        for state in orders + [nested] {
            XCTAssertEqual(state.runs.map(\.score), orders[0].runs.map(\.score))
            XCTAssertEqual(state.cellCounts, orders[0].cellCounts)
            assertSame(
                binaryMetrics(state), binaryMetrics(orders[0]), exact: ["count"], bootstrapped: Self.binaryBootstrapped,
                "merge order")
        }
    }

    func testEmptyBinaryStateIsTheIdentity() {
        let data = syntheticData(rows: 500, seed: 3, roundTo: 2)
        var state = BinaryGroupState(threshold: options.threshold)
        state.merge(BinaryGroupState(data, threshold: options.threshold))
        state.merge(BinaryGroupState(threshold: options.threshold))
        assertSame(
            binaryMetrics(state), binaryOverall(data), exact: Self.binaryCounts, bootstrapped: Self.binaryBootstrapped,
            "empty")
        let empty = binaryMetrics(BinaryGroupState(threshold: options.threshold))
        XCTAssertEqual(empty["count"]?.value, 0)
        XCTAssertNil(empty["roc_auc"]?.value)
    }

    // MARK: Regression

    static let regressionCounts: Set<String> = ["count", "max_error", "median_absolute_error"]
    static let regressionBootstrapped: Set<String> = ["r2", "explained_variance", "residual_std"]

    func regressionOverall(_ data: RegressionData) -> MetricSet {
        RegressionEvaluator.evaluate(data, groupings: [], options: options).overall
    }

    func regressionStates(_ data: RegressionData, cuts: [Int]) -> [RegressionGroupState] {
        let shift = RegressionGroupState.shift(of: data)
        return parts(data, cuts: cuts).map {
            RegressionGroupState($0.part, firstRow: $0.firstRow, shift: shift, seed: options.seed)
        }
    }

    func regressionMetrics(_ state: RegressionGroupState) -> MetricSet {
        state.metrics(options: options, seed: BinaryEvaluator.streamSeed(options.seed, grouping: -1, group: 0))
    }

    func testMergedRegressionStatesGiveTheWholeDataMetrics() {
        for weighted in [false, true] {
            for ties in [false, true] {
                // 3000 rows: the parts' cells; 600: rows kept for the per-row bootstrap throughout.
                for (rows, cuts) in [(3000, [0, 700, 1900, 3000]), (3000, [0, 0, 1500, 1500, 3000]), (600, [0, 250, 600])] {
                    let data = syntheticRegression(rows: rows, seed: 21, weighted: weighted, ties: ties)
                    let label = "weighted \(weighted), ties \(ties), cuts \(cuts)"
                    let state = merged(regressionStates(data, cuts: cuts))
                    let whole = regressionOverall(data)
                    let exact = weighted ? ["count", "max_error"] : Self.regressionCounts
                    assertSame(
                        regressionMetrics(state), whole, exact: exact, bootstrapped: Self.regressionBootstrapped, label)
                    XCTAssertEqual(state.count, rows, label)
                    XCTAssertEqual(state.cells.isEmpty, rows < RegressionPass.smallLimit, label)
                }
            }
        }
    }

    /// Merging is associative; every statistic but Durbin–Watson's (which needs the parts in row
    /// order) is also independent of the order.
    func testRegressionMergeOrder() {
        let data = syntheticRegression(rows: 3000, seed: 4, weighted: true, ties: true)
        let s = regressionStates(data, cuts: [0, 600, 1700, 3000])
        let leftFirst = merged(s)
        var right = s[1]
        right.merge(s[2])
        var nested = s[0]
        nested.merge(right)
        assertSame(
            regressionMetrics(nested), regressionMetrics(leftFirst), exact: ["count", "max_error"],
            bootstrapped: Self.regressionBootstrapped, "associative")
        var shuffled = regressionMetrics(merged([s[2], s[0], s[1]]))
        var ordered = regressionMetrics(leftFirst)
        XCTAssertNotEqual(shuffled["durbin_watson"]?.value, ordered["durbin_watson"]?.value)
        shuffled["durbin_watson"] = nil
        ordered["durbin_watson"] = nil
        assertSame(
            shuffled, ordered, exact: ["count", "max_error"], bootstrapped: Self.regressionBootstrapped, "commutative")
    }

    func testEmptyRegressionStateIsTheIdentity() {
        let data = syntheticRegression(rows: 400, seed: 8, ties: true)
        let shift = RegressionGroupState.shift(of: data)
        var state = RegressionGroupState(shift: shift, seed: options.seed, weighted: false)
        state.merge(RegressionGroupState(data, firstRow: 0, shift: shift, seed: options.seed))
        state.merge(RegressionGroupState(shift: shift, seed: options.seed, weighted: false))
        assertSame(
            regressionMetrics(state), regressionOverall(data), exact: Self.regressionCounts,
            bootstrapped: Self.regressionBootstrapped, "empty")
        let empty = regressionMetrics(RegressionGroupState(shift: shift, seed: options.seed, weighted: false))
        XCTAssertEqual(empty["count"]?.value, 0)
        XCTAssertNil(empty["mse"]?.value)
    }
}
