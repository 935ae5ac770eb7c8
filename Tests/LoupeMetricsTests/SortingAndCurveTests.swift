import LoupeResults
import XCTest

@testable import LoupeMetrics

final class SortingAndCurveTests: XCTestCase {
    func testRadixArgsortMatchesStableSort() {
        var rng = SplitMix64(seed: 21)
        var values: [Double] = [
            0.0, -0.0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .infinity, -.infinity,
        ]
        for _ in 0..<50_000 {
            let r = rng.nextUnit()
            switch r {
            case ..<0.3: values.append((rng.nextUnit() - 0.5) * 1e6)
            case ..<0.6: values.append(Double(Int(rng.next() % 20)) / 4 - 2)  // duplicates, ±0
            case ..<0.7: values.append(-0.0)
            default: values.append(Double(bitPattern: rng.next() & ~(0x7FF << 52)) * (r < 0.85 ? 1 : -1))  // subnormals
            }
        }
        let (keys, order) = RadixSort.argsort(values)
        let expected = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        // -0.0 and 0.0 tie: compare by value with stable row order among equal values.
        XCTAssertEqual(order.map(Int.init), expected)
        for (k, i) in zip(keys, order) {
            XCTAssertEqual(RadixSort.value(ofKey: k), values[Int(i)] + 0.0)
        }
    }

    /// Distinct values that share the radix passes' 32-bit prefix are ordered by the final scan,
    /// by insertion sort for short runs and by the comparison fallback for long ones.
    func testRadixArgsortOrdersValuesSharingAPrefix() {
        var rng = SplitMix64(seed: 23)
        var values: [Double] = []
        for i in 0..<3000 { values.append(0.5 + Double(i % 1000) * 0.5.ulp) }  // long runs
        for i in 0..<300 { values.append(0.25 + Double(i % 7) * 0.25.ulp) }  // short runs
        values.shuffle(using: &rng)
        let (_, order) = RadixSort.argsort(values)
        let expected = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        XCTAssertEqual(order.map(Int.init), expected)
    }

    /// The radix passes (8-bit digits of bits 32–63, trivial passes skipped) and the final scan
    /// of equal 32-bit prefixes give the one stable order: keys that differ only in the bits on
    /// either side of each digit boundary, in the bits below the prefix (short and long runs),
    /// keys of -0.0 and 0.0, probability keys whose top digit is the same for all (a skipped
    /// pass), and ties, whose payloads must keep their input order. Counts made in the caller's
    /// own key pass (`countDigits`, as the multiclass and binary sorts do) give the same order.
    func testRadixSortGivesTheStableOrderAtEveryDigitBoundary() {
        var rng = SplitMix64(seed: 29)
        let bits: [UInt64] = [0, 1, 7, 30, 31, 32, 33, 39, 40, 41, 47, 48, 49, 52, 53, 55, 56, 57, 62, 63]
        var keys: [UInt64] = [RadixSort.key(0.0), RadixSort.key(-0.0), ~RadixSort.key(0.0), ~RadixSort.key(-0.0)]
        for _ in 0..<40 {
            let base = rng.next()
            keys.append(base)
            for b in bits {
                keys.append(base ^ (1 << b))
                keys.append(base ^ (1 << b) ^ (1 << bits[Int(rng.next() % UInt64(bits.count))]))
            }
        }
        for i in 0..<400 { keys.append(0x3FE0_0000_0000_0000 | UInt64((i * 7919) % 200) << 3) }  // a long run
        for i in 0..<12 { keys.append(0x3FE0_0001_8000_0000 | UInt64(i % 5)) }  // a short run
        keys += keys.prefix(500)  // ties with distinct payloads
        for _ in 0..<3 { keys.shuffle(using: &rng) }
        // Probability keys as the multiclass sorts them (inverted: descending): one top digit.
        let probabilities = (0..<3000).map { _ in ~RadixSort.key(Double(rng.next() % 100_000 + 1) / 100_000) }
        for keys in [keys, probabilities] {
            let expected = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
            var sorted = keys
            var payload = keys.indices.map { UInt32($0) }
            RadixSort.sort(keys: &sorted, carrying: &payload)
            XCTAssertEqual(payload.map(Int.init), expected)
            XCTAssertEqual(sorted, expected.map { keys[$0] })
            var counts = [Int](repeating: 0, count: RadixSort.radix * RadixSort.passes)
            counts.withUnsafeMutableBufferPointer { c in
                for k in keys { RadixSort.countDigits(k, into: c.baseAddress!) }
            }
            sorted = keys
            payload = keys.indices.map { UInt32($0) }
            RadixSort.sort(keys: &sorted, carrying: &payload, digitCounts: &counts)
            XCTAssertEqual(payload.map(Int.init), expected)
        }
    }

    func testCurvesAreBoundedAndFaithful() {
        let data = syntheticData(rows: 100_000, seed: 22)
        var options = EvaluationOptions(bootstrapReplicates: 0)
        options.curvePoints = 200
        let curves = BinaryEvaluator.evaluate(data, groupings: [], options: options).curves
        XCTAssertLessThanOrEqual(curves.roc.x.count, 200)
        XCTAssertGreaterThan(curves.roc.x.count, 50)
        XCTAssertEqual(curves.roc.x.first, 0); XCTAssertEqual(curves.roc.y.first, 0)
        XCTAssertEqual(curves.roc.x.last!, 1, accuracy: 1e-12); XCTAssertEqual(curves.roc.y.last!, 1, accuracy: 1e-12)
        XCTAssertLessThanOrEqual(curves.precisionRecall.x.count, 200)
        XCTAssertEqual(curves.precisionRecall.x.last!, 1, accuracy: 1e-12)
        // The area under the thinned ROC stays close to the exact AUC.
        var area = 0.0
        for i in 1..<curves.roc.x.count {
            area += (curves.roc.x[i] - curves.roc.x[i - 1]) * (curves.roc.y[i] + curves.roc.y[i - 1]) / 2
        }
        let auc = BinaryMetrics.rocAUC(labels: data.labels, scores: data.scores)!
        XCTAssertEqual(area, auc, accuracy: 2e-3)
        // Sweep, histogram, reliability, confusion against direct counts.
        for (j, t) in curves.thresholdSweep.thresholds.enumerated() {
            let c = BinaryMetrics.confusion(labels: data.labels, scores: data.scores, threshold: t)
            assertClose(curves.thresholdSweep.precision[j], c.precision, 1e-12, "precision at \(t)")
            assertClose(curves.thresholdSweep.recall[j], c.recall, 1e-12, "recall at \(t)")
            assertClose(curves.thresholdSweep.f1[j], c.f1, 1e-12, "f1 at \(t)")
            assertClose(curves.thresholdSweep.selectionRate[j], c.selectionRate, 1e-12, "selection at \(t)")
        }
        XCTAssertEqual(curves.thresholdSweep.thresholds.count, 51)
        XCTAssertEqual(curves.scoreHistogram.edges.count, 21)
        XCTAssertEqual(curves.scoreHistogram.positives.reduce(0, +), Double(data.labels.filter { $0 == 1 }.count), accuracy: 1e-9)
        XCTAssertEqual(curves.reliability.map(\.count).reduce(0, +), 100_000)
        let c = BinaryMetrics.confusion(labels: data.labels, scores: data.scores, threshold: 0.5)
        XCTAssertEqual(curves.confusion.truePositives, c.truePositives)
        XCTAssertEqual(curves.confusion.trueNegatives, c.trueNegatives)
    }

    /// Scores outside [0, 1] get a histogram over [min, max] (the maximum in the last bin) and fall
    /// in the outer calibration bins; weighted sweeps match direct weighted counts.
    func testHistogramOutsideUnitIntervalAndWeightedSweep() {
        var rng = SplitMix64(seed: 24)
        let n = 5000
        let labels = (0..<n).map { _ in UInt8(rng.next() & 1) }
        let scores = (0..<n).map { i in i == 0 ? 3.0 : (i == 1 ? -2.0 : (rng.nextUnit() * 5 - 2).rounded(toPlaces: 2)) }
        let weights = (0..<n).map { _ in 0.1 + rng.nextUnit() }
        let data = BinaryData(labels: labels, scores: scores, weights: weights)
        let result = BinaryEvaluator.evaluate(data, groupings: [], options: EvaluationOptions(bootstrapReplicates: 0))
        let h = result.curves.scoreHistogram
        XCTAssertEqual(h.edges.first, -2)
        XCTAssertEqual(h.edges.last, 3)
        XCTAssertEqual(h.positives.reduce(0, +) + h.negatives.reduce(0, +), weights.reduce(0, +), accuracy: 1e-9)
        let topBin = zip(scores, weights).filter { $0.0 >= h.edges[19] }.map(\.1).reduce(0, +)
        XCTAssertEqual(h.positives[19] + h.negatives[19], topBin, accuracy: 1e-12)
        let reference = BinaryMetrics.values(labels: labels, scores: scores, weights: weights, threshold: 0.5)
        assertClose(result.overall["ece"]?.value, reference["ece"] ?? nil, 1e-10, "ece")
        for (j, t) in result.curves.thresholdSweep.thresholds.enumerated() {
            let c = BinaryMetrics.confusion(labels: labels, scores: scores, weights: weights, threshold: t)
            assertClose(result.curves.thresholdSweep.precision[j], c.precision, 1e-12, "precision at \(t)")
            assertClose(result.curves.thresholdSweep.f1[j], c.f1, 1e-12, "f1 at \(t)")
        }
    }

    func testThinningKeepsEndpointsAndCorners() {
        let x = (0...1000).map { Double($0) / 1000 }
        let y = x.map { $0 < 0.3 ? 0 : ($0 < 0.31 ? ($0 - 0.3) * 100 : 1) }
        let keep = CurveThinning.indices(x: x, y: y, maxPoints: 10)
        XCTAssertEqual(keep.first, 0)
        XCTAssertEqual(keep.last, 1000)
        XCTAssertTrue(keep.contains(300) && keep.contains(310))
        XCTAssertLessThanOrEqual(keep.count, 10)
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let f = pow(10, Double(places))
        return (self * f).rounded() / f
    }
}

final class SliceGapTests: XCTestCase {
    func testGapOrientationAndSignificance() {
        let z = Intervals.criticalValue(confidence: 0.95)
        let overall = Metric(0.80, lower: 0.80 - z * 0.01, upper: 0.80 + z * 0.01)
        let slice = Metric(0.70, lower: 0.70 - z * 0.03, upper: 0.70 + z * 0.03)
        let gap = SliceGaps.gap(
            metric: "roc_auc", slice: slice, overall: overall, fraction: 0.1, higherIsBetter: true, confidence: 0.95)
        XCTAssertEqual(gap.difference.value!, -0.10, accuracy: 1e-12)
        XCTAssertEqual(gap.worse!, 0.10, accuracy: 1e-12)
        let se = (0.03 * 0.03 + 0.01 * 0.01 - 2 * 0.1 * 0.03 * 0.03).squareRoot()
        XCTAssertEqual(gap.difference.lower!, -0.10 - z * se, accuracy: 1e-12)
        XCTAssertTrue(gap.significant)
        let loss = SliceGaps.gap(
            metric: "log_loss", slice: Metric(0.5, lower: 0.3, upper: 0.7), overall: Metric(0.45, lower: 0.44, upper: 0.46),
            fraction: 0.2, higherIsBetter: MetricRegistry.higherIsBetter("log_loss")!, confidence: 0.95)
        XCTAssertEqual(loss.worse!, 0.05, accuracy: 1e-12)
        XCTAssertFalse(loss.significant)
        XCTAssertEqual(MetricRegistry.higherIsBetter("brier"), false)
        XCTAssertEqual(MetricRegistry.higherIsBetter("recall"), true)
        let undefined = SliceGaps.gap(
            metric: "precision", slice: .undefined, overall: overall, fraction: 0.1, higherIsBetter: true, confidence: 0.95)
        XCTAssertNil(undefined.difference.value)
        XCTAssertNil(undefined.worse)
        XCTAssertFalse(undefined.significant)
    }
}
