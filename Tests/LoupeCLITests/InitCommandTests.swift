import Foundation
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

final class InitCommandTests: XCTestCase {
    func testStarterConfigGuessesColumnsAndBuilds() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        _ = try workspace.fixture("eval_small.csv")
        let config = workspace.path("loupe.json")
        let initRun = workspace.run(["init", workspace.path("eval_small.csv"), "--out", config])
        XCTAssertEqual(initRun.status, 0, initRun.stderr)
        let text = try workspace.read("loupe.json")
        XCTAssertTrue(text.contains("\"label\": \"y\""), text)
        XCTAssertTrue(text.contains("\"p_a\": \"p_a\""), text)
        XCTAssertTrue(text.contains("\"region\""), text)
        XCTAssertTrue(text.contains("\"weight\": \"w\""), text)
        // y is yes/no, which the build understands without a positive label.
        let build = workspace.run(["build", config, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("site/index.html")))
        // A second init does not overwrite without --force.
        XCTAssertEqual(workspace.run(["init", workspace.path("eval_small.csv"), "--out", config]).status, 2)
    }
}
