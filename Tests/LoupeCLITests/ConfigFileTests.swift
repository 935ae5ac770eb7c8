import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

final class ConfigFileTests: XCTestCase {
    func testReadsEveryKeyWithCommentsAndResolvesPathsAgainstTheConfigFolder() throws {
        let text = """
            // starter config
            {
              "title": "Credit model", /* inline */ "description": "Q3 review",
              "data": "eval.csv",
              "label": "y", "positiveLabel": 1,
              "scores": {"candidate": "p_new", "benchmark": "p_old"},
              "baseline": "benchmark",
              "slices": ["region", "sex,age_band", ["region=West", "sex"]],
              "bins": {"income": 5, "age": [18, 30, 65]},
              "weight": "w", "timestamp": "ts", "threshold": 0.3, "minSliceSize": 50,
              "bootstrap": 100, "seed": 7, "confidence": 0.9,
              "out": "site", "results": "/tmp/r.json", "templates": "tpl"
            }
            """
        let options = try ConfigFile.parse(text, file: "conf/loupe.json", baseFolder: "conf")
        XCTAssertEqual(options.title, "Credit model")
        XCTAssertEqual(options.data, "conf/eval.csv")
        XCTAssertEqual(options.positiveLabel, "1")
        XCTAssertEqual(
            options.scores, [ScoreSpec(name: "candidate", column: "p_new"), ScoreSpec(name: "benchmark", column: "p_old")])
        XCTAssertEqual(options.slices?.map(\.displayName), ["region", "sex × age_band", "region=West × sex"])
        XCTAssertEqual(options.bins, ["income": .quantiles(5), "age": .edges([18, 30, 65])])
        XCTAssertEqual(options.threshold, 0.3)
        XCTAssertEqual(options.minSliceSize, 50)
        XCTAssertEqual(options.seed, 7)
        XCTAssertEqual(options.out, "conf/site")
        XCTAssertEqual(options.results, "/tmp/r.json")
        XCTAssertEqual(options.templates, "conf/tpl")
    }

    func testFairnessKeys() throws {
        let options = try ConfigFile.parse(
            #"{"fairness": ["race=Caucasian", ["sex", "race"]], "fairnessThresholds": [0.3, 0.5], "costRatio": 2}"#,
            file: "c.json", baseFolder: "")
        XCTAssertEqual(options.fairness?.map(\.flagText), ["race=Caucasian", "sex,race"])
        XCTAssertEqual(options.fairnessThresholds, [0.3, 0.5])
        XCTAssertEqual(options.costRatio, 2)
        XCTAssertThrowsError(try ConfigFile.parse(#"{"fairnessThresholds": [2]}"#, file: "c.json", baseFolder: ""))
    }

    func testScoresAsListsKeepTheirOrder() throws {
        let options = try ConfigFile.parse(
            #"{"scores": ["b=p2", {"name": "a", "column": "p1"}, "p3"]}"#, file: "c.json", baseFolder: "")
        XCTAssertEqual(options.scores?.map(\.name), ["b", "a", "p3"])
    }

    func testUnknownKeyNamesLineAndColumnAndSuggests() {
        XCTAssertThrowsError(try ConfigFile.parse("{\n  \"Label\": \"y\"\n}", file: "c.json", baseFolder: "")) { error in
            XCTAssertEqual("\(error)", "c.json:2:3: unknown key 'Label' (did you mean 'label'?)")
        }
    }

    func testWrongTypeNamesTheValuePosition() {
        XCTAssertThrowsError(try ConfigFile.parse("{\"threshold\": \"high\"}", file: "c.json", baseFolder: "")) { error in
            XCTAssertEqual("\(error)", "c.json:1:15: 'threshold' must be a number, not a string")
        }
    }

    func testSyntaxErrorHasLocation() {
        XCTAssertThrowsError(try ConfigFile.parse("{\n  \"label\": \"y\",\n  \"data\" \"x\"\n}", file: "c.json", baseFolder: ""))
        { error in
            XCTAssertEqual("\(error)", "c.json:3:10: expected ':' after key 'data'")
        }
    }

    func testBadSliceInConfigIsAConfigurationError() {
        XCTAssertThrowsError(try ConfigFile.parse("{\"slices\": [\"a,,b\"]}", file: "c.json", baseFolder: "")) { error in
            XCTAssertEqual("\(error)", "c.json:1:13: --slice: empty column name in 'a,,b'")
        }
    }

    func testMissingConfigFile() {
        XCTAssertThrowsError(try ConfigFile.load(path: "/nonexistent/loupe.json")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/loupe.json: no such config file")
        }
    }

    func testFlagsOverrideTheFileFieldByField() throws {
        let file = try ConfigFile.parse(#"{"label": "y", "threshold": 0.3, "slices": ["a"]}"#, file: "c.json", baseFolder: "")
        let flags = try BuildFlags.parse(["--threshold", "0.7", "--data=x.csv"]).options
        let merged = flags.overriding(file)
        XCTAssertEqual(merged.label, "y")
        XCTAssertEqual(merged.threshold, 0.7)
        XCTAssertEqual(merged.data, "x.csv")
        XCTAssertEqual(merged.slices?.map(\.displayName), ["a"])
    }
}
