import Foundation
import LoupeResults
import XCTest

@testable import LoupeSite

/// history.html: the summary sentence, a chart per headline metric, gaps, escaping.
final class HistoryPageTests: XCTestCase {
    /// The fixture as this run (v1.4) with two earlier runs: v1.2 without the benchmark and
    /// v1.3 with a hostile id.
    private func results(hostileLabel: String = "run <7> & \"co\"") -> Results {
        var results = ResultsFixture(includeFairness: false).build()
        results.run = RunStamp(id: "run-8", modelVersion: "v1.4", date: "2026-11-01")
        var older = results.overall
        older["candidate"]?["roc_auc"] = Metric(0.731, lower: 0.72, upper: 0.74)
        older.removeValue(forKey: "benchmark")
        var previous = results.overall
        previous["candidate"]?["roc_auc"] = Metric(0.822, lower: 0.81, upper: 0.83)
        results.history = [
            HistoryRun(
                run: RunStamp(modelVersion: "v1.2", date: "2026-09-01"), source: "runs/r6.json", models: ["candidate"],
                overall: older, slices: [], rowCount: 5_000),
            HistoryRun(
                run: RunStamp(id: hostileLabel, modelVersion: "v1.3", date: "2026-10-01"), source: "runs/<r7>.json",
                models: results.models, overall: previous, slices: results.slices.filter { $0.spec == ["region"] }),
        ]
        return results
    }

    private func page(_ results: Results) throws -> String {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        return try XCTUnwrap(files.first { $0.path == "history.html" }?.contents)
    }

    func testSummarySentencePerModelAgainstThePreviousRun() throws {
        let page = try page(results())
        XCTAssertTrue(page.contains("ROC AUC of candidate: 0.803 now, 0.822 in the previous run (v1.3, 2026-10-01): −0.019."))
        XCTAssertTrue(page.contains("ROC AUC of benchmark: 0.781 now, 0.781 in the previous run (v1.3, 2026-10-01): 0.000."))
    }

    func testOneChartPerHeadlineMetricWithRunLabelsAndThisRunMarked() throws {
        let results = results()
        let page = try page(results)
        let present = ["roc_auc", "average_precision", "accuracy", "f1", "log_loss", "brier", "ece"]
        for key in present {
            let name = MetricCatalog.name(key)
            XCTAssertEqual(page.components(separatedBy: ">\(name) across runs</title>").count, 2, name)
        }
        let sliceCharts = page.components(separatedBy: "across runs</title>").count - 1 - present.count
        XCTAssertGreaterThanOrEqual(sliceCharts, weakestSpecs(results), "at least one chart per spec's weakest slice")
        XCTAssertLessThanOrEqual(sliceCharts, weakestSpecs(results) * results.models.count)
        XCTAssertTrue(page.contains(">v1.2</text>"), "an unnamed run is labelled by its version")
        XCTAssertTrue(page.contains(">run-8</text>"))
        XCTAssertTrue(page.contains(">this run</text>"))
        XCTAssertTrue(page.contains("benchmark") && page.contains("not evaluated"), "the benchmark is missing from v1.2")
    }

    private func weakestSpecs(_ results: Results) -> Int {
        Set(results.sliceSpecs.map(\.columns)).filter { columns in
            results.slices.contains { $0.spec == columns && !$0.tooSmall }
        }.count
    }

    func testSlicesMissingFromEarlierRunsAreGapsWithANote() throws {
        let page = try page(results())
        XCTAssertTrue(page.contains("Not sliced by"), "the cross and the bins were not in the earlier runs")
        XCTAssertTrue(page.contains("was not among the slices of") || page.contains("Not sliced by"))
    }

    func testEveryDataStringIsEscaped() throws {
        let page = try page(results(hostileLabel: "<script>alert(1)</script>"))
        XCTAssertFalse(page.contains("<script>alert"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(page.contains("runs/&lt;r7&gt;.json"))
    }

    func testNoHistoryPageWithoutEarlierRuns() throws {
        var results = results()
        results.history = []
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        XCTAssertFalse(files.contains { $0.path == "history.html" })
        XCTAssertFalse(files.contains { $0.contents.contains("history.html") })
    }
}
