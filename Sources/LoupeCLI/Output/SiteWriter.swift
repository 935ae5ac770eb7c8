import Foundation
import LoupeEvaluation

/// Writes a generated site into its folder all at once, or not at all.
///
/// Files go into a staging folder beside the target; only when every file is written is the old
/// folder swapped out. A failure before the swap leaves the output folder exactly as it was.
/// Files in the folder that Loupe did not write on its last run (listed in `.loupe-manifest`)
/// are carried over, so a `.gitkeep` or a user's notes survive a rebuild, while stale pages from
/// an earlier run (a model that was removed) do not.
public enum SiteWriter {
    public static let manifestName = ".loupe-manifest"

    /// A file of the site: a path relative to the site folder and its bytes.
    public struct File: Equatable, Sendable {
        public var path: String
        public var contents: [UInt8]

        public init(path: String, contents: [UInt8]) {
            self.path = path
            self.contents = contents
        }

        public init(path: String, text: String) {
            self.init(path: path, contents: Array(text.utf8))
        }
    }

    public static func write(_ files: [File], to folder: String) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw LoupeError.output("\(folder): exists and is not a folder")
        }
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw LoupeError.output("\(parent.path): cannot create the folder (\(error.localizedDescription))")
        }
        let staging = parent.appendingPathComponent(".\(name).loupe-staging")
        let retired = parent.appendingPathComponent(".\(name).loupe-previous")
        try? manager.removeItem(at: staging)
        try? manager.removeItem(at: retired)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                try writeFile(file.contents, to: staging.appendingPathComponent(file.path))
            }
            let manifest = files.map(\.path).sorted().joined(separator: "\n") + "\n"
            try writeFile(Array(manifest.utf8), to: staging.appendingPathComponent(manifestName))
            if manager.fileExists(atPath: target.path) {
                try carryOverForeignFiles(from: target, to: staging, generated: Set(files.map(\.path)))
                try manager.moveItem(at: target, to: retired)
            }
            try manager.moveItem(at: staging, to: target)
            try? manager.removeItem(at: retired)
        } catch let error as LoupeError {
            try? manager.removeItem(at: staging)
            throw error
        } catch {
            try? manager.removeItem(at: staging)
            throw LoupeError.output("\(folder): cannot write the site (\(error.localizedDescription))")
        }
    }

    /// Writes one file atomically (temporary file, then rename), creating parent folders.
    public static func writeFile(_ contents: [UInt8], to url: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents).write(to: url, options: .atomic)
    }

    /// Copies files that the previous run did not generate and this run does not replace.
    private static func carryOverForeignFiles(from old: URL, to staging: URL, generated: Set<String>) throws {
        let manager = FileManager.default
        let manifestURL = old.appendingPathComponent(manifestName)
        let previous =
            (try? String(contentsOf: manifestURL, encoding: .utf8))
            .map { Set($0.split(separator: "\n").map(String.init)) } ?? []
        guard let walker = manager.enumerator(at: old, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        let base = old.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            let path = String(url.standardizedFileURL.path.dropFirst(base.count))
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isDirectory || path == manifestName || previous.contains(path) || generated.contains(path) { continue }
            let destination = staging.appendingPathComponent(path)
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: url, to: destination)
        }
    }
}
