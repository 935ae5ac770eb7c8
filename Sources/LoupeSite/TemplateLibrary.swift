import Foundation
import LoupeMarkup

/// The page templates, parsed once: those compiled into the binary, each optionally replaced by
/// a file of the same name from an override folder (`loupe build --templates DIR`).
///
/// Every file is a template, the stylesheet and script included (pages pull them in as
/// partials: `{{>style.css}}`), and every `{{>partial}}` must name a file of the library, so a
/// broken override fails when the library loads, naming the file, before any page is drawn.
public struct TemplateLibrary: Sendable {
    /// The templates compiled into the binary from the top-level `Templates/` folder, by file name.
    public static var embeddedSources: [String: String] { EmbeddedTemplates.files }

    /// Parsed templates by file name.
    public let templates: [String: Template]

    /// Parses `sources` (file name → text) and checks that every partial they name exists.
    public init(sources: [String: String]) throws {
        try self.init(sources: sources, paths: [:])
    }

    /// `paths` gives the file path to name in errors for templates that came from disk.
    init(sources: [String: String], paths: [String: String]) throws {
        var templates: [String: Template] = [:]
        for name in sources.keys.sorted() {
            templates[name] = try Template(name: paths[name] ?? name, source: sources[name] ?? "")
        }
        for name in templates.keys.sorted() {
            for reference in templates[name]?.partialReferences ?? [] where templates[reference.name] == nil {
                throw SiteError.template(
                    file: paths[name] ?? name, line: reference.location.line,
                    column: reference.location.column, message: "unknown partial '\(reference.name)'")
            }
        }
        self.templates = templates
    }

    /// The embedded templates, with files from `overrideFolder` (when given) replacing those of
    /// the same name or adding new partials. Hidden files and subfolders are ignored. Errors in
    /// an override name its path.
    public init(overrideFolder: String? = nil) throws {
        var sources = Self.embeddedSources
        var paths: [String: String] = [:]
        if let overrideFolder {
            let folder = URL(fileURLWithPath: overrideFolder, isDirectory: true)
            for (name, text) in try Self.readDirectory(overrideFolder) {
                sources[name] = text
                paths[name] = folder.appendingPathComponent(name).path
            }
        }
        try self.init(sources: sources, paths: paths)
    }

    /// The embedded templates alone.
    public static func embedded() throws -> TemplateLibrary { try TemplateLibrary(sources: embeddedSources) }

    /// Renders the template called `name` with the other templates as its partials.
    public func render(_ name: String, _ context: TemplateValue) throws -> String {
        guard let template = templates[name] else { throw SiteError.missingTemplate(name) }
        return try template.render(context, partials: templates)
    }

    private static func readDirectory(_ path: String) throws -> [String: String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SiteError.templateDirectory(path: path, message: "no such folder")
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path)
        } catch {
            throw SiteError.templateDirectory(path: path, message: "cannot list the folder")
        }
        var files: [String: String] = [:]
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            guard let data = manager.contents(atPath: url.path) else {
                throw SiteError.templateDirectory(path: url.path, message: "cannot read the file")
            }
            let bytes = Array(data)
            if let bad = SourceText.firstInvalidUTF8(bytes) {
                let (line, column) = SourceText.position(of: bad, in: bytes)
                throw SiteError.template(file: url.path, line: line, column: column, message: "not UTF-8 text")
            }
            let text = String(decoding: bytes, as: UTF8.self)
            files[name] = text
        }
        return files
    }
}
