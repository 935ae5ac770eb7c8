import Foundation
import LoupeMarkup
import XCTest

@testable import LoupeSite

/// Template expansion has bounds, files that are not UTF-8 are located, and long values are cut.
final class TemplateBoundsTests: XCTestCase {
    /// Partials `p0` … `p24`, each inserting the next one twice: 2²⁵ insertions if unbounded.
    private func doublingPartials(levels: Int) throws -> [String: Template] {
        var partials: [String: Template] = [:]
        for level in 0..<levels {
            let source = level == levels - 1 ? "x" : "{{>p\(level + 1)}}{{>p\(level + 1)}}"
            partials["p\(level)"] = try Template(name: "p\(level)", source: source)
        }
        return partials
    }

    func testPartialsIncludingEachOtherTwicePerLevelStopWithTheChainNamed() throws {
        let partials = try doublingPartials(levels: 25)
        let page = try Template(name: "page.html", source: "{{>p0}}")
        let start = Date()
        XCTAssertThrowsError(try page.render(TemplateValue.object([:]), partials: partials)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("partials inserted"), message)
            XCTAssertTrue(message.contains("page.html → p0 → p1"), message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "the bound stops expansion early")
    }

    func testExpansionWithinTheBoundsStillRenders() throws {
        let partials = try doublingPartials(levels: 6)
        let page = try Template(name: "page.html", source: "{{>p0}}")
        XCTAssertEqual(try page.render(TemplateValue.object([:]), partials: partials), String(repeating: "x", count: 32))
    }

    func testATemplateThatIsNotUTF8IsLocated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<p>\n  ok \u{e9} then ".utf8 + [0xFF] + Data("</p>".utf8)).write(
            to: folder.appendingPathComponent("footer.html"))
        XCTAssertThrowsError(try TemplateLibrary(overrideFolder: folder.path)) { error in
            XCTAssertEqual("\(error)", folder.appendingPathComponent("footer.html").path + ":2:13: not UTF-8 text")
        }
    }

    func testALongValueIsCutWithItsLengthInATooltipInTextAndCutInAnAttribute() throws {
        let long = String(repeating: "Z", count: 200_000)
        let page = try Template(name: "page.html", source: "<td title=\"{{v}}\">{{v}}</td>")
        let html = try page.render(["v": .text(long)])
        XCTAssertLessThan(html.utf8.count, 3 * DisplayText.limit + 200)
        XCTAssertTrue(html.contains("title=\"" + String(repeating: "Z", count: DisplayText.limit) + "…\""), "attribute: cut")
        XCTAssertTrue(
            html.contains("<span class=\"truncated\" title=\"200,000 characters; the full value is in results.json\">"),
            html.suffix(200)
                .description)
    }
}
