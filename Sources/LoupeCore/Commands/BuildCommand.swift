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
        // Earlier runs are read first, so a bad history file fails before the long work.
        let history = try HistoryReader.read(
            settings.history,
            excluding: [settings.resultsPath, settings.outFolder + "/results.json"].compactMap { $0 })
        let progress = Progress.forTerminal(quiet: settings.quiet)
        var results = try BuildPipeline(settings: settings, progress: progress).run()
        results.run = settings.run
        if !settings.history.isEmpty { results.history = history }
        // Gates (issue 5) are judged on the finished results, after every stage that fills them.
        results.gates = try judgeGates(settings: settings, results: results)
        try SitePublisher.publish(
            results, to: settings.outFolder, resultsPath: settings.resultsPath,
            templates: templateLibrary)
        try GateOutputs.write(results, junit: settings.junitPath, summary: settings.summaryPath)
        progress.stage("wrote \(settings.outFolder)/index.html")
        report(results, settings: settings, streams: &streams)
        GateOutputs.report(results.gates, quiet: settings.quiet, streams: &streams)
        return GateOutputs.exitStatus(results.gates)
    }

    /// The gates' results. When the task was inferred from the data, each gate's metric is
    /// checked against it first: a metric of the other task is a usage error, and nothing is written.
    static func judgeGates(settings: BuildSettings, results: Results) throws -> [GateResult] {
        if settings.task == nil, let task = BuildSettings.Task(rawValue: results.task) {
            for gate in settings.gates {
                try GateParser.validate(
                    gate, models: results.models, baseline: results.baseline, slices: settings.slices, task: task)
            }
        }
        return GateEvaluator.evaluate(settings.gates, results: results)
    }

    /// Warnings once at the end, then where the report is.
    static func report<S: OutputStreams>(_ results: Results, settings: BuildSettings, streams: inout S) {
        guard !settings.quiet else { return }
        for warning in results.warnings { streams.err("warning: \(warning)\n") }
        streams.err(
            "loupe: wrote \(settings.outFolder)/index.html (\(results.models.count) model\(results.models.count == 1 ? "" : "s"), \(results.slices.count) slices)\n"
        )
    }
}
