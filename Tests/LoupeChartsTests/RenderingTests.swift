import XCTest

@testable import LoupeCharts

final class RenderingTests: XCTestCase {
    func testSameInputGivesByteIdenticalOutput() {
        for sample in ChartSamples.all {
            XCTAssertEqual(sample.chart.render(), sample.chart.render(), sample.name)
        }
        // Dictionary order must not leak into the output.
        let a = IntervalChart(
            title: "t", description: "d", axis: Axis("x"), seriesNames: ["a", "b", "c"], seriesColors: [0, 1, 2],
            rows: [IntervalRow(category: "k", seriesIndex: 0, value: 1, lower: 0, upper: 2)], references: [0: 1, 1: 2, 2: 3])
        var b = a
        b.references = [2: 3, 0: 1, 1: 2]
        XCTAssertEqual(a.render(), b.render())
    }

    func testEveryChartIsAnAccessibleScalableSVG() {
        for sample in ChartSamples.all {
            let markup = sample.chart.render().markup
            XCTAssertTrue(markup.hasPrefix("<svg "), sample.name)
            XCTAssertTrue(markup.contains(" role=\"img\""), sample.name)
            XCTAssertTrue(markup.contains(" width=\"100%\""), sample.name)
            XCTAssertTrue(markup.contains(" viewBox=\"0 0 "), sample.name)
            let id = try! XCTUnwrap(attribute("id", in: markup))
            XCTAssertTrue(markup.contains("aria-labelledby=\"\(id.dropLast(6))-title \(id.dropLast(6))-desc\""), sample.name)
            XCTAssertTrue(markup.contains("<desc id=\"\(id.dropLast(6))-desc\">"), sample.name)
        }
    }

    func testIdsAreStableDerivedFromTitleAndDistinctForDifferentCharts() {
        let first = attribute("id", in: ChartSamples.roc.render().markup)
        XCTAssertEqual(first, attribute("id", in: ChartSamples.roc.render().markup))
        XCTAssertTrue(first?.hasPrefix("chart-roc-curve-how-well-does-each-model-ran") ?? false, first ?? "nil")
        var other = ChartSamples.roc
        other.series.removeLast()
        XCTAssertNotEqual(first, attribute("id", in: other.render().markup))
        other.idSuffix = "benchmark"
        XCTAssertTrue(other.render().markup.contains("id=\"chart-roc-curve-how-well-does-each-model-rank-benchmark-title\""))
    }

    func testLegendOnlyWithMoreThanOneSeries() {
        XCTAssertTrue(ChartSamples.roc.render().markup.contains("class=\"legend\""))
        var single = ChartSamples.roc
        single.series = [single.series[0]]
        XCTAssertFalse(single.render().markup.contains("class=\"legend\""))
    }

    func testNilValuesLeaveGapsNotZeros() {
        let chart = LineChart(
            title: "gap", description: "", xAxis: Axis("x"), yAxis: Axis("y", min: 0, max: 1),
            series: [Series(name: "s", x: [0, 1, 2, 3, 4], y: [0.5, 0.6, nil, 0.7, 0.8], colorIndex: 0)])
        let d = try! XCTUnwrap(pathData(in: chart.render().markup).first)
        XCTAssertEqual(d.filter { $0 == "M" }.count, 2, d)  // two pieces
        XCTAssertEqual(d.filter { $0 == "L" }.count, 2, d)
    }

    func testUndefinedIntervalRowsReadUndefined() {
        let chart = IntervalChart(
            title: "t", description: "", axis: Axis("AUC"), seriesNames: ["m"], seriesColors: [0],
            rows: [
                IntervalRow(category: "tiny", seriesIndex: 0, value: nil, lower: nil, upper: nil),
                IntervalRow(category: "nan", seriesIndex: 0, value: .nan, lower: 0, upper: 1),
            ])
        let markup = chart.render().markup
        XCTAssertEqual(markup.components(separatedBy: ">undefined<").count, 3)
        XCTAssertFalse(markup.contains("<circle"))
    }

    func testFlaggedRowsUseASymbolAndSayWhy() {
        let markup = ChartSamples.slices.render().markup
        XCTAssertTrue(markup.contains("▲ NV"))
        XCTAssertTrue(markup.contains("significant"))
        XCTAssertTrue(markup.contains("overall candidate"))
    }

    func testLongCategoryWrapsToTwoLinesInsteadOfLosingItsEnd() {
        let markup = ChartSamples.slices.render().markup
        XCTAssertTrue(markup.contains("<title>A region with a much longer name than fits — significant: candidate</title>"))
        XCTAssertTrue(
            markup.contains(">▲ A region with a much longer</tspan><tspan x=\"262.82\" dy=\"15\">name than fits</tspan>"))
        XCTAssertFalse(markup.contains("…"))
    }

    func testCategoryTitleHeadsTheLabelsAndCrossedValuesKeepTheirSeparator() {
        var chart = IntervalChart(
            title: "ROC AUC by employment × loan_purpose", description: "", axis: Axis("ROC AUC"), seriesNames: ["m"],
            seriesColors: [0],
            rows: [
                IntervalRow(category: "Self-employed · Small business", seriesIndex: 0, value: 0.6, lower: 0.5, upper: 0.7),
                IntervalRow(
                    category: "Retired · Debt consolidation and refinancing", seriesIndex: 0, value: 0.7, lower: 0.6, upper: 0.8),
            ])
        chart.categoryTitle = "employment × loan_purpose"
        chart.width = 400
        let markup = chart.render().markup
        XCTAssertTrue(markup.contains("class=\"category-title\""))
        XCTAssertTrue(markup.contains(">employment × loan_purpose</tspan>"))
        // Wrapped at a space: the separator stays whole on one line.
        XCTAssertTrue(markup.contains("Retired ·"), markup)
        XCTAssertTrue(markup.contains("viewBox=\"0 0 400 "))
    }

    func testCrowdedLargeTicksAreAbbreviatedThenThinned() {
        let ticks = AxisTicks(low: 100_000, high: 1_400_000, target: 8)
        XCTAssertEqual(ticks.abbreviatedLabels(percent: false)?.first, "0.0M")
        XCTAssertEqual(ticks.abbreviatedLabels(percent: false)?.last, "1.4M")
        let thousands = AxisTicks(low: 100_000, high: 160_000, target: 6)
        XCTAssertEqual(thousands.abbreviatedLabels(percent: false), ["100k", "110k", "120k", "130k", "140k", "150k", "160k"])
        let scale = LinearScale(thousands, range: (50, 250))
        let labels = AxisDrawing.fittedLabels(
            Axis("Price"), ticks: thousands, scale: scale, plot: Rect(x: 50, y: 0, width: 200, height: 100))
        XCTAssertLessThan(labels.count, thousands.values.count, "200 units cannot hold seven labels")
        XCTAssertTrue(labels.values.allSatisfy { $0.hasSuffix("k") })
    }

    func testQuantilePlotAxesFitTheirOwnData() {
        var chart = ScatterChart(
            title: "Q–Q", description: "", xAxis: Axis("Normal quantile"), yAxis: Axis("Residual"),
            points: [ScatterPoints(name: "q", x: [-4, -1, 0, 1, 4], y: [-3, -1, 0, 1, 9.9], colorIndex: 0)],
            references: [ReferenceLine(.identity, label: "normal")])
        chart.sharedRange = false
        let markup = chart.render().markup
        let xAxis = markup.components(separatedBy: "class=\"axis axis-x\"")[1].components(separatedBy: "</g>")[0]
        XCTAssertFalse(xAxis.contains(">10<"), "the x axis spans the normal quantiles, not the residuals' ±10")
        XCTAssertTrue(xAxis.contains(">4<") || xAxis.contains(">5<") || xAxis.contains(">6<"))
    }

    func testMatrixShowsCountsWithSeparatorsAndRowShares() {
        let markup = ChartSamples.confusion.render().markup
        XCTAssertTrue(markup.contains(">12,834<"))
        XCTAssertTrue(markup.contains(">91.4% of row<"))
        let empty = MatrixChart(
            title: "m", description: "", rowTitle: "Actual", columnTitle: "Predicted", rowLabels: ["a", "b"],
            columnLabels: ["a", "b"], cells: [[0, 0], [1, .nan]])
        XCTAssertTrue(empty.render().markup.contains("undefined share"))
        XCTAssertTrue(empty.render().markup.contains(">undefined<"))
    }

    func testEmptyAndDegenerateInputsDoNotCrash() {
        let charts: [any Chart] = [
            LineChart(title: "e", description: "", xAxis: Axis("x"), yAxis: Axis("y"), series: []),
            LineChart(
                title: "e", description: "", xAxis: Axis("x"), yAxis: Axis("y"),
                series: [Series(name: "s", x: [], y: [], colorIndex: 0)]),
            LineChart(
                title: "e", description: "", xAxis: Axis("x"), yAxis: Axis("y"),
                series: [Series(name: "s", x: [1, 2, 3], y: [nil], lower: [], upper: [nil, nil, nil, nil], colorIndex: -3)]),
            LineChart(
                title: "", description: "", xAxis: Axis("x", min: 1, max: 1), yAxis: Axis("y", min: 2, max: -2),
                series: [Series(name: "s", x: [1], y: [1], colorIndex: 99)]),
            IntervalChart(title: "e", description: "", axis: Axis("a"), seriesNames: [], seriesColors: [], rows: []),
            IntervalChart(
                title: "e", description: "", axis: Axis("a"), seriesNames: [], seriesColors: [],
                rows: [IntervalRow(category: "", seriesIndex: 5, value: 1, lower: nil, upper: nil)]),
            HistogramChart(title: "e", description: "", xAxis: Axis("x"), yAxis: Axis("y"), edges: [], series: []),
            HistogramChart(
                title: "e", description: "", xAxis: Axis("x"), yAxis: Axis("y"), edges: [0, 1, 2],
                series: [(name: "s", counts: [], colorIndex: 0), (name: "t", counts: [1, 2, 3, 4], colorIndex: 1)]),
            ReliabilityChart(title: "e", description: "", bins: [], colorIndex: 0),
            MatrixChart(title: "e", description: "", rowTitle: "r", columnTitle: "c", rowLabels: [], columnLabels: [], cells: []),
            MatrixChart(
                title: "e", description: "", rowTitle: "r", columnTitle: "c", rowLabels: ["a"], columnLabels: [],
                cells: [[1, 2], []]),
        ]
        for chart in charts {
            let markup = chart.render().markup
            XCTAssertTrue(markup.hasPrefix("<svg ") && markup.hasSuffix("</svg>"))
        }
    }

    func testNonFiniteInputsAreSkippedNeverEmitted() {
        let bad: [Double] = [.nan, .infinity, -.infinity]
        let charts: [any Chart] = [
            LineChart(
                title: "n", description: "", xAxis: Axis("x"), yAxis: Axis("y"),
                series: [
                    Series(
                        name: "s", x: [0, .nan, 2, 3, .infinity], y: [0, 1, .nan, -.infinity, 4], lower: [.nan, 0, 0, 0, 0],
                        upper: [1, .infinity, 1, 1, 1], colorIndex: 0)
                ],
                references: bad.map { ReferenceLine(.horizontal($0), label: "h") }
                    + bad.map { ReferenceLine(.vertical($0), label: "v") } + [ReferenceLine(.identity, label: "i")]),
            LineChart(
                title: "n", description: "", xAxis: Axis("x", min: .nan, max: .infinity), yAxis: Axis("y"),
                series: [Series(name: "s", x: bad, y: bad, colorIndex: 0)]),
            IntervalChart(
                title: "n", description: "", axis: Axis("a"), seriesNames: ["s"], seriesColors: [0],
                rows: bad.map { IntervalRow(category: "c", seriesIndex: 0, value: 0.5, lower: $0, upper: $0) } + [
                    IntervalRow(category: "d", seriesIndex: 0, value: .infinity, lower: 0, upper: 1)
                ],
                references: [0: .nan]),
            HistogramChart(
                title: "n", description: "", xAxis: Axis("x"), yAxis: Axis("y"), edges: [0, .nan, 2, 3, .infinity],
                series: [(name: "s", counts: [1, 2, .nan, .infinity], colorIndex: 0)]),
            ReliabilityChart(
                title: "n", description: "",
                bins: [
                    .init(lower: .nan, upper: 1, count: 3, meanPrediction: .nan, fractionPositive: 0.5),
                    .init(lower: 0, upper: 0.5, count: 2, meanPrediction: 0.2, fractionPositive: .infinity),
                ], colorIndex: 0),
            MatrixChart(
                title: "n", description: "", rowTitle: "r", columnTitle: "c", rowLabels: ["a"], columnLabels: ["a", "b"],
                cells: [[.nan, .infinity]]),
        ]
        XCTAssertNotNil("<line x=\"-0\"/>".firstMatch(of: negativeZero), "the check itself works")
        XCTAssertNotNil("d=\"M1 2L-0.00 3\"".firstMatch(of: negativeZero), "the check itself works")
        XCTAssertNotNil("x=\"1e-05\"".firstMatch(of: exponent), "the check itself works")
        for chart in charts {
            // Ids end in a hex hash, which may look like `5e3`; leave them out of the number checks.
            let markup = chart.render().markup.replacing(try! Regex("chart-[a-z0-9-]+"), with: "ID")
            XCTAssertFalse(markup.lowercased().contains("nan"), markup)
            XCTAssertFalse(markup.lowercased().contains("inf"), markup)
            XCTAssertNil(markup.firstMatch(of: exponent).map { markup[$0.range] })
            XCTAssertNil(markup.firstMatch(of: negativeZero).map { markup[$0.range] })
        }
    }

    /// A number written with an exponent: `1e-05`, `2E+20`.
    private let exponent = try! Regex("[0-9][eE][-+]?[0-9]")
    /// `-0`, `-0.0`, `-0.00` as a whole number (not `-0.5`).
    private let negativeZero = try! Regex("(^|[\\s\"'>(,MLZ])-0(\\.0+)?([^0-9.]|$)")

    // MARK: - Helpers

    private func attribute(_ name: String, in markup: String) -> String? {
        guard let start = markup.range(of: " \(name)=\"") else { return nil }
        let rest = markup[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private func pathData(in markup: String) -> [String] {
        markup.components(separatedBy: " d=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }
}

final class LayoutTests: XCTestCase {
    private func viewBoxHeight(_ markup: String) -> Double? {
        guard let r = markup.range(of: "viewBox=\"0 0 ") else { return nil }
        let numbers = markup[r.upperBound...].prefix(while: { $0 != "\"" }).split(separator: " ")
        return numbers.count == 2 ? Double(numbers[1]) : nil
    }

    func testIntervalChartGrowsWithTheNumberOfCategories() {
        func chart(_ n: Int) -> IntervalChart {
            IntervalChart(
                title: "t", description: "", axis: Axis("AUC"), seriesNames: ["m"], seriesColors: [0],
                rows: (0..<n).map { IntervalRow(category: "c\($0)", seriesIndex: 0, value: 0.5, lower: 0.4, upper: 0.6) })
        }
        let three = viewBoxHeight(chart(3).render().markup) ?? 0
        let thirty = viewBoxHeight(chart(30).render().markup) ?? 0
        XCTAssertGreaterThan(thirty, three + 27 * 20)
    }

    func testDashedSeriesAndBlackPaletteEntry() {
        let chart = LineChart(
            title: "t", description: "", xAxis: Axis("x"), yAxis: Axis("y"),
            series: [
                Series(name: "a", x: [0, 1], y: [0, 1], colorIndex: 7, dashed: true),
                Series(name: "b", x: [0, 1], y: [1, 0], colorIndex: 0),
            ])
        let markup = chart.render().markup
        XCTAssertTrue(markup.contains("stroke=\"currentColor\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-dasharray"))
        XCTAssertFalse(markup.contains("#000000"), "black would vanish in dark mode")
        XCTAssertTrue(markup.contains("class=\"series series-7\""))
    }

    func testIdentityIsClippedToTheSharedRangeOfBothAxes() {
        let chart = LineChart(
            title: "t", description: "", xAxis: Axis("x", min: 0, max: 2), yAxis: Axis("y", min: 0, max: 1),
            series: [Series(name: "a", x: [0, 2], y: [0, 1], colorIndex: 0)],
            references: [ReferenceLine(.identity, label: "y = x")])
        let markup = chart.render().markup
        let ref = markup.components(separatedBy: "<g class=\"ref\">")[1]
        XCTAssertTrue(ref.contains(">y = x<"))
        // The diagonal ends at x = 1 (the x tick labelled 1.0) and y = 1 (the top y tick).
        let xTick = try! XCTUnwrap(
            markup.firstMatch(
                of: try! Regex("<text class=\"tick\" x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"middle\"[^>]*>1.0<")))
        let yTick = try! XCTUnwrap(
            markup.firstMatch(of: try! Regex("<text class=\"tick\" x=\"[0-9.]+\" y=\"([0-9.]+)\" text-anchor=\"end\"[^>]*>1.0<")))
        let x2 = String(xTick.output[1].substring ?? "")
        let y2 = (Double(yTick.output[1].substring ?? "") ?? 0) - 4  // labels sit 4 below the tick
        XCTAssertTrue(ref.contains("x2=\"\(x2)\" y2=\"\(SVGWriter.coordinate(y2))\""), ref)
    }
}
