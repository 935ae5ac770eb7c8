import Foundation
import PackagePlugin

/// Compiles a top-level folder into a module as Swift string literals, so an installed `loupe`
/// binary needs no files beside it: `Templates/` into `LoupeSite` (`EmbeddedTemplates`), `Demo/`
/// (the demo's bundled inputs, such as its model card) into `LoupeDemo` (`EmbeddedDemoFiles`).
@main
struct EmbedTemplates: BuildToolPlugin {
    /// Per target: the folder it embeds and the name of the generated enum.
    static let sources = ["LoupeSite": ("Templates", "EmbeddedTemplates"), "LoupeDemo": ("Demo", "EmbeddedDemoFiles")]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let (folder, name) = Self.sources[target.name] ?? ("Templates", "EmbeddedTemplates")
        let templates = context.package.directoryURL.appending(path: folder)
        let output = context.pluginWorkDirectoryURL.appending(path: name + ".swift")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: templates.path())) ?? []
        let inputs = names.filter { !$0.hasPrefix(".") }.sorted().map { templates.appending(path: $0) }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files of \(folder)/",
                executable: try context.tool(named: "TemplateEmbedder").url,
                arguments: [templates.path(), output.path(), name],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
