import Foundation
import LoupeEvaluation
import LoupeResults
import LoupeSite

/// What `build` and `render` do with gate results: the JUnit and Markdown files, the lines on
/// stderr, and the exit status (1 when a gate failed, as the contract says).
enum GateOutputs {
    /// Writes `--junit FILE` and `--summary FILE` when asked.
    static func write(_ results: Results, junit: String?, summary: String?) throws {
        if let junit { try write(JUnitReport.render(results), to: junit, what: "the JUnit report") }
        if let summary { try write(MarkdownSummary.render(results), to: summary, what: "the summary") }
    }

    private static func write(_ text: String, to path: String, what: String) throws {
        do {
            try SiteWriter.writeFile(Array(text.utf8), to: URL(fileURLWithPath: path))
        } catch {
            throw LoupeError.output("\(path): cannot write \(what) (\(error.localizedDescription))")
        }
    }

    /// Every failed gate's message, then the count; failures are shown even with `--quiet`.
    static func report<S: OutputStreams>(_ gates: [GateResult], quiet: Bool, streams: inout S) {
        guard !gates.isEmpty else { return }
        let failed = gates.filter { !$0.passed }
        for gate in failed { streams.err("loupe: gate failed: \(gate.message)\n") }
        if !failed.isEmpty || !quiet {
            // "2 of 7 gates failed", "The gate passed": the overview's status line.
            let line = GateStatus.line(gates)
            streams.err("loupe: \(line.prefix(1).lowercased() + line.dropFirst())\n")
        }
    }

    static func exitStatus(_ gates: [GateResult]) -> Int32 { gates.contains { !$0.passed } ? 1 : 0 }
}
