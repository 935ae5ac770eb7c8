import XCTest

@testable import LoupeCore

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
        XCTAssertThrowsError(try BuildSettings.resolve(options)) { XCTAssertTrue("\($0)".contains("no label column")) }
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
