import Foundation
import LoupeMetrics
import XCTest

/// The multiclass pages drawn from a real build: their size does not follow the number of rows
/// (curves are thinned, the matrix is K × K, tables are per class and per slice).
final class MulticlassPagesEndToEndTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws { workspace = try TestWorkspace() }
    override func tearDown() { workspace.remove() }

    /// `rows` rows of 6 classes with probabilities `p_0` … `p_5`, class 5 often scored as 1,
    /// and a column `ink` of two values.
    private func csv(rows: Int) -> String {
        var rng = SplitMix64(seed: 12)
        var text = "y,ink," + (0..<6).map { "p_\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<rows {
            let y = Int(rng.next() % 6)
            var p = (0..<6).map { _ in rng.nextUnit() + 0.05 }
            p[y] += 1.5
            if y == 5 { p[1] += 1.2 * rng.nextUnit() }
            let total = p.reduce(0, +)
            let cells = p.map { String(format: "%.17g", $0 / total) }
            text += "\(y),\(i % 3 == 0 ? "light" : "dark")," + cells.joined(separator: ",") + "\n"
        }
        return text
    }

    private func pageSizes(rows: Int) throws -> [String: Int] {
        let data = try workspace.write("mc\(rows).csv", csv(rows: rows))
        let out = workspace.path("site\(rows)")
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "m=p_*", "--task", "multiclass", "--slice", "ink",
            "--bootstrap", "20", "--out", out, "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        var sizes: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where name.hasSuffix(".html") {
            sizes[name] = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent(name)).count
        }
        return sizes
    }

    /// A multiclass build has no decision threshold, so its provenance (the footer of every
    /// page) does not record one.
    func testTheRecordedConfigurationOfAMulticlassBuildHasNoThreshold() throws {
        let data = try workspace.write("mc.csv", csv(rows: 300))
        let run = workspace.run([
            "build", "--data", data, "--label", "y", "--score", "m=p_*", "--bootstrap", "0", "--out", workspace.path("s"),
            "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let index = try String(contentsOfFile: workspace.path("s/index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("--task multiclass"))
        XCTAssertFalse(index.contains("--threshold"))
    }

    func testPageSizesDoNotFollowTheRowCount() throws {
        let small = try pageSizes(rows: 3_000)
        let large = try pageSizes(rows: 30_000)
        XCTAssertEqual(Set(small.keys), ["index.html", "slices.html", "slice-ink.html", "model-m.html"])
        XCTAssertEqual(Set(small.keys), Set(large.keys))
        for (page, size) in small.sorted(by: { $0.key < $1.key }) {
            let other = try XCTUnwrap(large[page])
            XCTAssertLessThan(
                abs(Double(other - size)) / Double(size), 0.05, "\(page): \(size) bytes for 3,000 rows, \(other) for 30,000")
        }
    }
}
