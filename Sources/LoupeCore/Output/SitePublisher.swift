import Foundation
import LoupeResults
import LoupeSite

/// Renders a `Results` value and writes the site with its results.json in one swap.
enum SitePublisher {
    static func publish(
        _ results: Results, to folder: String, resultsPath: String?, templatesFolder: String?,
        extraFiles: [SiteWriter.File] = []
    ) throws {
        let templates: TemplateLibrary
        do {
            templates = try TemplateLibrary(overrideFolder: templatesFolder)
        } catch {
            throw LoupeError.input("\(error)")
        }
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
        try SiteWriter.write(files, to: folder)
        if let resultsPath {
            do {
                try SiteWriter.writeFile(json, to: URL(fileURLWithPath: resultsPath))
            } catch {
                throw LoupeError.output("\(resultsPath): cannot write results.json (\(error.localizedDescription))")
            }
        }
    }
}
