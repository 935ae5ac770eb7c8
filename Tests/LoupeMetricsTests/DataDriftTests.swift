import Foundation
import XCTest

@testable import LoupeMetrics

/// `Fixtures/data_drift.json`, written by `Fixtures/make_data_drift_fixtures.py` from numpy and
/// scipy; `nil` where a sample value is missing or a result is undefined.
struct DataDriftFixture: Decodable {
    struct NumericStats: Decodable {
        var count: Int
        var missing: Int
        var mean: Double?
        var sd: Double?
        var psd: Double?
        var min: Double?
        var max: Double?
        var zeros: Int?
        var quantiles: [Double]?
        var hist_edges: [Double]?
        var hist_counts: [Int]?
    }
    struct Drift: Decodable {
        var edges: [Double]?
        var categories: [String]?
        var reference_bins: [Int]
        var current_bins: [Int]
        var ks: [KSValue]?
        var wasserstein: Double?
        var wasserstein_normalized: Double?
        var psi: Double
        var js: Double
        var hellinger: Double
        var chi2: [Double]
        var l_infinity: Double?
        var l_infinity_category: String?
    }
    enum KSValue: Decodable {
        case number(Double)
        case text(String)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
        }
        var number: Double? { if case .number(let d) = self { d } else { nil } }
        var text: String? { if case .text(let s) = self { s } else { nil } }
    }
    struct NumericCase: Decodable {
        var name: String
        var reference: [Double?]
        var current: [Double?]
        var reference_stats: NumericStats
        var current_stats: NumericStats
        var drift: Drift?
    }
    struct CategoricalStats: Decodable {
        enum Item: Decodable {
            case name(String)
            case number(Double)
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .name(try c.decode(String.self)) }
            }
        }
        var count: Int
        var missing: Int
        var distinct: Int
        var top3: [[Item]]
        var other_share: Double
        var length: [Double]
    }
    struct CategoricalCase: Decodable {
        var name: String
        var reference_names: [String]
        var reference_codes: [UInt32]
        var current_names: [String]
        var current_codes: [UInt32]
        var reference_stats: CategoricalStats
        var drift: Drift
    }
    var levels: [Double]
    var numeric: [NumericCase]
    var categorical: [CategoricalCase]
    var kstwo: [[Double]]
    var smirnov: [[Double]]

    static func load() throws -> DataDriftFixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "data_drift", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(DataDriftFixture.self, from: Data(contentsOf: url))
    }
}

/// Column statistics and drift distances against numpy / scipy: 1e-9 relative for values, 1e-6
/// relative for p-values.
final class DataDriftTests: XCTestCase {
    let tolerance = 1e-9
    let pTolerance = 1e-6

    func testKolmogorovTwoSidedSurvivalMatchesScipyKstwo() throws {
        for row in try DataDriftFixture.load().kstwo {
            let n = Int(row[0]), x = row[1]
            let p = KolmogorovDistribution.twoSidedSurvival(n: n, x: x)
            assertRelative(p, row[2], pTolerance, absolute: 1e-300, "kstwo.sf(\(x), \(n))")
        }
    }

    func testSmirnovSurvivalMatchesScipy() throws {
        for row in try DataDriftFixture.load().smirnov {
            let n = Int(row[0]), x = row[1]
            let p = KolmogorovDistribution.smirnovSurvival(n: n, x: x)
            assertRelative(p, row[2], pTolerance, absolute: 1e-300, "smirnov(\(n), \(x))")
        }
    }

    func testNumericStatisticsMatchNumpy() throws {
        for c in try DataDriftFixture.load().numeric {
            for (values, expected, label) in [
                (c.reference, c.reference_stats, "reference"), (c.current, c.current_stats, "current"),
            ] {
                let column = values.map { $0 ?? .nan }
                let (s, sorted) = NumericStatistics.summarize(column)
                let name = "\(c.name) \(label)"
                XCTAssertEqual(s.count, expected.count, name)
                XCTAssertEqual(s.missingCount, expected.missing, name)
                XCTAssertEqual(sorted.count, expected.count, name)
                XCTAssertEqual(sorted.missingCount, expected.missing, name)
                assertRelative(s.mean, expected.mean, tolerance, absolute: 1e-15, "\(name) mean")
                assertRelative(s.standardDeviation, expected.sd, tolerance, absolute: 1e-15, "\(name) sd")
                assertRelative(s.populationStandardDeviation, expected.psd, tolerance, absolute: 1e-15, "\(name) psd")
                XCTAssertEqual(s.minimum, expected.min, name)
                XCTAssertEqual(s.maximum, expected.max, name)
                guard expected.count > 0 else {
                    XCTAssertNil(s.histogram, name)
                    XCTAssertEqual(s.quantiles, [], name)
                    continue
                }
                XCTAssertEqual(s.zeroCount, expected.zeros, name)
                for (a, e) in zip(s.quantiles, try XCTUnwrap(expected.quantiles)) {
                    assertRelative(a, e, tolerance, absolute: 1e-15, "\(name) quantile")
                }
                let h = try XCTUnwrap(s.histogram, name)
                XCTAssertEqual(h.counts, expected.hist_counts, "\(name) histogram")
                for (a, e) in zip(h.edges, try XCTUnwrap(expected.hist_edges)) {
                    assertRelative(a, e, tolerance, absolute: 1e-15, "\(name) histogram edge")
                }
            }
        }
    }

    func testNumericDriftMatchesScipy() throws {
        for c in try DataDriftFixture.load().numeric {
            let reference = SortedSample(c.reference.map { $0 ?? .nan })
            let current = SortedSample(c.current.map { $0 ?? .nan })
            let d = DataDrift.numericDrift(reference: reference, current: current)
            XCTAssertEqual(d.referenceMissingCount, c.reference_stats.missing, c.name)
            XCTAssertEqual(d.currentMissingCount, c.current_stats.missing, c.name)
            guard let e = c.drift else {
                XCTAssertNil(d.populationStabilityIndex, c.name)
                XCTAssertNil(d.kolmogorovSmirnov, c.name)
                XCTAssertNil(d.wasserstein, c.name)
                XCTAssertNil(d.jensenShannonDistance, c.name)
                XCTAssertNil(d.hellingerDistance, c.name)
                XCTAssertNil(d.chiSquare, c.name)
                continue
            }
            for (a, x) in zip(try XCTUnwrap(d.binEdges, c.name), try XCTUnwrap(e.edges)) {
                assertRelative(a, x, tolerance, absolute: 1e-15, "\(c.name) edge")
            }
            XCTAssertEqual(d.referenceBinCounts, e.reference_bins, "\(c.name) reference bins")
            XCTAssertEqual(d.currentBinCounts, e.current_bins, "\(c.name) current bins")
            assertRelative(d.populationStabilityIndex, e.psi, tolerance, absolute: 1e-15, "\(c.name) psi")
            assertRelative(d.jensenShannonDistance, e.js, tolerance, absolute: 1e-12, "\(c.name) js")
            assertRelative(d.hellingerDistance, e.hellinger, tolerance, absolute: 1e-12, "\(c.name) hellinger")
            assertRelative(d.wasserstein, e.wasserstein, tolerance, absolute: 1e-15, "\(c.name) wasserstein")
            assertRelative(
                d.normalizedWasserstein, e.wasserstein_normalized, tolerance, absolute: 1e-15, "\(c.name) wasserstein/sd")
            let ks = try XCTUnwrap(d.kolmogorovSmirnov, c.name)
            let expectedKS = try XCTUnwrap(e.ks)
            assertRelative(ks.statistic, expectedKS[0].number, tolerance, "\(c.name) ks statistic")
            assertRelative(ks.pValue, expectedKS[1].number, pTolerance, absolute: 1e-300, "\(c.name) ks p")
            XCTAssertEqual(ks.method.rawValue, expectedKS[2].text, "\(c.name) ks method")
            try assertChiSquare(d.chiSquare, e.chi2, c.name)
            XCTAssertNil(d.lInfinity)
        }
    }

    func testCategoricalDriftAndStatisticsMatchScipy() throws {
        for c in try DataDriftFixture.load().categorical {
            let referenceCounts = CategoryCounts(codes: c.reference_codes, names: c.reference_names)
            let currentCounts = CategoryCounts(codes: c.current_codes, names: c.current_names)
            let d = DataDrift.categoricalDrift(referenceCounts: referenceCounts, currentCounts: currentCounts)
            let fromCodes = c.reference_codes.withUnsafeBufferPointer { r in
                c.current_codes.withUnsafeBufferPointer { k in
                    DataDrift.categoricalDrift(
                        referenceCodes: r, referenceNames: c.reference_names, currentCodes: k, currentNames: c.current_names)
                }
            }
            XCTAssertEqual(fromCodes, d, c.name)
            let e = c.drift
            XCTAssertEqual(d.categories, e.categories, c.name)
            XCTAssertEqual(d.referenceBinCounts, e.reference_bins, c.name)
            XCTAssertEqual(d.currentBinCounts, e.current_bins, c.name)
            assertRelative(d.populationStabilityIndex, e.psi, tolerance, "\(c.name) psi")
            assertRelative(d.jensenShannonDistance, e.js, tolerance, "\(c.name) js")
            assertRelative(d.hellingerDistance, e.hellinger, tolerance, "\(c.name) hellinger")
            assertRelative(d.lInfinity, e.l_infinity, tolerance, "\(c.name) l-infinity")
            XCTAssertEqual(d.lInfinityCategory, e.l_infinity_category, c.name)
            try assertChiSquare(d.chiSquare, e.chi2, c.name)
            XCTAssertNil(d.kolmogorovSmirnov)

            let s = CategoricalStatistics(referenceCounts, top: 3)
            let x = c.reference_stats
            XCTAssertEqual(s.count, x.count, c.name)
            XCTAssertEqual(s.missingCount, x.missing, c.name)
            XCTAssertEqual(s.distinctCount, x.distinct, c.name)
            XCTAssertEqual(s.topValues.count, x.top3.count, c.name)
            for (value, item) in zip(s.topValues, x.top3) {
                guard case .name(let name) = item[0], case .number(let count) = item[1], case .number(let share) = item[2]
                else { return XCTFail("bad fixture") }
                XCTAssertEqual(value.name, name, c.name)
                XCTAssertEqual(value.count, Int(count), c.name)
                assertRelative(value.share, share, tolerance, "\(c.name) top share")
            }
            assertRelative(s.otherShare, x.other_share, tolerance, absolute: 1e-15, "\(c.name) other share")
            let length = try XCTUnwrap(s.textLength)
            XCTAssertEqual(Double(length.minimum), x.length[0], c.name)
            assertRelative(length.mean, x.length[1], tolerance, "\(c.name) mean length")
            XCTAssertEqual(Double(length.maximum), x.length[2], c.name)
        }
    }

    func assertChiSquare(_ test: ChiSquareTest?, _ expected: [Double], _ name: String) throws {
        let chi = try XCTUnwrap(test, name)
        assertRelative(chi.statistic, expected[0], tolerance, absolute: 1e-15, "\(name) chi2")
        XCTAssertEqual(Double(chi.degreesOfFreedom), expected[1], name)
        assertRelative(chi.pValue, expected[2], pTolerance, absolute: 1e-300, "\(name) chi2 p")
        XCTAssertEqual(chi.yatesCorrected, chi.degreesOfFreedom == 1, name)
    }

    func testAccumulatorsMergeOverDisjointRows() throws {
        let c = try XCTUnwrap(try DataDriftFixture.load().numeric.first { $0.name == "asymptotic_12000_15000" })
        var column = c.reference.map { $0 ?? .nan }
        column[17] = .nan
        column[5_000] = 0
        let whole = column.withUnsafeBufferPointer { NumericAccumulator($0) }
        for split in [1, 4_096, 5_001, 11_999] {
            var left = column.withUnsafeBufferPointer { NumericAccumulator(UnsafeBufferPointer(rebasing: $0[..<split])) }
            let right = column.withUnsafeBufferPointer { NumericAccumulator(UnsafeBufferPointer(rebasing: $0[split...])) }
            left.merge(right)
            XCTAssertEqual(left.count, whole.count)
            XCTAssertEqual(left.missingCount, 1)
            XCTAssertEqual(left.zeroCount, whole.zeroCount)
            XCTAssertEqual(left.minimum, whole.minimum)
            XCTAssertEqual(left.maximum, whole.maximum)
            assertRelative(left.mean, whole.mean, 1e-13, absolute: 1e-16, "merged mean")
            assertRelative(left.populationStandardDeviation, whole.populationStandardDeviation, 1e-12, "merged sd")
        }
        let names = ["x", "y", "z"]
        let codes: [UInt32] = [0, 1, 2, 2, 9, 1, 0, 0, UInt32.max]
        let all = CategoryCounts(codes: codes, names: names)
        let merged = CategoryCounts(codes: Array(codes[..<4]), names: names)
            .merging(CategoryCounts(codes: Array(codes[4...]), names: ["x", "y", "z"]))
        XCTAssertEqual(merged, all)
        XCTAssertEqual(all.missingCount, 2)
        XCTAssertEqual(all.entries.map(\.count), [3, 2, 2])
    }

    func testSortedSampleOrdersLargeColumnsLikeTheStandardSort() {
        var rng = SplitMix64(seed: 7)
        var column = (0..<50_000).map { _ in (rng.nextUnit() - 0.5) * 1e3 }
        for i in stride(from: 0, to: column.count, by: 101) { column[i] = Double(Int(column[i])) }  // ties
        column[3] = -0.0
        column[4] = .nan
        column[5] = .infinity
        column[6] = -.infinity
        column[7] = Double.leastNormalMagnitude / 8
        let sorted = SortedSample(column)
        XCTAssertEqual(sorted.missingCount, 1)
        XCTAssertEqual(sorted.values, column.filter { !$0.isNaN }.map { $0 + 0.0 }.sorted())
    }

    func testEmptyAndUndefinedResultsAreNil() {
        let empty = SortedSample([Double]())
        let one = SortedSample([1.0])
        let d = DataDrift.numericDrift(reference: empty, current: one)
        XCTAssertNil(d.binEdges)
        XCTAssertNil(d.populationStabilityIndex)
        XCTAssertNil(d.kolmogorovSmirnov)
        XCTAssertNil(d.wasserstein)
        XCTAssertNil(d.chiSquare)
        let s = NumericStatistics.summarize([Double.nan, .nan]).statistics
        XCTAssertNil(s.mean)
        XCTAssertNil(s.standardDeviation)
        XCTAssertEqual(s.missingShare, 1)
        XCTAssertNil(s.zeroShare)
        let noRows = CategoricalStatistics(CategoryCounts(codes: [UInt32](), names: ["a"]))
        XCTAssertNil(noRows.missingShare)
        XCTAssertNil(noRows.otherShare)
        XCTAssertNil(noRows.textLength)
        let infinite = DataDrift.numericDrift(reference: SortedSample([0, 1, .infinity]), current: SortedSample([0, 2]))
        XCTAssertNil(infinite.wasserstein)
        XCTAssertNil(infinite.normalizedWasserstein)
    }
}
