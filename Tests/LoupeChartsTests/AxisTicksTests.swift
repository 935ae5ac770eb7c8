import LoupeMarkup
import XCTest

@testable import LoupeCharts

final class AxisTicksTests: XCTestCase {
    func testUnitIntervalGivesStepsOfTwoTenths() {
        let ticks = AxisTicks(low: 0, high: 1)
        XCTAssertEqual(ticks.values, [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(ticks.values.map { ticks.label($0, percent: false) }, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(ticks.values.map { ticks.label($0, percent: true) }, ["0%", "20%", "40%", "60%", "80%", "100%"])
    }

    func testRangeIsWidenedToNiceBounds() {
        let ticks = AxisTicks(low: 0, high: 37)
        XCTAssertEqual(ticks.values, [0, 10, 20, 30, 40])
        XCTAssertEqual(ticks.upper, 40)
    }

    func testFixedBoundsAreKept() {
        let ticks = AxisTicks(low: 0.3, high: 0.9, fixedLower: 0.25, fixedUpper: 0.95)
        XCTAssertEqual(ticks.lower, 0.25)
        XCTAssertEqual(ticks.upper, 0.95)
        XCTAssertEqual(ticks.values, [0.4, 0.6, 0.8])
    }

    func testDecimalTicksAreExactDecimals() {
        let ticks = AxisTicks(low: 0.51, high: 0.89)
        XCTAssertEqual(ticks.values, [0.5, 0.6, 0.7, 0.8, 0.9])
        let small = AxisTicks(low: 0.0012, high: 0.0049)
        XCTAssertEqual(small.step, .init(mantissa: 1, exponent: -3))
        XCTAssertEqual(small.values, [0.001, 0.002, 0.003, 0.004, 0.005])
        XCTAssertEqual(small.label(0.003, percent: false), "0.003")
        XCTAssertEqual(small.label(0.003, percent: true), "0.3%")
    }

    func testNegativeRangesAndLargeCountsAreLabelledCleanly() {
        let ticks = AxisTicks(low: -0.37, high: 0.12)
        XCTAssertEqual(ticks.values, [-0.4, -0.3, -0.2, -0.1, 0, 0.1, 0.2])
        XCTAssertEqual(ticks.label(0, percent: false), "0.0")
        let counts = AxisTicks(low: 0, high: 3120)
        XCTAssertEqual(counts.values, [0, 1000, 2000, 3000, 4000])
        XCTAssertEqual(counts.label(3000, percent: false), "3,000")
    }

    func testDegenerateAndNonFiniteRangesStillGiveTicks() {
        XCTAssertEqual(AxisTicks(low: 0, high: 0).values.first, -1)
        XCTAssertFalse(AxisTicks(low: 5, high: 5).values.isEmpty)
        XCTAssertEqual(AxisTicks(low: .nan, high: .infinity).values, [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertFalse(AxisTicks(low: 1e-300, high: 1e300).values.isEmpty)
    }

    func testNiceStepsAreOneTwoOrFive() {
        for raw in [0.0007, 0.013, 0.3, 1, 1.5, 7.4, 42, 99_999] {
            let step = AxisTicks.niceStep(for: raw)
            XCTAssertTrue([1, 2, 5].contains(step.mantissa))
            XCTAssertGreaterThanOrEqual(step.value, raw * (1 - 1e-9))
            XCTAssertLessThan(step.value, raw * 2.5 + 1e-12)
        }
    }
}

final class SVGWriterTests: XCTestCase {
    func testCoordinatesHaveTwoDecimalsAtMostNoNegativeZeroNoExponent() {
        XCTAssertEqual(SVGWriter.coordinate(12.5), "12.5")
        XCTAssertEqual(SVGWriter.coordinate(3), "3")
        XCTAssertEqual(SVGWriter.coordinate(-0.0), "0")
        XCTAssertEqual(SVGWriter.coordinate(-0.001), "0")
        XCTAssertEqual(SVGWriter.coordinate(-3.256), "-3.26")
        XCTAssertEqual(SVGWriter.coordinate(1e-20), "0")
        XCTAssertEqual(SVGWriter.coordinate(1e20), "10000000")
        XCTAssertEqual(SVGWriter.coordinate(0.1 + 0.2), "0.3")
        XCTAssertEqual(SVGWriter.coordinate(.nan), "0")
        XCTAssertEqual(SVGWriter.coordinate(0.05), "0.05")
        XCTAssertEqual(SVGWriter.coordinate(1.1), "1.1")
        XCTAssertEqual(SVGWriter.coordinate(-12.07), "-12.07")
        XCTAssertEqual(SVGWriter.coordinate(-1e20), "-10000000")
    }

    func testAttributesAndTextAreEscapedAndNonFiniteAttributesDropped() {
        var w = SVGWriter()
        w.start("g", ["class": "a\"b<c>&'d", "x": .number(.nan), "y": 2])
        w.element("text", text: "</svg><script>")
        let markup = w.finished
        XCTAssertEqual(markup, "<g class=\"a&quot;b&lt;c&gt;&amp;&#39;d\" y=\"2\"><text>&lt;/svg&gt;&lt;script&gt;</text></g>")
    }

    func testPathSkipsNonFinitePointsAndBreaksTheLine() {
        var p = SVGPath()
        p.line(0, 0)
        p.line(1, .nan)
        p.line(2, 2)
        p.line(3, 3)
        XCTAssertEqual(p.data, "M0 0M2 2L3 3")
    }

    func testIDSlugAndHash() {
        XCTAssertEqual(ChartID.slug("ROC curve — Candidate (AUC)"), "roc-curve-candidate-auc")
        XCTAssertEqual(ChartID.slug("<>"), "untitled")
        XCTAssertEqual(ChartID.hex(ChartID.fnv1a("")), "84222325")
    }
}

final class NumberFormatTests: XCTestCase {
    func testWeightsKeepTheirSignAndSeparators() {
        XCTAssertEqual(NumberFormat.weight(1234), "1,234")
        XCTAssertEqual(NumberFormat.weight(1234.5), "1,234.50")
        XCTAssertEqual(NumberFormat.weight(-0.5), "-0.50")
        XCTAssertEqual(NumberFormat.weight(-1234.25), "-1,234.25")
        XCTAssertEqual(NumberFormat.weight(-0.001), "0.00")
        XCTAssertEqual(NumberFormat.weight(.nan), "undefined")
    }
}

final class CategoricalAxisTests: XCTestCase {
    func testCategoriesAreTicksAtWholeNumbersLabelledWithText() {
        let ticks = AxisTicks(categories: ["run-1", "v2", "this run"])
        XCTAssertEqual(ticks.values, [0, 1, 2])
        XCTAssertEqual(ticks.lower, -0.5)
        XCTAssertEqual(ticks.upper, 2.5)
        XCTAssertEqual(ticks.values.map { ticks.label($0, percent: false) }, ["run-1", "v2", "this run"])
    }

    func testLineChartWithCategoricalXLabelsEscapesAndThinsThem() {
        let labels = ["<b>one</b>"] + (1..<40).map { "a long run label \($0)" }
        let chart = LineChart(
            title: "ROC AUC across runs", description: "d", xAxis: Axis("Run", categories: labels), yAxis: Axis("ROC AUC"),
            series: [
                Series(
                    name: "m", x: labels.indices.map(Double.init), y: labels.indices.map { $0 == 3 ? nil : 0.7 },
                    colorIndex: 0, markers: true)
            ],
            references: [ReferenceLine(.vertical(39), label: "this run")]
        ).render().markup
        XCTAssertTrue(chart.contains(">&lt;b&gt;one&lt;/b&gt;</text>"))
        XCTAssertFalse(chart.contains("<b>"))
        let drawn = labels.filter { chart.contains(">\($0)</text>") }.count
        XCTAssertGreaterThan(drawn, 1)
        XCTAssertLessThan(drawn, 39, "overlapping labels are left out")
        XCTAssertEqual(chart.components(separatedBy: "<circle").count - 1, 39, "a marker per defined point, none at the gap")
    }

    /// A value more steps from zero than an Int holds (a fuzzed residual histogram's extreme
    /// values) is numbered without trapping; ordinary values as before.
    func testStepIndexOfValuesFarBeyondIntInSteps() {
        let ticks = AxisTicks(low: 0, high: 1)
        _ = ticks.stepIndex(1e300)
        _ = ticks.stepIndex(-1e300)
        XCTAssertEqual(ticks.stepIndex(.infinity), 0)
        XCTAssertEqual(AxisTicks(low: 0, high: 10).stepIndex(4), 2)
    }
}
