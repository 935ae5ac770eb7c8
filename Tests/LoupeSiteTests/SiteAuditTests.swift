import LoupeResults
import XCTest

@testable import LoupeSite

/// `SiteAudit` on the fixture site, and on hand-made pages that break each rule once, so the
/// checks that run over the demo sites (SiteChecksTests) are known to catch what they claim.
final class SiteAuditTests: XCTestCase {
    func testTheFixtureSiteHasUniqueIdsResolvingReferencesAndFittingChartText() throws {
        let files = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded())
        let pages = files.map { (path: $0.path, contents: $0.contents) }
        XCTAssertGreaterThanOrEqual(pages.filter { $0.path.hasSuffix(".html") }.count, 5)
        XCTAssertEqual(SiteAudit.problems(pages), [])
    }

    func testDuplicateIdsAndReferencesToMissingIdsAreReported() {
        let page = """
            <svg class="chart" viewBox="0 0 100 50" aria-labelledby="a-title b-desc"><title id="a-title">x</title>\
            <defs><clipPath id="clip"></clipPath></defs><g clip-path="url(#gone)"></g></svg>
            <p id="clip">again</p><a href="#nowhere">x</a><a href="other.html#row-1">y</a><a href="missing.html">z</a>
            <a href="other.html#row-2">ok</a><a href="https://example.org/x.html">external</a>
            """
        let problems = SiteAudit.referenceProblems([("index.html", page), ("other.html", "<tr id=\"row-2\"></tr>")])
        XCTAssertEqual(problems.count, 6, problems.joined(separator: "\n"))
        XCTAssert(problems.contains { $0.contains("\"clip\" is used 2 times") })
        XCTAssert(problems.contains { $0.contains("#b-desc") })
        XCTAssert(problems.contains { $0.contains("#gone") })
        XCTAssert(problems.contains { $0.contains("#nowhere") })
        XCTAssert(problems.contains { $0.contains("other.html has no id \"row-1\"") })
        XCTAssert(problems.contains { $0.contains("missing.html") })
    }

    func testOverlappingTickLabelsAndTextOutsideTheChartAreReported() {
        let page = """
            <svg class="chart" viewBox="0 0 300 100" aria-labelledby="c-title"><g class="axis axis-x">\
            <text class="tick" x="100" y="90" text-anchor="middle" font-size="12">120,000</text>\
            <text class="tick" x="130" y="90" text-anchor="middle" font-size="12">140,000</text>\
            <text class="tick" x="200" y="90" text-anchor="middle" font-size="12">200k</text></g>\
            <text class="chart-title" x="12" y="20" font-size="16"><tspan x="12">A title far too long for this chart's box</tspan></text></svg>
            """
        let problems = SiteAudit.chartTextProblems([("index.html", page)])
        XCTAssertEqual(problems.count, 2, problems.joined(separator: "\n"))
        XCTAssert(problems.contains { $0.contains("\"120,000\" and \"140,000\" overlap") })
        XCTAssert(problems.contains { $0.contains("runs outside the chart") })
    }
}
