import LoupeResults
import XCTest

@testable import LoupeSite

/// The overview's details: a failed gate shows the evidence (the paired difference and its
/// interval), not the raw command-line message again; the columns section is a heading with the
/// columns the report used.
final class OverviewDetailTests: XCTestCase {
    private func index(_ results: Results) throws -> String {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        return try XCTUnwrap(files.first { $0.path == "index.html" }?.contents)
    }

    func testFailedBaselineGateShowsThePairedDifferenceNotTheRawMessage() throws {
        var fixture = ResultsFixture()
        fixture.includeComparisons = true
        var results = fixture.build()
        let message = "candidate: roc_auc 0.612 < 0.764 (baseline benchmark) for region = NV — failed"
        results.gates = [
            GateResult(
                name: "roc_auc >= baseline for region = NV", passed: false, model: "candidate", metric: "roc_auc",
                comparison: ">=", value: 0.612, bound: 0.764, boundExpression: "baseline", spec: ["region"],
                key: ["region": "NV"], message: message),
            GateResult(
                name: "roc_auc >= 0.9", passed: false, model: "candidate", metric: "roc_auc", comparison: ">=", value: 0.803,
                bound: 0.9, boundExpression: "0.9", message: "candidate: roc_auc 0.803 < 0.900 — failed"),
        ]
        let page = try index(results)
        XCTAssertFalse(page.contains(message), "the figures already say it")
        XCTAssertTrue(
            page.contains(
                "Paired difference from benchmark −0.152 (−0.205 to −0.099), paired DeLong p &lt; 0.001 — significantly worse."
            ), page)
        XCTAssertTrue(page.contains("ROC AUC 0.803 ("), "a gate on a number shows the value's interval")
    }

    func testColumnsSectionIsAHeadingListingTheUsedColumns() throws {
        var results = ResultsFixture().build()
        results.columns.append(ColumnSummary(name: "unused_note", kind: "categorical", missing: 0, distinct: 9, role: nil))
        let page = try index(results)
        XCTAssertTrue(page.contains("<h2 id=\"columns\">Columns used</h2>"))
        XCTAssertFalse(page.contains("<summary><h2 id=\"columns\">"), "not hidden in a collapsed summary")
        XCTAssertFalse(page.contains(">unused_note<"))
        XCTAssertTrue(page.contains("the data has 1 more that no option names"))
    }

    /// Loupe counts a numeric or timestamp column's distinct values up to 1,024 and writes 1,025
    /// for more: the table says "over 1,024", not a count nobody made. A categorical column's
    /// count, and any other number, is exact and shown as it is.
    func testADistinctCountPastTheLimitReadsAsOverTheLimit() throws {
        var results = ResultsFixture().build()
        let over = ColumnSummary.countedDistinctLimit + 1
        results.columns += [
            ColumnSummary(name: "measured", kind: "numeric", missing: 0, distinct: over, role: "weight"),
            ColumnSummary(name: "stamped", kind: "timestamp", missing: 0, distinct: over, role: "timestamp"),
            ColumnSummary(name: "named", kind: "categorical", missing: 0, distinct: over, role: "slice"),
        ]
        let page = try index(results)
        let table = try XCTUnwrap(page.components(separatedBy: "<h2 id=\"columns\">").last)
        XCTAssertEqual(table.components(separatedBy: ">over 1,024<").count - 1, 2, table)
        XCTAssertTrue(table.contains(">1,025<"), "the categorical count is exact")
        XCTAssertTrue(table.contains(">6,011<"), "a count under no limit is shown as it is")
    }
}
