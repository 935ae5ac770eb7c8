import LoupeMetrics
import XCTest

/// Calendar and row windows: UTC calendar edges (weeks start on Monday, month and quarter ends,
/// leap days, years before 1970), gaps kept as empty windows, ties in row order.
final class TimeWindowTests: XCTestCase {
    /// Seconds since 1970 of a UTC date and time.
    private func t(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0, _ s: Double = 0) -> Double {
        // An independent days_from_civil, checked against known instants below.
        Double(TimeWindowTests.days(y, m, d)) * 86_400 + Double(h * 3600 + min * 60) + s
    }

    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// The time order both ways it is found — counting a few distinct times (dates) and sorting
    /// many (instants to the second) — is the stable order by time, with missing and infinite
    /// times left out, and the windows cut it where an independent computation does.
    func testTimeOrderByCountingAndBySortingIsTheStableOrderByTime() throws {
        var random = SplitMix64(seed: 3)
        let start = t(2024, 1, 1)
        for distinctTimes in [40, 200_000] {
            let times: [Double] = (0..<120_000).map { row in
                if row % 97 == 0 { return .nan }
                if row % 1001 == 0 { return .infinity }
                let step = Double(random.next() % UInt64(distinctTimes))
                return start + step * (distinctTimes < 1000 ? 86_400 : 37)
            }
            let plan = try XCTUnwrap(TimeWindows.calendar(times: times, unit: .week))
            let expected = times.indices.filter { times[$0].isFinite }.sorted { (times[$0], $0) < (times[$1], $1) }
            XCTAssertEqual(plan.order, expected, "\(distinctTimes) distinct times")
            XCTAssertEqual(plan.missingTimestamps, times.count - expected.count)
            for window in plan.windows {
                let rows = window.positions.map { plan.order[$0] }
                XCTAssertTrue(rows.allSatisfy { times[$0] >= window.start! && times[$0] < window.end! }, window.label)
            }
            XCTAssertEqual(plan.windows.reduce(0) { $0 + $1.positions.count }, expected.count)
        }
    }

    func testKnownInstants() {
        XCTAssertEqual(t(2024, 3, 4), 1_709_510_400)
        XCTAssertEqual(TimeWindows.instantText(1_709_510_400), "2024-03-04T00:00:00Z")
        XCTAssertEqual(TimeWindows.instantText(1_709_561_520.25), "2024-03-04T14:12:00.250Z")
        XCTAssertEqual(TimeWindows.instantText(-1), "1969-12-31T23:59:59Z")
    }

    func testWeeksStartOnMondayInUTC() throws {
        // Sunday 2024-03-03 23:59:59 is in the week of Monday 2024-02-26; Monday 00:00 starts the next.
        let times = [t(2024, 3, 3, 23, 59, 59), t(2024, 3, 4), t(2024, 3, 10, 23, 59, 59), t(2024, 3, 11)]
        let plan = try XCTUnwrap(TimeWindows.calendar(times: times, unit: .week))
        XCTAssertEqual(plan.windows.map(\.label), ["2024-02-26", "2024-03-04", "2024-03-11"])
        XCTAssertEqual(plan.windows.map(\.positions), [0..<1, 1..<3, 3..<4])
        XCTAssertEqual(plan.windows[1].start, t(2024, 3, 4))
        XCTAssertEqual(plan.windows[1].end, t(2024, 3, 11))
    }

    func testWeekOfNewYearAndBefore1970() throws {
        // 2025-01-01 is a Wednesday: its week starts on Monday 2024-12-30. 1969-12-31 (Wednesday)
        // is in the week of Monday 1969-12-29, like 1970-01-01.
        let plan = try XCTUnwrap(TimeWindows.calendar(times: [t(2025, 1, 1, 12)], unit: .week))
        XCTAssertEqual(plan.windows.map(\.label), ["2024-12-30"])
        let early = try XCTUnwrap(TimeWindows.calendar(times: [t(1969, 12, 31), t(1970, 1, 1)], unit: .week))
        XCTAssertEqual(early.windows.map(\.label), ["1969-12-29"])
        XCTAssertEqual(early.windows[0].positions, 0..<2)
    }

    func testMonthEndsLeapDaysAndEmptyMonthsAsGaps() throws {
        let times = [t(2024, 1, 31, 23, 59, 59), t(2024, 2, 29, 12), t(2024, 3, 1), t(2024, 6, 30, 23, 59, 59)]
        let plan = try XCTUnwrap(TimeWindows.calendar(times: times, unit: .month))
        XCTAssertEqual(plan.windows.map(\.label), ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"])
        XCTAssertEqual(plan.windows.map(\.positions.count), [1, 1, 1, 0, 0, 1])
        XCTAssertEqual(plan.windows[1].start, t(2024, 2, 1))
        XCTAssertEqual(plan.windows[1].end, t(2024, 3, 1))
        XCTAssertEqual(plan.windows[5].end, t(2024, 7, 1))
        XCTAssertNil(plan.window(ofPosition: 4))
        XCTAssertEqual(plan.window(ofPosition: 3), 5)
        XCTAssertEqual(plan.window(ofPosition: 2), 2)
    }

    func testQuartersAndDecemberEnd() throws {
        let times = [t(2023, 12, 31, 23, 59, 59), t(2024, 1, 1), t(2024, 3, 31, 23), t(2024, 4, 1)]
        let plan = try XCTUnwrap(TimeWindows.calendar(times: times, unit: .quarter))
        XCTAssertEqual(plan.windows.map(\.label), ["2023-Q4", "2024-Q1", "2024-Q2"])
        XCTAssertEqual(plan.windows.map(\.positions.count), [1, 2, 1])
        XCTAssertEqual(plan.windows[0].end, t(2024, 1, 1))
        XCTAssertEqual(plan.windows[2].start, t(2024, 4, 1))
    }

    func testDaysSortByTimeWithTiesInRowOrderAndMissingTimesLeftOut() throws {
        let times = [t(2024, 3, 5, 10), t(2024, 3, 4, 9), .nan, t(2024, 3, 5, 10), t(2024, 3, 4, 23, 59, 59)]
        let plan = try XCTUnwrap(TimeWindows.calendar(times: times, unit: .day))
        XCTAssertEqual(plan.order, [1, 4, 0, 3])
        XCTAssertEqual(plan.missingTimestamps, 1)
        XCTAssertEqual(plan.windows.map(\.label), ["2024-03-04", "2024-03-05"])
        XCTAssertEqual(plan.windows.map(\.positions), [0..<2, 2..<4])
    }

    func testTooManyCalendarWindowsIsNil() {
        XCTAssertNil(TimeWindows.calendar(times: [t(1900, 1, 1), t(2024, 1, 1)], unit: .day))
        XCTAssertNotNil(TimeWindows.calendar(times: [t(1900, 1, 1), t(2024, 1, 1)], unit: .month))
    }

    func testRowWindowsInTimeOrderOrFileOrder() {
        let inFileOrder = TimeWindows.rows(count: 5, times: nil, size: 2)
        XCTAssertEqual(inFileOrder.order, [0, 1, 2, 3, 4])
        XCTAssertEqual(inFileOrder.windows.map(\.label), ["rows 1–2", "rows 3–4", "rows 5–5"])
        XCTAssertEqual(inFileOrder.windows.map(\.positions), [0..<2, 2..<4, 4..<5])
        let byTime = TimeWindows.rows(count: 4, times: [3, .nan, 1, 1], size: 3)
        XCTAssertEqual(byTime.order, [2, 3, 0, 1])
        XCTAssertNil(byTime.windows[0].start)
    }
}
