import Foundation
import XCTest

@testable import LoupeMetrics

/// Results that are artifacts of the data or the settings are detected with the evaluation.
final class ArtifactCheckTests: XCTestCase {
    /// COMPAS: 304 rows scored 1.0, 59 of them negatives, each costing the clipped 34.5 of log loss.
    func testConfidentlyWrongScoresAndTheirShareOfLogLoss() {
        let labels: [UInt8] = [1, 0, 0, 1, 1, 0]
        let scores = [1.0, 1.0, 0.0, 0.0, 0.8, 0.3]
        let check = ArtifactChecks.confidentErrors(labels: labels, scores: scores, weights: nil)
        XCTAssertEqual(check.extremeRows, 4)
        XCTAssertEqual(check.wrongRows, 2, "the negative at 1 and the positive at 0")
        // By hand, clipping to [1e-15, 1 − 1e-15] as scikit-learn: the positive at 0 costs
        // −log(1e-15), the negative at 1 −log(1 − (1 − 1e-15)) (1 − 1e-15 is not exact in binary);
        // the right ones −log(1 − 1e-15) and −log(1 − 1e-15), then −log 0.8, −log 0.7.
        let wrong = -log(1e-15) - log(1 - (1 - 1e-15))
        let expected = wrong / (wrong - 2 * log(1 - 1e-15) - log(0.8) - log(0.7))
        XCTAssertEqual(check.shareOfLogLoss, expected, accuracy: 1e-12)
        let weighted = ArtifactChecks.confidentErrors(labels: labels, scores: scores, weights: [0, 0, 1, 1, 1, 1])
        XCTAssertEqual(weighted.wrongRows, 2, "rows are counted; their loss is weighted")
        XCTAssertLessThan(weighted.shareOfLogLoss, expected)
    }

    func testSelectionOfAlmostNobodyOrEverybodyIsDegenerate() {
        XCTAssertTrue(ArtifactChecks.selectionIsDegenerate(0.015), "the credit demo's benchmark at 0.5")
        XCTAssertTrue(ArtifactChecks.selectionIsDegenerate(0.99))
        XCTAssertFalse(ArtifactChecks.selectionIsDegenerate(0.25))
        XCTAssertFalse(ArtifactChecks.selectionIsDegenerate(nil))
    }

    func testEverySliceBelowThePooledAUCWithDifferentBaseRatesIsPooling() {
        XCTAssertTrue(
            ArtifactChecks.slicesBelowPooledAUC(
                sliceAUCs: [0.66, 0.68, 0.70], slicePositiveRates: [0.3, 0.45, 0.56], pooledAUC: 0.72))
        XCTAssertFalse(
            ArtifactChecks.slicesBelowPooledAUC(sliceAUCs: [0.66, 0.75], slicePositiveRates: [0.3, 0.56], pooledAUC: 0.72),
            "one slice above")
        XCTAssertFalse(
            ArtifactChecks.slicesBelowPooledAUC(sliceAUCs: [0.66, 0.68], slicePositiveRates: [0.40, 0.41], pooledAUC: 0.72),
            "same base rates: the slices are weaker for another reason")
        XCTAssertFalse(ArtifactChecks.slicesBelowPooledAUC(sliceAUCs: [0.6], slicePositiveRates: [0.3], pooledAUC: 0.72))
    }

    /// A loss's normal interval reached below 0 and was clipped ("0.000–2.171"); the log-scale
    /// interval stays above 0. By hand: mean 0.5, s² = E[x²] − m² = 2.25 − 0.25 = 2, n = 10,
    /// se = √(2/9) = 0.4714, z = 1.95996: normal lower 0.5 − 0.9239 < 0; log scale 0.5·exp(∓z·se/m).
    func testLossIntervalStaysAboveZeroOnTheLogScale() throws {
        let ci = try XCTUnwrap(Intervals.nonNegativeMean(mean: 0.5, meanOfSquares: 2.25, effectiveSize: 10, confidence: 0.95))
        let z = 1.959963984540054
        let factor = exp(z * (2.0 / 9).squareRoot() / 0.5)
        XCTAssertEqual(ci.lower, 0.5 / factor, accuracy: 1e-9)
        XCTAssertEqual(ci.upper, 0.5 * factor, accuracy: 1e-9)
        XCTAssertGreaterThan(ci.lower, 0)
        // Where the normal interval stays above 0 it is kept.
        let normal = try XCTUnwrap(Intervals.normalMean(mean: 0.5, meanOfSquares: 0.26, effectiveSize: 100, confidence: 0.95))
        let kept = try XCTUnwrap(Intervals.nonNegativeMean(mean: 0.5, meanOfSquares: 0.26, effectiveSize: 100, confidence: 0.95))
        XCTAssertEqual(kept.lower, normal.lower)
        XCTAssertEqual(kept.upper, normal.upper)
        let zero = try XCTUnwrap(Intervals.nonNegativeMean(mean: 0, meanOfSquares: 0, effectiveSize: 10, confidence: 0.95))
        XCTAssertEqual(zero.lower, 0)
        XCTAssertEqual(zero.upper, 0)
    }
}
