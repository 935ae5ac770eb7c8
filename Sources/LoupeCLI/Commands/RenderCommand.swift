import LoupeEvaluation

/// `loupe render RESULTS.json [--out DIR] [--templates DIR] [--history PATH ...] [--junit FILE]
/// [--summary FILE]`: draw the site from results computed earlier or elsewhere, without the data.
/// `--history` replaces the runs the file carries with those read now. Gates stored in the
/// results are shown as they are (not judged again); any failed one makes the exit status 1.
enum RenderCommand {
    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        var resultsPath: String?
        var out = BuildSettings.defaultOutFolder
        var templates: String?
        var quiet = false
        var history: [String] = []
        var junit: String?
        var summary: String?
        var scanner = ArgumentScanner(arguments)
        while let argument = scanner.next() {
            let (flag, inline) = ArgumentScanner.split(argument)
            switch flag {
            case "--out": out = try scanner.value(for: flag, inline: inline)
            case "--templates": templates = try scanner.value(for: flag, inline: inline)
            case "--history": history.append(try scanner.value(for: flag, inline: inline))
            case "--quiet", "-q": quiet = true
            case "--junit": junit = try scanner.value(for: flag, inline: inline)
            case "--summary": summary = try scanner.value(for: flag, inline: inline)
            case "--help", "-h":
                streams.out(try HelpText.text(for: "render"))
                return 0
            default:
                guard !flag.hasPrefix("-") else {
                    throw LoupeError.usage("render: unknown flag '\(flag)' (see 'loupe help render')")
                }
                guard resultsPath == nil else { throw LoupeError.usage("render: give one results file") }
                resultsPath = argument
            }
        }
        guard let resultsPath else { throw LoupeError.usage("render: give the results file: loupe render RESULTS.json") }
        let templateLibrary = try SitePublisher.templates(overrideFolder: templates)
        var results = try ResultsFile.decode(path: resultsPath)
        if !history.isEmpty {
            results.history = try HistoryReader.read(history, excluding: [resultsPath, out + "/results.json"])
        }
        try SitePublisher.publish(results, to: out, resultsPath: nil, templates: templateLibrary)
        try GateOutputs.write(results, junit: junit, summary: summary)
        if !quiet { streams.err("loupe: wrote \(out)/index.html\n") }
        // The stored gates are shown, not judged again: the exit status says whether any failed.
        GateOutputs.report(results.gates, quiet: quiet, streams: &streams)
        return GateOutputs.exitStatus(results.gates)
    }
}
