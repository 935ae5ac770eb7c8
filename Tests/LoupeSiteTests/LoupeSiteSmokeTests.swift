import XCTest
@testable import LoupeSite

final class LoupeSiteSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
final class EmbeddedTemplateTests: XCTestCase {
    func testTemplatesAreEmbedded() {
        XCTAssertNotNil(TemplateLibrary.embedded["index.html"])
    }
}
