import XCTest

@testable import LoupeMetrics

/// Monitoring's one-pass drift per window gives what the data-drift comparison of the reference
/// windows' rows with each window's rows gives (PSI, JS, Hellinger, KS with its p-value), for
/// small windows (exact KS) and large ones, ties, NaN, −0.0 beside 0.0, and empty windows.
final class WindowDistancesTests: XCTestCase {
    private func check(
        _ values: [Double], windows: [UInt32], count: Int, reference: ClosedRange<Int>, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let got = WindowDistances.numeric(values, windowOfRow: windows, windowCount: count, reference: reference)
        XCTAssertEqual(got.count, count, file: file, line: line)
        let referenceValues = values.indices.filter { windows[$0] != Grouping.none && reference.contains(Int(windows[$0])) }.map {
            values[$0]
        }
        for w in 0..<count {
            let rows = values.indices.filter { windows[$0] == UInt32(w) }
            guard !rows.isEmpty else {
                XCTAssertNil(got[w], "window \(w)", file: file, line: line)
                continue
            }
            let d = try? XCTUnwrap(got[w], file: file, line: line)
            let want = DataDrift.numericDrift(
                reference: SortedSample(referenceValues), current: SortedSample(rows.map { values[$0] }))
            XCTAssertEqual(
                d?.populationStabilityIndex?.bitPattern, want.populationStabilityIndex?.bitPattern, "PSI \(w)", file: file,
                line: line)
            XCTAssertEqual(
                d?.jensenShannonDistance?.bitPattern, want.jensenShannonDistance?.bitPattern, "JS \(w)", file: file, line: line)
            XCTAssertEqual(
                d?.hellingerDistance?.bitPattern, want.hellingerDistance?.bitPattern, "Hellinger \(w)", file: file, line: line)
            XCTAssertEqual(d?.kolmogorovSmirnov, want.kolmogorovSmirnov, "KS \(w)", file: file, line: line)
            XCTAssertEqual(d?.currentBinCounts, want.currentBinCounts, "bins \(w)", file: file, line: line)
            XCTAssertEqual(d?.referenceBinCounts, want.referenceBinCounts, file: file, line: line)
            XCTAssertEqual(d?.binEdges, want.binEdges, file: file, line: line)
            XCTAssertEqual(d?.currentMissingCount, want.currentMissingCount, file: file, line: line)
            XCTAssertEqual(d?.referenceMissingCount, want.referenceMissingCount, file: file, line: line)
        }
    }

    /// Rows over 6 windows: window 4 a gap, window 5 shifted, 12 distinct values (heavy ties),
    /// NaN, −0.0 beside 0.0, and every 50th row in no window.
    private func fewValues(rows: Int, seed: UInt64) -> (values: [Double], windows: [UInt32]) {
        var random = SplitMix64(seed: seed)
        var values: [Double] = []
        var windows: [UInt32] = []
        for row in 0..<rows {
            let w = UInt32(row % 6)
            guard w != 4 else { continue }
            var x = Double(random.next() % 12) + (w == 5 ? 3 : 0)
            if random.next() % 17 == 0 { x = .nan }
            if x == 0 && row % 2 == 0 { x = -0.0 }
            values.append(x)
            windows.append(row % 50 == 0 ? Grouping.none : w)
        }
        return (values, windows)
    }

    func testSmallWindowsWithTiesNaNAndAnEmptyWindowMatchTheDataDriftComparison() {
        let (values, windows) = fewValues(rows: 600, seed: 7)
        check(values, windows: windows, count: 6, reference: 0...1)
        check(values, windows: windows, count: 6, reference: 2...2)
    }

    /// Enough rows per window that few distinct values are counted per window, not sorted.
    func testFewDistinctValuesCountedPerWindowMatchTheDataDriftComparison() {
        let (values, windows) = fewValues(rows: 6_000, seed: 5)
        check(values, windows: windows, count: 6, reference: 0...1)
        check(values, windows: windows, count: 6, reference: 5...5)
        // A 0/1 column, as a binary label is compared.
        check(values.map { $0.isNaN ? 0 : Double(Int($0) % 2) }, windows: windows, count: 6, reference: 0...2)
    }

    /// Which way the values are grouped: counted per window while the distinct values are few
    /// for the rows and windows, sorted beyond.
    func testFewDistinctValuesAreCountedAndManySorted() {
        func isCounted(_ distinct: Int, rows: Int, windows: Int) -> Bool {
            let values = (0..<rows).map { Double($0 % distinct) }
            let owner = (0..<rows).map { UInt32($0 % windows) }
            return ValueGroups.counted(values, windowOfRow: owner, windowCount: windows) != nil
        }
        XCTAssertTrue(isCounted(2, rows: 1_000, windows: 4))
        XCTAssertTrue(isCounted(15_000, rows: 1_000_000, windows: 13))
        XCTAssertFalse(isCounted(70_000, rows: 400_000, windows: 1), "more than the limit")
        XCTAssertFalse(isCounted(300, rows: 1_000, windows: 4), "the table would outgrow the column")
    }

    /// A column that shows few distinct values at first and more later falls back to the sort.
    func testAColumnOutgrowingTheCountedValuesIsSortedAndStillMatches() {
        var random = SplitMix64(seed: 9)
        var values: [Double] = []
        var windows: [UInt32] = []
        for row in 0..<8_000 {
            values.append(Double(random.next() % (row < 4_000 ? 200 : 4_000)) / 4)
            windows.append(UInt32(row % 4))
        }
        check(values, windows: windows, count: 4, reference: 0...0)
    }

    func testLargeWindowsOfContinuousValuesMatchTheDataDriftComparison() {
        var random = SplitMix64(seed: 11)
        var values: [Double] = []
        var windows: [UInt32] = []
        for row in 0..<48_000 {
            let w = UInt32(row / 12_000)
            values.append(Double(random.next() % 1_000_000) / 1_000 + Double(w) * (w == 3 ? 40 : 1))
            windows.append(w)
        }
        check(values, windows: windows, count: 4, reference: 0...1)
    }

    /// Values sorted elsewhere (a model's scores as its evaluation sorted them, ties in row order)
    /// give what the values give, rows in no window left out.
    func testSortedKeysGiveWhatTheValuesGive() {
        var random = SplitMix64(seed: 21)
        let values = (0..<20_000).map { _ in Double(random.next() % 5_000) / 1_000 }
        let windows = (0..<20_000).map { $0 % 97 == 0 ? Grouping.none : UInt32($0 % 5) }
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        // The evaluator's sorted codes mark a row in no window with the window count.
        let sortedWindows = order.map { windows[$0] == Grouping.none ? 5 : windows[$0] }
        for reference in [0...1, 3...3] {
            let want = WindowDistances.numeric(values, windowOfRow: windows, windowCount: 5, reference: reference)
            let got = WindowDistances.numeric(
                sortedKeys: order.map { RadixSort.key(values[$0]) }, windowOfKey: sortedWindows, windowCount: 5,
                reference: reference)
            XCTAssertEqual(got, want)
        }
    }

    func testAReferenceWithoutValuesLeavesTheDistancesUndefined() {
        let values: [Double] = [.nan, .nan, 1, 2, 3]
        let windows: [UInt32] = [0, 0, 1, 1, 1]
        let got = WindowDistances.numeric(values, windowOfRow: windows, windowCount: 2, reference: 0...0)
        XCTAssertNil(got[1]?.kolmogorovSmirnov)
        XCTAssertNil(got[1]?.populationStabilityIndex)
        XCTAssertEqual(got[0]?.currentMissingCount, 2)
    }
}
