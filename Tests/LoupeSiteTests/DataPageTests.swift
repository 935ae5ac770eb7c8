import Foundation
import LoupeCharts
import LoupeResults
import XCTest

@testable import LoupeSite

/// data.html (anomalies, the columns that moved most, column cards), its bound with thousands of
/// columns, and the overview's data findings, for a model's report and for a data-only one.
final class DataPageTests: XCTestCase {
    private func render(_ results: Results) throws -> [String: String] {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        let pages = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        if let folder = ProcessInfo.processInfo.environment["LOUPE_DATA_PAGE_DUMP"] {
            for (path, contents) in pages {
                try contents.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
            }
        }
        return pages
    }

    private func withData(_ data: DataFixture = DataFixture(), _ fixture: ResultsFixture = ResultsFixture()) -> Results {
        data.adding(to: fixture.build())
    }

    private func position(_ needle: String, in page: String, file: StaticString = #filePath, line: UInt = #line) -> Int? {
        guard let range = page.range(of: needle) else {
            XCTFail("missing: \(needle)", file: file, line: line)
            return nil
        }
        return page.distance(from: page.startIndex, to: range.lowerBound)
    }

    func testDataPageIsInTheNavigationOnlyWhenTheResultsDescribeTheData() throws {
        XCTAssertNil(try render(ResultsFixture().build())["data.html"])
        let pages = try render(withData())
        let page = try XCTUnwrap(pages["data.html"])
        XCTAssertTrue(try XCTUnwrap(pages["index.html"]).contains("<a href=\"data.html\""))
        XCTAssertTrue(page.contains("<a href=\"data.html\" aria-current=\"page\">Data</a>"))
    }

    func testAnomalySentencesComeFirstErrorsBeforeWarningsThenTheRankingThenTheCards() throws {
        let page = try XCTUnwrap(render(withData())["data.html"])
        let error = position("Column region: expected values in its domain", in: page)
        let warning = position("Column income: expected at most 1.0% missing", in: page)
        let moved = position("Which columns moved the most", in: page)
        let cards = position("<details class=\"column-card", in: page)
        XCTAssertEqual([error, warning, moved, cards].compactMap { $0 }.count, 4)
        XCTAssertEqual(
            [error, warning, moved, cards].compactMap { $0 }, [error, warning, moved, cards].compactMap { $0 }.sorted())
        XCTAssertTrue(page.contains("1 error and 1 warning against the schema"))
        XCTAssertTrue(page.contains("✘ error"))
    }

    func testColumnsAreRankedByTheVerdictsDistanceDriftedFirst() throws {
        var data = DataFixture()
        data.extraColumns = 3
        let pages = try render(withData(data))
        let page = try XCTUnwrap(pages["data.html"])
        let movers = try XCTUnwrap(section(of: page, from: "<ol class=\"movers\">", to: "</ol>"))
        // income drifted (PSI 0.62), region stable at 0.19, then x2 (0.002), x1 (0.001), x0 (0).
        let order = ["<code>income</code>", "<code>region</code>", "<code>x2</code>", "<code>x1</code>", "<code>x0</code>"].map {
            movers.range(of: $0)?.lowerBound
        }
        XCTAssertEqual(order.compactMap { $0 }.count, 5)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted())
        XCTAssertTrue(movers.contains("PSI 0.620 ≥ 0.2"))
        XCTAssertTrue(page.contains("1 of 5 columns drifted."))
        // Every mover has its reference-over-current chart.
        XCTAssertEqual(movers.components(separatedBy: "class=\"chart chart-bins\"").count - 1, 5)
        // The cards follow the same order, collapsed, with definitions on hover.
        let cards = try XCTUnwrap(section(of: page, from: "<section aria-labelledby=\"columns\">", to: "</section>"))
        XCTAssertLessThan(
            try XCTUnwrap(cards.range(of: "id=\"col-income\"")).lowerBound,
            try XCTUnwrap(cards.range(of: "id=\"col-x0\"")).lowerBound)
        XCTAssertTrue(cards.contains("<dt title=\"Population stability index"))
        XCTAssertTrue(cards.contains("Kolmogorov–Smirnov</dt>"))
        XCTAssertFalse(cards.contains("<details open"))
        XCTAssertEqual(SiteAudit.problems(pages.map { (path: $0.key, contents: $0.value) }), [])
    }

    func testCardsShowBothDataSetsSideBySideWithMissingSharesAndTopValues() throws {
        let page = try XCTUnwrap(render(withData())["data.html"])
        let card = try XCTUnwrap(section(of: page, from: "id=\"col-region\"", to: "</details>"))
        XCTAssertTrue(card.contains(">Reference</th>"))
        XCTAssertTrue(card.contains(">Current</th>"))
        XCTAssertTrue(card.contains("Most frequent values"))
        // PR is new: in the current top values, not in the reference's.
        XCTAssertTrue(card.contains("<th scope=\"row\">PR</th>"))
        XCTAssertTrue(card.contains("not in its top 10"))
        XCTAssertTrue(card.contains("L∞"))
        let income = try XCTUnwrap(section(of: page, from: "id=\"col-income\"", to: "</details>"))
        XCTAssertTrue(income.contains("70 (3.5%)"), "missing count and share of the current data")
        XCTAssertTrue(income.contains("Median"))
        XCTAssertTrue(income.contains("income drifted: PSI 0.62 ≥ 0.2."))
    }

    func testHostileColumnNamesAndValuesAreEscaped() throws {
        var data = DataFixture()
        data.movedColumn = "<script>alert(1)</script>"
        data.categoryColumn = "\"><img src=x onerror=alert(2)>"
        data.newCategory = "</td><b onmouseover=alert(3)>&amp;"
        data.anomalies = [
            DataAnomaly(
                severity: "error", kind: .outOfDomain, column: data.categoryColumn,
                message: "Column \(data.categoryColumn): found <svg onload=alert(4)>", expected: "x", found: "y", rows: 1,
                examples: [])
        ]
        let pages = try render(withData(data))
        for (path, page) in pages {
            XCTAssertFalse(page.contains("<script>alert"), path)
            XCTAssertFalse(page.contains("<img src=x"), path)
            XCTAssertFalse(page.contains("<b onmouseover"), path)
            XCTAssertFalse(page.contains("<svg onload"), path)
        }
        let page = try XCTUnwrap(pages["data.html"])
        XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(page.contains("&lt;/td&gt;&lt;b onmouseover=alert(3)&gt;&amp;amp;"))
        XCTAssertEqual(SiteAudit.problems(pages.map { (path: $0.key, contents: $0.value) }), [])
    }

    /// 2,000 columns: the ranked list first, a bounded number of charts, rows and cards, and a
    /// page that stays small enough to open.
    func testTwoThousandColumnsKeepThePageBounded() throws {
        var data = DataFixture()
        data.extraColumns = 2_000
        let page = try XCTUnwrap(render(withData(data))["data.html"])
        XCTAssertLessThan(page.utf8.count, 2_500_000)
        XCTAssertEqual(page.components(separatedBy: "<li class=\"mover").count - 1, DataPage.moverLimit)
        XCTAssertEqual(page.components(separatedBy: "<details class=\"column-card").count - 1, DataPage.cardLimit)
        let table = try XCTUnwrap(section(of: page, from: "Every column, ranked", to: "</table>"))
        XCTAssertEqual(table.components(separatedBy: "<tr").count - 2, DataPage.tableLimit)
        XCTAssertTrue(page.contains("The 250 columns that moved most of 2,002"))
        XCTAssertTrue(page.contains("The first 100 of 2,002 columns are shown"))
        XCTAssertLessThan(
            try XCTUnwrap(page.range(of: "Which columns moved the most")).lowerBound,
            try XCTUnwrap(page.range(of: "<details")).lowerBound)
    }

    func testOverviewStatesAnomaliesPredictionAndLabelDriftAndDriftedColumns() throws {
        var data = DataFixture()
        data.predictionModel = "candidate"
        data.labelDrift = true
        let index = try XCTUnwrap(render(withData(data))["index.html"])
        let findings = try XCTUnwrap(section(of: index, from: "<ul class=\"findings\">", to: "</ul>"))
        XCTAssertTrue(findings.contains("<strong>Data anomaly:</strong> Column region: expected values"))
        // The verdict says the build fails on the anomaly, as it would for a failed gate.
        XCTAssertTrue(
            index.contains(
                "<span class=\"gate-mark\">✘</span> 1 data anomaly at error level against the schema: the build fails (exit status 1)."
            ))
        XCTAssertTrue(
            findings.contains("The predictions of <strong>candidate</strong> drifted from the reference: PSI 0.350 ≥ 0.2"))
        XCTAssertTrue(
            findings.contains(
                "The label <strong>defaulted</strong> drifted from the reference (prior shift): χ² p &lt; 0.001, L∞ 0.090; the share of yes went from 22.0% to 31.0%."
            ))
        XCTAssertTrue(
            findings.contains("1 of 2 columns drifted from the reference, most <strong>income</strong> (PSI 0.620 ≥ 0.2)."))
        XCTAssertTrue(findings.contains("href=\"data.html#col-p-new\""))
        // Without a drifted prediction or label, neither is claimed.
        let quiet = try XCTUnwrap(render(withData())["index.html"])
        XCTAssertFalse(quiet.contains("The predictions of"))
        XCTAssertFalse(quiet.contains("prior shift"))
    }

    func testDataOnlyOverviewReadsWithoutModelsOrLabel() throws {
        var data = DataFixture()
        data.anomalies = []
        let pages = try render(data.dataOnly())
        XCTAssertEqual(pages.keys.sorted(), ["data.html", "index.html"])
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertTrue(
            index.contains("Data report · 2,000 rows, 2 columns · against the reference data/reference.csv (2,000 rows)"))
        XCTAssertFalse(index.contains("Headline metrics"))
        XCTAssertFalse(index.contains("<dt>Task</dt>"))
        XCTAssertFalse(index.contains("0 models"))
        XCTAssertFalse(index.contains("class=\"card\""))
        XCTAssertTrue(index.contains("The current data matches the schema: no anomalies."))
        XCTAssertTrue(index.contains("<span class=\"gate-mark\">✔</span> The data matches the schema: no anomalies."))
        XCTAssertTrue(index.contains("1 of 2 columns drifted from the reference"))
        XCTAssertTrue(index.contains("<dt>Reference</dt>"))
        XCTAssertFalse(index.contains("<dt>Intervals</dt>"), "no metric, no interval to describe")
        XCTAssertEqual(SiteAudit.problems(pages.map { (path: $0.key, contents: $0.value) }), [])
        // With neither a reference nor a schema there is nothing to judge, and the overview says so.
        var bare = data.dataOnly()
        bare.drift = nil
        bare.anomalies = nil
        bare.data = DataResults(current: data.data().current)
        let plain = try XCTUnwrap(render(bare)["index.html"])
        XCTAssertTrue(plain.contains("Nothing to judge: no reference"))
        let page = try XCTUnwrap(render(bare)["data.html"])
        XCTAssertTrue(page.contains("No reference data set was given"))
        XCTAssertFalse(page.contains(">Reference</th>"))
    }

    /// On a phone, charts keep a minimum width and scroll; the small bin charts (320 wide) fit as
    /// they are, so they are exempt — else each mover scrolls sideways on its own.
    func testBinChartsFitAPhoneWithoutScrolling() throws {
        let css = try XCTUnwrap(TemplateLibrary.embeddedSources["style.css"])
        let phone = try XCTUnwrap(section(of: css, from: "@media (max-width: 640px)", to: "\n}"))
        XCTAssertTrue(phone.contains("figure.chart svg.chart { min-width: 30rem; }"))
        XCTAssertTrue(phone.contains("figure.chart svg.chart-bins { min-width: 0; }"))
        XCTAssertLessThanOrEqual(BinShareChart.width, 340)
    }

    private func section(of page: String, from start: String, to end: String) -> String? {
        guard let a = page.range(of: start), let b = page.range(of: end, range: a.upperBound..<page.endIndex) else {
            return nil
        }
        return String(page[a.lowerBound..<b.upperBound])
    }
}

/// The model card (model-card.html and MODEL_CARD.md) states the data checks when the build made
/// them: anomalies against the schema and the drifted columns, predictions and label.
final class DataCardTests: XCTestCase {
    func testModelCardPageAndMarkdownListAnomaliesAndDriftedColumns() throws {
        var data = DataFixture()
        data.predictionModel = "candidate"
        data.newCategory = "P|R *x*"
        let results = data.adding(to: ResultsFixture().build())
        let card = ModelCardPageTests.card()
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded(), card: card)
        let page = try XCTUnwrap(files.first { $0.path == "model-card.html" }?.contents)
        let checks = try XCTUnwrap(
            page.range(of: "Data checks").map { String(page[$0.lowerBound...].prefix(3_000)) })
        XCTAssertTrue(checks.contains("<li>Error: Column region: expected values in its domain"))
        XCTAssertTrue(checks.contains("<li>Warning: Column income: expected at most 1.0% missing"))
        XCTAssertTrue(checks.contains("<li>Column income drifted from the reference: PSI 0.620 ≥ 0.2.</li>"))
        XCTAssertTrue(
            checks.contains("<li>The predictions of candidate (p_new) drifted from the reference: PSI 0.350 ≥ 0.2.</li>"))
        XCTAssertTrue(checks.contains("href=\"data.html\""))
        XCTAssertEqual(SiteAudit.problems(files.map { (path: $0.path, contents: $0.contents) }), [])

        let markdown = try XCTUnwrap(
            ModelCardOutputs.files(results: results, card: card, withSite: true).first {
                $0.path == ModelCardOutputs.markdownPath
            }?.contents)
        XCTAssertTrue(markdown.contains("### Data checks"))
        XCTAssertTrue(markdown.contains("- Column income drifted from the reference: PSI 0.620 ≥ 0.2."))
        XCTAssertTrue(markdown.contains("- Error: Column region: expected values in its domain"))

        // Without data checks the card has no such section.
        let plain = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded(), card: card)
        XCTAssertFalse(try XCTUnwrap(plain.first { $0.path == "model-card.html" }?.contents).contains("Data checks"))
    }

    func testModelCardSaysNothingDriftedWhenTheReferenceMatches() throws {
        var data = DataFixture()
        data.anomalies = []
        var results = data.adding(to: ResultsFixture().build())
        results.drift = [DataFixture.numericDrift("income", psi: 0.01, drifted: false)]
        let markdown = try XCTUnwrap(
            ModelCardOutputs.files(results: results, card: ModelCardPageTests.card(), withSite: false).first {
                $0.path == ModelCardOutputs.markdownPath
            }?.contents)
        XCTAssertTrue(markdown.contains("The data matches the schema: no anomalies."))
        XCTAssertTrue(markdown.contains("Nothing drifted from the reference (1 column compared)."))
    }
}
