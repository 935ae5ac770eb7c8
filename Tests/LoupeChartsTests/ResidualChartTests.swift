import Foundation
import XCTest

@testable import LoupeCharts

/// The charts of a regression model's residual page: scatter/density, stems, histogram curve.
final class ResidualChartTests: XCTestCase {
    private let axes = (x: Axis("Predicted", unit: "min"), y: Axis("Residual", unit: "min"))

    private func scatter(
        density: DensityCells? = nil, points: [ScatterPoints] = [], series: [Series] = [], references: [ReferenceLine] = [],
        note: String? = nil
    ) -> ScatterChart {
        ScatterChart(
            title: "t", description: "d", xAxis: axes.x, yAxis: axes.y, density: density, points: points, series: series,
            references: references, note: note)
    }

    /// The `d` attributes of the paths inside the density group.
    private func densityPaths(_ markup: String) -> [String] {
        guard let start = markup.range(of: "<g class=\"density ") else { return [] }
        let rest = markup[start.upperBound...]
        let group = rest.range(of: "</g>").map { rest[..<$0.lowerBound] } ?? rest
        return group.components(separatedBy: " d=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    func testDensityCellsWithZeroCountsAreNotDrawn() {
        let density = DensityCells(xEdges: [0, 1, 2], yEdges: [0, 1, 2], counts: [0, 5, 0, 50])
        let markup = scatter(density: density).render().markup
        let paths = densityPaths(markup)
        XCTAssertEqual(paths.joined().filter { $0 == "M" }.count, 2, paths.joined(separator: " | "))
        XCTAssertTrue(markup.contains("<title>50 rows per cell (1 cell)</title>"))
        XCTAssertTrue(markup.contains("<title>5 rows per cell (1 cell)</title>"))
        XCTAssertTrue(markup.contains(">5–50 rows per cell<"), "the key gives the count range")
        // Only zeros: nothing to draw at all.
        let zeros = scatter(density: DensityCells(xEdges: [0, 1, 2], yEdges: [0, 1], counts: [0, 0])).render().markup
        XCTAssertTrue(zeros.contains(">No data to show<"))
        XCTAssertTrue(densityPaths(zeros).isEmpty)
    }

    func testDensityCountsAreRowMajorFromTheBottomLeft() {
        // Row 0 is the bottom row: its only non-zero cell is the right one, x 1…2 and y 0…1.
        let density = DensityCells(xEdges: [0, 1, 2], yEdges: [0, 1, 2], counts: [0, 7, 0, 0])
        let markup = scatter(density: density).render().markup
        let d = try! XCTUnwrap(densityPaths(markup).first)
        let numbers = d.split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
        let xs = stride(from: 0, to: numbers.count, by: 2).map { numbers[$0] }
        let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
        func tick(_ label: String, anchor: String, coordinate: Int) -> Double? {
            let pattern = try! Regex(
                "<text class=\"tick\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" text-anchor=\"\(anchor)\"[^>]*>\(label)<")
            return markup.firstMatch(of: pattern).flatMap { Double($0.output[coordinate].substring ?? "") }
        }
        XCTAssertEqual(xs.min(), tick("1.0", anchor: "middle", coordinate: 1))
        XCTAssertEqual(xs.max(), tick("2.0", anchor: "middle", coordinate: 1))
        XCTAssertEqual(ys.max(), tick("0.0", anchor: "end", coordinate: 2).map { $0 - 4 }, "bottom edge at y = 0")
        XCTAssertEqual(ys.min(), tick("1.0", anchor: "end", coordinate: 2).map { $0 - 4 }, "top edge at y = 1")
    }

    func testIntensityIsLogScaledAndMonotone() {
        let scale = DensityScale(counts: [0, 1, 10_000, .nan])
        XCTAssertEqual(scale.level(1), 0)
        XCTAssertEqual(scale.level(10_000), DensityScale.levels - 1)
        XCTAssertEqual(scale.level(100), DensityScale.levels / 2, "halfway in log terms")
        XCTAssertNil(scale.level(0))
        XCTAssertNil(scale.level(-3))
        XCTAssertNil(scale.level(.nan))
        XCTAssertNil(scale.level(.infinity))
        var previous = 0
        for count in stride(from: 1.0, through: 10_000, by: 7) {
            let level = try! XCTUnwrap(scale.level(count))
            XCTAssertGreaterThanOrEqual(level, previous, "count \(count)")
            previous = level
        }
        let opacities = (0..<DensityScale.levels).map(DensityScale.opacity)
        XCTAssertEqual(opacities, opacities.sorted())
        XCTAssertEqual(Set(opacities).count, opacities.count)
        XCTAssertLessThanOrEqual(opacities.last!, 1)
        XCTAssertEqual(DensityScale(counts: [4, 4]).level(4), DensityScale.levels - 1, "one count: strongest")
        XCTAssertNil(DensityScale(counts: [0, .nan]).range)
    }

    func testNaturalLogMatchesTheLibraryLog() {
        for x in [1e-300, 1e-9, 0.1, 0.5, 1, 1.5, 2, 2.718281828459045, 10, 12_345, 1e300] {
            XCTAssertEqual(DensityScale.naturalLog(x), Foundation.log(x), accuracy: 1e-12 * Swift.max(1, abs(Foundation.log(x))))
        }
        XCTAssertTrue(DensityScale.naturalLog(0).isNaN)
        XCTAssertTrue(DensityScale.naturalLog(-1).isNaN)
    }

    func testEmptyInputsShowANoDataNote() {
        let charts: [any Chart] = [
            scatter(),
            scatter(
                points: [ScatterPoints(name: "p", x: [], y: [], colorIndex: 0)], references: [ReferenceLine(.identity, label: "")]
            ),
            scatter(density: DensityCells(xEdges: [], yEdges: [], counts: [])),
            scatter(density: DensityCells(xEdges: [0, 1], yEdges: [0, 1], counts: [])),
            scatter(series: [Series(name: "s", x: [1, 2], y: [nil, nil], colorIndex: 0)]),
            StemChart(title: "s", description: "", lags: [], values: [], band: .constant(0.1)),
            StemChart(title: "s", description: "", lags: [1, 2], values: [nil, .nan], band: .perLag([])),
        ]
        for chart in charts {
            let markup = chart.render().markup
            XCTAssertTrue(markup.hasPrefix("<svg ") && markup.hasSuffix("</svg>"))
            XCTAssertTrue(markup.contains(">No data to show<"), markup)
        }
    }

    func testNonFiniteValuesAreSkipped() {
        let bad: [Double] = [.nan, .infinity, -.infinity]
        let charts: [any Chart] = [
            scatter(
                density: DensityCells(
                    xEdges: [0, .nan, 2, 3], yEdges: [0, 1, .infinity], counts: [1, 2, 5, .nan, .infinity, 6]),
                points: [ScatterPoints(name: "p", x: [0, .nan, 1, 2], y: [.infinity, 1, 1, -.infinity], colorIndex: 0)],
                series: [
                    Series(name: "s", x: [0, 1, .nan], y: [.nan, 1, 2], lower: [0, .nan, 0], upper: [1, 1, 1], colorIndex: 7)
                ],
                references: bad.map { ReferenceLine(.horizontal($0), label: "h") } + [ReferenceLine(.identity, label: "i")]),
            StemChart(
                title: "s", description: "", lags: [1, 2, 3, 4], values: [.nan, 0.5, .infinity, -0.2],
                band: .perLag([0.1, .nan, 0.1, .infinity])),
            StemChart(title: "s", description: "", lags: [1, 2], values: [0.3, 0.1], band: .constant(.nan)),
            HistogramChart(
                title: "h", description: "", xAxis: Axis("x"), yAxis: Axis("y"), edges: [0, 1, 2],
                series: [(name: "s", counts: [1, 2], colorIndex: 0)],
                curve: Series(name: "c", x: [0, .nan, 1, 2], y: [1, 2, .infinity, 3], colorIndex: 5)),
        ]
        for chart in charts {
            // Ids end in a hex hash and colours are hex, either may look like `5e3`.
            let markup = chart.render().markup.replacing(try! Regex("chart-[a-z0-9-]+"), with: "ID")
                .replacing(try! Regex("#[0-9A-Fa-f]{6}"), with: "COLOR")
            XCTAssertFalse(markup.lowercased().contains("nan"), markup)
            XCTAssertFalse(markup.lowercased().contains("inf"), markup)
            XCTAssertNil(markup.firstMatch(of: try! Regex("[0-9][eE][-+]?[0-9]")))
        }
        let scatterMarkup = charts[0].render().markup
        let pointGroup = try! XCTUnwrap(scatterMarkup.components(separatedBy: "<g class=\"points ").last)
        XCTAssertEqual(pointGroup.components(separatedBy: "<circle").count - 1, 1, "only (1, 1) is a finite point")
        // The one valid cell (x 2…3, y 0…1, count 5): row 0, column 2.
        XCTAssertTrue(scatterMarkup.contains("<title>5 rows per cell (1 cell)</title>"), scatterMarkup)
    }

    func testStemsOutsideTheBandAreFlaggedAndNamed() {
        let constant = StemChart(
            title: "acf", description: "Autocorrelation.", lags: [1, 2, 3, 4], values: [0.5, 0.05, -0.3, nil],
            band: .constant(0.2))
        XCTAssertEqual(constant.lagsOutsideBand, [1, 3])
        let markup = constant.render().markup
        XCTAssertEqual(markup.components(separatedBy: "class=\"stem series series-5 flagged\"").count - 1, 2)
        XCTAssertEqual(markup.components(separatedBy: "class=\"stem series series-0\"").count - 1, 1)
        XCTAssertTrue(markup.contains(">Autocorrelation. Outside the band: lags 1 and 3.</desc>"), markup)
        XCTAssertTrue(markup.contains("<title>lag 3: -0.300 (band ±0.200), outside the band</title>"))
        XCTAssertTrue(markup.contains(">outside the band<"), "legend entry")

        // Per-lag half-widths: the same value can be inside at one lag and outside at another.
        let perLag = StemChart(
            title: "acf", description: "", lags: [1, 2, 3], values: [0.15, 0.15, 0.15], band: .perLag([0.1, 0.2])
        )
        XCTAssertEqual(perLag.lagsOutsideBand, [1], "lag 3 has no band, so it is not flagged")
        XCTAssertTrue(perLag.render().markup.contains(">Outside the band: lag 1.</desc>"))
        let quiet = StemChart(title: "acf", description: "", lags: [1], values: [0.05], band: .constant(0.1))
        XCTAssertTrue(quiet.render().markup.contains(">No lag is outside the band.</desc>"))
        XCTAssertFalse(quiet.render().markup.contains(">outside the band<"))
    }

    func testLagTicksAreWholeNumbers() {
        let markup = StemChart(title: "acf", description: "", lags: [1, 2, 3], values: [0.1, 0.2, 0.1], band: .constant(0.1))
            .render().markup
        let labels = markup.matches(of: try! Regex("text-anchor=\"middle\" font-size=\"12\">([^<]*)<")).map {
            String($0.output[1].substring ?? "")
        }
        XCTAssertEqual(labels, ["0", "1", "2", "3", "4"])
    }

    func testPointsAreCappedAndTheRestCountedInTheNote() {
        let n = ScatterChart.maxPoints + 120
        let chart = scatter(
            points: [ScatterPoints(name: "p", x: (0..<n).map(Double.init), y: (0..<n).map(Double.init), colorIndex: 0)],
            note: "R² = 0.83")
        let markup = chart.render().markup
        XCTAssertEqual(markup.components(separatedBy: "<circle").count - 1, ScatterChart.maxPoints)
        XCTAssertTrue(markup.contains(">R² = 0.83 · 120 more points not drawn<"))
    }

    func testIdentityMakesASquarePlotWithOneRangeForBothAxes() {
        let chart = scatter(
            points: [ScatterPoints(name: "p", x: [0, 10], y: [2, 50], labels: ["row 7", "row 9"], colorIndex: 0)],
            references: [ReferenceLine(.identity, label: "y = x")])
        let markup = chart.render().markup
        XCTAssertTrue(markup.contains("class=\"chart chart-scatter square\""))
        XCTAssertTrue(markup.contains(">50<") && markup.contains("<title>row 9: 10.000, 50.000</title>"))
        let xLabels = markup.matches(of: try! Regex("text-anchor=\"middle\" font-size=\"12\">([^<]*)<")).map {
            String($0.output[1].substring ?? "")
        }
        XCTAssertEqual(xLabels.last, "50", "x axis reaches the y data's range")
    }

    func testLegendNamesEveryLayerAndTheDensityKey() {
        let markup = ChartSamples.residualsVsPredicted.render().markup
        XCTAssertTrue(markup.contains(">1–202 rows per cell<"), "density key with its range")
        XCTAssertTrue(markup.contains(">mean residual<"))
        XCTAssertTrue(markup.contains(">10% and 90% quantiles<"))
        XCTAssertTrue(markup.contains(">zero<"))
        XCTAssertTrue(markup.contains(">312 rows outside the plotted range<"))
        // One layer only (the Q–Q points): no legend, the title says what they are.
        XCTAssertFalse(ChartSamples.residualQQ.render().markup.contains("class=\"legend\""))
    }

    func testHistogramCurveGetsALegendEntryAndRaisesTheAxisIfNeeded() {
        let markup = ChartSamples.residualHistogram.render().markup
        XCTAssertTrue(markup.contains("class=\"legend\""))
        XCTAssertTrue(markup.contains(">normal (mean −0.4, sd 4.9)<"))
        XCTAssertTrue(markup.contains(">residuals<"), "a single bar series is named when a curve is drawn")
        let tall = HistogramChart(
            title: "h", description: "", xAxis: Axis("x"), yAxis: Axis("y"), edges: [0, 1, 2],
            series: [(name: "s", counts: [1, 2], colorIndex: 0)],
            curve: Series(name: "c", x: [0, 1, 2], y: [1, 9, 1], colorIndex: 5))
        XCTAssertTrue(tall.render().markup.contains(">8<"), "y ticks reach the curve's peak")
    }

    func testIntervalChartReferenceCanBeNamedZero() {
        let markup = ChartSamples.categoryMeans.render().markup
        XCTAssertTrue(markup.contains("class=\"ref-label\""))
        XCTAssertTrue(markup.contains(">zero<"))
        XCTAssertFalse(markup.contains(">overall<"))
        XCTAssertTrue(ChartSamples.slices.render().markup.contains(">overall candidate<"), "default unchanged")
    }
}
