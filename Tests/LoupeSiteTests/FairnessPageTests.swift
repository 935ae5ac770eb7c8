import Foundation
import LoupeResults
import XCTest

@testable import LoupeSite

final class FairnessPageTests: XCTestCase {
    private func render(_ results: Results) throws -> [String: String] {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    private func fairnessPage(_ fixture: ResultsFixture = ResultsFixture()) throws -> String {
        try XCTUnwrap(try render(fixture.build())["fairness.html"])
    }

    private func section(of text: String, from start: String, to end: String) -> String? {
        guard let lower = text.range(of: start),
            let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
        else { return nil }
        return String(text[lower.lowerBound..<upper.upperBound])
    }

    func testNoFairnessResultsMeansNoPageAndNoLink() throws {
        var fixture = ResultsFixture()
        fixture.includeFairness = false
        let pages = try render(fixture.build())
        XCTAssertNil(pages["fairness.html"])
        for (path, page) in pages {
            XCTAssertFalse(page.contains("fairness.html"), path)
            XCTAssertFalse(page.contains(">Fairness<"), path)
        }
    }

    func testSummaryNamesTheLargestSignificantGapsInPlainWords() throws {
        let page = try fairnessPage()
        let summary = try XCTUnwrap(section(of: page, from: "<h2 id=\"summary\">", to: "</section>"))
        XCTAssertTrue(
            summary.contains(
                "For <strong>candidate</strong> at threshold 0.5, the false positive rate for <strong>African-American</strong> is 0.418 (0.393–0.442) vs 0.218 (0.196–0.241) for the reference group <strong>Caucasian</strong>: 1.9× higher (outside the four-fifths band), significant (Holm p &lt; 0.001)."
            ))
        // At most three per attribute and model; the rest are counted, not dropped.
        let race = try XCTUnwrap(section(of: summary, from: "<a href=\"#fairness-race\">race</a>", to: "</ul>"))
        XCTAssertEqual(race.components(separatedBy: "For <strong>candidate</strong>").count - 1, 3)
        XCTAssertTrue(race.contains("3 more gaps are significant."))
        XCTAssertTrue(race.contains("href=\"#fairness-race--candidate--african-american--fpr\""), "links to the gap's row")
        // Too small is not fair.
        XCTAssertTrue(
            race.contains(
                "<strong>Native American</strong> (n = 11) has too few examples to judge: listed without rates, which says nothing about whether the model treats it fairly."
            ))
        XCTAssertFalse(page.contains("is fair") || page.contains(" fair."))
        // No significant gap: said plainly, per model.
        let sex = try XCTUnwrap(section(of: summary, from: "<a href=\"#fairness-sex\">sex</a>", to: "</ul>"))
        XCTAssertTrue(
            sex.contains(
                "For <strong>benchmark</strong> at threshold 0.5, no group&#39;s rate differs significantly from the reference group <strong>Male</strong> after Holm&#39;s adjustment for multiple comparisons."
            ))
        XCTAssertFalse(sex.contains("class=\"concern\""))
    }

    /// A winner was declared on 0.377 vs 0.380 with no interval: only a significant paired
    /// difference of the summary metrics names the model with the smaller gaps.
    func testModelsAreComparedOnGapsAndOverallCost() throws {
        let untested = try fairnessPage()
        XCTAssertTrue(
            untested.contains(
                "On <strong>race</strong>, neither model has significantly smaller gaps: equalized odds difference 0.251 for candidate vs 0.091 for benchmark — not tested: these results carry no paired comparison of the models&#39; gaps."
            ))
        var results = ResultsFixture().build()
        func comparison(_ d: Double, _ lower: Double, _ upper: Double, p: Double, verdict: String) -> FairnessComparison {
            FairnessComparison(
                baseline: "benchmark", threshold: 0.5,
                metrics: [
                    "equalized_odds_difference": MetricComparison(
                        model: nil, baseline: nil, difference: Metric(d, lower: lower, upper: upper), relative: nil,
                        method: "paired_bootstrap", pValue: p, verdict: verdict)
                ])
        }
        for i in results.fairness.indices where results.fairness[i].model == "candidate" {
            results.fairness[i].comparison =
                results.fairness[i].attribute == "race"
                ? comparison(0.16, 0.1, 0.22, p: 0.001, verdict: "worse")
                : comparison(0.001, -0.02, 0.03, p: 0.4, verdict: "no_significant_difference")
        }
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        let page = try XCTUnwrap(files.first { $0.path == "fairness.html" }?.contents)
        XCTAssertTrue(
            page.contains(
                "On <strong>race</strong>, <strong>benchmark</strong> has significantly smaller gaps: equalized odds difference 0.091 vs 0.251 for candidate (paired difference +0.160 (+0.100 to +0.220), p = 0.001) (as small or smaller on 5 of 5 summary metrics), at a cost of 0.018 in accuracy (0.794 vs 0.812 for candidate) and 0.022 in ROC AUC (0.781 vs 0.803 for candidate) overall."
            ), page)
        XCTAssertTrue(
            page.contains(
                "On <strong>sex</strong>, neither model has significantly smaller gaps: equalized odds difference 0.012 for candidate vs 0.012 for benchmark, a paired difference of +0.001 (−0.020 to +0.030) — not significant (paired bootstrap, p = 0.400)."
            ))
        // Summary metrics side by side, with the overall accuracy beneath.
        let table = try XCTUnwrap(section(of: page, from: "<h3 id=\"fairness-race_summary\">", to: "</table>"))
        XCTAssertTrue(table.contains("<th scope=\"row\">Equalized odds difference<span class=\"sub\">"))
        XCTAssertTrue(
            table.contains("<td class=\"num\" data-value=\"0.7\">0.700</td>") || table.contains("Demographic parity ratio"))
        XCTAssertTrue(table.contains("<tr class=\"overall\"><th scope=\"row\">Accuracy<span class=\"sub\">"))
    }

    func testRatesTableMarksReferenceFlagsAndUndefinedValues() throws {
        let page = try fairnessPage()
        let block = try XCTUnwrap(
            section(of: page, from: "<section class=\"fairness-model\" id=\"fairness-race--candidate\">", to: "</section>"))
        let rates = try XCTUnwrap(section(of: block, from: "<h4>Rates by group</h4>", to: "</table>"))
        let rows = rates.components(separatedBy: "<tr").dropFirst(2).map { String($0) }
        XCTAssertTrue(
            rows[0].hasPrefix(
                " class=\"reference\"><th scope=\"row\" data-value=\"Caucasian\">Caucasian <span class=\"tag\">reference</span></th>"
            ))
        XCTAssertTrue(
            rows.last?.contains("class=\"too-small\"><th scope=\"row\" data-value=\"Native American\">Native American</th>")
                ?? false)
        XCTAssertTrue(rows.last?.contains("too few examples to judge") ?? false)
        // The group without positives: TPR is undefined and says why.
        let other = try XCTUnwrap(rows.first { $0.contains("data-value=\"Other\"") })
        XCTAssertTrue(other.contains("<span class=\"undefined\" title=\"The group has no positive examples.\">undefined</span>"))
        // A significant gap shades the rate and marks it with a symbol, not colour alone.
        let african = try XCTUnwrap(rows.first { $0.contains("data-value=\"African-American\"") })
        XCTAssertTrue(african.contains("<td class=\"num flag\" data-value=\"0.4175"))
        let hispanic = try XCTUnwrap(rows.first { $0.contains("data-value=\"Hispanic\"") })
        XCTAssertFalse(hispanic.contains("flag"))
        XCTAssertFalse(rates.contains(">NaN<"))
    }

    /// ▲ marked every significant rate, a lower selection rate (COMPAS's Other group, 0.204 vs
    /// 0.576) like a higher false positive rate: the mark says the direction and whether it is worse.
    func testSignificantRateMarkSaysDirectionAndWhetherItIsWorse() throws {
        let lowerSelection = FairnessCatalog.gapMark(rate: "selection_rate", difference: -0.37)
        XCTAssertEqual(lowerSelection.symbol, "▼")
        XCTAssertNil(lowerSelection.worse)
        XCTAssertTrue(lowerSelection.words.contains("lower") && lowerSelection.words.contains("neither better nor worse"))
        let higherFPR = FairnessCatalog.gapMark(rate: "fpr", difference: 0.2)
        XCTAssertEqual(higherFPR.symbol, "▲")
        XCTAssertEqual(higherFPR.worse, true)
        let higherTPR = FairnessCatalog.gapMark(rate: "tpr", difference: 0.2)
        XCTAssertEqual(higherTPR.worse, false)
        XCTAssertTrue(higherTPR.words.contains("better for this group"))
        let page = try fairnessPage()
        XCTAssertTrue(page.contains("title=\"Significantly higher than the reference group&#39;s: worse for this group\""))
        XCTAssertTrue(page.contains("▲ / ▼ mark a rate significantly higher / lower"))
    }

    func testGapTableIsWorstFirstWithTestsAndSeparateFlags() throws {
        let page = try fairnessPage()
        let block = try XCTUnwrap(
            section(of: page, from: "<section class=\"fairness-model\" id=\"fairness-race--candidate\">", to: "</section>"))
        let gaps = try XCTUnwrap(section(of: block, from: "<h4>Gaps to the reference group, Caucasian</h4>", to: "</table>"))
        XCTAssertTrue(gaps.contains("<table class=\"data sortable\">"))
        let fpr = try XCTUnwrap(
            section(of: gaps, from: "<tr id=\"fairness-race--candidate--african-american--fpr\">", to: "</tr>"))
        XCTAssertTrue(fpr.contains("+0.200<span class=\"ci\">(+0.166 to +0.233)</span>"))
        XCTAssertTrue(fpr.contains(">1.92</td>"))
        XCTAssertTrue(fpr.contains("<span class=\"badge\">significant</span>"))
        XCTAssertTrue(fpr.contains("<span class=\"badge\">outside</span>"))
        XCTAssertTrue(fpr.contains(">&lt; 0.001</td>"))
        // Significant rows first, then the rest by Holm p-value; mirrored TPR/TNR rows left out.
        let significantRows = gaps.components(separatedBy: "<tr id=").dropFirst().map { $0.contains("badge\">significant") }
        XCTAssertEqual(significantRows, significantRows.sorted { $0 && !$1 })
        XCTAssertFalse(gaps.contains("--tpr\""))
        XCTAssertFalse(gaps.contains("--tnr\""))
        // Significant before adjustment only is not called significant.
        XCTAssertTrue(gaps.contains("unadjusted only"))
        // A gap with an undefined side: no test, said so.
        let otherFNR = try XCTUnwrap(section(of: gaps, from: "<tr id=\"fairness-race--candidate--other--fnr\">", to: "</tr>"))
        XCTAssertTrue(otherFNR.contains("title=\"No test: a rate is undefined.\""))
    }

    func testChartsShowEveryGroupAgainstThreshold() throws {
        let page = try fairnessPage()
        let block = try XCTUnwrap(
            section(of: page, from: "<section class=\"fairness-model\" id=\"fairness-race--candidate\">", to: "</section>")
                .flatMap { section(of: $0, from: "<h4>Rates across thresholds</h4>", to: "<h4>Thresholds per group</h4>") })
        for title in [
            "Who is selected at each threshold? Selection rate by race, candidate",
            "Whose positives are found? True positive rate by race, candidate",
            "Who bears the false positives? False positive rate by race, candidate",
            "Whose positive predictions are right? Precision (PPV) by race, candidate",
        ] {
            XCTAssertTrue(block.contains(title), title)
        }
        XCTAssertEqual(block.components(separatedBy: "<svg").count - 1, 4)
        XCTAssertTrue(block.contains("Caucasian (reference)"))
        XCTAssertTrue(block.contains("threshold 0.5"), "the decision threshold is marked")
        XCTAssertFalse(block.contains(">Native American<"), "too small groups are not drawn")
        XCTAssertTrue(page.contains("Does the ranking work as well within every group? ROC AUC by race"))
    }

    func testIdsAreUniqueEvenWhenNamesLookAlike() throws {
        var results = ResultsFixture().build()
        // An attribute whose slug is another's plus a suffix the page uses.
        var lookalike = results.fairness[0]
        lookalike.attribute = "race title"
        var summary = results.fairness[0]
        summary.attribute = "summary"
        results.fairness += [lookalike, summary]
        let page = try XCTUnwrap(try render(results)["fairness.html"])
        var ids: [String: Int] = [:]
        var rest = Substring(page)
        while let start = rest.range(of: " id=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            ids[String(rest[..<end]), default: 0] += 1
        }
        XCTAssertEqual(ids.filter { $0.value > 1 }, [:])
        XCTAssertNotNil(ids["fairness-race-title"])
        XCTAssertNotNil(ids["fairness-summary"])
    }

    func testManyGroupsAreChartedAsTheWorstFewWithANote() throws {
        var results = ResultsFixture().build()
        results.fairness = results.fairness.filter { $0.attribute == "race" && $0.model == "candidate" }
        for t in results.fairness[0].thresholds.indices {
            let template = try XCTUnwrap(results.fairness[0].thresholds[t].groups.first { $0.group == "Hispanic" })
            for extra in 1...6 {
                var group = template
                group.group = "Group \(extra)"
                results.fairness[0].thresholds[t].groups.append(group)
            }
        }
        let page = try XCTUnwrap(try render(results)["fairness.html"])
        XCTAssertTrue(
            page.contains(
                "The charts show the reference group and the 7 groups with the largest gaps, of 10; the tables list all of them.")
        )
        let charts = try XCTUnwrap(section(of: page, from: "<h4>Rates across thresholds</h4>", to: "</div>"))
        let selection = try XCTUnwrap(section(of: charts, from: "<svg", to: "</svg>"))
        XCTAssertEqual(selection.components(separatedBy: "class=\"legend-item ").count - 1, 8)
        let rates = try XCTUnwrap(section(of: page, from: "<h4>Rates by group</h4>", to: "</table>"))
        XCTAssertTrue(rates.contains("data-value=\"Group 6\""), "the table keeps every group")
    }

    func testThresholdAnalysisInASentenceAndATable() throws {
        let page = try fairnessPage()
        XCTAssertTrue(
            page.contains(
                "With one threshold for everyone, the lowest cost (false positives × 1 + false negatives) is 1,402, at threshold 0.49; the decision threshold costs 1,409. A threshold per group, each at its own lowest cost, would cost 1,371 (2.2% less than the best single threshold)."
            ))
        XCTAssertTrue(
            page.contains("<td class=\"num\" data-value=\"0.58\" data-label=\"Equal opportunity · threshold\">0.58</td>"),
            "candidate's equal-opportunity threshold")
    }

    func testNearestThresholdIsUsedAndSaid() throws {
        var results = ResultsFixture().build()
        results.threshold = 0.47
        let page = try XCTUnwrap(try render(results)["fairness.html"])
        XCTAssertTrue(
            page.contains(
                "The fairness analysis has no results at the decision threshold 0.47; tables and sentences use the nearest analysed threshold, 0.5."
            ))
        XCTAssertTrue(page.contains("For <strong>candidate</strong> at threshold 0.5, the false positive rate"))
    }

    func testOverviewLinksToTheWorstGap() throws {
        let index = try XCTUnwrap(try render(ResultsFixture().build())["index.html"])
        let findings = try XCTUnwrap(section(of: index, from: "<ul class=\"findings\">", to: "</ul>"))
        XCTAssertTrue(
            findings.contains(
                "For <strong>candidate</strong> at threshold 0.5, the precision (PPV) for <strong>race = Other</strong> is 0.000")
        )
        XCTAssertTrue(findings.contains("more gaps between groups are significant."))
        XCTAssertTrue(findings.contains("href=\"fairness.html#fairness-race--candidate--other--ppv\""))
        XCTAssertTrue(index.contains("<a href=\"fairness.html\">Fairness</a>"))
    }

    func testOverviewSaysWhenNoGapIsSignificant() throws {
        var results = ResultsFixture().build()
        results.fairness = results.fairness.filter { $0.attribute == "sex" }
        let index = try XCTUnwrap(try render(results)["index.html"])
        XCTAssertTrue(index.contains("No gap between groups is significant at threshold 0.5 on <strong>sex</strong>."))
    }

    func testPlainWordsForRatiosAndPValues() {
        func item(ratio: Double?, difference: Double) -> FairnessStatements.Item {
            let gap = FairnessGap(
                difference: Metric(difference), ratio: ratio, significant: true, pValue: 0.01, holmPValue: 0.02,
                outsideFourFifths: false)
            let group = FairnessGroup(group: "A", count: 100, positives: 10, tooSmall: false, metrics: [:], gaps: [:])
            return FairnessStatements.Item(
                attribute: "x", model: "m", reference: "B", threshold: 0.5, rate: "fpr", group: group, referenceGroup: nil,
                gap: gap, href: "")
        }
        XCTAssertEqual(FairnessStatements.comparison(item(ratio: 1.92, difference: 0.2)), "1.9× higher")
        XCTAssertEqual(FairnessStatements.comparison(item(ratio: 12.4, difference: 0.2)), "12× higher")
        XCTAssertEqual(FairnessStatements.comparison(item(ratio: 1.26, difference: 0.1)), "26% higher")
        XCTAssertEqual(FairnessStatements.comparison(item(ratio: 0.53, difference: -0.16)), "47% lower")
        XCTAssertEqual(
            FairnessStatements.comparison(item(ratio: nil, difference: 0.1)), "higher (the reference group's rate is 0)")
        XCTAssertEqual(Formatting.pValue(0.0004), "< 0.001")
        XCTAssertEqual(Formatting.pValue(0.0123, inline: true), "= 0.012")
        XCTAssertEqual(Formatting.threshold(0.30000000000000004), "0.3")
    }

    func testDecisionThresholdIsExactElseNearest() {
        let result = FairnessResult(
            attribute: "a", model: "m", reference: "r",
            thresholds: [0.6, 0.4, 0.5].map { FairnessThreshold(threshold: $0, groups: [], summary: [:]) }, groups: [],
            thresholdAnalysis: nil)
        XCTAssertEqual(FairnessStatements.decisionThreshold(result, threshold: 0.5)?.threshold, 0.5)
        XCTAssertEqual(FairnessStatements.decisionThreshold(result, threshold: 0.56)?.threshold, 0.6)
        XCTAssertEqual(FairnessStatements.decisionThreshold(result, threshold: 0.45)?.threshold, 0.4, "ties go to the lower")
    }
}
