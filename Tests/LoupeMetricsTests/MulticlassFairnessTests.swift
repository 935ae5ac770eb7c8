import Foundation
import LoupeResults
import XCTest

@testable import LoupeMetrics

/// The cases of `Fixtures/multiclass_fairness.json` (`Fixtures/make_multiclass_fairness_fixtures.py`).
struct MulticlassFairnessFixtureFile: Decodable {
    typealias Value = FairnessFixtureFile.Value
    typealias Gap = FairnessFixtureFile.Gap
    struct Group: Decodable {
        var group: String
        var count: Int
        var positives: Int
        var too_small: Bool
        var metrics: [String: Value]
        var gaps: [String: Gap]
        var fairlearn_tpr: Double?
    }
    struct ClassRates: Decodable {
        var `class`: String
        var groups: [Group]
        var summary: [String: Double?]
    }
    struct Accuracy: Decodable {
        var group: String
        var count: Int
        var correct: Int
        var too_small: Bool
        var accuracy: Value?
        var gap: Gap?
    }
    struct Case: Decodable {
        var name: String
        var labels: [Int32]
        var probabilities: [Double]
        var weights: [Double]?
        var groups: [Int]
        var group_names: [String]
        var class_names: [String]
        var reference: String
        var classes: [ClassRates]
        var accuracy: [Accuracy]
    }
    var confidence: Double
    var min_group_size: Int
    var cases: [Case]

    static func load() throws -> MulticlassFairnessFixtureFile {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "multiclass_fairness", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(MulticlassFairnessFixtureFile.self, from: Data(contentsOf: url))
    }
}

final class MulticlassFairnessTests: XCTestCase {
    static func analyze(
        _ c: MulticlassFairnessFixtureFile.Case, _ fixture: MulticlassFairnessFixtureFile, replicates: Int = 0
    ) -> FairnessResult {
        var options = FairnessOptions(confidence: fixture.confidence, minGroupSize: fixture.min_group_size)
        options.bootstrapReplicates = replicates
        return MulticlassFairness.analyze(
            attribute: "a", model: "m", classNames: c.class_names, labels: c.labels,
            decisions: MulticlassFairness.decisions(
                .rowMajor(c.probabilities, c.class_names.count), classCount: c.class_names.count),
            weights: c.weights, groups: c.groups.map { UInt32($0) }, groupNames: c.group_names, options: options)
    }

    func assertGap(_ a: FairnessGap?, _ e: MulticlassFairnessFixtureFile.Gap?, _ label: String) throws {
        guard let e else { return XCTAssertNil(a, label) }
        let a = try XCTUnwrap(a, label)
        assertClose(a.difference.value, e.difference, 1e-9, label)
        assertClose(a.difference.lower, e.lower, 1e-9, "\(label) lower")
        assertClose(a.difference.upper, e.upper, 1e-9, "\(label) upper")
        assertClose(a.pValue, e.p_value, 1e-9, "\(label) p")
        assertClose(a.holmPValue, e.holm_p_value, 1e-9, "\(label) holm")
        assertClose(a.ratio, e.ratio, 1e-9, "\(label) ratio")
        let significant = e.lower.map { $0 > 0 } == true || e.upper.map { $0 < 0 } == true
        XCTAssertEqual(a.significant, significant, label)
        XCTAssertEqual(a.holmSignificant, significant && (e.holm_p_value.map { $0 < 0.05 } ?? true), label)
    }

    /// Every class's one-vs-rest rates, every group's accuracy, the gaps (Holm over the whole
    /// attribute) and the summaries equal Fairlearn's MetricFrame, scikit-learn and statsmodels,
    /// with and without weights, on argmax ties, a class without rows in a group and a tiny group.
    func testClassRatesAccuracyGapsAndSummariesMatchFairlearn() throws {
        let fixture = try MulticlassFairnessFixtureFile.load()
        XCTAssertEqual(fixture.cases.count, 4)
        for c in fixture.cases {
            let result = Self.analyze(c, fixture)
            XCTAssertEqual(result.reference, c.reference, c.name)
            XCTAssertTrue(result.isMulticlass)
            XCTAssertEqual(result.thresholds, [], c.name)
            let classes = try XCTUnwrap(result.classes, c.name)
            XCTAssertEqual(classes.map(\.className), c.class_names, c.name)
            for (actual, expected) in zip(classes, c.classes) {
                let at = "\(c.name)/\(expected.class)"
                XCTAssertEqual(actual.groups.map(\.group), c.group_names, at)
                for (g, e) in zip(actual.groups, expected.groups) {
                    let here = "\(at)/\(e.group)"
                    XCTAssertEqual(g.count, e.count, here)
                    XCTAssertEqual(g.positives, e.positives, here)
                    XCTAssertEqual(g.tooSmall, e.too_small, here)
                    XCTAssertEqual(Set(g.metrics.keys), Set(e.metrics.keys), here)
                    for (name, value) in e.metrics {
                        let m = try XCTUnwrap(g.metrics[name], "\(here)/\(name)")
                        assertClose(m.value, value.value, 1e-9, "\(here)/\(name)")
                        assertClose(m.lower, value.lower, 1e-9, "\(here)/\(name) lower")
                        assertClose(m.upper, value.upper, 1e-9, "\(here)/\(name) upper")
                    }
                    XCTAssertEqual(Set(g.gaps.keys), Set(e.gaps.keys), here)
                    for (name, gap) in e.gaps { try assertGap(g.gaps[name], gap, "\(here)/gap \(name)") }
                }
                XCTAssertEqual(Set(actual.summary.keys), Set(FairnessSummary.metricNames), at)
                for (name, value) in expected.summary { assertClose(actual.summary[name]?.value, value, 1e-9, "\(at)/\(name)") }
            }
            let accuracy = try XCTUnwrap(result.accuracy, c.name)
            XCTAssertEqual(accuracy.map(\.group), c.group_names, c.name)
            for (a, e) in zip(accuracy, c.accuracy) {
                let here = "\(c.name)/\(e.group) accuracy"
                XCTAssertEqual(a.count, e.count, here)
                XCTAssertEqual(a.correct, e.correct, here)
                XCTAssertEqual(a.tooSmall, e.too_small, here)
                assertClose(a.accuracy.value, e.accuracy?.value, 1e-9, here)
                assertClose(a.accuracy.lower, e.accuracy?.lower, 1e-9, "\(here) lower")
                assertClose(a.accuracy.upper, e.accuracy?.upper, 1e-9, "\(here) upper")
                try assertGap(a.gap, e.gap, "\(here) gap")
            }
        }
    }

    /// A group without rows of a class has no TPR for it (`null`), where Fairlearn reports 0, and
    /// no TPR gap; its selection rate and FPR stay defined.
    func testTPRWithoutSupportIsUndefinedNotZero() throws {
        let fixture = try MulticlassFairnessFixtureFile.load()
        let c = try XCTUnwrap(fixture.cases.first { $0.name == "class_without_support_and_tiny_group" })
        let expected = try XCTUnwrap(c.classes[2].groups.first { $0.group == "b" })
        XCTAssertEqual(expected.positives, 0)
        XCTAssertEqual(expected.fairlearn_tpr, 0, "Fairlearn counts the empty TPR as 0")
        let result = Self.analyze(c, fixture)
        let b = try XCTUnwrap(result.classes?[2].groups.first { $0.group == "b" })
        XCTAssertEqual(b.positives, 0)
        XCTAssertEqual(b.metrics["tpr"], .undefined)
        XCTAssertNotNil(b.metrics["fpr"]?.value)
        XCTAssertNotNil(b.metrics["selection_rate"]?.value)
        XCTAssertEqual(b.gaps["tpr"]?.difference, .undefined)
        XCTAssertNil(b.gaps["tpr"]?.pValue)
        let tiny = try XCTUnwrap(result.accuracy?.first { $0.group == "tiny" })
        XCTAssertTrue(tiny.tooSmall)
        XCTAssertEqual(tiny.accuracy, .undefined)
        XCTAssertNil(tiny.gap)
    }

    /// Worked by hand: two groups, three classes, hard predictions.
    func testHandWorkedRates() {
        // Group 0 (reference, 4 rows): labels 0,0,1,2 predicted 0,1,1,2. Group 1 (2 rows): 0→0, 1→0.
        let result = MulticlassFairness.analyze(
            attribute: "g", model: "m", classNames: ["a", "b", "c"], labels: [0, 0, 1, 2, 0, 1], decisions: [0, 1, 1, 2, 0, 0],
            weights: nil, groups: [0, 0, 0, 0, 1, 1], groupNames: ["big", "small"],
            options: FairnessOptions(minGroupSize: 1))
        XCTAssertEqual(result.reference, "big")
        let a = result.classes![0].groups
        XCTAssertEqual(a[0].metrics["selection_rate"]?.value, 0.25)
        XCTAssertEqual(a[0].metrics["tpr"]?.value, 0.5)
        XCTAssertEqual(a[0].metrics["fpr"]?.value, 0)
        XCTAssertEqual(a[1].metrics["selection_rate"]?.value, 1)
        XCTAssertEqual(a[1].metrics["tpr"]?.value, 1)
        XCTAssertEqual(a[1].metrics["fpr"]?.value, 1)
        XCTAssertEqual(a[1].gaps["selection_rate"]?.difference.value, 0.75)
        XCTAssertEqual(result.classes![2].groups[1].metrics["tpr"], .undefined, "no rows of class c in the small group")
        XCTAssertEqual(result.accuracy?.map(\.accuracy.value), [0.75, 0.5])
        XCTAssertEqual(result.accuracy?.map(\.correct), [3, 1])
        XCTAssertEqual(result.accuracy?[1].gap?.difference.value, -0.25)
        // Holm's family: 3 classes × 3 rates + accuracy for the one compared group, defined p-values only.
        let pValues =
            result.classes!.flatMap { $0.groups[1].gaps.values.compactMap(\.pValue) }
            + [result.accuracy![1].gap!.pValue].compactMap { $0 }
        let smallest = pValues.min()!
        let holm = (result.classes!.flatMap { $0.groups[1].gaps.values } + [result.accuracy![1].gap!])
            .first { $0.pValue == smallest }!.holmPValue!
        XCTAssertEqual(holm, min(1, Double(pValues.count) * smallest), accuracy: 1e-12)
    }

    /// Rows in no group take no part; hard predictions equal the argmax of probabilities that
    /// put all mass on them; the result does not depend on the thread or the run.
    func testRowsInNoGroupAndHardPredictionsAndDeterminism() throws {
        let fixture = try MulticlassFairnessFixtureFile.load()
        let c = fixture.cases[0]
        let k = c.class_names.count
        let decisions = MulticlassFairness.decisions(.rowMajor(c.probabilities, k), classCount: k)
        var oneHot = [Double](repeating: 0, count: c.labels.count * k)
        for (i, d) in decisions.enumerated() { oneHot[i * k + Int(d)] = 1 }
        XCTAssertEqual(MulticlassFairness.decisions(.rowMajor(oneHot, k), classCount: k), decisions)
        XCTAssertEqual(MulticlassFairness.decisions(.classes(decisions), classCount: k), decisions)
        var options = FairnessOptions(confidence: fixture.confidence, minGroupSize: fixture.min_group_size)
        options.bootstrapReplicates = 50
        let base = MulticlassFairness.analyze(
            attribute: "a", model: "m", classNames: c.class_names, labels: c.labels, decisions: decisions, weights: nil,
            groups: c.groups.map { UInt32($0) }, groupNames: c.group_names, options: options)
        // The same rows plus rows in no group.
        let extra = 25
        let padded = MulticlassFairness.analyze(
            attribute: "a", model: "m", classNames: c.class_names, labels: c.labels + [Int32](repeating: 1, count: extra),
            decisions: decisions + [Int32](repeating: 2, count: extra), weights: nil,
            groups: c.groups.map { UInt32($0) } + [UInt32](repeating: Grouping.none, count: extra),
            groupNames: c.group_names, options: options)
        XCTAssertEqual(base, padded)
        XCTAssertNotNil(base.classes?[0].summary["demographic_parity_difference"]?.lower, "bootstrap intervals")
    }
}
