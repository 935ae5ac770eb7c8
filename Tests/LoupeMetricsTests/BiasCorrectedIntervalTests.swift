import XCTest

@testable import LoupeMetrics

final class BiasCorrectedIntervalTests: XCTestCase {
    func testUnbiasedReplicatesGiveThePercentileInterval() throws {
        let replicates = (0..<201).map { Double($0) / 200 }  // mean 0.5
        let plain = try XCTUnwrap(Intervals.percentile(replicates: replicates, confidence: 0.9))
        let corrected = try XCTUnwrap(Intervals.biasCorrected(replicates: replicates, estimate: 0.5, confidence: 0.9))
        XCTAssertEqual(corrected.lower, plain.lower, accuracy: 1e-12)
        XCTAssertEqual(corrected.upper, plain.upper, accuracy: 1e-12)
    }

    /// Replicates that all run above the estimate (as ECE's do) are shifted back over it.
    func testReplicatesBiasedUpwardAreShiftedToContainTheEstimate() throws {
        let replicates = (0..<100).map { 0.05 + Double($0) / 1000 }  // 0.050 ... 0.149, mean 0.0995
        let interval = try XCTUnwrap(Intervals.biasCorrected(replicates: replicates, estimate: 0.03, confidence: 0.95))
        XCTAssertLessThanOrEqual(interval.lower, 0.03)
        XCTAssertGreaterThanOrEqual(interval.upper, 0.03)
        XCTAssertEqual(interval.upper - interval.lower, 0.09405, accuracy: 1e-9)
    }

    func testTooFewReplicates() {
        XCTAssertNil(Intervals.biasCorrected(replicates: [0.1, .nan], estimate: 0.1, confidence: 0.95))
    }
}
