import Foundation
import LoupeResults
import XCTest

@testable import LoupeEvaluation

/// results.json's `monitoring` and `detectors`: written only when present (so results without
/// them stay byte-identical), conforming to the schema, and read back unchanged.
final class MonitoringResultsTests: XCTestCase {
    static func plainResults() -> Results {
        Results(
            title: "t", task: .binary, label: "y", threshold: 0.5, rowCount: 4, models: ["m"], baseline: nil,
            rankMetric: "roc_auc", overall: ["m": ["accuracy": Metric(0.75, lower: 0.3, upper: 0.95)]], slices: [],
            sliceSpecs: [], curves: [:],
            intervals: IntervalSettings(confidence: 0.95, bootstrapReplicates: 0, seed: 0, methods: [:]),
            provenance: Provenance(
                dataFile: "d.csv", dataSHA256: "", dataBytes: 0, rowsRead: 4, rowsExcluded: [:], toolVersion: "0",
                configuration: []),
            columns: [], warnings: [])
    }

    static func monitoredResults() -> Results {
        var results = plainResults()
        let reference = MonitoringWindow(
            index: 0, label: "2024-03-04", start: "2024-03-04T00:00:00Z", end: "2024-03-11T00:00:00Z", firstRow: 0,
            lastRow: 2, count: 3, reference: true, metrics: ["m": ["accuracy": Metric(1, lower: 0.4, upper: 1)]],
            tooSmall: false, labelDistribution: DistributionSummary(count: 3, positiveRate: 2.0 / 3),
            predictions: ["m": DistributionSummary(count: 3, mean: 0.6, positiveRate: 2.0 / 3)],
            drift: [
                WindowDrift(
                    column: "x", role: "feature", model: nil, psi: 0, jsDistance: 0, hellinger: 0, ks: 0, status: "stable")
            ])
        let gap = MonitoringWindow(
            index: 1, label: "2024-03-11", start: "2024-03-11T00:00:00Z", end: "2024-03-18T00:00:00Z", firstRow: nil,
            lastRow: nil, count: 0, reference: false, metrics: [:], tooSmall: true, labelDistribution: nil,
            predictions: [:], drift: [])
        results.monitoring = MonitoringResults(
            window: "week", timestamp: "t",
            reference: MonitoringReference(firstWindow: 0, lastWindow: 0, driftAgainst: "windows"),
            windows: [reference, gap],
            controlLimits: [
                "m": ["accuracy": ControlLimit(center: 1, sigma: 0, lower: 1, upper: 1, windows: 1, higherIsBetter: true)]
            ],
            alarms: [MonitoringAlarm(window: 2, model: "m", metric: "accuracy", value: 0.5, side: "below", worse: true)])
        results.detectors = [
            DetectorResult(
                name: "ddm", parameters: ["warm_start": .number(30), "drift_threshold": .number(3)], stream: "error",
                model: "m", length: 4, drifts: [DetectorPoint(index: 3, timestamp: "2024-03-19T10:00:00+01:00", window: 2)],
                warnings: []),
            DetectorResult(
                name: "hdddm", parameters: ["statistic": .text("tstat"), "significance": .number(0.05)], stream: "features",
                model: nil, length: 3, drifts: [DetectorPoint(window: 2)], warnings: []),
            DetectorResult(
                name: "page_hinkley", parameters: ["mode": .text("both"), "threshold": .number(50)],
                stream: "residual", model: "m", length: 4, drifts: [], warnings: []),
        ]
        return results
    }

    func testResultsWithoutMonitoringLeaveBothFieldsOut() throws {
        let text = String(decoding: try ResultsFile.encode(Self.plainResults()), as: UTF8.self)
        XCTAssertFalse(text.contains("\"monitoring\""))
        XCTAssertFalse(text.contains("\"detectors\""))
    }

    func testMonitoringAndDetectorsConformToTheSchemaAndReadBackUnchanged() throws {
        let results = Self.monitoredResults()
        let bytes = try ResultsFile.encode(results)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(try SchemaTests.validator().violations(of: text), [])
        XCTAssertEqual(try JSONDecoder().decode(Results.self, from: Data(bytes)), results)
        XCTAssertTrue(text.contains("\"warm_start\" : 30"), text)
    }

    func testTheSchemaRejectsAnUnknownStreamAndAMissingDetectorName() throws {
        let text = String(decoding: try ResultsFile.encode(Self.monitoredResults()), as: UTF8.self)
        let validator = try SchemaTests.validator()
        XCTAssertFalse(try validator.violations(of: text.replacingOccurrences(of: "\"features\"", with: "\"rows\"")).isEmpty)
        XCTAssertFalse(try validator.violations(of: text.replacingOccurrences(of: "\"name\" : \"ddm\",", with: "")).isEmpty)
    }
}
