import XCTest

@testable import LoupeMetrics

/// The percentile interval selects its four order statistics instead of sorting: its bounds
/// must be those of the sorted replicates (`quantile(sorted:)`, numpy's type 7) bit for bit, for
/// any size, with ties, signed zeros, infinities and NaN left out, and any confidence.
final class PercentileIntervalTests: XCTestCase {
    func testSelectedBoundsEqualTheSortedReplicatesBounds() throws {
        var rng = SplitMix64(seed: 11)
        for n in [2, 3, 4, 5, 7, 10, 33, 199, 200, 201, 1000] {
            for trial in 0..<20 {
                let values: [Double] = (0..<n).map { i in
                    switch rng.next() % 8 {
                    case 0: return 0
                    case 1: return -0.0
                    case 2: return Double(rng.next() % 5)  // ties
                    case 3 where trial % 4 == 0: return [Double.nan, .infinity, -.infinity][i % 3]
                    default: return rng.nextUnit() * 2 - 1
                    }
                }
                let sorted = values.filter(\.isFinite).sorted()
                for confidence in [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0] {
                    let interval = Intervals.percentile(replicates: values, confidence: confidence)
                    guard sorted.count >= 2 else {
                        XCTAssertNil(interval)
                        continue
                    }
                    let alpha = 1 - confidence
                    let lower = try XCTUnwrap(Intervals.quantile(sorted: sorted, alpha / 2))
                    let upper = try XCTUnwrap(Intervals.quantile(sorted: sorted, 1 - alpha / 2))
                    let message = "n \(n), trial \(trial), confidence \(confidence)"
                    XCTAssertEqual(interval?.lower.bitPattern, lower.bitPattern, message)
                    XCTAssertEqual(interval?.upper.bitPattern, upper.bitPattern, message)
                }
            }
        }
    }

    func testSelectionPlacesTheOrderStatisticWithSmallerBeforeAndLargerAfter() {
        var rng = SplitMix64(seed: 5)
        for n in [1, 2, 3, 8, 50, 257] {
            let values = (0..<n).map { _ in Double(rng.next() % 7) }
            let sorted = values.sorted()
            for k in 0..<n {
                var v = values
                v.withUnsafeMutableBufferPointer { Intervals.select($0, from: 0, through: n - 1, k: k) }
                XCTAssertEqual(v[k], sorted[k], "n \(n), k \(k)")
                XCTAssertTrue(v[..<k].allSatisfy { $0 <= v[k] } && v[(k + 1)...].allSatisfy { $0 >= v[k] })
                XCTAssertEqual(v.sorted(), sorted, "a permutation")
            }
        }
    }
}
