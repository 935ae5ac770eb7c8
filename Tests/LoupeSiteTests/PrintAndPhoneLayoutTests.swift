import LoupeResults
import XCTest

@testable import LoupeSite

/// What the stylesheet and the shared page parts promise for print and for narrow screens;
/// scripts/browser_check.py measures the rendered result in Chromium.
final class PrintAndPhoneLayoutTests: XCTestCase {
    private func css() throws -> String { try XCTUnwrap(TemplateLibrary.embeddedSources["style.css"]) }

    private func printBlock() throws -> String {
        let css = try css()
        let start = try XCTUnwrap(css.range(of: "@media print {"))
        return String(css[start.upperBound...])
    }

    func testCollapsedSectionsPrintOpenHeadingsStayWithTheirContentAndChartsStayWhole() throws {
        let print = try printBlock()
        XCTAssertTrue(print.contains("details::details-content { content-visibility: visible; display: block; }"))
        XCTAssertTrue(print.contains("details > :not(summary) { display: block !important; }"))
        XCTAssertTrue(print.contains("h1, h2, h3, h4, summary { break-after: avoid;"))
        XCTAssertTrue(print.contains("figure.chart, svg.chart, table.data tr"))
        XCTAssertTrue(print.contains(".chart-narrow { display: none !important; }"), "print shows the full-width drawing")
    }

    func testWideTablesScrollInTheirWrapperWithAStickyFirstColumnAndBecomeCardsOnPhones() throws {
        let css = try css()
        let sticky = "table.data tbody th:first-child, table.data thead th:first-child { position: sticky; left: 0;"
        XCTAssertTrue(css.contains(sticky))
        XCTAssertTrue(css.contains("radial-gradient(farthest-side at 100% 50%"), "a shadow at the edge that hides more")
        XCTAssertTrue(css.contains("table.data td::before { content: attr(data-label);"))
        let table = Table(
            columns: [Table.Column(label: "Slice"), Table.Column(label: "Gap", sub: "slice − overall", numeric: true)],
            rows: [Table.Row(cells: [.header(Markup.text("a")), .text("0.1")])])
        let cells = table.rows[0].cells
        XCTAssertEqual(
            [table.columnLabel(at: 0, of: cells[0]), table.columnLabel(at: 1, of: cells[1])], ["Slice", "Gap · slice − overall"])
    }

    func testConfigurationKeepsEachFlagWithItsValueAndTheOverviewStatesTheDataOnce() throws {
        XCTAssertEqual(
            Site.flagGroups(["--data", "my file.csv", "--quiet", "--threshold", "-0.5", "--score", "a=p_a", "--x=1", "y"]),
            ["--data 'my file.csv'", "--quiet", "--threshold -0.5", "--score a=p_a", "--x=1", "y"])
        let files = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded())
        let pages = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a })
        let index = try XCTUnwrap(pages["index.html"])
        let slices = try XCTUnwrap(pages["slices.html"])
        let sha = ResultsFixture().build().provenance.dataSHA256
        XCTAssertFalse(sha.isEmpty)
        XCTAssertEqual(index.components(separatedBy: sha).count - 1, 1, "the overview names the SHA-256 once")
        XCTAssertEqual(slices.components(separatedBy: sha).count - 1, 1, "other pages keep it in the footer")
        XCTAssertTrue(index.contains("<span class=\"argument\">"))
    }
}
