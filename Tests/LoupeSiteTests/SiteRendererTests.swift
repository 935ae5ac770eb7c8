import Foundation
import XCTest
@testable import LoupeSite

final class SiteRendererTests: XCTestCase {
    private func render(_ fixture: ResultsFixture = ResultsFixture()) throws -> [String: String] {
        let files = try SiteRenderer.render(fixture.build(), templates: TemplateLibrary.embedded())
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    func testPagesExist() throws {
        let pages = try render()
        XCTAssertEqual(pages.keys.sorted(), ["index.html", "model-benchmark.html", "model-candidate.html", "slices.html"])
    }

    /// Writes the fixture site to $LOUPE_SITE_PREVIEW (for looking at it in a browser).
    func testWritePreviewWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["LOUPE_SITE_PREVIEW"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (path, contents) in try render() {
            try contents.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
        }
    }
}
