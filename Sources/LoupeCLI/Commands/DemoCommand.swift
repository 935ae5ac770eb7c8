import Foundation
import LoupeDemo
import LoupeEvaluation
import LoupeResults
import LoupeSite

/// `loupe demo`: generate the three examples — credit default (binary classification) in DIR,
/// house prices (regression) in DIR/regression and document types (multiclass) in
/// DIR/multiclass — build their reports, each linking the others, and put each data set beside
/// its site so a new user sees the input next to what Loupe made of it.
enum DemoCommand {
    static let dataFileName = "demo-data.csv"
    static let regressionFolder = "regression"
    static let multiclassFolder = "multiclass"
    /// The fewest rows `--rows` takes: below it the slices are too small to show anything.
    static let minimumRows = 1000

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
        var gates: [String] = []
        var bins: [String: Binning] = [:]
        var timestamp: String?
        /// Monitoring windows of the timestamp (`--window`), with the default detectors.
        var window: WindowSpec? = nil
        /// The reference windows of the control limits and the drift (`--reference-window`).
        var referenceWindows: ReferenceWindows? = nil
        var related: [ReportLink]
        /// The model card's written sections; the site then has model-card.html.
        var card: ModelCard? = nil
    }

    struct Options {
        var out: String?
        var rows: Int?
        var seed: UInt64?
        var quiet: Bool?
    }

    /// The options of `demo`, in the order of its usage line.
    static var table: [Option<Options>] {
        [
            .value("--out", "DIR", \.out, .path),
            .value("--rows", "N", \.rows, .integer(atLeast: minimumRows)),
            .value("--seed", "N", \.seed, OptionValue.integer(atLeast: 0).map { UInt64($0) }),
            .toggle("--quiet", alias: "-q", \.quiet),
        ]
    }

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        let parser = FlagParser<Options>(
            options: table,
            unknown: { _, argument in LoupeError.usage("demo: unknown argument '\(argument)' (see 'loupe help demo')") })
        guard case .parsed(let options, _) = try parser.parse(arguments, into: Options()) else {
            streams.out(try HelpText.text(for: "demo"))
            return 0
        }
        let out = options.out ?? BuildSettings.defaultOutFolder
        let rows = options.rows ?? 20_000
        let seed = options.seed
        let quiet = options.quiet ?? false
        let templates = try SitePublisher.templates(overrideFolder: nil)
        let credit = Example(
            csv: CreditDemo.bytes(rows: rows, seed: seed ?? CreditDemo.defaultSeed), title: CreditDemo.title,
            description: CreditDemo.description, label: CreditDemo.labelColumn, scores: CreditDemo.scoreColumns,
            baseline: CreditDemo.baselineModel, slices: CreditDemo.suggestedSlices, fairness: CreditDemo.fairnessColumns,
            gates: CreditDemo.gates, timestamp: CreditDemo.timestampColumn,
            window: try WindowSpec.parse(CreditDemo.monitoringWindow),
            referenceWindows: try ReferenceWindows.parse(CreditDemo.referenceWindows),
            related: [
                ReportLink(title: "the regression example (house prices)", href: regressionFolder + "/index.html"),
                ReportLink(title: "the multiclass example (document types)", href: multiclassFolder + "/index.html"),
            ],
            card: try ModelCardFile.parse(CreditDemo.cardJSON, file: "Demo/" + CreditDemo.cardFileName))
        let house = Example(
            csv: HouseDemo.bytes(rows: rows, seed: seed ?? HouseDemo.defaultSeed), title: HouseDemo.title,
            description: HouseDemo.description, label: HouseDemo.labelColumn, scores: HouseDemo.scoreColumns,
            baseline: HouseDemo.baselineModel, slices: HouseDemo.suggestedSlices, fairness: [],
            timestamp: HouseDemo.timestampColumn,
            related: [
                ReportLink(title: "the classification example (credit default)", href: "../index.html"),
                ReportLink(title: "the multiclass example (document types)", href: "../" + multiclassFolder + "/index.html"),
            ])
        let documents = Example(
            csv: MulticlassDemo.bytes(rows: rows, seed: seed ?? MulticlassDemo.defaultSeed), title: MulticlassDemo.title,
            description: MulticlassDemo.description, label: MulticlassDemo.labelColumn,
            scores: MulticlassDemo.scoreColumns, baseline: MulticlassDemo.baselineModel,
            slices: MulticlassDemo.suggestedSlices, fairness: [], gates: MulticlassDemo.gates,
            bins: MulticlassDemo.bins.mapValues(Binning.edges), timestamp: nil,
            related: [
                ReportLink(title: "the classification example (credit default)", href: "../index.html"),
                ReportLink(title: "the regression example (house prices)", href: "../" + regressionFolder + "/index.html"),
            ])
        try build(credit, into: out, templates: templates, quiet: quiet, streams: &streams)
        try build(house, into: out + "/" + regressionFolder, templates: templates, quiet: quiet, streams: &streams)
        try build(documents, into: out + "/" + multiclassFolder, templates: templates, quiet: quiet, streams: &streams)
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
        options.scores = try example.scores.map { try ScoreSpec.parse($0.name + "=" + $0.column) }
        options.baseline = example.baseline
        options.slices = try example.slices.map { try SliceRequest.parse($0.joined(separator: ",")) }
        options.fairness = example.fairness.map { FairnessRequest(columns: [$0]) }
        options.gates = try example.gates.map(GateParser.parse)
        options.timestamp = example.timestamp
        options.window = example.window
        if !example.bins.isEmpty { options.bins = example.bins }
        options.out = out
        options.quiet = quiet
        var settings = try BuildSettings.resolve(options)
        if let reference = example.referenceWindows { settings.referenceWindows = reference }
        // Provenance names the file as it sits beside the site, not the scratch copy.
        settings.provenanceDataPath = dataFileName
        settings.related = example.related
        let progress = Progress.forTerminal(quiet: quiet)
        let results = try BuildPipeline(settings: settings, progress: progress).run()
        try SitePublisher.publish(
            results, to: out, resultsPath: nil, templates: templates,
            extraFiles: [SiteWriter.File(path: dataFileName, contents: example.csv)], card: example.card)
        BuildCommand.report(results, settings: settings, streams: &streams)
        if !quiet, !results.gates.isEmpty {
            // The demo's failing gate is there by design: say so, and exit 0 (see `loupe help demo`).
            let line = GateStatus.line(results.gates)
            streams.err("loupe: demo gates: \(line.prefix(1).lowercased() + line.dropFirst()) (a failure here is by design)\n")
        }
    }
}
