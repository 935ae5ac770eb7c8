import Foundation
import LoupeEvaluation

/// One publish into a locked output folder: the plan (what changes), staging, commit and the
/// replacement of the files (see `SiteWriter` for the steps and the guarantee).
struct Publication {
    /// One file to create, replace or remove.
    private struct Change {
        var destination: String
        /// nil: remove the destination (a page the new site no longer has).
        var contents: [UInt8]?
        /// The mode of the file it replaces, kept.
        var mode: mode_t?
        var replaces: Bool
        /// A CI output (staged beside its destination) rather than a page (staged in the folder).
        var isOutput: Bool
    }

    private let root: String
    private let folder: String
    private let fileSystem: PublishFileSystem
    private var changes: [Change] = []

    init(
        files: [SiteWriter.File], root: String, folder: String, outputs: [SiteWriter.Output],
        inputs: [SiteWriter.Input], fileSystem: PublishFileSystem
    ) throws {
        self.root = root
        self.folder = folder
        self.fileSystem = fileSystem
        let oldNames = Self.manifest(in: root)
        let newNames = Set(files.map(\.path))
        let manifest = SiteWriter.File(
            path: SiteWriter.manifestName, text: newNames.sorted().joined(separator: "\n") + "\n")
        // index.html last: a reader who starts there finds the pages it links to already new.
        let ordered = files.sorted { ($0.path == "index.html" ? 1 : 0, $0.path) < ($1.path == "index.html" ? 1 : 0, $1.path) }
        for file in ordered + [manifest] {
            let destination = root + "/" + file.path
            let existing = PublishFileSystem.entry(destination)
            if let existing {
                guard existing.isRegular else {
                    throw LoupeError.output(
                        "\(folder)/\(file.path): is \(existing.kind) where the site has a page; Loupe replaces only regular files"
                    )
                }
                if existing.size == file.contents.count, PublishFileSystem.read(destination) == file.contents { continue }
            }
            changes.append(
                Change(
                    destination: destination, contents: file.contents, mode: existing?.mode, replaces: existing != nil,
                    isOutput: false))
        }
        for name in oldNames.subtracting(newNames).sorted() {
            let destination = root + "/" + name
            if PublishFileSystem.entry(destination)?.isRegular == true {
                changes.append(Change(destination: destination, contents: nil, mode: nil, replaces: true, isOutput: false))
            }
        }
        try SiteWriter.checkOutputs(outputs.map { ($0.path, $0.what) }, inputs: inputs)
        for output in outputs {
            let url = URL(fileURLWithPath: output.path).standardizedFileURL
            let name = url.lastPathComponent
            if let parent = try? SiteWriter.realPath(url.deletingLastPathComponent().path), parent == root {
                if let page = files.first(where: { $0.path == name }), page.contents == output.contents { continue }
                if newNames.contains(name) || oldNames.contains(name) || name.hasPrefix(".loupe-") {
                    throw LoupeError.output(
                        "\(output.path): is a file of the site in \(folder); Loupe will not write \(output.what) over it")
                }
            }
            let existing = PublishFileSystem.entry(url.path)
            if let existing, existing.size == output.contents.count, PublishFileSystem.read(url.path) == output.contents {
                continue
            }
            changes.append(
                Change(
                    destination: url.path, contents: output.contents, mode: existing?.mode, replaces: existing != nil,
                    isOutput: true))
        }
    }

    /// The names the last publish wrote; only plain names in the folder (never a path elsewhere).
    private static func manifest(in root: String) -> Set<String> {
        let path = root + "/" + SiteWriter.manifestName
        guard PublishFileSystem.entry(path)?.isRegular == true, let bytes = PublishFileSystem.read(path) else { return [] }
        let names = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        return Set(names.filter { !$0.contains("/") && $0 != "." && $0 != ".." && !$0.hasPrefix(".loupe-") })
    }

    func run() throws {
        guard !changes.isEmpty else { return }
        let journalPath = root + "/" + PublishJournal.name
        let staging =
            root + "/" + SiteWriter.stagingPrefix + "\(getpid())-" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
        var folderTimes = FolderTimes()
        folderTimes.save(root)
        var written: [String] = []
        var createdFolders: [String] = []
        var entries: [PublishJournal.Entry] = []
        do {
            try fileSystem.makeFolder(staging)
            try fileSystem.makeFolder(staging + "/new")
            try fileSystem.makeFolder(staging + "/old")
            // Where the CI outputs will be staged and backed up, written before any of them is, so
            // the next publish can remove them if this one is killed before its commit.
            let outside = changes.filter(\.isOutput).flatMap { Self.besidePaths($0.destination) }
            if !outside.isEmpty {
                let list = try JSONEncoder().encode(outside)
                _ = try fileSystem.writeNew(staging + "/" + Self.outsideList, Array(list))
            }
            for change in changes {
                guard let contents = change.contents else {
                    entries.append(.init(destination: change.destination, staged: nil, stagedInode: nil, backup: nil))
                    continue
                }
                let name = URL(fileURLWithPath: change.destination).lastPathComponent
                var staged = staging + "/new/" + name
                if change.isOutput {
                    let parent = URL(fileURLWithPath: change.destination).deletingLastPathComponent().path
                    try makeFolders(parent, created: &createdFolders, times: &folderTimes)
                    staged = Self.besidePaths(change.destination)[0]
                    if PublishFileSystem.entry(staged)?.isRegular == true { try fileSystem.remove(staged) }
                }
                let inode = try fileSystem.writeNew(staged, contents, mode: change.mode)
                written.append(staged)
                entries.append(.init(destination: change.destination, staged: staged, stagedInode: inode, backup: nil))
            }
            for index in changes.indices where changes[index].replaces {
                let change = changes[index]
                let name = URL(fileURLWithPath: change.destination).lastPathComponent
                var backup = staging + "/old/" + name
                if change.isOutput {
                    backup =
                        URL(fileURLWithPath: change.destination).deletingLastPathComponent().path + "/." + name
                        + ".loupe-previous"
                    if PublishFileSystem.entry(backup)?.isRegular == true { try fileSystem.remove(backup) }
                }
                try fileSystem.link(change.destination, backup)
                written.append(backup)
                entries[index].backup = backup
            }
            let journal = PublishJournal(staging: staging, entries: entries)
            _ = try fileSystem.writeNew(journalPath + ".tmp", try journal.encoded(root: root))
            written.append(journalPath + ".tmp")
            try fileSystem.rename(journalPath + ".tmp", journalPath)
        } catch is PublishFaults.Killed {
            throw PublishFaults.Killed()
        } catch {
            for path in written.reversed() { try? fileSystem.remove(path) }
            try fileSystem.removeTree(staging)
            for path in createdFolders.reversed() { rmdir(path) }
            folderTimes.restore()
            throw LoupeError.output("\(folder): cannot write the site (\(error)); nothing was changed")
        }
        // Committed: the journal says what to finish if this process stops now.
        let journal = PublishJournal(staging: staging, entries: entries)
        do {
            try fileSystem.syncFolder(root)
            try journal.rollForward(fileSystem)
            try fileSystem.syncFolder(root)
        } catch is PublishFaults.Killed {
            throw PublishFaults.Killed()
        } catch {
            let failure = error
            do {
                try fileSystem.rename(journalPath, root + "/" + PublishJournal.rollbackName)
                try journal.rollBack(fileSystem)
                try journal.cleanUp(fileSystem)
                try fileSystem.remove(root + "/" + PublishJournal.rollbackName)
                folderTimes.restore()
            } catch is PublishFaults.Killed {
                throw PublishFaults.Killed()
            } catch {
                throw LoupeError.output(
                    "\(folder): cannot write the site (\(failure)); the publish stopped half-way and the next loupe run into this folder completes it"
                )
            }
            throw LoupeError.output("\(folder): cannot write the site (\(failure)); the previous site is unchanged")
        }
        // The new site is complete; what is left to remove is removed by the next publish if not now.
        do {
            try journal.cleanUp(fileSystem)
            try fileSystem.remove(journalPath)
        } catch is PublishFaults.Killed {
            throw PublishFaults.Killed()
        } catch {}
    }

    /// The staging folder's list of files it put beside the CI outputs.
    static let outsideList = "outside.json"

    /// The staged copy and the hard link of the old file beside a CI output: the same folder, so
    /// the rename is atomic; one name per destination, so a killed build's are replaced next time.
    static func besidePaths(_ destination: String) -> [String] {
        let url = URL(fileURLWithPath: destination)
        let prefix = url.deletingLastPathComponent().path + "/." + url.lastPathComponent
        return [prefix + ".loupe-tmp", prefix + ".loupe-previous"]
    }

    private func makeFolders(_ path: String, created: inout [String], times: inout FolderTimes) throws {
        guard PublishFileSystem.target(path) == nil else {
            times.save(path)
            return
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if parent != path { try makeFolders(parent, created: &created, times: &times) }
        try fileSystem.makeFolder(path)
        created.append(path)
    }
}
