import Foundation
import XCTest

@testable import LoupeSite

/// Golden files of rendered pages, kept in `Snapshots/` next to this file. Run with
/// `LOUPE_RECORD_SNAPSHOTS=1` to re-record after an intended change, then review the diff.
final class SnapshotTests: XCTestCase {
    private func assertSnapshot(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LOUPE_RECORD_SNAPSHOTS"] == "1"
            || !FileManager.default.fileExists(atPath: url.path)
        {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("recorded \(name); run again to compare", file: file, line: line)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if text != expected {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(got.count, want.count)).first(where: { got[$0] != want[$0] }) ?? min(got.count, want.count)
            let shown = { (lines: [Substring]) in first < lines.count ? String(lines[first]) : "(end of file)" }
            XCTFail(
                "\(name) differs from the snapshot at line \(first + 1):\n  got:      \(shown(got))\n  expected: \(shown(want))\n"
                    + "Re-record with LOUPE_RECORD_SNAPSHOTS=1 if the change is intended.", file: file, line: line)
        }
    }

    func testIndexPage() throws {
        let files = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded())
        try assertSnapshot(try XCTUnwrap(files.first { $0.path == "index.html" }).contents, named: "index.html")
    }
}
