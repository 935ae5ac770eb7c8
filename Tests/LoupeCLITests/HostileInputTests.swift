import Foundation
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// Strings from data and configuration reach pages only escaped.
final class HostileInputTests: XCTestCase {
    func testHostileValuesNeverAppearRawInAnyPage() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let hostile = ["<script>alert(1)</script>", "\"quoted\" & 'single'", "</svg><b>x</b>", "{{title}}"]
        var rows = ["y,p,\"<b>seg</b>\""]
        for i in 0..<400 {
            let value = hostile[i % hostile.count].replacingOccurrences(of: "\"", with: "\"\"")
            rows.append("\(i % 3 == 0 ? 1 : 0),\(Double(i % 97) / 97),\"\(value)\"")
        }
        let data = try workspace.write("evil.csv", rows.joined(separator: "\n") + "\n")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "<img>model</img>=p", "--slice", "<b>seg</b>",
            "--title", "</title><script>alert(3)</script>", "--description", "<iframe>", "--out", workspace.path("site"),
            "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let pages = try FileManager.default.contentsOfDirectory(atPath: workspace.path("site")).filter { $0.hasSuffix(".html") }
        XCTAssertFalse(pages.isEmpty)
        for page in pages {
            let html = try workspace.read("site/\(page)")
            for raw in ["<script>alert", "</svg><b>", "<img>model", "<iframe>", "<b>seg</b>", "</title><script>"] {
                XCTAssertFalse(html.contains(raw), "\(page) contains raw \(raw)")
            }
        }
    }

    /// A regression's residual page names columns, categories and row values from the data in
    /// findings, tables and charts: all escaped.
    func testHostileValuesNeverAppearRawInARegressionPage() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let hostile = ["<script>alert(1)</script>", "\"quoted\" & 'single'", "</svg><b>x</b>", "{{title}}"]
        var rows = ["y,p,\"<b>seg</b>\",\"<i>x</i>\""]
        for i in 0..<400 {
            let value = hostile[i % hostile.count].replacingOccurrences(of: "\"", with: "\"\"")
            // The residual depends on the hostile category and on the hostile numeric column.
            let x = Double(i % 50)
            let y = Double(i % 4) * 3 + x * 0.5 + Double((i * 7) % 11) / 11
            rows.append("\(y),\(x * 0.1),\"\(value)\",\(x)")
        }
        let data = try workspace.write("evil.csv", rows.joined(separator: "\n") + "\n")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "<img>model</img>=p", "--slice", "<b>seg</b>",
            "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertEqual(results.task, .regression)
        let pages = try FileManager.default.contentsOfDirectory(atPath: workspace.path("site")).filter { $0.hasSuffix(".html") }
        XCTAssertTrue(pages.contains { $0.hasPrefix("model-") })
        for page in pages {
            let html = try workspace.read("site/\(page)")
            for raw in ["<script>alert", "</svg><b>", "<img>model", "<b>seg</b>", "<i>x</i>"] {
                XCTAssertFalse(html.contains(raw), "\(page) contains raw \(raw)")
            }
        }
    }
}
