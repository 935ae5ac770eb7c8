import LoupeEvaluation
import LoupeMarkup
import LoupeResults

/// `loupe build [CONFIG.json] [flags]`: evaluate the data, write results.json and the site.
enum BuildCommand {
    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            streams.out(try HelpText.text(for: "build"))
            return 0
        }
        let parsed = try BuildFlags.parse(arguments)
        var options = parsed.options
        if let configPath = parsed.configPath {
            options = parsed.options.overriding(try ConfigFile.load(path: configPath))
        }
        let settings = try BuildSettings.resolve(options)
        let templateLibrary = try SitePublisher.templates(overrideFolder: settings.templatesFolder)
        // The CI outputs' paths are checked before the long work, and again when they are written.
        var inputs = [SiteWriter.Input(path: settings.dataPath, what: "the input data (--data)")]
        if let configPath = parsed.configPath { inputs.append(.init(path: configPath, what: "the config file")) }
        if let path = settings.referencePath { inputs.append(.init(path: path, what: "the reference data (--reference)")) }
        if let path = settings.schemaPath { inputs.append(.init(path: path, what: "the data schema (--schema)")) }
        if let card = options.card {
            if let path = card.path { inputs.append(.init(path: path, what: "the model card (--card)")) }
            try CardCommand.checkModel(card, models: settings.scores.map(\.name), file: card.path ?? parsed.configPath ?? "card")
        }
        try SiteWriter.checkOutputs(
            [
                settings.resultsPath.map { ($0, SitePublisher.resultsWhat) },
                settings.junitPath.map { ($0, GateOutputs.junitWhat) },
                settings.summaryPath.map { ($0, GateOutputs.summaryWhat) },
            ].compactMap { $0 }, inputs: inputs)
        let progress = Progress.forTerminal(quiet: settings.quiet)
        let results = try BuildPipeline(settings: settings, progress: progress).run()
        try SitePublisher.publish(
            results, to: settings.outFolder, resultsPath: settings.resultsPath, junit: settings.junitPath,
            summary: settings.summaryPath, inputs: inputs, templates: templateLibrary, card: options.card?.card)
        progress.stage("wrote \(settings.outFolder)/index.html")
        if settings.task == nil, !settings.isDataOnly, !settings.quiet {
            streams.err(TerminalText.line(inferredTask(results)) + "\n")
        }
        report(results, settings: settings, streams: &streams)
        GateOutputs.report(results.gates, quiet: settings.quiet, streams: &streams)
        GateOutputs.report(results.anomalies, quiet: settings.quiet, streams: &streams)
        return GateOutputs.exitStatus(results)
    }

    /// The task Loupe inferred and why, so a label that became a regression by accident (`--label
    /// age`) does not pass unnoticed: `loupe: task: regression (inferred: the label 'age' is
    /// numeric with 57 distinct values; give --task to choose)`.
    static func inferredTask(_ results: Results) -> String {
        let label = results.columns.first { $0.name == results.label }
        let why: String
        switch results.task {
        case .regression:
            let count = label.map { " with \($0.distinct.map { String($0) } ?? "more than two") distinct values" } ?? ""
            why = "the label '\(results.label)' is numeric\(count)"
        default:
            let values = label?.distinct.map { "\($0) value\($0 == 1 ? "" : "s")" } ?? "two values"
            why = "the label '\(results.label)' has \(values)"
        }
        return "loupe: task: \(results.task.rawValue) (inferred: \(why); give --task to choose)"
    }

    /// Warnings once at the end, then where the report is.
    static func report<S: OutputStreams>(_ results: Results, settings: BuildSettings, streams: inout S) {
        guard !settings.quiet else { return }
        for warning in results.warnings { streams.err("loupe: warning: \(TerminalText.line(warning))\n") }
        if results.isDataOnly {
            let columns = results.data?.current.columns.count ?? 0
            streams.err(
                "loupe: wrote \(settings.outFolder)/index.html (data only: \(columns) column\(columns == 1 ? "" : "s"))\n")
            return
        }
        streams.err(
            "loupe: wrote \(settings.outFolder)/index.html (\(results.models.count) model\(results.models.count == 1 ? "" : "s"), \(results.slices.count) slices)\n"
        )
    }
}
