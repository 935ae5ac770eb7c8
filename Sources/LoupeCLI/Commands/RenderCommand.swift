import LoupeEvaluation
import LoupeResults

/// `loupe render RESULTS.json [--out DIR] [--templates DIR] [--history PATH ...] [--junit FILE]
/// [--summary FILE] [--card FILE]`: draw the site from results computed earlier or elsewhere, without the data.
/// `--history` replaces the runs the file carries with those read now. Gates stored in the
/// results are shown as they are (not judged again); any failed one makes the exit status 1.
enum RenderCommand {
    struct Options {
        var out: String?
        var templates: String?
        var history: [String]?
        var junit: String?
        var summary: String?
        var card: String?
        var quiet: Bool?
    }

    /// The options of `render`, in the order of its usage line.
    static var table: [Option<Options>] {
        [
            .value("--out", "DIR", \.out, .path),
            .value("--templates", "DIR", \.templates, .path),
            .list("--history", "DIR|FILE", \.history, element: { text, _ in text }),
            .value("--junit", "FILE", \.junit, .path),
            .value("--summary", "FILE", \.summary, .path),
            .value("--card", "FILE", \.card, .path),
            .toggle("--quiet", alias: "-q", \.quiet),
        ]
    }

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        let parser = FlagParser(
            options: table, isPositional: { !$0.hasPrefix("-") },
            checkPositional: { earlier, _ in
                guard earlier.isEmpty else { throw LoupeError.usage("render: give one results file") }
            },
            unknown: { flag, _ in LoupeError.usage("render: unknown flag '\(flag)' (see 'loupe help render')") })
        guard case .parsed(let options, let positionals) = try parser.parse(arguments, into: Options()) else {
            streams.out(try HelpText.text(for: "render"))
            return 0
        }
        let resultsPath = positionals.first
        let out = options.out ?? BuildSettings.defaultOutFolder
        let templates = options.templates
        let history = options.history ?? []
        let junit = options.junit
        let summary = options.summary
        let quiet = options.quiet ?? false
        guard let resultsPath else { throw LoupeError.usage("render: give the results file: loupe render RESULTS.json") }
        let templateLibrary = try SitePublisher.templates(overrideFolder: templates)
        var results = try ResultsFile.decode(path: resultsPath)
        var inputs = [SiteWriter.Input(path: resultsPath, what: "the results file being rendered")]
        var card: ModelCard?
        if let cardPath = options.card {
            card = try ModelCardFile.load(path: cardPath)
            try card.map { try CardCommand.checkModel($0, in: results, file: cardPath) }
            inputs.append(SiteWriter.Input(path: cardPath, what: "the model card (--card)"))
        }
        if !history.isEmpty {
            results.history = try HistoryReader.read(history, excluding: [resultsPath, out + "/results.json"])
        }
        try SitePublisher.publish(
            results, to: out, resultsPath: nil, junit: junit, summary: summary,
            inputs: inputs, templates: templateLibrary, card: card)
        if !quiet { streams.err("loupe: wrote \(out)/index.html\n") }
        // The stored gates are shown, not judged again: the exit status says whether any failed.
        GateOutputs.report(results.gates, quiet: quiet, streams: &streams)
        GateOutputs.report(results.anomalies, quiet: quiet, streams: &streams)
        return GateOutputs.exitStatus(results)
    }
}
