import Foundation
import LoupeResults
import XCTest

@testable import LoupeSite

/// The pages of a multiclass build: the model page leads with where classes are confused, then
/// the heat map, per-class metrics, ROC small multiples and calibration, each replaced by a
/// table or a sentence saying why past its limit or for hard predictions; the slices name each
/// slice's worst class; nothing binary-only (threshold, positive rate) is said.
final class MulticlassPagesTests: XCTestCase {
    private func render(_ results: Results) throws -> [String: String] {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    private func page(_ pages: [String: String], _ path: String) throws -> String {
        try XCTUnwrap(pages[path], "no \(path) among \(pages.keys.sorted())")
    }

    /// The `<main>` part of a page, without the inline stylesheet, for wording checks.
    private func body(_ page: String) -> String {
        guard let start = page.range(of: "<main"), let end = page.range(of: "</main>") else { return page }
        return String(page[start.lowerBound..<end.upperBound])
    }

    func testModelPageLeadsWithTheLargestConfusionsAsSentencesWithIntervals() throws {
        let page = try self.page(render(MulticlassFixture().build()), "model-candidate.html")
        let confusions = try XCTUnwrap(page.range(of: "id=\"confusions\""))
        let matrix = try XCTUnwrap(page.range(of: "class=\"chart chart-heatmap"))
        XCTAssertLessThan(confusions.lowerBound, matrix.lowerBound, "the sentences come before the matrix")
        // The planted pair: 15% of class 7's rows predicted as 1, with its interval and counts.
        XCTAssertTrue(
            page.contains(
                "<strong>7</strong> is predicted as <strong>1</strong> in 15.0% (12.1–17.9%) of its rows (90 of 600 rows)"),
            "missing the planted confusion's sentence")
        XCTAssertTrue(page.contains("href=\"#confusion-matrix\">matrix →</a>"))
        XCTAssertTrue(page.contains("the baseline&#39;s: 15.0% (12.1–17.9%)"), "the baseline's share of the same confusion")
        // Then per class, ROC small multiples (8 classes), calibration, all metrics.
        for id in ["per-class", "roc", "calibration", "metrics"] { XCTAssertTrue(page.contains("id=\"\(id)\"")) }
        XCTAssertEqual(page.components(separatedBy: "class=\"chart chart-line square").count - 1, 8)
        XCTAssertTrue(page.contains("Class 7: AUC 0.970"), "each small multiple names its class and AUC")
        XCTAssertTrue(page.contains("Mean top-label probability"))
        XCTAssertFalse(body(page).contains("threshold"), "no decision threshold in a multiclass page")
        XCTAssertFalse(body(page).contains("Positive rate"), "no binary prevalence")
    }

    func testHeatMapShowsCountsAndRowSharesWithALegendAndALegibleMinimumWidth() throws {
        let page = try self.page(render(MulticlassFixture().build()), "model-candidate.html")
        XCTAssertTrue(page.contains(">480</text>"), "the diagonal count")
        XCTAssertTrue(page.contains(">80.0%</text>"), "the diagonal row share")
        XCTAssertTrue(page.contains("correct (share of row)"))
        XCTAssertTrue(page.contains("confused (darkest ≥ 25% of row)"))
        XCTAssertTrue(page.contains("Actual 7, predicted 1: 90 (15.0% of row)"), "each cell's tooltip")
        let svg = try XCTUnwrap(page.range(of: "class=\"chart chart-heatmap").map { page[$0.lowerBound...].prefix(600) })
        XCTAssertTrue(svg.contains("min-width:"), "a heat map keeps its text legible by scrolling, not shrinking")
    }

    /// Class names are data: markup characters are escaped in HTML, in SVG text and in tooltips.
    func testClassNamesWithMarkupCharactersAreEscapedEverywhere() throws {
        let hostile = "<b>&\"x\""
        var fixture = MulticlassFixture()
        fixture.className = { $0 == 1 ? hostile : String($0) }
        let pages = try render(fixture.build())
        for (path, page) in pages where path.hasSuffix(".html") {
            XCTAssertFalse(page.contains("<b>&"), "\(path) holds the class name unescaped")
            XCTAssertFalse(page.contains("\"x\""), "\(path) holds a raw quote from the class name")
        }
        let model = try page(pages, "model-candidate.html")
        XCTAssertTrue(model.contains("&lt;b&gt;&amp;&quot;x&quot;"), "the escaped class name is shown")
        XCTAssertEqual(SiteAudit.problems(pages.sorted { $0.key < $1.key }.map { (path: $0.key, contents: $0.value) }), [])
    }

    func testPastThirtyClassesThePairsAndPerClassTablesReplaceTheHeatMap() throws {
        var fixture = MulticlassFixture()
        fixture.classCount = 31
        fixture.rowsPerClass = 1_000
        let page = try self.page(render(fixture.build()), "model-candidate.html")
        XCTAssertFalse(page.contains("class=\"chart chart-heatmap"), "no heat map past 30 classes")
        XCTAssertTrue(page.contains("With 31 classes a confusion matrix is too large to read"))
        XCTAssertTrue(page.contains("id=\"confused-pairs\""))
        XCTAssertTrue(page.contains("The 20 largest confusions"), "all the pairs results.json holds")
        XCTAssertTrue(page.contains("href=\"#confused-pairs\">matrix →</a>"), "the sentences link to the table instead")
        XCTAssertTrue(page.contains("The chart shows the 15 classes with the weakest F1 of 31"))
        XCTAssertEqual(
            page.components(separatedBy: "<text class=\"category\"").count - 1, 2 * 15,
            "the per-class chart (drawn wide and narrow) keeps the 15 weakest classes")
        XCTAssertTrue(page.contains("<th scope=\"row\" data-value=\"30\">30</th>"), "the per-class table lists every class")
    }

    func testThirtyClassesStillGetACompactHeatMap() throws {
        var fixture = MulticlassFixture()
        fixture.classCount = 30
        fixture.rowsPerClass = 1_000
        let page = try self.page(render(fixture.build()), "model-candidate.html")
        XCTAssertTrue(page.contains("class=\"chart chart-heatmap"))
        XCTAssertTrue(page.contains("Counts are in each cell&#39;s tooltip"), "a compact cell shows its share only")
    }

    func testPastTenClassesTheROCCurvesGiveWayToThePerClassAUCTable() throws {
        var fixture = MulticlassFixture()
        fixture.classCount = 11
        let page = try self.page(render(fixture.build()), "model-candidate.html")
        XCTAssertFalse(page.contains("class=\"chart chart-line"), "no ROC small multiples past 10 classes")
        XCTAssertTrue(page.contains("With 11 classes the curves are not drawn"))
        XCTAssertTrue(page.contains(">ROC AUC"), "the per-class table has the AUCs")
    }

    func testHardPredictionsSayWhyThereAreNoCurvesInsteadOfDrawingEmptyCharts() throws {
        var fixture = MulticlassFixture()
        fixture.hard = true
        let page = try self.page(render(fixture.build()), "model-candidate.html")
        XCTAssertFalse(page.contains("class=\"chart chart-line"))
        XCTAssertFalse(page.contains("class=\"chart chart-reliability"))
        XCTAssertFalse(page.contains("No data to show"))
        XCTAssertTrue(page.contains("These are hard predictions (a predicted class, no probabilities): nothing ranks the rows"))
        XCTAssertTrue(page.contains("there is no confidence to calibrate"))
        XCTAssertTrue(page.contains("the predicted class is the one given in the data (hard predictions)"))
        XCTAssertTrue(page.contains("class=\"chart chart-heatmap"), "the confusion matrix needs no probabilities")
        XCTAssertFalse(page.contains(">ROC AUC"), "no per-class column of undefined AUCs")
    }

    func testSlicesRankByAccuracyAndNameEachSlicesWorstClass() throws {
        let pages = try render(MulticlassFixture().build())
        let slices = try page(pages, "slices.html")
        XCTAssertTrue(slices.contains("on Accuracy"))
        let light = try XCTUnwrap(slices.range(of: "id=\"spec-ink--ink-light\""))
        let dark = try XCTUnwrap(slices.range(of: "id=\"spec-ink--ink-dark\""))
        XCTAssertLessThan(light.lowerBound, dark.lowerBound, "the significantly weaker slice first")
        XCTAssertTrue(slices.contains("worst class: recall"))
        XCTAssertTrue(
            slices.contains("In ink = light, class 3 recall drops to 0.496 (0.405–0.586) from 0.801 overall (candidate)."),
            "the worst class as a sentence, with the slice's interval")
        XCTAssertTrue(slices.contains("<a href=\"slice-ink.html#spec-ink--ink-light\">"), "each slice links to its detail")
    }

    func testSliceDetailShowsEachClassAgainstOverallInsteadOfBinaryCurves() throws {
        let detail = try page(render(MulticlassFixture().build()), "slice-ink.html")
        XCTAssertFalse(detail.contains("class=\"chart chart-line"), "no ROC or precision–recall curves")
        XCTAssertFalse(body(detail).contains("threshold"))
        XCTAssertTrue(detail.contains("candidate: each class on this slice"))
        XCTAssertTrue(detail.contains("Worst class: class 3 recall drops to 0.496 (0.405–0.586) from 0.801 overall."))
        // The class with the largest drop heads the table.
        let table = try XCTUnwrap(detail.range(of: "candidate: each class on this slice").map { detail[$0.upperBound...] })
        let firstRow = try XCTUnwrap(table.range(of: "<th scope=\"row\"").map { table[$0.lowerBound...].prefix(60) })
        XCTAssertTrue(firstRow.contains(">3</th>"), "\(firstRow)")
    }

    func testOverviewAndSummaryReadAsMulticlass() throws {
        let results = MulticlassFixture().build()
        let index = try page(render(results), "index.html")
        XCTAssertTrue(index.contains("Multiclass classification of digit"))
        XCTAssertFalse(body(index).contains("threshold"))
        XCTAssertTrue(index.contains("<strong>candidate</strong> confuses <strong>7</strong> with <strong>1</strong> most"))
        XCTAssertTrue(index.contains("Macro F1"), "macro F1 among the headline metrics")
        var miscalibrated = results
        miscalibrated.overall["candidate"]?["ece"] = Metric(0.2, lower: 0.18, upper: 0.22)
        XCTAssertTrue(
            try page(render(miscalibrated), "index.html").contains("the probability of the predicted class is off by 0.200"),
            "a multiclass ECE is about the top label")
        let summary = MarkdownSummary.render(results)
        XCTAssertTrue(summary.contains("Multiclass classification of digit"), summary)
        XCTAssertFalse(summary.contains("threshold"), summary)
    }

    /// Results of ten times the rows give pages of the same size: nothing is drawn per row.
    func testPageSizesDoNotGrowWithTheRowCount() throws {
        var small = MulticlassFixture()
        small.rowsPerClass = 100
        var large = MulticlassFixture()
        large.rowsPerClass = 10_000
        let (a, b) = (try render(small.build()), try render(large.build()))
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for path in a.keys.sorted() {
            let (x, y) = (Double(a[path]!.utf8.count), Double(b[path]!.utf8.count))
            XCTAssertLessThan(abs(x - y) / x, 0.02, "\(path): \(Int(x)) bytes for 800 rows, \(Int(y)) for 80,000")
        }
    }
}
