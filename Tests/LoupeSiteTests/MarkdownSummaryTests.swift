import Foundation
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
        let failed = try? XCTUnwrap(lines.firstIndex(of: "| ❌ | roc_auc >= baseline | candidate | 0.712 | >= 0.745 |"))
        let passed = try? XCTUnwrap(lines.firstIndex(of: "| ✅ | roc_auc >= 0.7 | candidate | 0.712 | >= 0.745 |"))
        XCTAssertNotNil(failed, summary)
        XCTAssertNotNil(passed, summary)
        XCTAssertLessThan(failed ?? 0, passed ?? 0, "failed gates first")
        XCTAssertTrue(lines.contains("- ❌ candidate: roc_auc < 0.745 — failed"), summary)
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
            summary.hasPrefix("## Loupe: A\\|B \\*bold\\* \\_it\\_ \\`code\\` \\<script>x\\</script>\n"), summary)
        XCTAssertTrue(summary.contains("| ❌ | roc_auc >= \\[x\\](javascript:y) | cand\\|idate\\* |"), summary)
        XCTAssertTrue(summary.contains("| region = N\\|V\\_\\<b> | cand\\|idate\\* |"), summary)
        XCTAssertFalse(summary.replacingOccurrences(of: "\\<", with: "").contains("<script>"))
        // Every table row keeps its column count: no unescaped pipe inside a cell.
        for line in summary.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            XCTAssertTrue([4, 6, 7].contains(cells), "\(line)")
        }
        XCTAssertEqual(Markdown.escape("a\nb"), "a b")
    }

    /// GitLab prints the summary into the job log as plain text: no HTML entity may appear in it,
    /// comparisons and metric names read as written, and hostile names still cannot make markup.
    func testReadsAsPlainTextWithoutEntitiesAndHostileNamesStayHarmless() {
        var fixture = ResultsFixture()
        fixture.title = "R&D <img src=x onerror=alert(1)> &amp; <!-- c -->"
        fixture.candidate = "<script>m</script>&lt;"
        fixture.oddRegion = "<a href=x>y</a> & >50K"
        var results = fixture.build()
        results.gates = [gate("fpr <= 0.3 for region = >50K", passed: false, model: fixture.candidate)]
        let summary = MarkdownSummary.render(results)
        for entity in ["&gt;", "&lt;", "&amp;", "&quot;", "&#"] {
            XCTAssertFalse(summary.replacingOccurrences(of: "\\&", with: "").contains(entity), "\(entity) in \(summary)")
        }
        XCTAssertTrue(summary.hasPrefix("## Loupe: R\\&D \\<img src=x onerror=alert(1)> \\&amp; \\<!-- c -->\n"), summary)
        XCTAssertTrue(summary.contains("| ❌ | fpr <= 0.3 for region = >50K | \\<script>m\\</script>\\&lt; |"), summary)
        XCTAssertTrue(summary.contains("| region = \\<a href=x>y\\</a> & >50K |"), summary)
        // Every '<' that could open a tag and every '&' that could open an entity is escaped.
        let unescapedTag = summary.range(of: #"(?<!\\)<[A-Za-z/!?]"#, options: .regularExpression)
        let unescapedEntity = summary.range(of: #"(?<!\\)&[A-Za-z#]"#, options: .regularExpression)
        XCTAssertNil(unescapedTag, summary)
        XCTAssertNil(unescapedEntity, summary)
        XCTAssertEqual(Markdown.escape("roc_auc <= 0.3 & _x_"), "roc_auc <= 0.3 & \\_x\\_")
        XCTAssertEqual(Markdown.escape("# h", atLineStart: true), "\\# h")
        XCTAssertEqual(Markdown.escape("> q", atLineStart: true), "\\> q")
        XCTAssertEqual(Markdown.escape(">= 0.5"), ">= 0.5", "a cell is no line start")
    }
}
