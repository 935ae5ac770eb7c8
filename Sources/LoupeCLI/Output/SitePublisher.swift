import Foundation
import LoupeEvaluation
import LoupeResults
import LoupeSite

/// Renders a `Results` value and writes the site with its results.json in one swap.
enum SitePublisher {
    /// The built-in templates with a folder's files over them; load before the long work so a
    /// broken template fails at once.
    static func templates(overrideFolder: String?) throws -> TemplateLibrary {
        do {
            return try TemplateLibrary(overrideFolder: overrideFolder)
        } catch {
            throw LoupeError.input("\(error)")
        }
    }

    /// Renders the pages and publishes them with results.json, and `--results`, `--junit` and
    /// `--summary` when given, in one transaction (`SiteWriter`): a destination Loupe must not
    /// replace, or a file that cannot be written, fails before anything changes.
    static func publish(
        _ results: Results, to folder: String, resultsPath: String?, junit: String? = nil, summary: String? = nil,
        inputs: [SiteWriter.Input] = [], templates: TemplateLibrary, extraFiles: [SiteWriter.File] = []
    ) throws {
        let pages: [SiteFile]
        do {
            pages = try SiteRenderer.render(results, templates: templates)
        } catch {
            throw LoupeError.output("cannot render the site: \(error)")
        }
        let json = try ResultsFile.encode(results)
        var files = pages.map { SiteWriter.File(path: $0.path, text: $0.contents) }
        files.append(SiteWriter.File(path: "results.json", contents: json))
        files += extraFiles
        var outputs: [SiteWriter.Output] = []
        if let resultsPath { outputs.append(.init(path: resultsPath, contents: json, what: resultsWhat)) }
        outputs += GateOutputs.files(results, junit: junit, summary: summary)
        try SiteWriter.write(files, to: folder, outputs: outputs, inputs: inputs)
    }

    static let resultsWhat = "results.json (--results)"
}
