import Foundation
import LoupeMarkup
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// The generated data sets: byte-for-byte determinism, layout and formats, and — for the demo —
/// that the planted problems are really in the data, measured with an independent AUC.
final class DemoDataTests: XCTestCase {
    // MARK: - CreditDemo layout and determinism

    /// A description past the display limit is cut to one line with an ellipsis on the overview.
    func testDemoDescriptionsFitTheDisplayLimitSoTheOverviewShowsThemWhole() {
        for description in [CreditDemo.description, HouseDemo.description, MulticlassDemo.description] {
            XCTAssertLessThanOrEqual(description.utf8.count, DisplayText.limit, String(description.prefix(40)))
        }
    }

    func testCreditDemoIsIdenticalForTheSameSeedAndDiffersForAnother() {
        let first = CreditDemo.bytes(rows: 1_500, seed: 7)
        XCTAssertEqual(first, CreditDemo.bytes(rows: 1_500, seed: 7))
        XCTAssertNotEqual(first, CreditDemo.bytes(rows: 1_500, seed: 8))
        XCTAssertEqual(CreditDemo.csv(rows: 1_500, seed: 7), String(decoding: first, as: UTF8.self))
    }

    func testCreditDemoHasTheHeaderAndOneLinePerRequestedRow() {
        let table = CSVText(CreditDemo.csv(rows: 1_234, seed: 1))
        XCTAssertEqual(table.header, CreditDemo.columns)
        XCTAssertEqual(table.rows.count, 1_234)
        XCTAssertTrue(table.rows.allSatisfy { $0.count == CreditDemo.columns.count })
    }

    func testCreditDemoRaisesTooFewRowsToTheMinimum() {
        XCTAssertEqual(CSVText(CreditDemo.csv(rows: 3, seed: 1)).rows.count, CreditDemo.minimumRows)
    }

    func testCreditDemoNamesOnlyColumnsThatExist() {
        let columns = Set(CreditDemo.columns)
        XCTAssertTrue(columns.contains(CreditDemo.labelColumn))
        XCTAssertTrue(columns.contains(CreditDemo.timestampColumn))
        XCTAssertTrue(CreditDemo.scoreColumns.allSatisfy { columns.contains($0.column) })
        XCTAssertTrue(CreditDemo.scoreColumns.contains { $0.name == CreditDemo.baselineModel })
        XCTAssertTrue(CreditDemo.suggestedSlices.joined().allSatisfy(columns.contains))
        XCTAssertTrue(CreditDemo.fairnessColumns.allSatisfy(columns.contains))
        XCTAssertTrue(CreditDemo.plantedProblems.allSatisfy { columns.contains($0.column) })
    }

    func testCreditDemoValuesAreInRangeAndConsistent() throws {
        let table = CSVText(CreditDemo.csv(rows: 3_000, seed: 3))
        let bandStarts = ["18-24": 18, "25-34": 25, "35-44": 35, "45-54": 45, "55-64": 55, "65+": 65]
        var previousDate = ""
        for row in table.rows {
            let value = { (column: String) in row[table.index(column)] }
            let date = value("application_date")
            XCTAssertTrue(date >= "2025-01-01" && date <= "2025-06-30" && date >= previousDate, date)
            previousDate = date
            for column in ["p_candidate", "p_benchmark"] {
                let text = value(column)
                let score = try XCTUnwrap(Double(text))
                XCTAssertTrue(score > 0 && score < 1, "\(column) \(text)")
                XCTAssertEqual(text.split(separator: ".").last?.count, 4, text)
            }
            XCTAssertTrue(value("defaulted") == "0" || value("defaulted") == "1")
            let age = try XCTUnwrap(Int(value("age")))
            let start = try XCTUnwrap(bandStarts[value("age_band")])
            XCTAssertTrue(age >= start && age <= (start == 65 ? 84 : start + 9), "\(age) in \(value("age_band"))")
            XCTAssertTrue(CreditDemo.regions.contains(value("region")))
            XCTAssertTrue(CreditDemo.sexes.contains(value("sex")))
            XCTAssertTrue(CreditDemo.employments.contains(value("employment")))
            XCTAssertTrue(CreditDemo.purposes.contains(value("loan_purpose")))
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(Int(value("income"))), 5_000)
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(Int(value("loan_amount"))), 1_000)
            let debt = try XCTUnwrap(Double(value("debt_to_income")))
            XCTAssertTrue(debt >= 0.01 && debt <= 0.95)
            let bureau = try XCTUnwrap(Int(value("bureau_score")))
            XCTAssertTrue(bureau >= 300 && bureau <= 850)
        }
        XCTAssertEqual(Set(table.column("region")).count, CreditDemo.regions.count)
        XCTAssertEqual(Set(table.column("age_band")).count, CreditDemo.ageBands.count)
    }

    // MARK: - CreditDemo planted problems (default size and seed, as `loupe demo` builds them)

    private static let demo = CreditModelColumns(CSVText(CreditDemo.csv()))

    func testCreditDemoDefaultRateIsBetween15And21Percent() {
        let rate = Self.demo.labels.mean
        XCTAssertTrue(rate > 0.15 && rate < 0.21, "default rate \(rate)")
    }

    func testCandidateBeatsBenchmarkOverall() {
        let demo = Self.demo
        let all = Array(0..<demo.labels.count)
        XCTAssertGreaterThan(demo.auc(\.candidate, all), demo.auc(\.benchmark, all) + 0.06)
    }

    func testCandidateRanksMuchWorseInTheDegradedRegion() {
        let demo = Self.demo
        let mountain = demo.rows(where: "region", is: "Mountain")
        XCTAssertGreaterThanOrEqual(mountain.count, 1_500)
        let worst = CreditDemo.regions.filter { $0 != "Mountain" }
            .map { demo.auc(\.candidate, demo.rows(where: "region", is: $0)) }.min()!
        XCTAssertLessThan(demo.auc(\.candidate, mountain), worst - 0.06)
    }

    func testCandidateOverPredictsForTheOldestBandWithItsRankingIntact() {
        let demo = Self.demo
        let old = demo.rows(where: "age_band", is: "65+")
        let gap = demo.mean(\.candidate, old) - demo.mean(\.labels, old)
        XCTAssertGreaterThan(gap, 0.08)
        let young = demo.rows(where: "age_band", is: "35-44")
        XCTAssertLessThan(abs(demo.mean(\.candidate, young) - demo.mean(\.labels, young)), 0.03)
        XCTAssertGreaterThan(demo.auc(\.candidate, old), 0.74)
    }

    func testBenchmarkBeatsCandidateOnSmallBusinessLoans() {
        let demo = Self.demo
        let business = demo.rows(where: "loan_purpose", is: "Small business")
        XCTAssertGreaterThanOrEqual(business.count, 1_200)
        XCTAssertGreaterThan(demo.auc(\.benchmark, business), demo.auc(\.candidate, business) + 0.12)
    }

    func testConceptDriftRaisesSoutheastDefaultsFromMarch17WithTheScoresUnchanged() {
        // The monitoring page's concept drift: the label moves for the same inputs in one region.
        let demo = Self.demo
        let date = demo.table.index(CreditDemo.timestampColumn)
        let southeast = demo.rows(where: "region", is: "Southeast")
        let before = southeast.filter { demo.table.rows[$0][date] < "2025-03-17" }
        let after = southeast.filter { demo.table.rows[$0][date] >= "2025-03-17" }
        XCTAssertGreaterThan(demo.mean(\.labels, after) - demo.mean(\.labels, before), 0.08)
        XCTAssertLessThan(abs(demo.mean(\.candidate, after) - demo.mean(\.candidate, before)), 0.02)
        let pacific = demo.rows(where: "region", is: "Pacific")
        let pacificBefore = pacific.filter { demo.table.rows[$0][date] < "2025-03-17" }
        let pacificAfter = pacific.filter { demo.table.rows[$0][date] >= "2025-03-17" }
        XCTAssertLessThan(abs(demo.mean(\.labels, pacificAfter) - demo.mean(\.labels, pacificBefore)), 0.03)
    }

    func testCovariateShiftRaisesIncomesFromMay12() {
        // The monitoring page's covariate shift: income's distribution moves up by about 35%.
        let demo = Self.demo
        let date = demo.table.index(CreditDemo.timestampColumn)
        let income = demo.table.index("income")
        func median(_ rows: [Int]) -> Double {
            let values = rows.map { Double(demo.table.rows[$0][income])! }.sorted()
            return values[values.count / 2]
        }
        let all = Array(0..<demo.labels.count)
        let april = all.filter { ("2025-04-01"..."2025-05-11").contains(demo.table.rows[$0][date]) }
        let june = all.filter { demo.table.rows[$0][date] >= "2025-05-12" }
        XCTAssertGreaterThan(median(june) / median(april), 1.25)
    }

    func testPlantedProblemsHoldForAnotherSeed() {
        // `loupe demo --seed` may pick any seed; the effects must not be an accident of one.
        let demo = CreditModelColumns(CSVText(CreditDemo.csv(rows: CreditDemo.defaultRows, seed: 7)))
        let all = Array(0..<demo.labels.count)
        let mountain = demo.rows(where: "region", is: "Mountain")
        let elsewhere = all.filter { demo.table.rows[$0][demo.table.index("region")] != "Mountain" }
        let old = demo.rows(where: "age_band", is: "65+")
        let business = demo.rows(where: "loan_purpose", is: "Small business")
        XCTAssertGreaterThan(demo.auc(\.candidate, all), demo.auc(\.benchmark, all) + 0.06)
        XCTAssertLessThan(demo.auc(\.candidate, mountain), demo.auc(\.candidate, elsewhere) - 0.08)
        XCTAssertGreaterThan(demo.mean(\.candidate, old) - demo.mean(\.labels, old), 0.08)
        XCTAssertGreaterThan(demo.auc(\.benchmark, business), demo.auc(\.candidate, business) + 0.12)
    }

    // MARK: - BenchWorkload

    func testBenchWorkloadFileHasTheReferenceLayout() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("pred_20k.csv").path
        try BenchWorkload.write(rows: 20_000, seed: 20_240_101, to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(bytes, BenchWorkload.bytes(rows: 20_000, seed: 20_240_101))

        let table = CSVText(String(decoding: bytes, as: UTF8.self))
        XCTAssertEqual(
            table.header,
            ["label", "score_a", "score_b", "weight", "sex", "race", "age_band", "region", "income", "tenure", "timestamp"])
        XCTAssertEqual(table.rows.count, 20_000)
        XCTAssertTrue(table.rows.allSatisfy { $0.count == 11 })
        XCTAssertEqual(Set(table.column("label")), ["0", "1"])
        XCTAssertEqual(Set(table.column("sex")), Set(BenchWorkload.sexes))
        XCTAssertEqual(Set(table.column("race")), Set(BenchWorkload.races))
        XCTAssertEqual(Set(table.column("age_band")), Set(BenchWorkload.ageBands))
        XCTAssertEqual(Set(table.column("region")), Set(BenchWorkload.regions))
        let days = Set(table.column("timestamp"))
        XCTAssertEqual(days.count, 90)
        XCTAssertEqual(days.min(), "2024-01-01")
        XCTAssertEqual(days.max(), "2024-03-30")
        for (column, decimals) in [("score_a", 6), ("score_b", 6), ("weight", 4), ("income", 2)] {
            XCTAssertTrue(table.column(column).allSatisfy { $0.split(separator: ".").last?.count == decimals }, column)
        }
        XCTAssertTrue(table.column("tenure").allSatisfy { Int($0).map { (0...40).contains($0) } ?? false })
        let share = { (column: String, value: String) in
            Double(table.column(column).filter { $0 == value }.count) / 20_000
        }
        XCTAssertEqual(share("sex", "F"), 0.51, accuracy: 0.015)
        XCTAssertEqual(share("race", "Black"), 0.14, accuracy: 0.01)
        XCTAssertEqual(share("age_band", "65+"), 0.11, accuracy: 0.01)
        XCTAssertEqual(share("region", "CA"), 0.12, accuracy: 0.01)
    }

    func testBenchWorkloadIsDeterministicAndShorterFilesArePrefixes() {
        let long = BenchWorkload.bytes(rows: 2_000, seed: 5)
        XCTAssertEqual(long, BenchWorkload.bytes(rows: 2_000, seed: 5))
        XCTAssertNotEqual(long, BenchWorkload.bytes(rows: 2_000, seed: 6))
        let short = BenchWorkload.bytes(rows: 700, seed: 5)
        XCTAssertEqual(Array(long.prefix(short.count)), short)
    }

    func testBenchWorkloadPlantsModelAsProblems() {
        let table = CSVText(String(decoding: BenchWorkload.bytes(rows: 30_000, seed: 20_240_101), as: UTF8.self))
        let labels = table.column("label").map { Double($0)! }
        let a = table.column("score_a").map { Double($0)! }
        let b = table.column("score_b").map { Double($0)! }
        let rows = { (column: String, value: String) -> [Int] in
            let values = table.column(column)
            return values.indices.filter { values[$0] == value }
        }
        let auc = { (scores: [Double], subset: [Int]) in
            areaUnderROC(labels: subset.map { labels[$0] }, scores: subset.map { scores[$0] })
        }
        let all = Array(labels.indices)
        // Region NV and race Black: A ranks clearly worse than overall; B does not.
        XCTAssertLessThan(auc(a, rows("region", "NV")), auc(a, all) - 0.05)
        XCTAssertLessThan(auc(a, rows("race", "Black")), auc(a, all) - 0.03)
        // 65+: A's mean score far above the positive rate.
        let old = rows("age_band", "65+")
        XCTAssertGreaterThan(old.map { a[$0] }.mean - old.map { labels[$0] }.mean, 0.1)
        // Drift from 2024-03-01: A loses ranking power.
        let days = table.column("timestamp")
        let after = all.filter { days[$0] >= "2024-03-01" }
        let before = all.filter { days[$0] < "2024-03-01" }
        XCTAssertLessThan(auc(a, after), auc(a, before) - 0.08)
        XCTAssertEqual(auc(b, after), auc(b, before), accuracy: 0.03)
    }

    /// The data-drift benchmark's current file (`--kind bench-drift`) is `bench`'s layout with
    /// every row past the drift: income about × 1.35 against the reference's first 60 days, and
    /// model A's scores moved, B's not — something for the distances to find.
    func testBenchDriftWorkloadMovesIncomeAndScoreAButKeepsTheLayout() throws {
        let reference = CSVText(String(decoding: BenchWorkload.bytes(rows: 20_000, seed: 1), as: UTF8.self))
        let current = CSVText(
            String(decoding: BenchWorkload.bytes(rows: 20_000, seed: 2, drifted: true), as: UTF8.self))
        XCTAssertEqual(current.header, BenchWorkload.header.split(separator: ",").map(String.init))
        let days = reference.column("timestamp")
        let before = days.indices.filter { days[$0] < "2024-03-01" }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let incomes = reference.column("income")
        let referenceIncome = median(before.map { Double(incomes[$0])! })
        let currentIncome = median(current.column("income").map { Double($0)! })
        XCTAssertEqual(currentIncome / referenceIncome, 1.35, accuracy: 0.05)
        let meanB = { (t: CSVText) in t.column("score_b").map { Double($0)! }.mean }
        XCTAssertEqual(meanB(current), meanB(reference), accuracy: 0.02)
        let spreadA = { (t: CSVText) -> Double in
            let a = t.column("score_a").map { Double($0)! }
            let mean = a.mean  // once: inside the map it made the test quadratic (a minute in debug)
            return a.map { ($0 - mean) * ($0 - mean) }.mean.squareRoot()
        }
        XCTAssertGreaterThan(abs(spreadA(current) - spreadA(reference)), 0.01)
        let path = NSTemporaryDirectory() + "bench-drift-\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DemoGenerator.write(.benchDrift, rows: 500, to: path)
        XCTAssertEqual(
            Array(try Data(contentsOf: URL(fileURLWithPath: path))),
            BenchWorkload.bytes(rows: 500, seed: DemoGenerator.Kind.benchDrift.defaultSeed, drifted: true))
    }

    func testWritingIntoAMissingFolderFailsWithTheFileName() {
        let path = "/nonexistent-loupe-folder/pred.csv"
        XCTAssertThrowsError(try BenchWorkload.write(rows: 10, seed: 1, to: path)) { error in
            XCTAssertEqual(error as? GeneratorError, .cannotCreate(path: path))
            XCTAssertTrue(String(describing: error).hasPrefix(path))
        }
    }

    // MARK: - Formatting helpers

    func testFixedDecimalFormatting() {
        XCTAssertEqual(formatted { $0.fixed(0.1234567, decimals: 6) }, "0.123457")
        XCTAssertEqual(formatted { $0.fixed(0.9999996, decimals: 6) }, "1.000000")
        XCTAssertEqual(formatted { $0.fixed(0.0001, decimals: 4) }, "0.0001")
        XCTAssertEqual(formatted { $0.fixed(48_213.456, decimals: 2) }, "48213.46")
        XCTAssertEqual(formatted { $0.fixed(-0.0000001, decimals: 3) }, "0.000")
        XCTAssertEqual(formatted { $0.fixed(-2.5, decimals: 1) }, "-2.5")
        XCTAssertEqual(formatted { $0.fixed(7, decimals: 0) }, "7")
        XCTAssertEqual(formatted { $0.unsigned(0) }, "0")
        XCTAssertEqual(formatted { $0.integer(-1_234_567) }, "-1234567")
        XCTAssertEqual(formatted { $0.unsigned(UInt64.max) }, "18446744073709551615")
    }

    func testCivilDatesCrossMonthsLeapDaysAndYears() {
        XCTAssertEqual(CivilDate.iso(year: 2024, dayOffset: 0), "2024-01-01")
        XCTAssertEqual(CivilDate.iso(year: 2024, dayOffset: 59), "2024-02-29")
        XCTAssertEqual(CivilDate.iso(year: 2024, dayOffset: 89), "2024-03-30")
        XCTAssertEqual(CivilDate.iso(year: 2025, dayOffset: 59), "2025-03-01")
        XCTAssertEqual(CivilDate.iso(year: 2025, dayOffset: 180), "2025-06-30")
        XCTAssertEqual(CivilDate.iso(year: 2025, dayOffset: 365), "2026-01-01")
    }

    // MARK: - Helpers

    private func formatted(_ write: (inout ByteCursor) -> Void) -> String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { storage -> Int in
            var cursor = ByteCursor(storage.baseAddress!)
            write(&cursor)
            return cursor.pointer - storage.baseAddress!
        }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("DemoDataTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}

/// A generated CSV split naively on `\n` and `,` — the generators never quote.
private struct CSVText {
    let header: [String]
    let rows: [[String]]

    init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        if lines.last == [""] { lines.removeLast() }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    func index(_ column: String) -> Int {
        header.firstIndex(of: column)!
    }

    func column(_ name: String) -> [String] {
        let i = index(name)
        return rows.map { $0[i] }
    }
}

/// The demo's label and scores as numbers, with row subsets by column value.
private struct CreditModelColumns {
    let table: CSVText
    let labels: [Double]
    let candidate: [Double]
    let benchmark: [Double]

    init(_ table: CSVText) {
        self.table = table
        labels = table.column(CreditDemo.labelColumn).map { Double($0)! }
        candidate = table.column("p_candidate").map { Double($0)! }
        benchmark = table.column("p_benchmark").map { Double($0)! }
    }

    func rows(where column: String, is value: String) -> [Int] {
        let values = table.column(column)
        return values.indices.filter { values[$0] == value }
    }

    func auc(_ scores: KeyPath<Self, [Double]>, _ subset: [Int]) -> Double {
        areaUnderROC(labels: subset.map { labels[$0] }, scores: subset.map { self[keyPath: scores][$0] })
    }

    func mean(_ values: KeyPath<Self, [Double]>, _ subset: [Int]) -> Double {
        subset.map { self[keyPath: values][$0] }.mean
    }
}

/// ROC AUC as the Mann–Whitney statistic: the share of (positive, negative) pairs ranked
/// correctly, ties counting one half (average ranks).
private func areaUnderROC(labels: [Double], scores: [Double]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rankSumPositives = 0.0
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
        let averageRank = Double(start + end) / 2 + 1
        for k in start...end where labels[order[k]] == 1 { rankSumPositives += averageRank }
        start = end + 1
    }
    let positives = labels.filter { $0 == 1 }.count
    let negatives = labels.count - positives
    let pairs = Double(positives) * Double(negatives)
    return (rankSumPositives - Double(positives) * Double(positives + 1) / 2) / pairs
}

extension Array where Element == Double {
    fileprivate var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }
}
