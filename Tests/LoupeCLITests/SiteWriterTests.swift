import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

final class SiteWriterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-sitewriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func read(_ path: String) -> String? {
        try? String(contentsOf: folder.appendingPathComponent("site/\(path)"), encoding: .utf8)
    }

    func testReplacesStalePagesButKeepsFilesLoupeDidNotWrite() throws {
        let site = folder.appendingPathComponent("site").path
        try SiteWriter.write([.init(path: "index.html", text: "one"), .init(path: "model-old.html", text: "old")], to: site)
        try "keep".write(toFile: site + "/.gitkeep", atomically: true, encoding: .utf8)
        try SiteWriter.write([.init(path: "index.html", text: "two")], to: site)
        XCTAssertEqual(read("index.html"), "two")
        XCTAssertNil(read("model-old.html"))
        XCTAssertEqual(read(".gitkeep"), "keep")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(leftovers, ["site"])
    }

    func testRefusesAFileWhereTheFolderShouldBe() throws {
        let path = folder.appendingPathComponent("site").path
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SiteWriter.write([.init(path: "index.html", text: "x")], to: path)) { error in
            XCTAssertEqual("\(error)", "\(path): exists and is not a folder")
        }
    }
}
