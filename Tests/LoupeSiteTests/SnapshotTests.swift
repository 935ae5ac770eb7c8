import Foundation
import LoupeResults
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

    /// The overview as rendered, with the inline stylesheet and script (and the script's hash)
    /// cut out: they have their own tests, and the snapshot is about the page's content.
    func testIndexPage() throws {
        let files = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded())
        var page = try XCTUnwrap(files.first { $0.path == "index.html" }).contents
        page = replacing(page, from: "<style>", to: "</style>", with: "<style>/* style.css */</style>")
        page = replacing(page, from: "<script>", to: "</script>", with: "<script>/* sort.js */</script>")
        page = replacing(page, from: "'sha256-", to: "'", with: "'sha256-…'")
        try assertSnapshot(page, named: "index.html")
    }

    /// The overview's verdict with gates: the status line, failed gates first, value and bound.
    func testIndexPageWithGates() throws {
        var results = ResultsFixture().build()
        results.gates = [
            GateResult(
                name: "roc_auc >= 0.7", passed: true, model: "candidate", metric: "roc_auc", comparison: ">=", value: 0.712,
                bound: 0.7, boundExpression: "0.7", message: "candidate: roc_auc 0.712 >= 0.700 — passed"),
            GateResult(
                name: "roc_auc >= baseline for region = NV", passed: false, model: "candidate", metric: "roc_auc",
                comparison: ">=", value: 0.612, bound: 0.745, boundExpression: "baseline", spec: ["region"],
                key: ["region": "NV"],
                message: "candidate: roc_auc 0.612 < 0.745 (baseline benchmark) for region = NV — failed"),
        ]
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        var page = try XCTUnwrap(files.first { $0.path == "index.html" }).contents
        page = replacing(page, from: "<style>", to: "</style>", with: "<style>/* style.css */</style>")
        page = replacing(page, from: "<script>", to: "</script>", with: "<script>/* sort.js */</script>")
        page = replacing(page, from: "'sha256-", to: "'", with: "'sha256-…'")
        try assertSnapshot(page, named: "index-gates.html")
    }

    /// The fairness page of the fixture, cut the same way.
    func testFairnessPage() throws {
        let files = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded())
        var page = try XCTUnwrap(files.first { $0.path == "fairness.html" }).contents
        page = replacing(page, from: "<style>", to: "</style>", with: "<style>/* style.css */</style>")
        page = replacing(page, from: "<script>", to: "</script>", with: "<script>/* sort.js */</script>")
        page = replacing(page, from: "'sha256-", to: "'", with: "'sha256-…'")
        try assertSnapshot(page, named: "fairness.html")
    }

    /// A multiclass model page (`MulticlassFixture`: 8 classes, a planted confusion) and the
    /// slices page with each slice's worst class, cut the same way.
    func testMulticlassModelAndSlicesPages() throws {
        let files = try SiteRenderer.render(MulticlassFixture().build(), templates: TemplateLibrary.embedded())
        for (path, name) in [("model-candidate.html", "multiclass-model.html"), ("slices.html", "multiclass-slices.html")] {
            var page = try XCTUnwrap(files.first { $0.path == path }).contents
            page = replacing(page, from: "<style>", to: "</style>", with: "<style>/* style.css */</style>")
            page = replacing(page, from: "<script>", to: "</script>", with: "<script>/* sort.js */</script>")
            page = replacing(page, from: "'sha256-", to: "'", with: "'sha256-…'")
            try assertSnapshot(page, named: name)
        }
    }

    /// The model card of the fixture with a full card, gates and paired comparisons (the page
    /// carries no script).
    func testModelCardPage() throws {
        var fixture = ResultsFixture()
        fixture.includeComparisons = true
        var results = fixture.build()
        results.gates = ModelCardPageTests.gates
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded(), card: ModelCardPageTests.card())
        var page = try XCTUnwrap(files.first { $0.path == "model-card.html" }).contents
        XCTAssertFalse(page.contains("<script>"))
        page = replacing(page, from: "<style>", to: "</style>", with: "<style>/* style.css */</style>")
        try assertSnapshot(page, named: "model-card.html")
    }

    private func replacing(_ text: String, from start: String, to end: String, with replacement: String) -> String {
        guard let lower = text.range(of: start), let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
        else { return text }
        return text.replacingCharacters(in: lower.lowerBound..<upper.upperBound, with: replacement)
    }
}
