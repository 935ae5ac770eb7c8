import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// `--fairness` through the whole build, checked against fairlearn's values for the same rows
/// (Fixtures/make_fairness_fixture.py).
final class FairnessEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func build(weighted: Bool) throws -> Results {
        let data = try workspace.fixture("eval_small.csv")
        var arguments = [
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
            "--fairness", "segment", "--fairness", "region=North", "--fairness-thresholds", "0.3",
            "--out", workspace.path("site"), "--quiet",
        ]
        if weighted { arguments += ["--weight", "w"] }
        let run = workspace.run(arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try ResultsFile.decode(path: workspace.path("site/results.json"))
    }

    func testGroupRatesAndSummariesMatchFairlearn() throws {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "eval_small_fairness_expected", withExtension: "json", subdirectory: "Fixtures"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: Any]])
        for weighted in [false, true] {
            let results = try build(weighted: weighted)
            for attribute in ["segment", "region"] {
                let fairness = try XCTUnwrap(results.fairness.first { $0.attribute == attribute && $0.model == "a" })
                XCTAssertEqual(fairness.thresholds.map(\.threshold), [0.3, 0.5])
                for at in fairness.thresholds {
                    let key = "\(weighted ? "weighted" : "unweighted")/\(attribute)/\(at.threshold)"
                    let entry = try XCTUnwrap(expected[key])
                    let groups = try XCTUnwrap(entry["groups"] as? [String: [String: Double]])
                    for group in at.groups where !group.tooSmall {
                        let reference = try XCTUnwrap(groups[group.group], key)
                        for (rate, value) in reference {
                            if let got = group.metrics[rate]?.value {
                                XCTAssertEqual(got, value, accuracy: 1e-9, "\(key) \(group.group) \(rate)")
                            } else {
                                // Undefined only where the group lacks the rate's denominator.
                                XCTAssertEqual(group.group, "Solo", "\(key) \(rate) undefined")
                            }
                        }
                    }
                    let summary = try XCTUnwrap(entry["summary"] as? [String: Double])
                    for (name, value) in summary {
                        let got = try XCTUnwrap(at.summary[name]?.value, "\(key) \(name)")
                        XCTAssertEqual(got, value, accuracy: 1e-9, "\(key) \(name)")
                    }
                }
            }
        }
    }

    func testReferenceGroupAndTooSmallGroups() throws {
        let results = try build(weighted: false)
        let region = try XCTUnwrap(results.fairness.first { $0.attribute == "region" && $0.model == "b" })
        XCTAssertEqual(region.reference, "North")
        let decision = try XCTUnwrap(region.thresholds.first { $0.threshold == 0.5 })
        let tiny = try XCTUnwrap(decision.groups.first { $0.group == "Tiny" })
        XCTAssertTrue(tiny.tooSmall)
        XCTAssertTrue(tiny.metrics.isEmpty)
        let north = try XCTUnwrap(decision.groups.first { $0.group == "North" })
        XCTAssertTrue(north.gaps.isEmpty)
        let segment = try XCTUnwrap(results.fairness.first { $0.attribute == "segment" && $0.model == "a" })
        XCTAssertEqual(segment.groups.count, 2)
        XCTAssertNotNil(segment.thresholdAnalysis)
    }

    /// An attribute that is also a slicing spec shares its grouping; its group AUCs are the slices'.
    func testGroupAUCEqualsTheSliceAUCWhenTheAttributeIsAlsoSliced() throws {
        let data = try workspace.fixture("eval_small.csv")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a",
            "--slice", "region", "--fairness", "region", "--fairness", "segment", "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        let region = try XCTUnwrap(results.fairness.first { $0.attribute == "region" })
        var compared = 0
        for group in region.groups where !group.tooSmall {
            let slice = try XCTUnwrap(results.slices.first { $0.key == ["region": group.group] })
            XCTAssertEqual(group.rocAUC, slice.metrics["a"]?["roc_auc"] ?? .undefined, group.group)
            compared += 1
        }
        XCTAssertEqual(compared, 5)
        XCTAssertNotNil(results.fairness.first { $0.attribute == "segment" }?.groups.first?.rocAUC.value)
    }

    func testUnknownReferenceGroupIsAnError() throws {
        let data = try workspace.fixture("eval_small.csv")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--positive-label", "yes", "--score", "a=p_a",
            "--fairness", "region=Atlantis", "--out", workspace.path("site"),
        ])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("no group 'Atlantis' in region"), run.stderr)
    }
}
