import Foundation
import LoupeMarkup
import XCTest

@testable import LoupeCharts

/// Golden-file tests: each chart's SVG is compared with `Snapshots/<test>.svg` next to this
/// file. Run with `LOUPE_RECORD_SNAPSHOTS=1` to re-record after an intended change, then review
/// the diff. With `LOUPE_CHART_GALLERY=/tmp/charts.html` the samples are also written into one
/// page for looking at them in a browser.
final class SnapshotTests: XCTestCase {
    func testROCCurveSnapshot() { assertSnapshot(ChartSamples.roc.render(), named: "roc") }
    func testThresholdSweepSnapshot() { assertSnapshot(ChartSamples.sweep.render(), named: "sweep") }
    func testIntervalChartSnapshot() { assertSnapshot(ChartSamples.slices.render(), named: "slices") }
    func testHistogramSnapshot() { assertSnapshot(ChartSamples.histogram.render(), named: "histogram") }
    func testReliabilitySnapshot() { assertSnapshot(ChartSamples.reliability.render(), named: "reliability") }
    func testConfusionMatrixSnapshot() { assertSnapshot(ChartSamples.confusion.render(), named: "confusion") }
    func testHeatMapSnapshot() { assertSnapshot(ChartSamples.heatMap.render(), named: "heatmap") }
    func testBandedHeatMapSnapshot() { assertSnapshot(ChartSamples.bandedHeatMap.render(), named: "banded_heatmap") }
    func testResidualsVsPredictedSnapshot() {
        assertSnapshot(ChartSamples.residualsVsPredicted.render(), named: "residuals_vs_predicted")
    }
    func testPredictedVsActualSnapshot() { assertSnapshot(ChartSamples.predictedVsActual.render(), named: "predicted_vs_actual") }
    func testResidualQQSnapshot() { assertSnapshot(ChartSamples.residualQQ.render(), named: "residual_qq") }
    func testResidualsVsFeatureSnapshot() {
        assertSnapshot(ChartSamples.residualsVsFeature.render(), named: "residuals_vs_feature")
    }
    func testResidualHistogramWithCurveSnapshot() {
        assertSnapshot(ChartSamples.residualHistogram.render(), named: "residual_histogram")
    }
    func testResidualAutocorrelationSnapshot() {
        assertSnapshot(ChartSamples.residualAutocorrelation.render(), named: "residual_acf")
    }
    func testCategoryMeansSnapshot() { assertSnapshot(ChartSamples.categoryMeans.render(), named: "category_means") }
    func testResidualSpreadSnapshot() { assertSnapshot(ChartSamples.residualSpread.render(), named: "residual_spread") }

    func testWritesGalleryWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["LOUPE_CHART_GALLERY"] else { return }
        var page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Loupe charts</title><style>"
        page += "body{font-family:system-ui,sans-serif;max-width:1000px;margin:1rem auto;padding:0 1rem}"
        page += "@media (prefers-color-scheme: dark){body{background:#121212;color:#e8e8e8}}"
        page += ChartStyle.css + "</style></head><body>"
        for sample in ChartSamples.all { page += "<div class=\"chart-frame\">" + sample.chart.render().markup + "</div>\n" }
        page += "</body></html>"
        try page.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func assertSnapshot(_ html: HTML, named name: String, file: StaticString = #filePath, line: UInt = #line) {
        let folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = folder.appendingPathComponent("\(name).svg")
        let actual = html.markup + "\n"
        if ProcessInfo.processInfo.environment["LOUPE_RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            XCTAssertNoThrow(try actual.write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("No snapshot at \(url.path); run with LOUPE_RECORD_SNAPSHOTS=1 to record it.", file: file, line: line)
            return
        }
        if expected != actual {
            // Any change moves the id hash, so locate the first difference with ids masked.
            let id = try! Regex("chart-[a-z0-9-]*-[0-9a-f]{8}-")
            let a = actual.replacing(id, with: "ID-").split(separator: ">", omittingEmptySubsequences: false)
            let e = expected.replacing(id, with: "ID-").split(separator: ">", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first(where: { $0.element.0 != $0.element.1 })
            XCTFail(
                "\(name).svg differs from its snapshot"
                    + (first.map { " at element \($0.offset): got \($0.element.0)>, expected \($0.element.1)>" }
                        ?? " in the id hash or length"),
                file: file, line: line)
        }
    }
}
