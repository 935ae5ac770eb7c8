import Foundation
import LoupeResults
import XCTest

@testable import LoupeSite

final class SiteRendererTests: XCTestCase {
    private func render(_ results: Results) throws -> [String: String] {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        XCTAssertEqual(Set(files.map(\.path)).count, files.count, "paths are unique")
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    private func render(_ fixture: ResultsFixture = ResultsFixture()) throws -> [String: String] {
        try render(fixture.build())
    }

    /// The publisher draws the pages on several cores in any order: a page drawn alone, after
    /// the others or before them, is the same file `render` draws in navigation order.
    func testPagesDrawnInAnyOrderEqualTheSitesPages() throws {
        let results = ResultsFixture().build()
        let site = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        let rendering = try SiteRenderer.rendering(results, templates: TemplateLibrary.embedded())
        XCTAssertEqual(rendering.pageCount, site.count)
        let backwards = try (0..<rendering.pageCount).reversed().map { try rendering.page($0) }
        XCTAssertEqual(backwards.reversed().map(\.path), site.map(\.path))
        XCTAssertEqual(backwards.reversed().map(\.contents), site.map(\.contents))
    }

    func testPagesExist() throws {
        let pages = try render()
        XCTAssertEqual(
            pages.keys.sorted(), ["fairness.html", "index.html", "model-benchmark.html", "model-candidate.html", "slices.html"])
    }

    func testNavigationIsTheSameOnEveryPageAndMarksTheCurrentOne() throws {
        let pages = try render()
        var navigations: Set<String> = []
        for (path, page) in pages {
            let nav = try XCTUnwrap(section(of: page, from: "<nav aria-label=\"Report pages\">", to: "</nav>"), path)
            XCTAssertTrue(nav.contains("<a href=\"\(path)\" aria-current=\"page\">"), path)
            XCTAssertEqual(nav.components(separatedBy: "aria-current").count, 2, path)
            navigations.insert(nav.replacingOccurrences(of: " aria-current=\"page\"", with: ""))
        }
        XCTAssertEqual(navigations.count, 1)
        let nav = try XCTUnwrap(navigations.first)
        let order = ["index.html", "slices.html", "fairness.html", "model-candidate.html", "model-benchmark.html"].map {
            nav.range(of: $0)?.lowerBound
        }
        XCTAssertEqual(order.compactMap { $0 }.count, 5)
        XCTAssertEqual(
            order.compactMap { $0 }, order.compactMap { $0 }.sorted(), "Overview, Slices, Fairness, then models in order")
        XCTAssertTrue(nav.contains(">benchmark (baseline)<"))
        XCTAssertFalse(nav.contains("Residuals"), "pages without content are not listed")
    }

    func testNavigationListsExactlyTheDrawnPagesInTheirOrder() throws {
        let results = ResultsFixture().build()
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        for file in files {
            let nav = try XCTUnwrap(
                section(of: file.contents, from: "<nav aria-label=\"Report pages\">", to: "</nav>"), file.path)
            let hrefs = nav.components(separatedBy: "<a href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            XCTAssertEqual(hrefs, files.map(\.path), file.path)
        }
    }

    func testEveryPageIsSelfContained() throws {
        for (path, rendered) in try render() {
            // SVG namespace names look like addresses but are never fetched.
            let page = rendered.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
                .replacingOccurrences(of: "xmlns:xlink=\"http://www.w3.org/1999/xlink\"", with: "")
            XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>\n"), path)
            XCTAssertTrue(page.contains("<meta charset=\"utf-8\">"), path)
            XCTAssertTrue(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), path)
            XCTAssertTrue(page.contains("<meta name=\"viewport\""), path)
            XCTAssertTrue(page.contains("<style>\n:root {"), "stylesheet inlined in \(path)")
            XCTAssertFalse(page.contains("http://"), path)
            XCTAssertFalse(page.contains("https://"), path)
            XCTAssertFalse(page.contains("<script src"), path)
            XCTAssertFalse(page.contains("<link"), path)
            XCTAssertFalse(page.contains("{{"), "no unrendered tag in \(path)")
            XCTAssertTrue(page.contains("<a href=\"results.json\">results.json</a>"), path)
            XCTAssertTrue(
                page.contains("9f2c1e0b7d4a5c3e8f6a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcde"), "provenance in \(path)")
        }
    }

    func testScriptIsAllowedByItsHashOnly() throws {
        let pages = try render()
        let slices = try XCTUnwrap(pages["slices.html"])
        let code = try XCTUnwrap(section(of: slices, from: "<script>", to: "</script>"))
            .dropFirst("<script>".count).dropLast("</script>".count)
        let source = ScriptHash.contentSecurityPolicySource(for: String(code))
        XCTAssertTrue(slices.contains("script-src \(source);"))
        XCTAssertFalse(slices.contains("script-src 'unsafe-inline'"), "scripts are not allowed wholesale")
        XCTAssertTrue(try XCTUnwrap(pages["model-candidate.html"]).contains("script-src 'none';"))
    }

    func testSortScriptOnlyWhereTablesSort() throws {
        let pages = try render()
        XCTAssertEqual(pages["slices.html"]?.components(separatedBy: "<script>").count, 2)
        XCTAssertTrue(pages["slices.html"]?.contains("<table class=\"data sortable\">") ?? false)
        XCTAssertEqual(pages["model-candidate.html"]?.contains("<script"), false)
    }

    func testSameInputGivesIdenticalOutput() throws {
        let results = ResultsFixture().build()
        let first = try render(results)
        let second = try render(results)
        XCTAssertEqual(first, second)
        // Dictionaries rebuilt by decoding come back in another order; the pages must not change.
        let decoded = try JSONDecoder().decode(Results.self, from: JSONEncoder().encode(results))
        XCTAssertEqual(try render(decoded), first)
    }

    func testHostileStringsAreEscapedEverywhere() throws {
        var fixture = ResultsFixture()
        fixture.title = "<script>alert(1)</script> \"'& report"
        fixture.description = "</svg><b>bold</b> {{x}}"
        fixture.candidate = "<script>alert(1)</script>"
        fixture.regionColumn = "reg\"'&<i>ion"
        fixture.oddRegion = "</svg><script>alert(2)</script>{{title}}"
        fixture.raceColumn = "ra<b>ce\"'&"
        fixture.fairnessGroup = "<img src=x onerror=alert(3)>{{title}}"
        let pages = try render(fixture)
        XCTAssertEqual(pages.count, 5)
        for (path, page) in pages {
            for raw in ["<script>alert", "</svg><script", "</svg><b>", "<b>bold", "<i>ion", "\"'&", "<img", "ra<b>"] {
                XCTAssertFalse(page.contains(raw), "'\(raw)' unescaped in \(path)")
            }
            XCTAssertEqual(
                page.components(separatedBy: "<script").count - 1, page.contains("<script>// Optional: click") ? 1 : 0,
                "only the sort script in \(path)")
        }
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertTrue(index.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp; report</h1>"))
        XCTAssertTrue(index.contains("&lt;/svg&gt;&lt;b&gt;bold&lt;/b&gt; {{x}}"), "data is never read as a template")
        XCTAssertTrue(
            index.contains("reg&quot;&#39;&amp;&lt;i&gt;ion = &lt;/svg&gt;&lt;script&gt;alert(2)&lt;/script&gt;{{title}}"))
        XCTAssertNotNil(pages["model-script-alert-1-script.html"], "model slug is file-name safe")
        XCTAssertTrue(pages["slices.html"]?.contains("id=\"spec-reg-i-ion\"") ?? false, "anchor is attribute safe")
        let fairness = try XCTUnwrap(pages["fairness.html"])
        XCTAssertTrue(fairness.contains("&lt;img src=x onerror=alert(3)&gt;{{title}}"), "group names escaped")
        XCTAssertTrue(
            fairness.contains("<h2 id=\"fairness-ra-b-ce_title\">ra&lt;b&gt;ce&quot;&#39;&amp;</h2>"), "attribute escaped")
        XCTAssertTrue(fairness.contains("id=\"fairness-ra-b-ce--benchmark--img-src-x-onerror-alert-3-title--fpr\""))
    }

    func testPlantedProblemsAreFindings() throws {
        var fixture = ResultsFixture()
        fixture.includeComparisons = true
        let index = try XCTUnwrap(try render(fixture)["index.html"])
        let findings = try XCTUnwrap(section(of: index, from: "<ul class=\"findings\">", to: "</ul>"))
        XCTAssertTrue(
            findings.contains(
                "<strong>candidate</strong> loses to <strong>benchmark</strong> on <strong>region = NV</strong>: ROC AUC 0.612 vs 0.764, −0.152 (−0.205 to −0.099), paired DeLong p &lt; 0.001 — significantly worse"
            ))
        XCTAssertTrue(
            findings.contains(
                "<strong>candidate</strong> is worse on <strong>sex = F, age_band = 65+</strong>: ROC AUC 0.760 (0.716–0.804) vs 0.803 overall — a significant gap of −0.043. 1 more slice is significantly weaker."
            ))
        XCTAssertTrue(
            findings.contains(
                "<strong>candidate</strong> is miscalibrated for <strong>sex = F, age_band = 65+</strong>: ECE 0.210"))
        XCTAssertTrue(findings.contains("<strong>candidate</strong> vs <strong>benchmark</strong> overall: ROC AUC 0.803"))
        XCTAssertTrue(findings.contains("No slice is significantly worse than overall for <strong>benchmark</strong>"))
        XCTAssertTrue(
            findings.contains("href=\"comparison.html#cmp-candidate-spec-region--region-nv\""),
            "findings link to the paired comparison")
        XCTAssertTrue(try XCTUnwrap(try render()["slices.html"]).contains("<tr id=\"spec-region--region-nv\">"))
        // The weakest slices table opens with the planted region.
        let weakest = try XCTUnwrap(section(of: index, from: "<h2 id=\"weakest\">", to: "</table>"))
        let firstRow = try XCTUnwrap(section(of: weakest, from: "<tbody>", to: "</tr>"))
        XCTAssertTrue(firstRow.contains("region = NV"))
        XCTAssertTrue(firstRow.contains("<span class=\"badge\">significant</span>"))
    }

    func testOverallMiscalibrationIsAFinding() throws {
        var results = ResultsFixture().build()
        results.overall["benchmark"]?["ece"] = Metric(0.15, lower: 0.13, upper: 0.17)
        let index = try XCTUnwrap(try render(results)["index.html"])
        XCTAssertTrue(index.contains("<strong>benchmark</strong> is miscalibrated overall: ECE 0.150 (0.130–0.170)"))
        XCTAssertTrue(index.contains("href=\"model-benchmark.html#calibration\""))
    }

    func testSingleModelWithoutBaseline() throws {
        var results = ResultsFixture().build()
        results.models = ["candidate"]
        results.baseline = nil
        let pages = try render(results)
        XCTAssertEqual(pages.keys.sorted(), ["fairness.html", "index.html", "model-candidate.html", "slices.html"])
        XCTAssertFalse(
            pages["fairness.html"]?.contains("fairness-race--benchmark") ?? true, "no fairness results for an unlisted model")
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertFalse(index.contains("loses to"))
        XCTAssertFalse(index.contains("model-benchmark.html"), "no page or link for a model not in results.models")
        XCTAssertFalse(index.contains("<th scope=\"col\" class=\"num\">benchmark"), "no column for it either")
        XCTAssertTrue(index.contains("<strong>candidate</strong> is worse on <strong>region = NV</strong>"))
    }

    func testOverviewSaysWhatWasEvaluated() throws {
        let index = try XCTUnwrap(try render()["index.html"])
        XCTAssertTrue(index.contains("6,172 evaluated of 6,200 read; 28 excluded"))
        XCTAssertTrue(index.contains("<li>21: missing label</li>"))
        XCTAssertTrue(
            index.contains("Binary classification of defaulted (positive: yes) at threshold 0.5 · 6,172 rows · 2 models"))
        XCTAssertTrue(index.contains("<li>1 slice has fewer than 30 rows and is reported without numbers.</li>"))
    }

    func testSlicesAreWorstFirstWithTooSmallLast() throws {
        let slices = try XCTUnwrap(try render()["slices.html"])
        let region = try XCTUnwrap(section(of: slices, from: "<section class=\"spec\" id=\"spec-region\"", to: "</section>"))
        let positions = ["region = NV", "region = East", "region = West", "region = (missing)"].map {
            region.range(of: $0)?.lowerBound
        }
        XCTAssertEqual(positions.compactMap { $0 }.count, 4)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
        XCTAssertTrue(
            region.contains(
                "<tr id=\"spec-region--region-missing\" class=\"too-small\"><th scope=\"row\">region = (missing)</th><td class=\"num\" data-value=\"12\" data-label=\"Rows\">12</td><td class=\"text\" colspan=\"4\">too few examples (n = 12 &lt; 30)</td></tr>"
            ))
    }

    func testUndefinedMetricsSayWhy() throws {
        let slices = try XCTUnwrap(try render()["slices.html"])
        XCTAssertTrue(
            slices.contains(
                "<span class=\"undefined\" title=\"ROC AUC needs both positive and negative examples.\">undefined</span></td>"
            ))
        XCTAssertFalse(slices.contains(">NaN<") || slices.contains("\"nan\"") || slices.contains("\"NaN\""))
    }

    func testNumbersCarryExactSortValuesAndIntervals() throws {
        let model = try XCTUnwrap(try render()["model-candidate.html"])
        XCTAssertTrue(
            model.contains(
                "<td class=\"num\" data-value=\"0.803\" data-label=\"candidate\">0.803<span class=\"ci\">(0.793–0.813)</span></td>"
            ))
        XCTAssertTrue(model.contains("<td class=\"text\" data-label=\"Interval method\">DeLong</td>"))
        XCTAssertTrue(model.contains(" data-value=\"4120.0\" data-label="), "confusion counts with separators")
        XCTAssertTrue(model.contains("\">4,120</td>"), "confusion counts with separators")
    }

    func testResultsLinkCanPointElsewhere() throws {
        let files = try SiteRenderer.render(
            ResultsFixture().build(), templates: TemplateLibrary.embedded(), resultsHref: "../out/results.json")
        XCTAssertTrue(files.allSatisfy { $0.contents.contains("<a href=\"../out/results.json\">") })
    }

    func testNoSlicesMeansNoSlicesPage() throws {
        var results = ResultsFixture().build()
        results.slices = []
        results.sliceSpecs = []
        let pages = try render(results)
        XCTAssertNil(pages["slices.html"])
        XCTAssertFalse(pages["index.html"]?.contains("slices.html") ?? true)
    }

    func testSlugsAreSafeAndUnique() {
        XCTAssertEqual(
            Slug.unique(["A b", "a-b", "", "日本", "Ünïcode 2"], fallback: "model"),
            ["a-b", "a-b-2", "model", "model-2", "unicode-2"])
    }

    /// Writes the fixture site to $LOUPE_SITE_PREVIEW (for looking at it in a browser).
    func testWritePreviewWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["LOUPE_SITE_PREVIEW"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (path, contents) in try render() {
            try contents.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
        }
    }

    private func section(of text: String, from start: String, to end: String) -> String? {
        guard let lower = text.range(of: start),
            let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
        else { return nil }
        return String(text[lower.lowerBound..<upper.upperBound])
    }
}

final class FindingsTests: XCTestCase {
    /// The site judges no significance of its own: without a paired comparison the difference to
    /// the baseline is reported as not tested, and no slice is said to lose to it.
    func testWithoutPairedComparisonsTheDifferenceIsNotTested() {
        var results = ResultsFixture().build()
        results.comparisons = []
        let findings = Findings.derive(Site(results: results, resultsHref: "results.json"))
        let overall = findings.filter { $0.kind == .baselineOverall }
        XCTAssertEqual(overall.count, 1)
        XCTAssert(overall[0].sentence.markup.contains("not tested"), overall[0].sentence.markup)
        XCTAssertFalse(overall[0].concern)
        XCTAssert(findings.allSatisfy { $0.kind != .baselineSlice })
    }

    /// Slice gaps are ordered by the gap over its interval's width: a smaller gap known more
    /// precisely can be surer than a larger one.
    func testGapStrengthIsTheGapOverTheIntervalWidth() {
        let wide = SliceGap(
            metric: "roc_auc", difference: Metric(-0.10, lower: -0.18, upper: -0.02), worse: 0.10, significant: true)
        let narrow = SliceGap(
            metric: "roc_auc", difference: Metric(-0.05, lower: -0.07, upper: -0.03), worse: 0.05, significant: true)
        XCTAssertEqual(Findings.gapStrength(wide), 0.10 / 0.16, accuracy: 1e-12)
        XCTAssertGreaterThan(Findings.gapStrength(narrow), Findings.gapStrength(wide))
        XCTAssertEqual(Findings.gapStrength(nil), 0)
    }
}

final class TemplateOverrideRenderingTests: XCTestCase {
    private func folder(with files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    func testOverriddenPartialAppearsOnEveryPage() throws {
        let url = try folder(with: ["footer.html": "<footer>{{#footer}}Data {{dataFile}}{{/footer}} · ACME</footer>\n"])
        let files = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary(overrideFolder: url.path))
        XCTAssertEqual(files.count, 5)
        XCTAssertTrue(files.allSatisfy { $0.contents.contains("<footer>Data data/holdout.csv · ACME</footer>") })
    }

    func testUnknownVariableInAnOverrideIsAnErrorWithItsLocation() throws {
        let url = try folder(with: ["index.html": "<h1>{{title}}</h1>\n<p>{{sliceCount}}</p>\n"])
        let library = try TemplateLibrary(overrideFolder: url.path)
        XCTAssertThrowsError(try SiteRenderer.render(ResultsFixture().build(), templates: library)) { error in
            XCTAssertEqual("\(error)", url.appendingPathComponent("index.html").path + ":2:4: unknown variable 'sliceCount'")
        }
    }
}
