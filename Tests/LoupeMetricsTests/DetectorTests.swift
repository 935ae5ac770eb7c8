import Foundation
import XCTest

@testable import LoupeMetrics

/// `Fixtures/detector_streams.json`, written by `Fixtures/make_detector_fixtures.py` from River
/// 0.26.1 (ddm, eddm, hddm_a, hddm_w, adwin, page_hinkley), menelaus 0.2.0 (hdddm) and the
/// script's reference implementations (lfr, md3).
struct DetectorFixture: Decodable {
    struct StreamCase: Decodable {
        var detector: String?
        var parameters: [String: String]
        var stream: String
        var drifts: [Int]
        var warnings: [Int]
    }
    struct ConfusionStream: Decodable {
        var labels: [Int]
        var predictions: [Int]
    }
    struct WindowCase: Decodable {
        var parameters: [String: String]
        var dataset: String
        var drifts: [Int]
        var warnings: [Int]?
    }
    var binary_streams: [String: [Double]]
    var real_streams: [String: [Double]]
    var river_cases: [StreamCase]
    var lfr_streams: [String: ConfusionStream]
    var lfr_cases: [StreamCase]
    var hdddm_datasets: [String: [[[Double]]]]
    var hdddm_cases: [WindowCase]
    var md3_datasets: [String: [[Double?]]]
    var md3_cases: [WindowCase]

    static func load() throws -> DetectorFixture {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "detector_streams", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(DetectorFixture.self, from: Data(contentsOf: url))
    }
}

/// The fixture's parameters as the ordered (name, value) pairs the command line would pass.
private func pairs(_ parameters: [String: String]) -> [(name: String, value: String)] {
    parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
}

final class DetectorTests: XCTestCase {
    static let fixture = Result { try DetectorFixture.load() }

    func testRiverDetectorsReproduceRiverIndicesExactly() throws {
        let fixture = try Self.fixture.get()
        var checked: [String: Int] = [:]
        for c in fixture.river_cases {
            let detector = try XCTUnwrap(c.detector)
            let values = try XCTUnwrap(fixture.binary_streams[c.stream] ?? fixture.real_streams[c.stream])
            let kind = try XCTUnwrap(DriftDetectorKind(rawValue: detector))
            let configuration = try kind.configure(pairs(c.parameters))
            let signals = try XCTUnwrap(configuration.run(.values(values)))
            let label = "\(detector) \(c.parameters) on \(c.stream)"
            XCTAssertEqual(signals.drifts, c.drifts, "drifts of \(label)")
            XCTAssertEqual(signals.warnings, c.warnings, "warnings of \(label)")
            checked[detector, default: 0] += 1
        }
        XCTAssertEqual(Set(checked.keys), ["ddm", "eddm", "hddm_a", "hddm_w", "adwin", "page_hinkley"])
    }

    /// Warnings are kept as runs of consecutive positions, and read back as the positions.
    func testDetectorSignalsKeepWarningsAsRuns() {
        var signals = DetectorSignals()
        for position in [0, 1, 2, 5, 7, 8, 12] { signals.warn(at: position) }
        XCTAssertEqual(signals.warningRuns, [0...2, 5...5, 7...8, 12...12])
        XCTAssertEqual(signals.warnings, [0, 1, 2, 5, 7, 8, 12])
        XCTAssertEqual(DetectorSignals(warnings: [0, 1, 2, 5, 7, 8, 12]), signals)
        XCTAssertEqual(DetectorSignals().warnings, [])
        XCTAssertNotEqual(DetectorSignals(warnings: [3, 4]), DetectorSignals(warnings: [3]))
    }

    func testLinearFourRatesMatchesTheReferenceScript() throws {
        let fixture = try Self.fixture.get()
        XCTAssertEqual(fixture.lfr_cases.count, 8)
        for c in fixture.lfr_cases {
            let stream = try XCTUnwrap(fixture.lfr_streams[c.stream])
            let parameters = try LinearFourRates.Parameters(parsing: pairs(c.parameters))
            let signals = LinearFourRates.run(
                labels: stream.labels.map { $0 == 1 }, predictions: stream.predictions.map { $0 == 1 }, parameters: parameters)
            XCTAssertEqual(signals.drifts, c.drifts, "drifts of lfr \(c.parameters) on \(c.stream)")
            XCTAssertEqual(signals.warnings, c.warnings, "warnings of lfr \(c.parameters) on \(c.stream)")
        }
    }

    func testHDDDMMatchesMenelaus() throws {
        let fixture = try Self.fixture.get()
        XCTAssertEqual(fixture.hdddm_cases.count, 16)
        for c in fixture.hdddm_cases {
            let windows = try XCTUnwrap(fixture.hdddm_datasets[c.dataset])
            let configuration = try DriftDetectorKind.hdddm.configure(pairs(c.parameters))
            let signals = try XCTUnwrap(configuration.run(.featureWindows(windows)))
            XCTAssertEqual(signals.drifts, c.drifts, "hdddm \(c.parameters) on \(c.dataset)")
            XCTAssertEqual(signals.warnings, [])
        }
    }

    func testHDDDMDropsMissingValuesPerFeature() throws {
        let fixture = try Self.fixture.get()
        let windows = try XCTUnwrap(fixture.hdddm_datasets["shift_feature0"])
        // The third column gets one more value, so every window has 121 rows either way; the
        // NaN and infinity appended to the first two columns must change nothing.
        let base = windows.map { [$0[0], $0[1], $0[2] + [0.5]] }
        let withMissing = base.map { [$0[0] + [.nan], $0[1] + [.infinity], $0[2]] }
        // A feature without finite values is left out of the mean.
        let withEmptyFeature = base.map { $0 + [Array(repeating: Double.nan, count: 121)] }
        var expected = HDDDM(reference: base[0])
        var missing = HDDDM(reference: withMissing[0])
        var empty = HDDDM(reference: withEmptyFeature[0])
        var thresholds = 0
        for w in 1..<base.count {
            expected.update(base[w])
            if expected.threshold != nil { thresholds += 1 }
            missing.update(withMissing[w])
            empty.update(withEmptyFeature[w])
            for other in [missing, empty] {
                XCTAssertEqual(other.distance, expected.distance, "distance of window \(w)")
                XCTAssertEqual(other.epsilon, expected.epsilon, "epsilon of window \(w)")
                XCTAssertEqual(other.threshold, expected.threshold, "threshold of window \(w)")
                XCTAssertEqual(other.driftDetected, expected.driftDetected, "drift at window \(w)")
            }
        }
        XCTAssertGreaterThan(thresholds, 5)
        // A window without any finite value is ignored.
        var ignoring = HDDDM(reference: base[0])
        ignoring.update([[.nan], [.nan], []])
        XCTAssertNil(ignoring.distance)
        ignoring.update(base[1])
        var fresh = HDDDM(reference: base[0])
        fresh.update(base[1])
        XCTAssertEqual(ignoring.distance, fresh.distance)
    }

    func testHDDDMBinsLikeNumpy() {
        // numpy.histogram([0, 1, 2, 3, 3], bins=3, range=(0, 3)) == [1, 1, 3]: the last bin is closed.
        XCTAssertEqual(HDDDM.histogram([0, 1, 2, 3, 3], edges: HDDDM.binEdges(0, 3, bins: 3)), [1, 1, 3])
        // numpy.linspace(0.1, 0.7, 4) ends exactly at 0.7.
        XCTAssertEqual(HDDDM.binEdges(0.1, 0.7, bins: 3).last, 0.7)
        // Identical samples are at distance 0; disjoint ones at √2.
        XCTAssertEqual(HDDDM.hellinger([1, 2, 3], [1, 2, 3], bins: 1), 0)
        XCTAssertEqual(HDDDM.hellinger([0, 0], [1, 1], bins: 2), 2.0.squareRoot(), accuracy: 1e-15)
    }

    /// HDDDM keeps a feature of few distinct values as counts: its histograms and range are those
    /// of the values, counted from the start, after a merge, and after the distinct values
    /// outgrow the counts (in one sample, or only when two are merged).
    func testHDDDMSamplesBinTheirValuesWhetherCountedOrNot() {
        var random = SplitMix64(seed: 17)
        let few = (0..<5_000).map { _ in Double(random.next() % 40) - 20 } + [-0.0, 0.0]
        let many = (0..<(HDDDM.Sample.countedLimit + 10)).map { Double($0) / 7 }
        let half = (0..<(HDDDM.Sample.countedLimit * 3 / 4)).map { Double($0) + 0.5 }
        let otherHalf = (0..<(HDDDM.Sample.countedLimit * 3 / 4)).map { Double($0) + 0.25 }
        func check(_ sample: HDDDM.Sample, _ values: [Double], _ label: String) {
            XCTAssertEqual(sample.count, values.count, label)
            XCTAssertEqual(sample.lo, values.min(), label)
            XCTAssertEqual(sample.hi, values.max(), label)
            for bins in [1, 7, 64] {
                let edges = HDDDM.binEdges(values.min()! - 1, values.max()!, bins: bins)
                XCTAssertEqual(sample.histogram(edges: edges), HDDDM.histogram(values, edges: edges), "\(label), \(bins) bins")
            }
        }
        check(HDDDM.Sample(few), few, "counted")
        check(HDDDM.Sample(many), many, "too many to count")
        var merged = HDDDM.Sample(few)
        merged.append(HDDDM.Sample(few.reversed()))
        check(merged, few + few, "counted, merged")
        var outgrown = HDDDM.Sample(half)
        outgrown.append(HDDDM.Sample(otherHalf))
        check(outgrown, half + otherHalf, "outgrown by a merge")
        outgrown.append(HDDDM.Sample(few))
        check(outgrown, half + otherHalf + few, "values, then counts merged in")
    }

    func testMarginDensityMatchesTheReferenceScript() throws {
        let fixture = try Self.fixture.get()
        XCTAssertEqual(fixture.md3_cases.count, 8)
        for c in fixture.md3_cases {
            let windows = try XCTUnwrap(fixture.md3_datasets[c.dataset]).map { $0.map { $0 ?? .nan } }
            let configuration = try DriftDetectorKind.md3.configure(pairs(c.parameters))
            let signals = try XCTUnwrap(configuration.run(.scoreWindows(windows)))
            XCTAssertEqual(signals.drifts, c.drifts, "md3 drifts \(c.parameters) on \(c.dataset)")
            XCTAssertEqual(signals.warnings, c.warnings ?? [], "md3 warnings \(c.parameters) on \(c.dataset)")
        }
    }

    func testMarginDensityCountsTheMarginStrictly() throws {
        var detector = MarginDensity(parameters: try MarginDensity.Parameters(parsing: [("reference_windows", "1")]))
        // Three of the four scores left after dropping NaN are within 0.1 of 0.5.
        detector.update([0.45, 0.55, 0.5, 0.9, .nan])
        XCTAssertEqual(detector.density, 0.75)
        detector.update([0.5, 0.5, 0.5, 0.9])
        XCTAssertFalse(detector.driftDetected, "the same density cannot drift when σ = 0")
        detector.update([0.9])
        XCTAssertTrue(detector.driftDetected, "with σ = 0 any other density is a drift")
        detector.update([])
        XCTAssertNil(detector.density)
        XCTAssertFalse(detector.driftDetected)
    }

    func testLazyResetDropsTheTriggeringRow() throws {
        // Page–Hinkley with threshold 0 drifts at the first checked row; the next row starts a new
        // mean, so the detector needs min_instances rows again before the next drift.
        let parameters = try PageHinkley.Parameters(parsing: [("min_instances", "3"), ("threshold", "0"), ("delta", "0")])
        let signals = DriftDetection.run(PageHinkley(parameters: parameters), over: [0, 0, 5, 0, 0, 5, 0, 0, 5, 1])
        XCTAssertEqual(signals.drifts, [2, 5, 8])
        // ADWIN forgets its whole window after a drift: a constant stream never drifts again.
        var adwin = ADWIN(parameters: try ADWIN.Parameters(parsing: [("clock", "1")]))
        for _ in 0..<100 { adwin.update(0) }
        var drifted = false
        for _ in 0..<100 {
            adwin.update(10)
            if adwin.driftDetected {
                drifted = true
                break
            }
        }
        XCTAssertTrue(drifted)
        adwin.update(10)
        XCTAssertEqual(adwin.width, 1)
    }

    func testParametersParseByNameAndListEffectiveValues() throws {
        let configuration = try DriftDetectorKind.named("page_hinkley").configure([("mode", "up"), ("threshold", "20")])
        XCTAssertEqual(
            configuration.settings.map { "\($0.name)=\($0.value)" },
            ["min_instances=30", "delta=0.005", "threshold=20.0", "alpha=0.9999", "mode=up"])
        XCTAssertEqual(
            DriftDetectorKind.adwin.defaultSettings.map(\.name),
            ["delta", "clock", "max_buckets", "min_window_length", "grace_period"])
        XCTAssertEqual(DriftDetectorKind.hddmW.defaultSettings.map(\.value.description), ["0.001", "0.005", "0.05", "false"])
        for kind in DriftDetectorKind.allCases {
            // Every listed value reads back to the same configuration.
            let settings = kind.defaultSettings
            XCTAssertEqual(try kind.configure(settings.map { ($0.name, $0.value.description) }), kind.defaultConfiguration)
            XCTAssertEqual(kind.defaultConfiguration.kind, kind)
        }
        XCTAssertEqual(
            DriftDetectorKind.allCases.map(\.stream.rawValue),
            ["error", "error", "error", "error", "residual", "residual", "confusion", "features", "margin"])
    }

    func testParameterErrorsNameTheProblem() {
        func error(_ kind: DriftDetectorKind, _ pairs: [(name: String, value: String)]) -> DetectorParameterError? {
            do {
                _ = try kind.configure(pairs)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(
            error(.ddm, [("warmstart", "3")]),
            .unknownParameter(detector: "ddm", name: "warmstart", valid: ["warm_start", "warning_threshold", "drift_threshold"]))
        XCTAssertEqual(
            error(.ddm, [("warmstart", "3")])?.description,
            "ddm: unknown parameter 'warmstart'; valid parameters: warm_start, warning_threshold, drift_threshold")
        XCTAssertEqual(
            error(.adwin, [("clock", "0")]),
            .invalidValue(detector: "adwin", name: "clock", value: "0", expected: "an integer ≥ 1"))
        XCTAssertEqual(
            error(.adwin, [("max_buckets", "1")]),
            .invalidValue(detector: "adwin", name: "max_buckets", value: "1", expected: "an integer ≥ 2"))
        XCTAssertEqual(
            error(.adwin, [("delta", "abc")]),
            .invalidValue(detector: "adwin", name: "delta", value: "abc", expected: "a number in (0, 1)"))
        XCTAssertEqual(
            error(.adwin, [("delta", "nan")]),
            .invalidValue(detector: "adwin", name: "delta", value: "nan", expected: "a number in (0, 1)"))
        XCTAssertEqual(
            error(.pageHinkley, [("mode", "sideways")])?.description,
            "page_hinkley: parameter mode cannot be 'sideways'; expected one of up, down, both")
        XCTAssertEqual(
            error(.hddmA, [("two_sided_test", "yes")]),
            .invalidValue(detector: "hddm_a", name: "two_sided_test", value: "yes", expected: "true or false"))
        XCTAssertEqual(error(.eddm, [("alpha", "0.5")]), .inconsistent(detector: "eddm", reason: "alpha must be ≥ beta"))
        XCTAssertEqual(error(.lfr, [("warning_level", "0.00001")])?.description, "lfr: warning_level must be ≥ detect_level")
        XCTAssertEqual(error(.md3, [("warning_k", "3")]), .inconsistent(detector: "md3", reason: "warning_k must be ≤ k"))
        XCTAssertEqual(error(.hdddm, [("statistic", "stdev"), ("gamma", "2")]), nil)
        XCTAssertThrowsError(try DriftDetectorKind.named("kswin")) { error in
            XCTAssertEqual(
                (error as? DetectorParameterError)?.description,
                "unknown drift detector 'kswin'; valid detectors: ddm, eddm, hddm_a, hddm_w, adwin, page_hinkley, lfr, hdddm, md3"
            )
        }
    }
}
