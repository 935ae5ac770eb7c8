import Foundation
import LoupeData
import LoupeEvaluation
import LoupeResults
import LoupeSite

/// Renders a `Results` value and writes the site with its results.json in one swap.
enum SitePublisher {
    /// The built-in templates with a folder's files over them; load before the long work so a
    /// broken template fails at once.
    static func templates(overrideFolder: String?) throws -> TemplateLibrary {
        if let overrideFolder { try checkTemplateNames(in: overrideFolder) }
        do {
            return try TemplateLibrary(overrideFolder: overrideFolder)
        } catch {
            throw LoupeError.input("\(error)")
        }
    }

    /// A file in the templates folder that replaces no built-in template is a mistake (a typo, or
    /// a template of another version) that would otherwise change nothing without a word.
    static func checkTemplateNames(in folder: String) throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let known = TemplateLibrary.embeddedSources.keys.sorted()
        for name in names.sorted() where !name.hasPrefix(".") && !known.contains(name) {
            var isFolder: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let hint = DidYouMean.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw LoupeError.input(
                "--templates: \(path) is not one of the templates\(hint) (templates: \(known.joined(separator: ", ")))")
        }
    }

    /// Renders the pages (with model-card.html when `card` is given) and publishes them with
    /// results.json, and `--results`, `--junit` and `--summary` when given, in one transaction
    /// (`SiteWriter`): a destination Loupe must not replace, or a file that cannot be written,
    /// fails before anything changes.
    static func publish(
        _ results: Results, to folder: String, resultsPath: String?, junit: String? = nil, summary: String? = nil,
        inputs: [SiteWriter.Input] = [], templates: TemplateLibrary, extraFiles: [SiteWriter.File] = [],
        card: ModelCard? = nil
    ) throws {
        // results.json and every page side by side: the encoding first (about as long as the
        // largest pages), then the pages, the costliest first, on whichever core is free.
        let rendering: SiteRendering
        do {
            rendering = try SiteRenderer.rendering(results, templates: templates, card: card)
        } catch let error as LoupeError {
            throw error
        } catch {
            throw LoupeError.output("cannot render the site: \(error)")
        }
        let order = rendering.renderOrder
        let parts = ParallelResults<Result<Part, Error>>.map(1 + order.count) { part in
            Result { part == 0 ? .json(try ResultsFile.encode(results)) : .page(try rendering.page(order[part - 1])) }
        }
        // Back in navigation order.
        var drawn = [SiteFile?](repeating: nil, count: order.count), json: [UInt8] = []
        for (part, result) in parts.enumerated() {
            switch result {
            case .success(.page(let rendered)): drawn[order[part - 1]] = rendered
            case .success(.json(let encoded)): json = encoded
            case .failure(let error as LoupeError): throw error
            case .failure(let error): throw LoupeError.output("cannot render the site: \(error)")
            }
        }
        var files = drawn.compactMap { $0 }.map { SiteWriter.File(path: $0.path, text: $0.contents) }
        files.append(SiteWriter.File(path: "results.json", contents: json))
        files += extraFiles
        if let card {
            files += ModelCardOutputs.files(results: results, card: card, withSite: true).map {
                SiteWriter.File(path: $0.path, text: $0.contents)
            }
        }
        var outputs: [SiteWriter.Output] = []
        if let resultsPath { outputs.append(.init(path: resultsPath, contents: json, what: resultsWhat)) }
        outputs += GateOutputs.files(results, junit: junit, summary: summary)
        try SiteWriter.write(files, to: folder, outputs: outputs, inputs: inputs)
    }

    static let resultsWhat = "results.json (--results)"

    private enum Part: Sendable {
        case page(SiteFile)
        case json([UInt8])
    }
}
