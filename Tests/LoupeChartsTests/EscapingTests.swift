import LoupeMarkup
import XCTest

@testable import LoupeCharts

/// Hostile strings in every place a data string can reach a chart must come out escaped.
final class EscapingTests: XCTestCase {
    static let hostile = ["<script>alert(1)</script>", "\"quoted\" & 'single'", "</svg>"]

    private func assertEscaped(_ html: HTML, file: StaticString = #filePath, line: UInt = #line) {
        let markup = html.markup
        for raw in ["<script", "</script>", "\"quoted\"", "'single'", " & "] {
            XCTAssertFalse(markup.contains(raw), "raw \(raw) in output", file: file, line: line)
        }
        // The only `</svg>` is the real end of the chart.
        XCTAssertEqual(markup.components(separatedBy: "</svg>").count, 2, file: file, line: line)
        XCTAssertTrue(markup.hasSuffix("</svg>"), file: file, line: line)
        XCTAssertTrue(markup.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), file: file, line: line)
        XCTAssertTrue(markup.contains("&quot;quoted&quot; &amp; &#39;single&#39;"), file: file, line: line)
        XCTAssertTrue(markup.contains("&lt;/svg&gt;"), file: file, line: line)
    }

    private var text: String { Self.hostile.joined(separator: " ") }

    func testHeatMapEscapesTitleAxesLabelsAndTooltips() {
        let chart = HeatMapChart(
            title: text, description: text, rowTitle: text, columnTitle: text, labels: Self.hostile,
            cells: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        assertEscaped(chart.render())
    }

    func testBandedHeatMapEscapesTitleAxesLabelsLegendAndTooltips() {
        let chart = BandedHeatMapChart(
            title: text, description: text, rowTitle: text, columnTitle: text, rowLabels: Self.hostile,
            columnLabels: Self.hostile, cells: Self.hostile.map { _ in Self.hostile.map { .init(value: 0.3, tooltip: $0) } },
            bands: [.init(below: 0.1, label: text), .init(below: nil, label: text)], flagLabel: text, undefinedLabel: text,
            note: text)
        assertEscaped(chart.render())
    }

    /// Each value takes its band's shade, ▲ marks flagged cells only, a dash undefined ones, and
    /// the drawing grows with rows and columns only.
    func testBandedHeatMapShadesByBandAndMarksFlaggedAndUndefinedCells() {
        let chart = ChartSamples.bandedHeatMap
        XCTAssertEqual(chart.band(0.05), 0)
        XCTAssertEqual(chart.band(0.1), 1, "a bound belongs to the band above it")
        XCTAssertEqual(chart.band(0.3), 2)
        XCTAssertEqual(chart.band(7), 3)
        let markup = chart.render().markup
        XCTAssertEqual(markup.components(separatedBy: ">▲</text>").count - 1, 2 + 1, "two flagged cells and the legend")
        XCTAssertEqual(markup.components(separatedBy: "class=\"cell flagged\"").count - 1, 2)
        XCTAssertEqual(markup.components(separatedBy: "class=\"undefined\"").count - 1, 3, "the window without rows")
        for label in ["PSI &lt; 0.1", "PSI 0.1–0.25", "PSI 0.25–0.5", "PSI ≥ 0.5", "drifted", "no rows or undefined"] {
            XCTAssertTrue(markup.contains(">\(label)</text>"), label)
        }
        XCTAssertTrue(markup.contains("min-width:"), "a minimum drawn width keeps the text legible")
        XCTAssertTrue(markup.contains("<title>a very long column name indeed</title>"), "a cut label keeps its full text")
    }

    /// Past `compactAbove` labels a cell shows its row percentage alone, in a narrower cell.
    func testHeatMapWithManyClassesShowsPercentagesOnly() {
        let labels = (0..<30).map { "class \($0)" }
        let cells = (0..<30).map { r in (0..<30).map { c in r == c ? 90.0 : (c == (r + 1) % 30 ? 10 : 0) } }
        let markup = HeatMapChart(
            title: "Thirty classes", description: "d", rowTitle: "Actual", columnTitle: "Predicted", labels: labels,
            cells: cells
        ).render().markup
        XCTAssertTrue(markup.contains(">90</text>"), "the diagonal share in whole percent")
        XCTAssertFalse(markup.contains(">90.0%</text>"))
        XCTAssertTrue(markup.contains("Actual class 0, predicted class 1: 10 (10.0% of row)"), "the count in the tooltip")
        XCTAssertTrue(markup.contains("min-width:"), "a minimum drawn width keeps the text legible")
    }

    func testLineChartEscapesTitleDescriptionAxesSeriesAndReferences() {
        let chart = LineChart(
            title: text, description: text, xAxis: Axis(text, unit: text), yAxis: Axis(text),
            series: Self.hostile.enumerated().map { Series(name: $1, x: [0, 1], y: [0, 1], colorIndex: $0) },
            references: [ReferenceLine(.horizontal(0.5), label: text), ReferenceLine(.identity, label: text)])
        assertEscaped(chart.render())
    }

    func testIntervalChartEscapesCategoriesAndSeriesNames() {
        let rows = Self.hostile.flatMap { name in
            [
                IntervalRow(category: name, seriesIndex: 0, value: 0.5, lower: 0.4, upper: 0.6, flagged: true),
                IntervalRow(
                    category: name + " & a much longer tail to truncate", seriesIndex: 1, value: nil, lower: nil, upper: nil),
            ]
        }
        let chart = IntervalChart(
            title: text, description: text, axis: Axis(text), seriesNames: Self.hostile, seriesColors: [0, 1, 2], rows: rows,
            references: [0: 0.5, 2: 0.55])
        assertEscaped(chart.render())
    }

    func testHistogramReliabilityAndMatrixEscapeTheirStrings() {
        assertEscaped(
            HistogramChart(
                title: text, description: text, xAxis: Axis(text), yAxis: Axis(text), edges: [0, 1, 2],
                series: Self.hostile.map { (name: $0, counts: [1, 2], colorIndex: 0) }
            ).render())
        assertEscaped(
            ReliabilityChart(
                title: text, description: text,
                bins: [.init(lower: 0, upper: 1, count: 3, meanPrediction: 0.5, fractionPositive: 0.4)], colorIndex: 0
            ).render())
        assertEscaped(
            MatrixChart(
                title: text, description: text, rowTitle: text, columnTitle: text, rowLabels: Self.hostile,
                columnLabels: Self.hostile,
                cells: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
            ).render())
    }

    func testScatterChartEscapesAxesLayersNoteAndPointLabels() {
        let chart = ScatterChart(
            title: text, description: text, xAxis: Axis(text, unit: text), yAxis: Axis(text),
            density: DensityCells(xEdges: [0, 1, 2], yEdges: [0, 1], counts: [3, 40], unit: text),
            points: Self.hostile.enumerated().map {
                ScatterPoints(name: $1, x: [0.5, 1.5], y: [0.2, 0.8], labels: [$1, text], colorIndex: $0)
            },
            series: Self.hostile.enumerated().map { Series(name: $1, x: [0, 2], y: [0, 1], colorIndex: $0 + 3) },
            references: [ReferenceLine(.horizontal(0.5), label: text), ReferenceLine(.identity, label: text)], note: text)
        assertEscaped(chart.render())
    }

    func testStemChartAndHistogramCurveEscapeTheirStrings() {
        assertEscaped(
            StemChart(
                title: text, description: text, xAxis: Axis(text, unit: text), yAxis: Axis(text), lags: [1, 2],
                values: [0.5, 0.01], band: .constant(0.1), bandLabel: text
            ).render())
        assertEscaped(
            HistogramChart(
                title: text, description: text, xAxis: Axis(text), yAxis: Axis(text), edges: [0, 1, 2],
                series: [(name: text, counts: [1, 2], colorIndex: 0)],
                curve: Series(name: text, x: [0, 1, 2], y: [1, 2, 1], colorIndex: 5)
            ).render())
    }

    func testCategoryMeansSampleEscapesItsHostileCategories() {
        let markup = ChartSamples.categoryMeans.render().markup
        XCTAssertFalse(markup.contains("<script"))
        XCTAssertFalse(markup.contains("\"Sons\""))
        XCTAssertFalse(markup.contains("O'Brien"))
        XCTAssertTrue(markup.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(markup.contains("O&#39;Brien &amp; &quot;Sons&quot; deli"))
    }

    func testIdSuffixCannotInjectMarkup() {
        let chart = MatrixChart(
            title: "t", description: "d", rowTitle: "r", columnTitle: "c", rowLabels: ["a"], columnLabels: ["b"], cells: [[1]],
            idSuffix: "\"><script>")
        XCTAssertFalse(chart.render().markup.contains("<script>"))
        XCTAssertTrue(chart.render().markup.contains("id=\"chart-t-script-title\""))
    }
}
