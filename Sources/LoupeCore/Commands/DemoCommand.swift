import Foundation

/// `loupe demo`: generate the credit-default example, build its report, and put the data beside
/// the site so a new user sees the input format next to what Loupe made of it.
enum DemoCommand {
    static let dataFileName = "demo-data.csv"

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        var out = BuildSettings.defaultOutFolder
        var rows = 20_000
        var seed = CreditDemo.defaultSeed
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
        let templateLibrary = try SitePublisher.templates(overrideFolder: nil)
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-demo-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dataURL = scratch.appendingPathComponent(dataFileName)
        let csv = CreditDemo.bytes(rows: rows, seed: seed)
        do {
            try SiteWriter.writeFile(csv, to: dataURL)
        } catch {
            throw LoupeError.output("\(dataURL.path): cannot write the demo data (\(error.localizedDescription))")
        }

        var options = BuildOptions()
        options.title = CreditDemo.title
        options.description = CreditDemo.description
        options.data = dataURL.path
        options.label = CreditDemo.labelColumn
        options.scores = CreditDemo.scoreColumns.map { ScoreSpec(name: $0.name, column: $0.column) }
        options.baseline = CreditDemo.baselineModel
        options.slices = try CreditDemo.suggestedSlices.map { try SliceRequest.parse($0.joined(separator: ",")) }
        options.fairness = CreditDemo.fairnessColumns.map { FairnessRequest(columns: [$0]) }
        options.timestamp = CreditDemo.timestampColumn
        options.out = out
        options.quiet = quiet
        var settings = try BuildSettings.resolve(options)
        let progress = Progress.forTerminal(quiet: quiet)
        var results = try BuildPipeline(settings: settings, progress: progress).run()
        // Provenance names the file as it sits beside the site, not the scratch copy.
        settings.dataPath = dataFileName
        results.provenance.dataFile = dataFileName
        results.provenance.configuration = settings.flags
        try SitePublisher.publish(
            results, to: out, resultsPath: nil, templates: templateLibrary,
            extraFiles: [SiteWriter.File(path: dataFileName, contents: csv)])
        BuildCommand.report(results, settings: settings, streams: &streams)
        return 0
    }
}
