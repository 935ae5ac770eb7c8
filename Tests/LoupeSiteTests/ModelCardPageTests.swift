import Foundation
import LoupeMarkup
import LoupeResults
import XCTest

@testable import LoupeSite

/// model-card.html: drawn only when a card is given; the written sections as given or "not
/// provided"; the quantitative analysis equal to the results, with intervals and links that
/// resolve; every card field escaped.
final class ModelCardPageTests: XCTestCase {
    /// A card with every written section, each text built by `text` (hostile strings go in here).
    static func card(_ text: (String) -> String = { $0 }) -> ModelCard {
        ModelCard(
            schemaVersion: "0.0.2",
            modelDetails: ModelCard.ModelDetails(
                name: text("Credit default model"), overview: text("Scores loan applications for default risk."),
                documentation: text("First paragraph.") + "\n\n" + text("Second paragraph."),
                owners: [ModelCard.Owner(name: text("Risk team"), contact: text("risk@example.com"))],
                version: ModelCard.Version(name: text("3.1"), date: text("2025-07-01"), diff: text("Recalibrated.")),
                licenses: [.identifier(text("Apache-2.0")), .customText(text("Internal use only."))],
                references: [text("https://example.com/paper")],
                citations: [ModelCard.Citation(style: text("APA"), citation: text("Team (2025). The model."))],
                path: text("models/credit/3.1")),
            modelParameters: ModelCard.ModelParameters(
                modelArchitecture: text("Gradient-boosted trees"),
                data: [
                    ModelCard.Dataset(
                        name: text("Training applications"), link: text("https://example.com/data"),
                        description: text("2023–2024 applications."), sensitiveData: [text("race"), text("sex")])
                ],
                inputFormat: text("One application."),
                inputFormatMap: [ModelCard.KeyValue(key: text("income"), value: text("yearly, in dollars"))],
                outputFormat: text("Probability of default.")),
            considerations: ModelCard.Considerations(
                users: [text("Credit analysts")], useCases: [text("Ranking applications")],
                outOfScopeUses: [text("Automated denial")], limitations: [text("Weak in one region")],
                tradeoffs: [text("Accuracy against simplicity")],
                ethicalConsiderations: [
                    ModelCard.Risk(name: text("Disparate error rates"), mitigationStrategy: text("Monitored per group"))
                ]),
            evaluationData: ModelCard.Dataset(name: text("Holdout"), description: text("Q3 holdout applications.")))
    }

    private func render(_ results: Results, card: ModelCard?) throws -> [String: String] {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded(), card: card)
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    private func cardPage(_ results: Results = ResultsFixture().build(), card: ModelCard = card()) throws -> String {
        try XCTUnwrap(try render(results, card: card)["model-card.html"])
    }

    /// The page body between the navigation and the footer.
    private func main(_ page: String) throws -> String {
        let start = try XCTUnwrap(page.range(of: "<main id=\"main\">"))
        let end = try XCTUnwrap(page.range(of: "</main>"))
        return String(page[start.upperBound..<end.lowerBound])
    }

    // MARK: When there is a page

    func testBuildWithoutCardHasNoCardPageAndNoNavigationEntry() throws {
        let pages = try render(ResultsFixture().build(), card: nil)
        XCTAssertNil(pages["model-card.html"])
        for (path, page) in pages {
            XCTAssertFalse(page.contains("model-card.html"), "\(path) links to a card page that is not there")
            XCTAssertFalse(page.contains(">Model card<"), path)
        }
    }

    func testCardGivenAddsThePageToEveryPagesNavigation() throws {
        let pages = try render(ResultsFixture().build(), card: Self.card())
        XCTAssertNotNil(pages["model-card.html"])
        for (path, page) in pages {
            XCTAssertTrue(page.contains("<a href=\"model-card.html\""), "\(path) lists the card page")
        }
        XCTAssertTrue(try XCTUnwrap(pages["model-card.html"]).contains("<a href=\"model-card.html\" aria-current=\"page\">"))
    }

    // MARK: Written sections

    func testEveryWrittenSectionOfAFullCardIsShownAndNoneReadsNotProvided() throws {
        let body = try main(try cardPage())
        for text in [
            "Credit default model", "Scores loan applications for default risk.", "<p>First paragraph.</p>",
            "<p>Second paragraph.</p>", "Risk team", "risk@example.com", "3.1, dated 2025-07-01", "Changes: Recalibrated.",
            "Apache-2.0", "Internal use only.", "https://example.com/paper", "Team (2025). The model.",
            "Gradient-boosted trees", "<code>income</code>: yearly, in dollars", "Probability of default.",
            "Training applications", "2023–2024 applications.", "Credit analysts", "Ranking applications",
            "Automated denial", "Weak in one region", "Accuracy against simplicity", "Disparate error rates",
            "Monitored per group", "Holdout", "Q3 holdout applications.", "models/credit/3.1",
        ] {
            XCTAssertTrue(body.contains(text), "the card page shows \(text)")
        }
        XCTAssertFalse(body.contains("class=\"not-provided\""), "a full card has no section marked not provided")
    }

    func testMissingSectionsReadNotProvidedAndNothingIsInvented() throws {
        let body = try main(try cardPage(card: ModelCard()))
        // Each written section that the empty card leaves out says so, in its own place.
        for heading in [
            "Documentation", "Intended users", "Use cases", "Out-of-scope uses", "Training data", "Limitations",
            "Trade-offs", "Ethical considerations",
        ] {
            let start = try XCTUnwrap(body.range(of: "<h3>\(heading)</h3>"), heading)
            let next = body[start.upperBound...].prefix(120)
            XCTAssertTrue(next.contains("Not provided."), "\(heading) reads not provided: \(next)")
        }
        XCTAssertTrue(body.contains("Overview not provided."))
        XCTAssertTrue(body.contains("Description not provided."), "evaluation data")
        for term in ["Name", "Version", "Owners", "License", "References", "Citation", "Architecture", "Input format"] {
            XCTAssertTrue(
                body.contains("<dt>\(term)</dt>\n    <dd class=\"not-provided\">not provided</dd>"), "\(term) not provided")
        }
        // Blank texts are not a section given.
        var blank = ModelCard()
        blank.considerations.limitations = ["  ", "\n"]
        blank.modelDetails.overview = " \n "
        let blankBody = try main(try cardPage(card: blank))
        XCTAssertTrue(blankBody.contains("Overview not provided."))
        let limitations = try XCTUnwrap(blankBody.range(of: "<h3>Limitations</h3>"))
        XCTAssertTrue(blankBody[limitations.upperBound...].prefix(80).contains("Not provided."))
    }

    func testHostileStringsInEveryCardFieldAreEscaped() throws {
        let hostile = "<script>alert(\"x\")</script> & 'q' *bold* _u_ [l](javascript:x) # h | t `c`"
        var marker = 0
        let card = Self.card { _ in
            marker += 1
            return "field\(marker) " + hostile
        }
        let page = try cardPage(card: card)
        let body = try main(page)
        XCTAssertFalse(page.contains("<script>alert"), "no raw script from the card")
        XCTAssertFalse(page.contains("javascript:x\""), "no address from the card becomes a link")
        XCTAssertFalse(body.contains("href=\"javascript"))
        let escaped = HTML.escape(hostile)
        XCTAssertTrue(escaped.contains("&lt;script&gt;"))
        // Every field reaches the page, escaped, whole, and only once escaped (no `&amp;lt;`).
        for index in 1...marker {
            XCTAssertTrue(body.contains("field\(index) " + escaped), "field \(index) escaped on the page")
        }
        XCTAssertFalse(body.contains("&amp;lt;"))
    }

    func testLongWrittenTextIsShownWholeNotCutLikeADataValue() throws {
        var card = ModelCard()
        let long = String(repeating: "The model is limited in this way. ", count: 60)
        card.considerations.limitations = [long]
        let body = try main(try cardPage(card: card))
        XCTAssertTrue(body.contains(HTML.escape(long.trimmingCharacters(in: .whitespaces))))
        XCTAssertFalse(body.contains("class=\"truncated\""))
    }

    // MARK: Quantitative analysis

    func testHeadlineNumbersEqualTheResultsWithIntervalsAndLinkToTheModelPage() throws {
        let results = ResultsFixture().build()
        let body = try main(try cardPage(results))
        for model in results.models {
            let auc = try XCTUnwrap(results.overall[model]?["roc_auc"])
            let value = try XCTUnwrap(Formatting.value(of: "roc_auc", auc))
            let interval = try XCTUnwrap(Formatting.interval(of: "roc_auc", auc))
            XCTAssertTrue(
                body.contains(
                    "<span class=\"card-value\">\(value)</span>\n      <span class=\"card-ci\">\(interval) 95% interval"),
                "\(model)'s headline \(value) \(interval)")
        }
        // The headline metrics table: each value with its interval inside a link to the model page.
        let table = try XCTUnwrap(body.range(of: "id=\"card-metrics\""))
        let after = body[table.upperBound...]
        XCTAssertTrue(after.contains("<a class=\"evidence-link\" href=\"model-candidate.html#metrics\">"))
        XCTAssertTrue(after.contains("<a class=\"evidence-link\" href=\"model-benchmark.html#metrics\">"))
    }

    func testEveryLinkOfTheCardResolvesToAnAnchorOnAPageTheSiteHas() throws {
        for includeComparisons in [false, true] {
            var fixture = ResultsFixture()
            fixture.includeComparisons = includeComparisons
            var results = fixture.build()
            results.gates = Self.gates
            let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded(), card: Self.card())
            let problems = SiteAudit.referenceProblems(files.map { ($0.path, $0.contents) })
            XCTAssertEqual(problems, [], "comparisons: \(includeComparisons)")
            let page = try XCTUnwrap(files.first { $0.path == "model-card.html" }).contents
            XCTAssertTrue(page.contains("href=\"slices.html#spec-"), "slice numbers link to their rows")
            XCTAssertTrue(page.contains("href=\"fairness.html#fairness-"), "fairness numbers link to the attribute")
            if includeComparisons {
                XCTAssertTrue(
                    page.contains("href=\"comparison.html#cmp-candidate-overall\""), "differences link to the comparison")
            }
        }
    }

    static let gates = [
        GateResult(
            name: "roc_auc >= 0.7", passed: true, model: "candidate", metric: "roc_auc", comparison: ">=", value: 0.712,
            bound: 0.7, boundExpression: "0.7", message: "candidate: roc_auc 0.712 >= 0.700 — passed"),
        GateResult(
            name: "roc_auc >= baseline for region = NV", passed: false, model: "candidate", metric: "roc_auc",
            comparison: ">=", value: 0.612, bound: 0.745, boundExpression: "baseline", spec: ["region"],
            key: ["region": "NV"], message: "candidate: roc_auc 0.612 < 0.745 (baseline benchmark) for region = NV — failed"),
    ]

    func testGatesAreListedFailedFirstWithTheirOutcome() throws {
        var results = ResultsFixture().build()
        results.gates = Self.gates
        let body = try main(try cardPage(results))
        XCTAssertTrue(body.contains("1 of 2 gates failed"))
        let failed = try XCTUnwrap(body.range(of: "<code>roc_auc &gt;= baseline for region = NV</code>"))
        let passed = try XCTUnwrap(body.range(of: "<code>roc_auc &gt;= 0.7</code>"))
        XCTAssertLessThan(failed.lowerBound, passed.lowerBound, "failed first")
        XCTAssertTrue(
            body.contains("href=\"slices.html#spec-region--region-nv\">0.612</a>"),
            "the failed slice gate's value links to the slice")
        var none = ResultsFixture().build()
        none.gates = []
        XCTAssertTrue(try main(try cardPage(none)).contains("No validation gates were configured"))
    }

    func testTheCardShowsOnlyTheSpecsAndAttributesItNames() throws {
        let results = ResultsFixture().build()
        let site = Site(results: results, resultsHref: "results.json")
        XCTAssertGreaterThan(site.specs.count, 1)
        var card = Self.card()
        card.options.slices = [["region"]]
        card.options.sensitiveAttributes = ["no such attribute"]
        let body = try main(try cardPage(results, card: card))
        XCTAssertTrue(body.contains("<h4>By <a href=\"slices.html#spec-region\">region</a></h4>"))
        for spec in site.specs where spec.columns != ["region"] {
            XCTAssertFalse(body.contains("<h4>By <a href=\"\(site.specHref(spec.name))\">"), "\(spec.name) not named")
        }
        XCTAssertFalse(body.contains("id=\"card-fairness\""), "no attribute named, no fairness section")
        // Named nothing: every spec and attribute.
        let all = try main(try cardPage(results, card: ModelCard()))
        for spec in site.specs { XCTAssertTrue(all.contains("<h4>By <a href=\"\(site.specHref(spec.name))\">"), spec.name) }
        XCTAssertTrue(all.contains("id=\"card-fairness\""))
    }

    func testWeakestSlicesAreThoseOfTheDescribedModelAsInTheCardsOtherOutputs() throws {
        let results = ResultsFixture().build()
        for model in results.models {
            var card = Self.card()
            card.options.model = model
            let expected = try XCTUnwrap(ModelCardContent(results: results, card: card)).weakest
            XCTAssertFalse(expected.isEmpty, model)
            let body = try main(try cardPage(results, card: card))
            let start = try XCTUnwrap(body.range(of: "<h4>Weakest slices</h4>"))
            let end = try XCTUnwrap(body.range(of: "</table>", range: start.upperBound..<body.endIndex))
            let table = String(body[start.upperBound..<end.lowerBound])
            XCTAssertTrue(table.contains("below \(model)'s overall ROC AUC"), model)
            let headers = table.components(separatedBy: "<th scope=\"row\" data-value=\"").dropFirst().map {
                String($0.prefix { $0 != "\"" })
            }
            XCTAssertEqual(headers, expected.map { HTML.escape(Site.label(of: $0)) }, model)
        }
    }

    func testFairnessShowsRatesWithIntervalsAndTheSummaryMetrics() throws {
        let results = ResultsFixture().build()
        let body = try main(try cardPage(results))
        let fairness = try XCTUnwrap(body.range(of: "id=\"card-fairness\""))
        let section = body[fairness.upperBound...]
        XCTAssertTrue(section.contains("Summary metric"), "Fairlearn's summary metrics")
        XCTAssertTrue(section.contains("Rates by group"))
        let result = try XCTUnwrap(results.fairness.first)
        let at = try XCTUnwrap(FairnessStatements.decisionThreshold(result, threshold: results.threshold))
        let group = try XCTUnwrap(at.groups.first { !$0.tooSmall && $0.metrics["fpr"]?.value != nil })
        let fpr = try XCTUnwrap(group.metrics["fpr"])
        let interval = try XCTUnwrap(Formatting.interval(of: "fpr", fpr))
        XCTAssertTrue(section.contains("<span class=\"ci\">\(interval)</span>"), "the group's FPR interval \(interval)")
    }

    func testMulticlassResultsShowPerClassMetricsAndTheMostConfusedPairs() throws {
        var results = ResultsFixture().build()
        let f1 = Metric(0.71, lower: 0.66, upper: 0.75)
        results.multiclass = [
            "candidate": MulticlassAnalysis(
                classes: ["cat", "dog"],
                perClass: [
                    ClassMetrics(
                        className: "cat", support: 120, metrics: ["f1": f1, "recall": Metric(0.8, lower: 0.72, upper: 0.86)]),
                    ClassMetrics(className: "dog", support: 80, metrics: ["f1": Metric(0.6, lower: 0.5, upper: 0.7)]),
                ],
                confusion: [[96, 24], [30, 50]],
                confusedPairs: [
                    ConfusedPair(actual: "dog", predicted: "cat", count: 30, share: Metric(0.375, lower: 0.28, upper: 0.48))
                ],
                roc: [], reliability: [])
        ]
        let body = try main(try cardPage(results))
        XCTAssertTrue(body.contains("id=\"card-classes\""))
        XCTAssertTrue(body.contains("<span class=\"ci\">\(try XCTUnwrap(Formatting.interval(of: "f1", f1)))</span>"))
        XCTAssertTrue(body.contains("Most confused classes"))
        XCTAssertTrue(body.contains("37.5%"))
        XCTAssertFalse(try main(try cardPage()).contains("id=\"card-classes\""), "no multiclass results, no section")
    }

    func testDataSectionGivesRowsExclusionsAndTheFileHash() throws {
        let results = ResultsFixture().build()
        let body = try main(try cardPage(results))
        let data = try XCTUnwrap(body.range(of: "id=\"card-data\""))
        let section = body[data.upperBound...]
        XCTAssertTrue(section.contains(results.provenance.dataSHA256))
        XCTAssertTrue(
            section.contains(
                "\(Formatting.count(results.rowCount)) evaluated of \(Formatting.count(results.provenance.rowsRead)) read"))
        for (reason, count) in results.provenance.rowsExcluded where count > 0 {
            XCTAssertTrue(section.contains("\(Formatting.count(count)): \(HTML.escape(reason))"), reason)
        }
    }
}
