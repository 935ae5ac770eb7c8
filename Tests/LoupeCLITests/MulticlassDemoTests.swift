import Foundation
import LoupeResults
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// The multiclass example of `loupe demo` and the multiclass benchmark workload: deterministic
/// files whose probability rows sum to exactly 1, the planted problems measured independently of
/// Loupe's evaluator, and the demo's gates judging them.
final class MulticlassDemoTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws { workspace = try TestWorkspace() }
    override func tearDown() { workspace.remove() }

    /// The rows of a generated file as fields.
    private func table(_ bytes: [UInt8]) -> (header: [String], rows: [[Substring]]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        return (lines[0].split(separator: ",").map(String.init), lines.dropFirst().map { $0.split(separator: ",") })
    }

    /// Every probability written has `decimals` digits, is at least one unit, and each model's
    /// row sums to exactly 10^decimals units — so Loupe reads them without a sum warning.
    private func assertProbabilityRows(_ fields: [Substring], columns: Range<Int>, decimals: Int, line: Int) {
        var total = 0
        for field in fields[columns] {
            let parts = field.split(separator: ".")
            XCTAssertEqual(parts.count, 2, "line \(line): \(field)")
            XCTAssertEqual(parts.last?.count, decimals, "line \(line): \(field)")
            let units = Int(parts[0])! * Int(pow(10, Double(decimals))) + Int(parts[1])!
            XCTAssertGreaterThanOrEqual(units, 1, "line \(line): a probability of 0")
            total += units
        }
        XCTAssertEqual(total, Int(pow(10, Double(decimals))), "line \(line): probabilities do not sum to 1")
    }

    func testDocumentDataIsDeterministicWithTheDeclaredColumnsAndRowsSummingToOne() {
        let a = MulticlassDemo.bytes(rows: 600, seed: 3)
        XCTAssertEqual(a, MulticlassDemo.bytes(rows: 600, seed: 3))
        XCTAssertNotEqual(a, MulticlassDemo.bytes(rows: 600, seed: 4))
        let (header, rows) = table(a)
        XCTAssertEqual(header, MulticlassDemo.columns)
        XCTAssertEqual(rows.count, 600)
        let k = MulticlassDemo.classes.count
        for (i, fields) in rows.enumerated() {
            XCTAssertEqual(fields.count, MulticlassDemo.columns.count)
            XCTAssertTrue(MulticlassDemo.classes.contains(String(fields[3])), String(fields[3]))
            assertProbabilityRows(fields, columns: 4..<(4 + k), decimals: 4, line: i + 2)
            assertProbabilityRows(fields, columns: (4 + k)..<(4 + 2 * k), decimals: 4, line: i + 2)
        }
        XCTAssertEqual(table(MulticlassDemo.bytes(rows: 3, seed: 1)).rows.count, MulticlassDemo.minimumRows)
    }

    func testBenchWorkloadHasTenClassesTwoModelsAndRowsSummingToOne() throws {
        let (header, rows) = table(MulticlassBenchWorkload.bytes(rows: 2_000))
        XCTAssertEqual(header.count, 1 + 20 + 3)
        XCTAssertEqual(header.filter { $0.hasPrefix("a_") }.count, 10)
        XCTAssertTrue(MulticlassBenchWorkload.sliceSpecs.joined().allSatisfy(header.contains))
        XCTAssertEqual(rows.count, 2_000)
        for (i, fields) in rows.enumerated() {
            assertProbabilityRows(fields, columns: 1..<11, decimals: 6, line: i + 2)
            assertProbabilityRows(fields, columns: 11..<21, decimals: 6, line: i + 2)
        }
        XCTAssertEqual(Set(rows.map { $0[0] }).count, 10)
        // `loupe generate` writes the same bytes.
        let out = workspace.path("mc.csv")
        XCTAssertEqual(workspace.run(["generate", "--kind", "bench-multiclass", "--rows", "2000", "--out", out]).status, 0)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: out))), MulticlassBenchWorkload.bytes(rows: 2_000))
    }

    /// Recall of each class by one model on the rows where `keep` holds, from the written
    /// probabilities (argmax, the lowest class on ties) — independently of Loupe's kernels.
    private func recall(_ rows: [[Substring]], model: Int, where keep: ([Substring]) -> Bool) -> (
        recall: [String: Double], confused: [String: [String: Double]]
    ) {
        let classes = MulticlassDemo.classes, k = classes.count
        var hits: [String: Int] = [:], totals: [String: Int] = [:], confused: [String: [String: Int]] = [:]
        for fields in rows where keep(fields) {
            let p = (0..<k).map { Double(fields[4 + model * k + $0])! }
            let predicted = classes[p.indices.max { p[$0] < p[$1] }!]  // the first on ties
            let truth = String(fields[3])
            totals[truth, default: 0] += 1
            if predicted == truth { hits[truth, default: 0] += 1 }
            confused[truth, default: [:]][predicted, default: 0] += 1
        }
        let recall = totals.reduce(into: [String: Double]()) { $0[$1.key] = Double(hits[$1.key] ?? 0) / Double($1.value) }
        let shares = confused.reduce(into: [String: [String: Double]]()) { out, entry in
            out[entry.key] = entry.value.mapValues { Double($0) / Double(totals[entry.key]!) }
        }
        return (recall, shares)
    }

    func testPlantedConfusablePairAndFaxedFormsHoldForTwoSeeds() {
        for seed in [MulticlassDemo.defaultSeed, 7] {
            let (_, rows) = table(MulticlassDemo.bytes(rows: MulticlassDemo.defaultRows, seed: seed))
            let fax: ([Substring]) -> Bool = { $0[0] == "Fax" }
            let candidate = recall(rows, model: 0) { _ in true }
            // Invoices and receipts are taken for each other by both models.
            for model in [0, 1] {
                let shares = recall(rows, model: model) { _ in true }.confused
                XCTAssertGreaterThan(shares["invoice"]?["receipt"] ?? 0, 0.1, "seed \(seed) model \(model)")
                XCTAssertGreaterThan(shares["receipt"]?["invoice"] ?? 0, 0.1, "seed \(seed) model \(model)")
                XCTAssertLessThan(shares["contract"]?["receipt"] ?? 0, 0.06, "seed \(seed) model \(model)")
            }
            // The candidate's recall of forms collapses on faxes, mostly into letters; the
            // benchmark's does not.
            let candidateFax = recall(rows, model: 0, where: fax), candidateElsewhere = recall(rows, model: 0) { !fax($0) }
            XCTAssertLessThan(candidateFax.recall["form"] ?? 1, 0.5, "seed \(seed)")
            XCTAssertGreaterThan(candidateElsewhere.recall["form"] ?? 0, 0.9, "seed \(seed)")
            XCTAssertGreaterThan(candidateFax.confused["form"]?["letter"] ?? 0, 0.3, "seed \(seed)")
            let benchmarkFax = recall(rows, model: 1, where: fax), benchmarkElsewhere = recall(rows, model: 1) { !fax($0) }
            XCTAssertLessThan(abs((benchmarkFax.recall["form"] ?? 0) - (benchmarkElsewhere.recall["form"] ?? 1)), 0.08)
            // The candidate is clearly the better model overall.
            let benchmark = recall(rows, model: 1) { _ in true }
            for c in MulticlassDemo.classes where c != "form" {
                XCTAssertGreaterThan(candidate.recall[c] ?? 0, (benchmark.recall[c] ?? 1) + 0.1, "seed \(seed) \(c)")
            }
        }
    }

    func testTheDemoGatesPassOverallAndFailOnFaxesOnly() throws {
        // The multiclass example as `loupe demo` configures it (the demo command itself is
        // covered by HouseDemoTests), on fewer rows.
        let data = try workspace.write("documents.csv", String(decoding: MulticlassDemo.bytes(rows: 6_000), as: UTF8.self))
        var arguments = ["build", "--data", data, "--label", MulticlassDemo.labelColumn, "--quiet"]
        for score in MulticlassDemo.scoreColumns { arguments += ["--score", "\(score.name)=\(score.column)"] }
        for spec in MulticlassDemo.suggestedSlices { arguments += ["--slice", spec.joined(separator: ",")] }
        for (column, edges) in MulticlassDemo.bins {
            arguments += ["--bins", column + "=" + edges.map { String(Int($0)) }.joined(separator: ",")]
        }
        for gate in MulticlassDemo.gates { arguments += ["--gate", gate] }
        arguments += ["--baseline", MulticlassDemo.baselineModel, "--out", workspace.path("site")]
        let run = workspace.run(arguments)
        XCTAssertEqual(run.status, 1, "one gate fails by design: " + run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertEqual(results.task, .multiclass)
        XCTAssertEqual(results.models, ["candidate", "benchmark"])
        XCTAssertTrue(results.warnings.isEmpty, results.warnings.joined(separator: "\n"))
        let failed = results.gates.filter { !$0.passed }.map(\.name)
        XCTAssertEqual(failed, ["macro_f1 >= 0.85 for source = Fax"])
        XCTAssertTrue(results.gates.contains { $0.name == "accuracy >= baseline" && $0.passed })
        XCTAssertEqual(Set(results.slices.filter { $0.spec == ["pages"] }.map { $0.key["pages"] ?? "" }).count, 4)
    }
}
