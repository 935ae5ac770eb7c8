import Foundation
import XCTest

@testable import LoupeSite

final class TemplateLibraryTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testEmbeddedTemplatesParse() throws {
        let library = try TemplateLibrary.embedded()
        for name in ["layout.html", "index.html", "slices.html", "model.html", "style.css", "sort.js"] {
            XCTAssertNotNil(library.templates[name], name)
        }
    }

    func testOverrideReplacesFileByFile() throws {
        let folder = try temporaryFolder()
        try "<b>{{title}}</b>".write(to: folder.appendingPathComponent("footer.html"), atomically: true, encoding: .utf8)
        try "ignored".write(to: folder.appendingPathComponent(".hidden"), atomically: true, encoding: .utf8)
        let library = try TemplateLibrary(overrideFolder: folder.path)
        XCTAssertEqual(try library.render("footer.html", ["title": "<T>"]), "<b>&lt;T&gt;</b>")
        XCTAssertNil(library.templates[".hidden"])
        XCTAssertEqual(library.templates.keys.sorted(), try TemplateLibrary.embedded().templates.keys.sorted())
    }

    func testBrokenOverrideNamesTheFile() throws {
        let folder = try temporaryFolder()
        try "<nav>\n  {{#pages}}\n</nav>".write(to: folder.appendingPathComponent("nav.html"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TemplateLibrary(overrideFolder: folder.path)) { error in
            XCTAssertEqual("\(error)", folder.appendingPathComponent("nav.html").path + ":2:3: section 'pages' is never closed")
        }
    }

    func testUnknownPartialIsFoundWhenLoading() {
        XCTAssertThrowsError(try TemplateLibrary(sources: ["a.html": "x\n {{>b.html}}"])) { error in
            XCTAssertEqual("\(error)", "a.html:2:2: unknown partial 'b.html'")
        }
    }

    func testMissingOverrideFolder() {
        XCTAssertThrowsError(try TemplateLibrary(overrideFolder: "/nonexistent/loupe-templates")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/loupe-templates: no such folder")
        }
    }

    func testMissingTemplate() throws {
        let library = try TemplateLibrary(sources: [:])
        XCTAssertThrowsError(try library.render("index.html", [:])) { error in
            XCTAssertEqual(error as? SiteError, .missingTemplate("index.html"))
        }
    }
}
