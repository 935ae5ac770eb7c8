import Foundation
import LoupeDemo
import LoupeResults
import XCTest

@testable import LoupeCLI

/// `loupe demo` writes a model card for its credit model from the bundled `Demo/credit-card.json`.
final class DemoModelCardTests: XCTestCase {
    func testBundledCardParsesAndGivesEveryWrittenSection() throws {
        XCTAssertFalse(CreditDemo.cardJSON.isEmpty, "Demo/credit-card.json is embedded")
        let card = try ModelCardFile.parse(CreditDemo.cardJSON, file: "Demo/" + CreditDemo.cardFileName)
        XCTAssertEqual(card.missingSections, [], "the demo's card leaves no section to read 'not provided'")
    }

    func testBundledCardNamesOnlyModelsSpecsAndAttributesTheDemoHas() throws {
        let card = try ModelCardFile.parse(CreditDemo.cardJSON, file: "Demo/" + CreditDemo.cardFileName)
        let models = CreditDemo.scoreColumns.map(\.name)
        XCTAssertTrue(models.contains(try XCTUnwrap(card.options.model)))
        XCTAssertNotEqual(card.options.model, CreditDemo.baselineModel, "the card describes the candidate")
        XCTAssertFalse(card.options.slices.isEmpty)
        for spec in card.options.slices { XCTAssertTrue(CreditDemo.suggestedSlices.contains(spec), "\(spec)") }
        XCTAssertFalse(card.options.sensitiveAttributes.isEmpty)
        for attribute in card.options.sensitiveAttributes {
            XCTAssertTrue(CreditDemo.fairnessColumns.contains(attribute), attribute)
        }
    }

    func testDemoSiteHasTheCardPageAndTheRegressionExampleHasNone() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let out = workspace.path("demo")
        let result = workspace.run(["demo", "--out", out, "--rows", "1000", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let page = try String(contentsOfFile: out + "/model-card.html", encoding: .utf8)
        XCTAssertTrue(page.contains("Consumer-loan default model (candidate), Loupe demo"))
        XCTAssertFalse(page.contains("class=\"not-provided\""))
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertTrue(index.contains("<a href=\"model-card.html\""), "in the navigation")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/regression/model-card.html"))
        let regression = try String(contentsOfFile: out + "/regression/index.html", encoding: .utf8)
        XCTAssertFalse(regression.contains("model-card.html"))
    }
}
