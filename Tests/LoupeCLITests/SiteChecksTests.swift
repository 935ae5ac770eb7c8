import Foundation
import LoupeSite
import XCTest

@testable import LoupeCLI

/// Site-wide checks over every page of the sites Loupe ships or tests end to end: the two demo
/// sites (`loupe demo`: credit, and house prices in regression/), a binary comparison and a
/// regression with a baseline. Each site is built once for the class.
final class SiteChecksTests: XCTestCase {
    nonisolated(unsafe) private static var workspace: TestWorkspace?
    nonisolated(unsafe) private static var sites: [String: [(path: String, contents: String)]] = [:]

    override class func setUp() {
        super.setUp()
        guard let workspace = try? TestWorkspace() else { return }
        self.workspace = workspace
        _ = workspace.run(["demo", "--out", workspace.path("demo"), "--quiet"])
        if let data = try? workspace.fixture("eval_small.csv") {
            _ = workspace.run([
                "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
                "--baseline", "b", "--slice", "region", "--slice", "region,segment", "--fairness", "region",
                "--out", workspace.path("comparison"), "--quiet",
            ])
        }
        if let data = try? workspace.fixture("diabetes_predictions.csv") {
            _ = workspace.run([
                "build", "--data", data, "--label", "progression", "--score", "linear", "--score", "simple", "--baseline",
                "simple", "--timestamp", "visit", "--slice", "sex_group", "--out", workspace.path("regression"), "--quiet",
            ])
        }
        for name in ["demo", "comparison", "regression"] { sites[name] = pages(in: workspace.path(name)) }
    }

    override class func tearDown() {
        workspace?.remove()
        super.tearDown()
    }

    /// Every `.html` file below `folder`, by its path relative to `folder`.
    static func pages(in folder: String) -> [(path: String, contents: String)] {
        let base = URL(fileURLWithPath: folder).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var pages: [(path: String, contents: String)] = []
        for case let url as URL in walker where url.pathExtension == "html" {
            let path = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            if let text = try? String(contentsOf: url, encoding: .utf8) { pages.append((path, text)) }
        }
        return pages.sorted { $0.path < $1.path }
    }

    private func site(_ name: String, atLeast count: Int) throws -> [(path: String, contents: String)] {
        let pages = try XCTUnwrap(Self.sites[name], "\(name) was not built")
        XCTAssertGreaterThanOrEqual(pages.count, count, "\(name) has too few pages")
        return pages
    }

    func testEveryIdIsUniqueAndEveryReferenceAndLinkResolvesOnEveryPage() throws {
        for (name, count) in [("demo", 11), ("comparison", 5), ("regression", 5)] {
            let problems = SiteAudit.referenceProblems(try site(name, atLeast: count))
            XCTAssertEqual(problems, [], "\(name):\n" + problems.prefix(30).joined(separator: "\n"))
        }
    }

    func testNoChartTextOverlapsOrLeavesItsChartOnAnyPage() throws {
        for (name, count) in [("demo", 11), ("comparison", 5), ("regression", 5)] {
            let problems = SiteAudit.chartTextProblems(try site(name, atLeast: count))
            XCTAssertEqual(problems, [], "\(name):\n" + problems.prefix(30).joined(separator: "\n"))
        }
    }
}
