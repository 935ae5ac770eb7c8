import Foundation
import PackagePlugin

/// Compiles the top-level `Templates/` folder into the `LoupeSite` module as Swift string
/// literals, so an installed `loupe` binary renders sites from any working directory.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: templates.path())) ?? []
        let inputs = names.filter { !$0.hasPrefix(".") }.sorted().map { templates.appending(path: $0) }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) templates",
                executable: try context.tool(named: "TemplateEmbedder").url,
                arguments: [templates.path(), output.path()],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
