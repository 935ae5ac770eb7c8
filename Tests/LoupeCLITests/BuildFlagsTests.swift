import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

final class BuildFlagsTests: XCTestCase {
    func testParsesTheContractFlags() throws {
        let parsed = try BuildFlags.parse([
            "loupe.json", "--data", "eval.csv", "--label", "y", "--score", "candidate=p_new", "--score", "p_old",
            "--baseline", "p_old", "--slice", "region", "--slice", "sex,age_band", "--threshold=0.4",
            "--weight", "w", "--timestamp", "ts", "--out", "site", "--results", "r.json", "--bins", "income=0,10,20", "--quiet",
        ])
        XCTAssertEqual(parsed.configPath, "loupe.json")
        let options = parsed.options
        XCTAssertEqual(
            options.scores, [ScoreSpec(name: "candidate", column: "p_new"), ScoreSpec(name: "p_old", column: "p_old")])
        XCTAssertEqual(options.slices?.count, 2)
        XCTAssertEqual(options.threshold, 0.4)
        XCTAssertEqual(options.bins?["income"], .edges([0, 10, 20]))
        XCTAssertEqual(options.quiet, true)
    }

    func testUnknownFlagIsAUsageError() {
        XCTAssertThrowsError(try BuildFlags.parse(["--colour", "red"])) { error in
            XCTAssertEqual(error as? LoupeError, .usage("build: unknown flag '--colour' (see 'loupe help build')"))
        }
    }

    func testFlagWithoutValue() {
        XCTAssertThrowsError(try BuildFlags.parse(["--label"])) { error in
            XCTAssertEqual("\(error)", "--label needs a value")
        }
        XCTAssertThrowsError(try BuildFlags.parse(["--label", "--data", "x.csv"])) { error in
            XCTAssertEqual("\(error)", "--label needs a value")
        }
    }

    func testNumbersAreChecked() {
        XCTAssertThrowsError(try BuildFlags.parse(["--threshold", "half"])) { error in
            XCTAssertEqual("\(error)", "--threshold: 'half' is not a number")
        }
        XCTAssertThrowsError(try BuildFlags.parse(["--min-slice-size", "0"])) { error in
            XCTAssertEqual("\(error)", "--min-slice-size: '0' is not a whole number of at least 1")
        }
    }

    func testValueRestrictedCross() throws {
        let request = try SliceRequest.parse("region=West,sex")
        XCTAssertEqual(request.parts, [.init(column: "region", value: "West"), .init(column: "sex")])
        XCTAssertEqual(request.displayName, "region=West × sex")
        XCTAssertThrowsError(try SliceRequest.parse("region=West"))
        XCTAssertThrowsError(try SliceRequest.parse("sex,sex"))
    }

    func testFairnessRequests() throws {
        XCTAssertEqual(try FairnessRequest.parse("race"), FairnessRequest(columns: ["race"]))
        XCTAssertEqual(try FairnessRequest.parse("race=Caucasian"), FairnessRequest(columns: ["race"], reference: ["Caucasian"]))
        XCTAssertEqual(
            try FairnessRequest.parse("sex=Female,race=Caucasian"),
            FairnessRequest(columns: ["sex", "race"], reference: ["Female", "Caucasian"]))
        XCTAssertEqual(try FairnessRequest.parse("sex,race").displayName, "sex × race")
        XCTAssertThrowsError(try FairnessRequest.parse("sex=Female,race")) { error in
            XCTAssertTrue("\(error)".contains("e.g. sex=Female,race=Caucasian"), "\(error)")
        }
        XCTAssertThrowsError(try FairnessRequest.parse("sex,race=Female,Caucasian")) { error in
            XCTAssertTrue("\(error)".contains("e.g. sex=Female,race=Caucasian"), "\(error)")
        }
        XCTAssertThrowsError(try FairnessRequest.parse("a,b,c"))
        XCTAssertThrowsError(try FairnessRequest.parse("a,,b"))
        let options = try BuildFlags.parse(["--fairness", "race", "--fairness-thresholds", "0.2,0.6", "--cost-ratio", "3"])
            .options
        XCTAssertEqual(options.fairness?.count, 1)
        XCTAssertEqual(options.fairnessThresholds, [0.2, 0.6])
        XCTAssertEqual(options.costRatio, 3)
        XCTAssertThrowsError(try BuildFlags.parse(["--fairness-thresholds", "0.2,1.5"]))
        XCTAssertThrowsError(try BuildFlags.parse(["--cost-ratio", "0"]))
    }

    func testFairnessThresholdsIncludeTheDecisionThreshold() throws {
        var options = BuildOptions()
        options.data = "x.csv"
        options.label = "y"
        options.scores = [ScoreSpec(name: "a", column: "p")]
        options.threshold = 0.45
        XCTAssertEqual(
            try BuildSettings.resolve(options).fairnessThresholds, [0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9])
        options.fairnessThresholds = [0.5, 0.3]
        XCTAssertEqual(try BuildSettings.resolve(options).fairnessThresholds, [0.3, 0.45, 0.5])
        options.fairness = [FairnessRequest(columns: ["p"])]
        XCTAssertThrowsError(try BuildSettings.resolve(options))
    }

    func testBinning() throws {
        XCTAssertEqual(try Binning.parse("5", column: "x"), .quantiles(5))
        XCTAssertEqual(try Binning.parse("0, 1.5,3", column: "x"), .edges([0, 1.5, 3]))
        XCTAssertThrowsError(try Binning.parse("3,1", column: "x"))
        XCTAssertThrowsError(try Binning.parse("1", column: "x"))
        XCTAssertThrowsError(try Binning.parse("a,b", column: "x"))
    }

    func testSettingsRequireDataLabelAndScores() {
        var options = BuildOptions()
        XCTAssertThrowsError(try BuildSettings.resolve(options)) { XCTAssertTrue("\($0)".contains("no data file")) }
        options.data = "x.csv"
        // Data alone is a data-only build (issue 14); scores without a label are not.
        XCTAssertEqual(try BuildSettings.resolve(options).isDataOnly, true)
        options.scores = [ScoreSpec(name: "a", column: "p")]
        XCTAssertThrowsError(try BuildSettings.resolve(options)) { XCTAssertTrue("\($0)".contains("no label column")) }
        options.scores = nil
        options.label = "y"
        XCTAssertThrowsError(try BuildSettings.resolve(options)) { XCTAssertTrue("\($0)".contains("no model scores")) }
        options.scores = [ScoreSpec(name: "a", column: "p")]
        options.baseline = "b"
        XCTAssertThrowsError(try BuildSettings.resolve(options)) {
            XCTAssertTrue("\($0)".contains("'b' is not one of the models"))
        }
        options.baseline = nil
        options.data = "x.parquet"
        XCTAssertThrowsError(try BuildSettings.resolve(options)) { XCTAssertTrue("\($0)".contains("unknown file type")) }
        options.format = "csv"
        XCTAssertNoThrow(try BuildSettings.resolve(options))
    }
}
