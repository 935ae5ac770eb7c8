import LoupeEvaluation
import LoupeMarkup
import LoupeResults
import LoupeSite

/// What `build` and `render` do with gate results: the JUnit and Markdown files, the lines on
/// stderr, and the exit status (1 when a gate failed, as the contract says).
enum GateOutputs {
    static let junitWhat = "the JUnit report (--junit)"
    static let summaryWhat = "the summary (--summary)"

    /// `--junit FILE` and `--summary FILE` when asked, for `SitePublisher` to publish with the site.
    static func files(_ results: Results, junit: String?, summary: String?) -> [SiteWriter.Output] {
        var files: [SiteWriter.Output] = []
        if let junit { files.append(.init(path: junit, contents: Array(JUnitReport.render(results).utf8), what: junitWhat)) }
        if let summary {
            files.append(.init(path: summary, contents: Array(MarkdownSummary.render(results).utf8), what: summaryWhat))
        }
        return files
    }

    /// Every failed gate's message, then the count; failures are shown even with `--quiet`.
    static func report<S: OutputStreams>(_ gates: [GateResult], quiet: Bool, streams: inout S) {
        guard !gates.isEmpty else { return }
        let failed = gates.filter { !$0.passed }
        // A gate's message quotes model names and slice values from the data.
        for gate in failed { streams.err("loupe: gate failed: \(TerminalText.line(gate.message))\n") }
        if !failed.isEmpty || !quiet {
            // "2 of 7 gates failed", "The gate passed": the overview's status line.
            let line = GateStatus.line(gates)
            streams.err("loupe: \(line.prefix(1).lowercased() + line.dropFirst())\n")
        }
    }

    static func exitStatus(_ gates: [GateResult]) -> Int32 { gates.contains { !$0.passed } ? 1 : 0 }

    /// 1 when a gate failed or, with a schema, the data has an error-level anomaly (issue 14).
    static func exitStatus(_ results: Results) -> Int32 {
        exitStatus(results.gates) == 1 || (results.anomalies ?? []).contains(where: \.isError) ? 1 : 0
    }

    /// Every anomaly on stderr (errors even with `--quiet`), then the count.
    static func report<S: OutputStreams>(_ anomalies: [DataAnomaly]?, quiet: Bool, streams: inout S) {
        guard let anomalies, !anomalies.isEmpty else { return }
        let errors = anomalies.filter(\.isError)
        for anomaly in anomalies where anomaly.isError || !quiet {
            streams.err("loupe: data \(anomaly.severity): \(TerminalText.line(anomaly.message))\n")
        }
        if !errors.isEmpty || !quiet {
            let warnings = anomalies.count - errors.count
            streams.err(
                "loupe: data: \(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") against the schema\n"
            )
        }
    }
}
