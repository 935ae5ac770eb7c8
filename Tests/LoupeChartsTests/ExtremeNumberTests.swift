import XCTest

@testable import LoupeCharts
@testable import LoupeMarkup

/// Finite values at the ends of a double's range are drawn and printed, never trapped on.
final class ExtremeNumberTests: XCTestCase {
    func testAWeightFrom9e15OnIsWrittenWithoutIndexingPastItsDigits() {
        XCTAssertEqual(NumberFormat.weight(1e16), "1e+16")
        XCTAssertEqual(NumberFormat.weight(4e22), "4e+22")
        XCTAssertEqual(NumberFormat.weight(-1e300), "-1e+300")
        XCTAssertEqual(NumberFormat.weight(1234.5), "1,234.50")
        XCTAssertEqual(NumberFormat.weight(8_999_999_999_999_998), "8,999,999,999,999,998")
    }

    func testConversionToIntRefusesWhatWouldTrap() {
        XCTAssertNil(Int(safely: .nan))
        XCTAssertNil(Int(safely: .infinity))
        XCTAssertNil(Int(safely: 1e20))
        XCTAssertEqual(Int(safely: -3.7), -3)
    }

    func testTicksForTheLargestDoubleAndAnOverflowingSpan() {
        for (low, high) in [
            (0.5, 1.7976931348623157e308), (-1.7976931348623157e308, 1.7976931348623157e308), (1e20, 1e20),
            (1e300, 1e300 * (1 + 1e-15)), (-.infinity, .infinity), (.nan, 1),
        ] {
            let ticks = AxisTicks(low: low, high: high)
            XCTAssertTrue(ticks.lower.isFinite && ticks.upper.isFinite, "\(low)…\(high)")
            XCTAssertFalse(ticks.values.isEmpty, "\(low)…\(high)")
            XCTAssertLessThanOrEqual(ticks.values.count, 102)
            for value in ticks.values { _ = ticks.label(value, percent: false) }
        }
    }

    func testACategoricalLabelAtAHugePositionIsEmpty() {
        let ticks = AxisTicks(categories: ["a", "b"])
        XCTAssertEqual(ticks.label(1e20, percent: false), "")
        XCTAssertEqual(ticks.label(.nan, percent: false), "")
        XCTAssertEqual(ticks.label(1, percent: false), "b")
    }
}
