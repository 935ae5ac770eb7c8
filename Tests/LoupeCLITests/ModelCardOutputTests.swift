import Foundation
import LoupeMarkup
import LoupeResults
import LoupeSite
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// The card's outputs: MCT JSON that reads MCT's examples back without loss and validates
/// against MCT's schema; `loupe card` on contract-only results; `--check`; the card through
/// `build` and the config; hostile strings escaped in every output.
final class ModelCardOutputTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func fixture(_ name: String) throws -> String { try ModelCardFileTests.fixtureText(name) }

    private func jsonObject(_ text: String) throws -> NSDictionary {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    private func mctValidator() throws -> SchemaValidator {
        try SchemaValidator(schemaText: try fixture("mct_model_card.schema.json"))
    }

    func testMCTExampleCardsReadBackWithoutLoss() throws {
        for name in ["mct_full.json", "mct_cats_vs_dogs_v0_0_2.json"] {
            let text = try fixture(name)
            let card = try ModelCardFile.parse(text, file: name)
            let written = MCTCardJSON.render(card)
            XCTAssertEqual(try jsonObject(written), try jsonObject(text), name)
            XCTAssertEqual(try mctValidator().violations(of: written), [], name)
        }
    }

    /// Results with only the contract's fields (another program's) still give every output.
    func testCardCommandWorksOnContractOnlyResults() throws {
        let results = try workspace.write("results.json", try RenderContractTests.minimalContract)
        let card = try workspace.write("card.json", "// comments allowed\n{\"model_details\": {\"name\": \"Scorer\"}}")
        let run = workspace.run(["card", results, "--card", card, "--out", workspace.path("card"), "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let markdown = try workspace.read("card/MODEL_CARD.md")
        XCTAssertTrue(markdown.contains("| ROC AUC | 0.710 (0.700–0.720) | 0.690 |"), markdown)
        XCTAssertTrue(markdown.contains("region = \\<script>alert(1)\\</script>"), markdown)
        let mct = try workspace.read("card/model_card.json")
        XCTAssertEqual(try mctValidator().violations(of: mct), [])
        let readme = try workspace.read("card/README.md")
        XCTAssertTrue(readme.hasPrefix("---\ntags:\n"), readme)
        XCTAssertTrue(readme.contains("      value: 0.71\n      name: \"ROC AUC (95% CI 0.700–0.720)\"\n"), readme)
        XCTAssertTrue(readme.contains("      config: \"region=<script>alert(1)</script>\"\n"), readme)
    }

    /// A card that names no human sections shows each as "Not provided." and invents nothing.
    func testMissingSectionsAreNotProvidedNeverInvented() throws {
        let results = try ResultsFile.decode(path: try workspace.write("results.json", try RenderContractTests.minimalContract))
        let files = ModelCardOutputs.files(results: results, card: ModelCard(), withSite: false)
        let markdown = try XCTUnwrap(files.first { $0.path == "MODEL_CARD.md" }?.contents)
        for heading in [
            "### Documentation", "### Intended users", "### Out-of-scope uses", "### Limitations", "### Architecture",
        ] {
            XCTAssertTrue(markdown.contains(heading + "\n\n_Not provided._\n"), heading)
        }
        XCTAssertTrue(markdown.contains("| Owners | _Not provided._ |"))
        let mct = try jsonObject(try XCTUnwrap(files.first { $0.path == "model_card.json" }?.contents))
        XCTAssertNil(mct["considerations"])
        XCTAssertNil(mct["model_parameters"])
    }

    func testCheckListsEmptySectionsAndExitsOneOnlyForRequiredOnes() throws {
        let relaxed = try workspace.write("relaxed.json", "{\"model_details\": {\"overview\": \"x\"}}")
        let run = workspace.run(["card", "--card", relaxed, "--check"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("  limitations\n"), run.stdout)
        XCTAssertFalse(run.stdout.contains("  overview"), run.stdout)
        XCTAssertTrue(run.stdout.hasSuffix("every required section is provided\n"), run.stdout)

        let strict = try workspace.write(
            "strict.json",
            "{\"model_details\": {\"overview\": \"x\"}, \"loupe\": {\"required_sections\": [\"overview\", \"limitations\"]}}")
        let failed = workspace.run(["card", "--card", strict, "--check"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stdout.contains("  limitations (required)\n"), failed.stdout)
        XCTAssertTrue(failed.stdout.hasSuffix("1 required section is empty: limitations\n"), failed.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("model-card")))
    }

    func testCardNamingAnUnknownModelIsAConfigurationError() throws {
        let results = try workspace.write("results.json", try RenderContractTests.minimalContract)
        let card = try workspace.write("card.json", "{\"loupe\": {\"model\": \"candidat\"}}")
        let run = workspace.run(["card", results, "--card", card, "--out", workspace.path("card")])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("loupe.model: the results have no model 'candidat'"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("card")))
    }

    func testCardIsNotWrittenOverAReportsFolder() throws {
        let results = try workspace.write("results.json", try RenderContractTests.minimalContract)
        XCTAssertEqual(workspace.run(["render", results, "--out", workspace.path("site"), "--quiet"]).status, 0)
        let card = try workspace.write("card.json", "{}")
        let run = workspace.run(["card", results, "--card", card, "--out", workspace.path("site")])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("site/index.html")))
    }

    /// `build --card`, a config's inline `card` object, and its errors at the config's lines.
    func testBuildWritesTheCardBesideTheSiteFromFlagOrConfig() throws {
        let data = try workspace.fixture("eval_small.csv")
        let card = try workspace.write("card.json", "{\"model_details\": {\"name\": \"Small\"}, \"loupe\": {\"model\": \"a\"}}")
        let base = [
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
            "--baseline", "b", "--slice", "region", "--fairness", "segment", "--quiet",
        ]
        let flag = workspace.run(base + ["--out", workspace.path("flag"), "--card", card])
        XCTAssertEqual(flag.status, 0, flag.stderr)
        for file in ["MODEL_CARD.md", "README.md", "model_card.json", "model-card-headline.svg", "model-card-slices.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("flag/\(file)")), file)
        }
        XCTAssertEqual(try SchemaTests.validator().violations(of: try workspace.read("flag/results.json")), [])
        XCTAssertEqual(try mctValidator().violations(of: try workspace.read("flag/model_card.json")), [])
        // The charts are SVG files of their own: sized, on white, linked relatively.
        let chart = try workspace.read("flag/model-card-slices.svg")
        XCTAssertTrue(chart.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), chart)
        XCTAssertTrue(chart.contains(" width=\"640\" height=\""), chart)
        XCTAssertFalse(chart.contains("width=\"100%\" style"), chart)
        XCTAssertTrue(chart.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"), chart)
        let markdown = try workspace.read("flag/MODEL_CARD.md")
        XCTAssertTrue(markdown.contains("](model-card-slices.svg)"), markdown)
        XCTAssertTrue(markdown.contains("Model evaluated: **a**"), markdown)
        XCTAssertTrue(markdown.contains("#### segment"), markdown)
        XCTAssertTrue(markdown.contains("[slices](slices.html)"), markdown)

        let config = try workspace.write(
            "loupe.json",
            """
            {
              "data": "eval_small.csv", "label": "y", "positiveLabel": "yes", "scores": {"a": "p_a", "b": "p_b"},
              "baseline": "b",
              "card": {"model_details": {"name": "Inline"}}
            }
            """)
        let inline = workspace.run(["build", config, "--out", workspace.path("inline"), "--quiet"])
        XCTAssertEqual(inline.status, 0, inline.stderr)
        XCTAssertTrue(try workspace.read("inline/MODEL_CARD.md").hasPrefix("# Model card: Inline\n"))

        try workspace.write("cards/credit.json", "{\"model_details\": {\"name\": \"From a path\"}}")
        let relative = try workspace.write(
            "cards/loupe.json",
            "{\"data\": \"../eval_small.csv\", \"label\": \"y\", \"positiveLabel\": \"yes\", \"scores\": [\"p_a\"], \"card\": \"credit.json\"}"
        )
        let byPath = workspace.run(["build", relative, "--out", workspace.path("bypath"), "--quiet"])
        XCTAssertEqual(byPath.status, 0, byPath.stderr)
        XCTAssertTrue(try workspace.read("bypath/MODEL_CARD.md").hasPrefix("# Model card: From a path\n"))

        let typo = try workspace.write("typo.json", "{\"data\": \"eval_small.csv\",\n \"card\": {\"model_detials\": {}}}")
        let failed = workspace.run(["build", typo, "--label", "y", "--score", "p_a", "--out", workspace.path("typo")])
        XCTAssertEqual(failed.status, 2)
        XCTAssertTrue(
            failed.stderr.contains("typo.json:2:11: card: unknown key 'model_detials' (did you mean 'model_details'?)"),
            failed.stderr)
        let unknownModel = try workspace.write("unknown.json", "{\"loupe\": {\"model\": \"c\"}}")
        let refused = workspace.run(base + ["--out", workspace.path("unknown"), "--card", unknownModel])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("loupe.model: no model 'c' is evaluated"), refused.stderr)
    }

    /// Every string of the hostile card stays text in every output: backslash-escaped in the
    /// Markdown (no entity leaks into the plain text), double-quoted on one line in the YAML,
    /// exactly as given in the MCT JSON.
    func testHostileCardStringsStayEscapedInEveryOutput() throws {
        let cardText = try fixture("hostile_card.json")
        let card = try ModelCardFile.parse(cardText, file: "hostile_card.json")
        let results = try ResultsFile.decode(path: try workspace.write("results.json", try RenderContractTests.minimalContract))
        let files = ModelCardOutputs.files(results: results, card: card, withSite: false)
        func file(_ path: String) throws -> String { try XCTUnwrap(files.first { $0.path == path }?.contents, path) }

        for path in ["MODEL_CARD.md", "README.md"] {
            let text = try file(path)
            let body = path == "README.md" ? String(text.split(separator: "\n---\n", maxSplits: 1)[1]) : text
            // `<` before a tag name is always backslash-escaped, and no entity is introduced.
            let raw = body.ranges(of: "<script").filter {
                $0.lowerBound == body.startIndex || body[body.index(before: $0.lowerBound)] != "\\"
            }
            XCTAssertEqual(raw.count, 0, "\(path): raw tag")
            XCTAssertFalse(body.contains("&lt;") || body.contains("&gt;") || body.contains("&quot;"), "\(path): an entity leaked")
            XCTAssertTrue(body.contains("\\&amp; \\&#60;"), path)
            var columns: Int?
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                // Nothing from the card starts a heading, a list item or a quote of its own.
                XCTAssertFalse(line.hasPrefix("# h") || line.hasPrefix("- li:") || line.hasPrefix("> "), "\(path): \(line)")
                guard line.hasPrefix("|") else {
                    columns = nil
                    continue
                }
                // Every row of a table has its header's columns: each `|` from data is escaped.
                let characters = Array(line)
                let pipes = characters.indices.filter { characters[$0] == "|" && ($0 == 0 || characters[$0 - 1] != "\\") }.count
                XCTAssertEqual(pipes, columns ?? pipes, "\(path): \(line)")
                columns = columns ?? pipes
            }
            XCTAssertTrue(body.contains("\\<script>alert(1)\\</script>"), path)
            XCTAssertTrue(body.contains("\\[x\\](javascript:alert(1))"), path)
        }
        let readme = try file("README.md")
        let front = readme.split(separator: "\n---\n", maxSplits: 1)[0]
        for line in front.split(separator: "\n").dropFirst() {
            let value = line.drop { $0 == " " || $0 == "-" }
            XCTAssertTrue(
                value.hasSuffix(":") || value.hasSuffix("\"") || value.last?.isNumber == true, "front matter: \(line)")
        }
        XCTAssertTrue(front.contains("- name: \"hub name <script>alert(1)</script> \\\"q\\\" 'a' \\\\ |"), String(front))
        XCTAssertTrue(front.contains("\\n# h\\n- li: {a: b}"), String(front))
        XCTAssertTrue(front.contains("@x\\t\\u2028\\x85\\x07 ~~s~~"), String(front))

        let mct = try file("model_card.json")
        XCTAssertEqual(try mctValidator().violations(of: mct), [])
        let written = try jsonObject(mct)
        let given = try jsonObject(cardText)
        XCTAssertEqual(written["model_details"] as? NSDictionary, given["model_details"] as? NSDictionary)
        XCTAssertEqual(written["considerations"] as? NSDictionary, given["considerations"] as? NSDictionary)
    }

    func testYAMLQuotingKeepsEveryValueOnItsLine() {
        XCTAssertEqual(YAML.quoted("a: b # c"), "\"a: b # c\"")
        XCTAssertEqual(YAML.quoted("\"\\\n\r\t"), "\"\\\"\\\\\\n\\r\\t\"")
        XCTAssertEqual(YAML.quoted("\u{85}\u{2028}\u{2029}\u{7F}\u{1}"), "\"\\x85\\u2028\\u2029\\x7f\\x01\"")
        XCTAssertEqual(YAML.number(1e-05), "1.0e-05")
        XCTAssertEqual(YAML.number(0.5), "0.5")
        XCTAssertEqual(YAML.number(2), "2.0")
    }
}
