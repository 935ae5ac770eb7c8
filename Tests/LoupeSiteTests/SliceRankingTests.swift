import Foundation
import LoupeResults
import XCTest

@testable import LoupeSite

/// Slices are ranked by how surely they fall below overall, one row per slice with every model;
/// tables that are not rankings keep the slices' natural order.
final class SliceRankingTests: XCTestCase {
    private func render(_ results: Results) throws -> [String: String] {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    private func section(of text: String, from start: String, to end: String) -> String? {
        guard let lower = text.range(of: start), let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
        else { return nil }
        return String(text[lower.lowerBound..<upper.upperBound])
    }

    private func position(_ needle: String, in text: String) throws -> String.Index {
        try XCTUnwrap(text.range(of: needle)?.lowerBound, needle)
    }

    private func occurrences(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The fixture plus a small region far below overall whose intervals reach past zero for
    /// both models: the largest point shortfall, but not significant.
    private func resultsWithANoisySmallSlice() throws -> Results {
        var results = ResultsFixture().build()
        var metrics: [String: MetricSet] = [:]
        var gaps: [String: SliceGap] = [:]
        for model in results.models {
            let overall = try XCTUnwrap(results.overall[model]?["roc_auc"]?.value)
            metrics[model] = ["roc_auc": Metric(overall - 0.3, lower: overall - 0.6, upper: min(1, overall + 0.05))]
            gaps[model] = SliceGap(
                metric: "roc_auc", difference: Metric(-0.3, lower: -0.6, upper: 0.05), worse: 0.3, significant: false)
        }
        results.slices.append(
            SliceResult(spec: ["region"], key: ["region": "Tiny"], count: 35, tooSmall: false, metrics: metrics, gap: gaps))
        return results
    }

    func testWeakestSlicesRankBySureShortfallWithOneRowPerSliceAndEveryModel() throws {
        let index = try XCTUnwrap(try render(try resultsWithANoisySmallSlice())["index.html"])
        let weakest = try XCTUnwrap(section(of: index, from: "<h2 id=\"weakest\">", to: "</table>"))
        let firstRow = try XCTUnwrap(section(of: weakest, from: "<tbody>", to: "</tr>"))
        XCTAssertTrue(firstRow.contains("region = NV"), "the significant shortfall comes first")
        // The noisy slice ranks below slices whose small shortfalls are sure (or drops off the list).
        if let tiny = weakest.range(of: "region = Tiny") {
            XCTAssertLessThan(try position("region = West", in: weakest), tiny.lowerBound)
        }
        XCTAssertEqual(occurrences(">region = NV<", in: weakest), 1, "one row per slice")
        let head = try XCTUnwrap(section(of: weakest, from: "<thead>", to: "</thead>"))
        XCTAssertTrue(head.contains("candidate") && head.contains("benchmark"), "every model side by side")
        XCTAssertTrue(weakest.contains("nearest zero"), "the page says how it ranks")
    }

    func testSlicesPageRanksAsItSaysAndTheDetailTableKeepsTheNaturalOrder() throws {
        var results = try resultsWithANoisySmallSlice()
        // The middle income bin becomes the surest shortfall, so ranking and natural order differ.
        let i = try XCTUnwrap(results.slices.firstIndex { $0.key["income"] == "[25000, 60000)" })
        let s = results.slices[i]
        var metrics = s.metrics
        metrics["candidate"]?["roc_auc"] = Metric(0.6, lower: 0.58, upper: 0.62)
        var gap = s.gap
        gap["candidate"] = SliceGap(
            metric: "roc_auc", difference: Metric(-0.2, lower: -0.23, upper: -0.17), worse: 0.2, significant: true)
        results.slices[i] = SliceResult(
            spec: s.spec, key: s.key, count: s.count, tooSmall: false, metrics: metrics, gap: gap)
        let page = try XCTUnwrap(try render(results)["slices.html"])
        XCTAssertFalse(page.contains("the weakest slice comes first"))
        let region = try XCTUnwrap(section(of: page, from: "id=\"spec-region\"", to: "</section>"))
        XCTAssertLessThan(try position("region = NV", in: region), try position("region = Tiny", in: region))
        let income = try XCTUnwrap(section(of: page, from: "id=\"spec-income\"", to: "</section>"))
        let ranked = try XCTUnwrap(section(of: income, from: "<table", to: "</table>"))
        XCTAssertLessThan(try position("[25000, 60000)", in: ranked), try position("[0, 25000)", in: ranked))
        let detail = try XCTUnwrap(section(of: income, from: "Other metrics by slice", to: "</table>"))
        let bins = try ["[0, 25000)", "[25000, 60000)", "[60000, 250000]"].map { try position($0, in: detail) }
        XCTAssertEqual(bins, bins.sorted(), "natural order of the bins")
    }

    func testWorseBoundIsTheIntervalEndNearestZeroOrientedByDirection() {
        let auc = SliceGap(metric: "roc_auc", difference: Metric(-0.1, lower: -0.15, upper: -0.05), worse: 0.1, significant: true)
        XCTAssertEqual(SliceRanking.worseBound(auc) ?? .nan, 0.05, accuracy: 1e-12)
        let rmse = SliceGap(metric: "rmse", difference: Metric(2, lower: -1, upper: 5), worse: 2, significant: false)
        XCTAssertEqual(SliceRanking.worseBound(rmse) ?? .nan, -1, accuracy: 1e-12)
        XCTAssertNil(
            SliceRanking.worseBound(SliceGap(metric: "roc_auc", difference: Metric(-0.1), worse: 0.1, significant: false)))
    }
}
