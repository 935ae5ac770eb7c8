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

    /// A binary file whose scores have binned copies and whose columns look sensitive: init then
    /// build works unedited; no slice on the label, a score or a binned score; fairness suggested
    /// in a comment; the data path relative to the config, even from another folder.
    func testBinaryStarterConfigBuildsUneditedWithoutSlicingOnScores() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        var csv = "outcome,score,score_band,race,sex,region,p_model,ratio\n"
        for i in 0..<400 {
            let p = Double((i * 37) % 100) / 100
            let band = p < 0.34 ? "Low" : p < 0.67 ? "Medium" : "High"
            let outcome = (i * 7) % 10 < Int(p * 10) ? 1 : 0
            csv += "\(outcome),\(p),\(band),\(["A", "B", "C"][i % 3]),\(["F", "M"][i % 2]),\(["N", "S"][(i / 2) % 2]),"
            csv += "\(Double((i * 53) % 100) / 100),\(Double(i % 10) / 10)\n"
        }
        _ = try workspace.write("data/eval.csv", csv)
        _ = try workspace.write("config/.keep", "")
        let config = workspace.path("config/loupe.json")
        let initRun = workspace.run(["init", workspace.path("data/eval.csv"), "--out", config])
        XCTAssertEqual(initRun.status, 0, initRun.stderr)
        let text = try workspace.read("config/loupe.json")
        XCTAssertTrue(text.contains("\"data\": \"../data/eval.csv\""), text)
        XCTAssertTrue(text.contains("\"label\": \"outcome\""), text)
        XCTAssertTrue(text.contains("\"score\": \"score\""), text)
        XCTAssertFalse(text.contains("\"ratio\": \"ratio\""), "a feature within [0, 1] is no model: \(text)")
        let slices = text.split(separator: "\n").first { $0.contains("\"slices\":") }.map(String.init) ?? ""
        for column in ["outcome", "score", "score_band", "p_model"] {
            XCTAssertFalse(slices.contains("\"\(column)\""), "\(column) in \(slices)")
        }
        XCTAssertTrue(slices.contains("\"region\""), slices)
        XCTAssertTrue(text.contains("// \"fairness\": [\"race\", \"sex\"],"), text)
        XCTAssertFalse(text.contains("\"description\""), text)
        let build = workspace.run(["build", config, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(build.status, 0, build.stderr)
    }

    /// A regression file: the task, a numeric label and its predictions are found, no threshold
    /// is written, and build works unedited (it failed with "no model scores").
    func testRegressionStarterConfigBuildsUnedited() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let data = workspace.path("house.csv")
        try Data(HouseDemo.bytes(rows: 1500, seed: HouseDemo.defaultSeed)).write(to: URL(fileURLWithPath: data))
        let config = workspace.path("loupe.json")
        let initRun = workspace.run(["init", data, "--out", config])
        XCTAssertEqual(initRun.status, 0, initRun.stderr)
        let text = try workspace.read("loupe.json")
        XCTAssertTrue(text.contains("\"task\": \"regression\""), text)
        XCTAssertTrue(text.contains("\"label\": \"price\""), text)
        XCTAssertTrue(text.contains("\"predicted_price\": \"predicted_price\""), text)
        XCTAssertTrue(text.contains("\"baseline\": \"benchmark_price\""), text)
        XCTAssertFalse(text.contains("\"threshold\""), text)
        XCTAssertFalse(text.contains("\"label\": \"\""), text)
        let slices = text.split(separator: "\n").first { $0.contains("\"slices\":") }.map(String.init) ?? ""
        XCTAssertFalse(slices.contains("price"), slices)
        let build = workspace.run(["build", config, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(build.status, 0, build.stderr)
    }

    /// Columns beyond the cap are named in a comment, not dropped.
    func testColumnsBeyondTheSliceCapAreListedNotDropped() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        let features = (1...15).map { "f\($0)" }
        var csv = "y,p," + features.joined(separator: ",") + "\n"
        for i in 0..<60 {
            csv +=
                "\(i % 2),0.\(i % 9 + 1)," + features.map { _ in ["a", "b"][i % 3 == 0 ? 0 : 1] }.joined(separator: ",") + "\n"
        }
        let data = try workspace.write("wide.csv", csv)
        let initRun = workspace.run(["init", data, "--out", workspace.path("loupe.json")])
        XCTAssertEqual(initRun.status, 0, initRun.stderr)
        let text = try workspace.read("loupe.json")
        for feature in features { XCTAssertTrue(text.contains("\"\(feature)\""), "\(feature) missing: \(text)") }
        XCTAssertTrue(text.contains("// More columns to slice by"), text)
    }
}
