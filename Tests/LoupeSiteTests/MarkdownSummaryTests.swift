import LoupeMarkup
import LoupeResults
import XCTest

@testable import LoupeSite

/// The Markdown summary: what it says, in what order, and that data cannot break its tables or
/// inject markup.
final class MarkdownSummaryTests: XCTestCase {
    private func gate(_ name: String, passed: Bool, model: String = "candidate", value: Double? = 0.712) -> GateResult {
        GateResult(
            name: name, passed: passed, model: model, metric: "roc_auc", comparison: ">=", value: value, bound: 0.745,
            boundExpression: "baseline",
            message: "\(model): roc_auc \(passed ? ">=" : "<") 0.745 — \(passed ? "passed" : "failed")")
    }

    func testVerdictHeadlineGatesFailedFirstAndWeakestSlices() {
        var results = ResultsFixture().build()
        results.gates = [gate("roc_auc >= 0.7", passed: true), gate("roc_auc >= baseline", passed: false)]
        let summary = MarkdownSummary.render(results)
        let lines = summary.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "## Loupe: Credit default model — Q3 evaluation")
        XCTAssertEqual(lines[2], "**❌ 1 of 2 gates failed.**")
        XCTAssertTrue(lines.contains("| Model | ROC AUC | 95% interval |"), summary)
        XCTAssertTrue(lines.contains { $0.hasPrefix("| benchmark (baseline) | ") }, summary)
        let failed = try? XCTUnwrap(lines.firstIndex(of: "| ❌ | roc\\_auc &gt;= baseline | candidate | 0.712 | &gt;= 0.745 |"))
        let passed = try? XCTUnwrap(lines.firstIndex(of: "| ✅ | roc\\_auc &gt;= 0.7 | candidate | 0.712 | &gt;= 0.745 |"))
        XCTAssertNotNil(failed, summary)
        XCTAssertNotNil(passed, summary)
        XCTAssertLessThan(failed ?? 0, passed ?? 0, "failed gates first")
        XCTAssertTrue(lines.contains("- ❌ candidate: roc\\_auc &lt; 0.745 — failed"), summary)
        XCTAssertTrue(lines.contains("### Weakest slices"), summary)
        XCTAssertTrue(summary.contains("| region = NV | candidate |"), summary)
    }

    func testNoGatesSaysSo() {
        let summary = MarkdownSummary.render(ResultsFixture().build())
        XCTAssertTrue(summary.contains("\nNo validation gates were configured.\n"), summary)
        XCTAssertFalse(summary.contains("### Gates"))
    }

    /// Pipes, emphasis, code, links and HTML in data come out as literal text.
    func testDataIsEscaped() {
        var fixture = ResultsFixture()
        fixture.title = "A|B *bold* _it_ `code` <script>x</script>"
        fixture.candidate = "cand|idate*"
        fixture.oddRegion = "N|V_<b>"
        var results = fixture.build()
        results.gates = [gate("roc_auc >= [x](javascript:y)", passed: false, model: "cand|idate*")]
        let summary = MarkdownSummary.render(results)
        XCTAssertTrue(
            summary.hasPrefix("## Loupe: A\\|B \\*bold\\* \\_it\\_ \\`code\\` &lt;script&gt;x&lt;/script&gt;\n"), summary)
        XCTAssertTrue(summary.contains("| ❌ | roc\\_auc &gt;= \\[x\\](javascript:y) | cand\\|idate\\* |"), summary)
        XCTAssertTrue(summary.contains("| region = N\\|V\\_&lt;b&gt; | cand\\|idate\\* |"), summary)
        XCTAssertFalse(summary.contains("<script>"))
        // Every table row keeps its column count: no unescaped pipe inside a cell.
        for line in summary.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            XCTAssertTrue([4, 6, 7].contains(cells), "\(line)")
        }
        XCTAssertEqual(Markdown.escape("a\nb"), "a b")
    }
}
