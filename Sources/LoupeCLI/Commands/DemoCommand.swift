import Foundation
import LoupeDemo
import LoupeEvaluation
import LoupeResults
import LoupeSite

/// `loupe demo`: generate the two examples — credit default (binary classification) in DIR and
/// house prices (regression) in DIR/regression — build their reports, each linking the other,
/// and put each data set beside its site so a new user sees the input next to what Loupe made of it.
enum DemoCommand {
    static let dataFileName = "demo-data.csv"
    static let regressionFolder = "regression"

    /// One example: its data and how to build it.
    private struct Example {
        var csv: [UInt8]
        var title: String
        var description: String
        var label: String
        var scores: [(name: String, column: String)]
        var baseline: String
        var slices: [[String]]
        var fairness: [String]
        var timestamp: String
        var related: ReportLink
    }

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        var out = BuildSettings.defaultOutFolder
        var rows = 20_000
        var seed: UInt64?
        var quiet = false
        var scanner = ArgumentScanner(arguments)
        while let argument = scanner.next() {
            let (flag, inline) = ArgumentScanner.split(argument)
            switch flag {
            case "--out": out = try scanner.value(for: flag, inline: inline)
            case "--rows": rows = try scanner.integer(for: flag, inline: inline, atLeast: 1000)
            case "--seed": seed = UInt64(try scanner.integer(for: flag, inline: inline, atLeast: 0))
            case "--quiet", "-q": quiet = true
            case "--help", "-h":
                streams.out(try HelpText.text(for: "demo"))
                return 0
            default: throw LoupeError.usage("demo: unknown argument '\(argument)' (see 'loupe help demo')")
            }
        }
        let templates = try SitePublisher.templates(overrideFolder: nil)
        let credit = Example(
            csv: CreditDemo.bytes(rows: rows, seed: seed ?? CreditDemo.defaultSeed), title: CreditDemo.title,
            description: CreditDemo.description, label: CreditDemo.labelColumn, scores: CreditDemo.scoreColumns,
            baseline: CreditDemo.baselineModel, slices: CreditDemo.suggestedSlices, fairness: CreditDemo.fairnessColumns,
            timestamp: CreditDemo.timestampColumn,
            related: ReportLink(title: "the regression example (house prices)", href: regressionFolder + "/index.html"))
        let house = Example(
            csv: HouseDemo.bytes(rows: rows, seed: seed ?? HouseDemo.defaultSeed), title: HouseDemo.title,
            description: HouseDemo.description, label: HouseDemo.labelColumn, scores: HouseDemo.scoreColumns,
            baseline: HouseDemo.baselineModel, slices: HouseDemo.suggestedSlices, fairness: [],
            timestamp: HouseDemo.timestampColumn,
            related: ReportLink(title: "the classification example (credit default)", href: "../index.html"))
        try build(credit, into: out, templates: templates, quiet: quiet, streams: &streams)
        try build(house, into: out + "/" + regressionFolder, templates: templates, quiet: quiet, streams: &streams)
        return 0
    }

    private static func build<S: OutputStreams>(
        _ example: Example, into out: String, templates: TemplateLibrary, quiet: Bool, streams: inout S
    ) throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-demo-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dataURL = scratch.appendingPathComponent(dataFileName)
        do {
            try SiteWriter.writeFile(example.csv, to: dataURL)
        } catch {
            throw LoupeError.output("\(dataURL.path): cannot write the demo data (\(error.localizedDescription))")
        }

        var options = BuildOptions()
        options.title = example.title
        options.description = example.description
        options.data = dataURL.path
        options.label = example.label
        options.scores = example.scores.map { ScoreSpec(name: $0.name, column: $0.column) }
        options.baseline = example.baseline
        options.slices = try example.slices.map { try SliceRequest.parse($0.joined(separator: ",")) }
        options.fairness = example.fairness.map { FairnessRequest(columns: [$0]) }
        options.timestamp = example.timestamp
        options.out = out
        options.quiet = quiet
        var settings = try BuildSettings.resolve(options)
        // Provenance names the file as it sits beside the site, not the scratch copy.
        settings.provenanceDataPath = dataFileName
        settings.related = [example.related]
        let progress = Progress.forTerminal(quiet: quiet)
        let results = try BuildPipeline(settings: settings, progress: progress).run()
        try SitePublisher.publish(
            results, to: out, resultsPath: nil, templates: templates,
            extraFiles: [SiteWriter.File(path: dataFileName, contents: example.csv)])
        BuildCommand.report(results, settings: settings, streams: &streams)
    }
}
