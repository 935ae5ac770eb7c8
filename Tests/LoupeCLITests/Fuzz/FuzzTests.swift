import Foundation
import LoupeData
import LoupeMarkup
import LoupeResults
import LoupeSite
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// One fuzzing target per parser (CSV, TSV, JSON Lines, config JSON, results JSON, data schema, gate
/// expressions, templates), fed by `MutationFuzzer` from the seed corpus in `Fixtures/Fuzz/`.
///
/// Every case must end in a value or an error with a message, within the time limit (the
/// watchdog ends the process on a hang), and an error about the content of an input that has
/// lines must name its line and column. Data and results inputs that parse also go through a
/// build or a render, where extreme numbers used to trap. A crash ends the test process: the
/// input is left in `$TMPDIR/loupe-fuzz/TARGET/` for the fixture that reproduces it.
final class FuzzTests: XCTestCase {
    enum Outcome {
        case value
        /// `canLocate`: the input has a position the message should name.
        case error(String, canLocate: Bool)
    }

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-fuzz")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func corpus(_ target: String) throws -> [[UInt8]] {
        guard let url = Bundle.module.url(forResource: "Fuzz/\(target)", withExtension: nil, subdirectory: "Fixtures") else {
            throw XCTSkip("fuzz corpus \(target) missing")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        return try names.map { Array(try Data(contentsOf: url.appendingPathComponent($0))) }
    }

    /// Runs `body` on every case of `target`, each input written to `input.EXT` first.
    private func fuzz(
        _ target: String, ext: String, located: @escaping (String, String) -> Bool,
        _ body: (_ path: String, _ bytes: [UInt8], _ index: Int) throws -> Outcome
    ) throws {
        let settings = FuzzSettings.fromEnvironment(defaultCases: 200)
        let fuzzer = MutationFuzzer(corpus: try corpus(target))
        let work = folder.appendingPathComponent(target)
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let path = work.appendingPathComponent("input.\(ext)").path
        let watchdog = FuzzWatchdog(limit: settings.caseLimit)
        defer { watchdog.stop() }
        let start = Date()
        var (cases, values, errors, slowest) = (0, 0, 0, 0.0)
        var unlocated: [String: Int] = [:]
        var failures: [String] = []
        for index in 0..<settings.cases {
            if let seconds = settings.seconds, Date().timeIntervalSince(start) > seconds { break }
            let bytes = fuzzer.input(index, seed: settings.seed)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            watchdog.begin("\(target) case \(index) (seed \(settings.seed)): \(path)")
            let caseStart = Date()
            let outcome = try body(path, bytes, index)
            slowest = max(slowest, Date().timeIntervalSince(caseStart))
            watchdog.end()
            cases += 1
            switch outcome {
            case .value: values += 1
            case .error(let message, let canLocate):
                errors += 1
                if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    failures.append("case \(index): an error without a message")
                } else if canLocate && !located(message, path) {
                    unlocated[Self.kind(of: message, path: path), default: 0] += 1
                    if failures.count < 20 { failures.append("case \(index): no location in '\(message.prefix(300))'") }
                }
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print(
            "fuzz \(target): \(cases) cases in \(String(format: "%.1f", elapsed)) s: \(values) values, \(errors) errors, 0 crashes, 0 hangs, slowest case \(String(format: "%.3f", slowest)) s, \(unlocated.values.reduce(0, +)) errors without a location they could name"
        )
        for (kind, count) in unlocated.sorted(by: { $0.value > $1.value }) { print("  unlocated \(count)×: \(kind)") }
        XCTAssertEqual(failures, [], target)
    }

    /// A message with its file, numbers and quoted parts blanked, to group messages by kind.
    static func kind(of message: String, path: String) -> String {
        message.replacingOccurrences(of: path, with: "FILE")
            .replacing(/'[^']*'/, with: "'…'").replacing(/"[^"]*"/, with: "\"…\"").replacing(/[0-9]+/, with: "N")
            .prefix(160).description
    }

    /// `FILE:LINE:COLUMN:` at the start, after an optional `loupe: `.
    static func startsWithLocation(_ message: String, _ path: String) -> Bool {
        let text = message.hasPrefix("loupe: ") ? message.dropFirst(7) : message[...]
        guard text.hasPrefix(path + ":") else { return false }
        let rest = text.dropFirst(path.count + 1)
        let line = rest.prefix { $0.isNumber }
        guard !line.isEmpty, rest.dropFirst(line.count).first == ":" else { return false }
        let column = rest.dropFirst(line.count + 1).prefix { $0.isNumber }
        return !column.isEmpty
    }

    // MARK: Data files

    private static func dataErrorHasLocation(_ error: DataError) -> Bool {
        switch error {
        case .emptyColumnName, .duplicateColumnName, .fieldCountMismatch, .unterminatedQuote, .textAfterClosingQuote,
            .invalidJSON, .unknownKey, .duplicateKey, .nestedValue:
            return true
        default:
            return false
        }
    }

    /// Reads the table in small chunks; one input in `LOUPE_FUZZ_BUILD_EVERY` (4) that reads is
    /// also built end to end, with a rotation of tasks and options: exit status 0, 1 or 2.
    private func fuzzData(_ target: String, ext: String) throws {
        let out = folder.appendingPathComponent("\(target)-site").path
        let buildEvery = max(1, ProcessInfo.processInfo.environment["LOUPE_FUZZ_BUILD_EVERY"].flatMap { Int($0) } ?? 4)
        try fuzz(target, ext: ext, located: Self.startsWithLocation) { path, _, index in
            do {
                let chunk = [64, 257, 4096, ReadOptions.defaultChunkBytes][index % 4]
                _ = try TableReader.read(path: path, options: ReadOptions(parallelChunkBytes: chunk))
            } catch let error as DataError {
                return .error(error.description, canLocate: Self.dataErrorHasLocation(error))
            }
            guard index % buildEvery == 0 else { return .value }
            let variants: [[String]] = [
                ["--score", "cand=p", "--score", "base=q", "--baseline", "base", "--slice", "g", "--fairness", "g"],
                ["--score", "p", "--task", "regression", "--timestamp", "t", "--slice", "age"],
                ["--score", "p", "--weight", "w", "--slice", "g,age", "--gate", "roc_auc >= 0.5 for g"],
                ["--score", "p", "--task", "regression", "--weight", "w", "--score", "q"],
            ]
            // One build in five describes the data alone, compared with itself (issue 14).
            let round = (index / buildEvery) % (variants.count + 1)
            let arguments =
                round == variants.count
                ? ["--reference", path, "--gate", "drift:psi <= 0.2"]
                : ["--label", "y", "--bootstrap", "50", "--min-slice-size", "2"] + variants[round]
            var streams = CapturedStreams()
            let status = CommandLineInterface.run(
                ["build", "--data", path, "--out", out, "--quiet"] + arguments, streams: &streams)
            XCTAssertTrue([0, 1, 2].contains(status), "case \(index): exit \(status)")
            guard status == 2 else { return .value }
            let message = streams.stderr
            // A data value the evaluation refuses (not a number, not a date) has a position.
            let aboutAValue = message.contains("non-numeric value") || message.contains("not ISO 8601")
            return .error(message, canLocate: aboutAValue)
        }
    }

    func testCSV() throws { try fuzzData("csv", ext: "csv") }
    func testTSV() throws { try fuzzData("tsv", ext: "tsv") }
    func testJSONLines() throws { try fuzzData("jsonl", ext: "jsonl") }

    // MARK: Config, results, gates, templates

    func testConfigJSON() throws {
        try fuzz("config", ext: "json", located: Self.startsWithLocation) { path, _, _ in
            do {
                _ = try ConfigFile.load(path: path)
                return .value
            } catch let error as LoupeError {
                let message = error.description
                let aboutTheFile = message.hasSuffix("no such config file") || message.hasSuffix("cannot read the config file")
                return .error(message, canLocate: !aboutTheFile)
            }
        }
    }

    func testResultsJSON() throws {
        let templates = try TemplateLibrary.embedded()
        let out = folder.appendingPathComponent("results-site").path
        try fuzz("results", ext: "json", located: Self.startsWithLocation) { path, _, index in
            let results: Results
            do {
                results = try ResultsFile.decode(path: path)
            } catch let error as LoupeError {
                return .error(error.description, canLocate: !error.description.hasSuffix("cannot read the results file"))
            }
            // The site is drawn from whatever a file says: no value may trap the renderer.
            do {
                _ = try SiteRenderer.render(results, templates: templates)
                _ = try ResultsFile.encode(results)
            } catch {
                return .error("\(error)", canLocate: false)
            }
            if index % 50 == 0 {
                var streams = CapturedStreams()
                let status = CommandLineInterface.run(["render", path, "--out", out, "--quiet"], streams: &streams)
                XCTAssertTrue([0, 1, 2].contains(status), "case \(index): exit \(status)")
            }
            return .value
        }
    }

    /// A schema that reads is also validated against the anomaly fixture, one in ten.
    func testDataSchemaJSON() throws {
        let data = try XCTUnwrap(
            Bundle.module.url(forResource: "data_current_every_anomaly.csv", withExtension: nil, subdirectory: "Fixtures")
        ).path
        let out = folder.appendingPathComponent("dataschema-site").path
        try fuzz("dataschema", ext: "json", located: Self.startsWithLocation) { path, _, index in
            do {
                _ = try DataSchemaFile.read(path: path)
            } catch let error as LoupeError {
                return .error(error.description, canLocate: !error.description.hasSuffix("cannot read the schema file"))
            }
            if index % 10 == 0 {
                var streams = CapturedStreams()
                let status = CommandLineInterface.run(
                    ["build", "--data", data, "--reference", data, "--schema", path, "--out", out, "--quiet"],
                    streams: &streams)
                XCTAssertTrue([0, 1].contains(status), "case \(index): exit \(status): \(streams.stderr)")
            }
            return .value
        }
    }

    func testGateExpressions() throws {
        try fuzz("gates", ext: "txt", located: { message, _ in message.contains("': column ") }) { _, bytes, _ in
            do {
                _ = try GateParser.parse(String(decoding: bytes, as: UTF8.self))
                return .value
            } catch let error as LoupeError {
                return .error(error.description, canLocate: !error.description.hasPrefix("gate '': empty expression"))
            }
        }
    }

    func testTemplates() throws {
        let seeds = try corpus("templates")
        let names = ["leaf.html", "page.html", "row.html"]  // the corpus's files, sorted
        let context: TemplateValue = .object([
            "title": .text("T <&>"), "flag": .bool(true), "nested": .object(["value": .text("v")]),
            "chart": .html(HTML(trusted: "<svg></svg>")),
            "items": .list([
                .object(["name": .text("a"), "kind": .text("k")]), .object(["name": .text("b"), "kind": .text("j")]),
            ]),
        ])
        try fuzz("templates", ext: "html", located: { message, _ in message.contains(".html:") }) { _, bytes, index in
            // The mutated text replaces one of the three files; the others stay as seeded.
            var sources: [String: String] = [:]
            for (name, seed) in zip(names, seeds) { sources[name] = String(decoding: seed, as: UTF8.self) }
            sources[names[index % names.count]] = String(decoding: bytes, as: UTF8.self)
            do {
                let library = try TemplateLibrary(sources: sources)
                _ = try library.render("page.html", context)
                return .value
            } catch let error as SiteError {
                return .error(error.description, canLocate: true)
            }
        }
    }
}
