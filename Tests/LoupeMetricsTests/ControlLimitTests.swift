import LoupeMetrics
import XCTest

/// Control limits by hand: σ is the larger of the reference windows' spread and their median
/// standard error (from 95% intervals: half-width / 1.959964), and a window is an alarm only when
/// its value is outside center ± 3σ and its interval (if any) excludes the center.
final class ControlLimitTests: XCTestCase {
    let z = 1.959963984540054

    private func window(_ value: Double, standardError se: Double?) -> ControlLimits.Value {
        ControlLimits.Value(value: value, lower: se.map { value - z * $0 }, upper: se.map { value + z * $0 })
    }

    func testSpreadWiderThanTheStandardErrorSetsSigma() throws {
        // Mean 0.8; population variance (0 + 0.01 + 0.01 + 0) / 4 = 0.005.
        let reference = [0.80, 0.70, 0.90, 0.80].map { window($0, standardError: 0.01) }
        let limits = try XCTUnwrap(ControlLimits.limits(reference, confidence: 0.95))
        XCTAssertEqual(limits.center, 0.8, accuracy: 1e-12)
        XCTAssertEqual(limits.spread, 0.005.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(limits.standardError), 0.01, accuracy: 1e-12)
        XCTAssertEqual(limits.sigma, limits.spread)
        XCTAssertEqual(limits.lower, 0.8 - 3 * 0.005.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(limits.windows, 4)
    }

    func testFourCloseReferenceWindowsDoNotMakeLimitsNarrowerThanTheirNoise() throws {
        // Four windows that agree within 0.001 though each has a standard error of 0.02: the old
        // limits (σ = spread ≈ 0.0007) flagged a window at 0.75 as far below; σ is now 0.02.
        let reference = [0.800, 0.801, 0.799, 0.800].map { window($0, standardError: 0.02) }
        let limits = try XCTUnwrap(ControlLimits.limits(reference, confidence: 0.95))
        XCTAssertEqual(limits.spread, (0.000_002 / 4).squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(limits.sigma, 0.02, accuracy: 1e-12)
        XCTAssertEqual(limits.lower, 0.74, accuracy: 1e-9)
        XCTAssertEqual(limits.upper, 0.86, accuracy: 1e-9)
        XCTAssertNil(ControlLimits.alarm(window(0.75, standardError: 0.02), limits: limits))
        // 0.70 with the same standard error: outside, interval [0.661, 0.739] excludes 0.8.
        XCTAssertEqual(ControlLimits.alarm(window(0.70, standardError: 0.02), limits: limits), .below)
        XCTAssertEqual(ControlLimits.alarm(window(0.90, standardError: 0.02), limits: limits), .above)
    }

    func testASmallWindowWhoseIntervalHoldsTheCenterIsNotAnAlarm() throws {
        let reference = [0.800, 0.801, 0.799, 0.800].map { window($0, standardError: 0.02) }
        let limits = try XCTUnwrap(ControlLimits.limits(reference, confidence: 0.95))
        // A partial week: 0.70 is below 0.74, but its interval [0.60, 0.81] holds the center 0.8.
        XCTAssertNil(ControlLimits.alarm(ControlLimits.Value(value: 0.70, lower: 0.60, upper: 0.81), limits: limits))
        // Without an interval (a row count) the value alone decides.
        XCTAssertEqual(ControlLimits.alarm(ControlLimits.Value(value: 0.70), limits: limits), .below)
        XCTAssertNil(ControlLimits.alarm(ControlLimits.Value(value: .nan), limits: limits))
    }

    func testTheStandardErrorIsTheMedianOverWindowsWithAnInterval() throws {
        // Standard errors 0.01 and 0.03 (the window without an interval is left out): median 0.02.
        let reference = [window(0.5, standardError: 0.01), window(0.5, standardError: 0.03), window(0.5, standardError: nil)]
        let limits = try XCTUnwrap(ControlLimits.limits(reference, confidence: 0.95))
        XCTAssertEqual(try XCTUnwrap(limits.standardError), 0.02, accuracy: 1e-12)
        XCTAssertEqual(limits.spread, 0)
        XCTAssertEqual(limits.sigma, 0.02, accuracy: 1e-12)
        // At 90% the same intervals mean larger standard errors (z = 1.644854).
        let wider = try XCTUnwrap(ControlLimits.limits(reference, confidence: 0.90))
        XCTAssertEqual(try XCTUnwrap(wider.standardError), 0.02 * z / 1.6448536269514722, accuracy: 1e-9)
    }

    func testNoFiniteReferenceValueHasNoLimits() {
        XCTAssertNil(
            ControlLimits.limits([ControlLimits.Value(value: nil), ControlLimits.Value(value: .infinity)], confidence: 0.95))
        let limits = ControlLimits.limits([ControlLimits.Value(value: 3), ControlLimits.Value(value: .nan)], confidence: 0.95)
        XCTAssertEqual(limits?.windows, 1)
        XCTAssertNil(limits?.standardError)
    }
}
