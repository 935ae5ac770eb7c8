import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// card.json is read with the config file's JSON (comments allowed), MCT's keys, Loupe's
/// additions, and errors at file:line:column; an MCT model_card.json is accepted as it is.
final class ModelCardFileTests: XCTestCase {
    static func fixtureText(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/ModelCard") else {
            throw XCTSkip("fixture \(name) missing")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    func testMCTExampleCardsAreAcceptedAsTheyAre() throws {
        let full = try ModelCardFile.parse(try Self.fixtureText("mct_full.json"), file: "full.json")
        XCTAssertEqual(full.schemaVersion, "0.0.2")
        XCTAssertEqual(
            full.modelDetails.owners,
            [
                ModelCard.Owner(name: "name1", contact: "contact1@email.com"),
                ModelCard.Owner(name: "name2", contact: "contact2@email.com"),
            ])
        XCTAssertEqual(full.modelDetails.licenses, [.identifier("Apache-2.0")])
        XCTAssertEqual(full.modelParameters.data.first?.sensitiveData, ["age"])
        XCTAssertEqual(full.quantitativeAnalysis.performanceMetrics.first?.confidenceInterval?.upperBound, "0.95")
        XCTAssertEqual(
            full.considerations.ethicalConsiderations,
            [ModelCard.Risk(name: "ethical considerations name", mitigationStrategy: "mitigation strategy")])

        let cats = try ModelCardFile.parse(try Self.fixtureText("mct_cats_vs_dogs_v0_0_2.json"), file: "cats.json")
        XCTAssertEqual(cats.modelDetails.licenses, [.customText("Apache-2.0")])
        XCTAssertEqual(cats.modelParameters.data.first?.graphics, ModelCard.GraphicsCollection())
        XCTAssertEqual(cats.quantitativeAnalysis.performanceMetrics.first?.threshold, "0.5")
        XCTAssertEqual(cats.considerations.users, ["Fans of dogs and cats."])
    }

    func testLoupeAdditionsAndCommentsAreRead() throws {
        let text = """
            // The credit model's card.
            {
              "model_details": {"name": "Credit risk", "version": {"name": "v2", "date": "2026-10-01"}},
              "considerations": {"out_of_scope_uses": [{"description": "Employment decisions"}]},
              "evaluation_data": {"name": "Holdout 2026-Q3", "description": "Applications from July to September."},
              /* what the card shows */
              "loupe": {
                "model": "candidate",
                "slices": ["region", ["sex", "age_band"]],
                "sensitive_attributes": ["sex"],
                "required_sections": ["overview", "limitations"],
                "hugging_face": {"tags": ["tabular"], "datasets": [{"name": "Holdout", "type": "acme/credit", "split": "test"}]}
              }
            }
            """
        let card = try ModelCardFile.parse(text, file: "card.json")
        XCTAssertEqual(card.modelDetails.version, ModelCard.Version(name: "v2", date: "2026-10-01"))
        XCTAssertEqual(card.considerations.outOfScopeUses, ["Employment decisions"])
        XCTAssertEqual(card.evaluationData?.name, "Holdout 2026-Q3")
        XCTAssertEqual(card.options.slices, [["region"], ["sex", "age_band"]])
        XCTAssertEqual(card.options.requiredSections, [.overview, .limitations])
        XCTAssertEqual(
            card.options.huggingFace.datasets, [HuggingFaceDataset(name: "Holdout", type: "acme/credit", split: "test")])
        XCTAssertEqual(card.missingSections.contains(.overview), true)
        XCTAssertEqual(card.provides(.outOfScopeUses), true)
    }

    func testUnknownKeyIsAnErrorAtItsPositionWithASuggestion() {
        let text = "{\n  \"model_details\": {\n    \"ownres\": []\n  }\n}"
        XCTAssertThrowsError(try ModelCardFile.parse(text, file: "card.json")) { error in
            XCTAssertEqual(
                "\(error)", "card.json:3:5: model_details: unknown key 'ownres' (did you mean 'owners'?)")
            XCTAssertEqual((error as? LoupeError)?.exitStatus, 2)
        }
    }

    func testWrongTypesLicensesAndSectionsAreErrorsWithPositions() {
        let cases: [(String, String)] = [
            ("{\"model_details\": {\"name\": 3}}", "card.json:1:28: model_details.name must be a string, not a number"),
            (
                "{\"model_details\": {\"licenses\": [{\"identifier\": \"MIT\", \"custom_text\": \"x\"}]}}",
                "card.json:1:33: model_details.licenses: a license needs exactly one of 'identifier' (SPDX) and 'custom_text'"
            ),
            (
                "{\"loupe\": {\"required_sections\": [\"limitatons\"]}}",
                "card.json:1:34: loupe.required_sections: unknown section 'limitatons' (did you mean 'limitations'?)"
            ),
            ("{\"model_detail\": {}}", "card.json:1:2: card: unknown key 'model_detail' (did you mean 'model_details'?)"),
            (
                "{\"considerations\": {\"users\": [\"x\"]}}",
                "card.json:1:31: 'considerations.users' must be an object, not a string"
            ),
            ("{\"loupe\": {\"model\": }", "card.json:1:21: unexpected character '}', expected a value"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try ModelCardFile.parse(text, file: "card.json"), text) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }
}

extension ModelCardFileTests {
    /// The README's example card is a card Loupe reads.
    func testReadmeExampleCardParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try XCTUnwrap(readme.split(separator: "## Model cards\n").dropFirst().first)
        let block = try XCTUnwrap(section.split(separator: "```jsonc\n").dropFirst().first?.split(separator: "```").first)
        let card = try ModelCardFile.parse(String(block), file: "README.md")
        XCTAssertEqual(card.options.slices, [["region"], ["sex", "age_band"]])
        XCTAssertEqual(card.options.requiredSections, [.overview, .limitations, .ethicalConsiderations])
        XCTAssertEqual(card.options.huggingFace.datasets.first?.config, "q3")
    }
}
