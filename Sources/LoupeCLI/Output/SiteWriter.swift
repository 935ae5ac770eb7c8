import Foundation
import LoupeEvaluation

/// Publishes a generated site into its folder, in place, so that the folder holds the complete
/// old site or the complete new one, whatever fails and wherever the process is killed.
///
/// Loupe owns the files it wrote (listed in `.loupe-manifest`) and nothing else: the folder stays
/// the same folder (its inode, a symbolic link to it, its mode), other files and folders in it are
/// never opened, moved or rewritten, and a page whose bytes did not change keeps its inode and
/// mtime. One publish, under an exclusive lock on the folder (`FolderLock`):
///
/// 1. recover an interrupted publish (`PublishJournal`), remove staging folders of killed builds;
/// 2. plan: which pages are new, changed, unchanged or stale, and the CI outputs (`--results`,
///    `--junit`, `--summary`); refuse a destination that is not a regular file Loupe may replace;
/// 3. stage: write every changed file into `.loupe-staging-<pid>-<random>/` inside the folder (the
///    CI outputs into `.NAME.loupe-tmp` beside their destination) and flush it; hard-link every
///    file it will replace or remove beside it;
/// 4. commit: write the journal — from here the publish is done, even if the process dies;
/// 5. replace the files one by one with rename(2) (`index.html` last among the pages, then the
///    manifest, then stale pages removed, then the CI outputs), then remove the journal and the
///    staging folder.
///
/// A failure before the commit removes what was staged and restores the folder's mtime: nothing
/// changed. A failure during step 5 rolls back from the hard links. A kill leaves the folder as
/// it was (before the commit) or with a journal that the next publish into it rolls forward.
public enum SiteWriter {
    public static let manifestName = ".loupe-manifest"
    static let stagingPrefix = ".loupe-staging-"

    /// A file of the site: a name in the site folder and its bytes.
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

    /// A file written with the site but outside its file list: `--results`, `--junit`, `--summary`.
    public struct Output: Sendable {
        public var path: String
        public var contents: [UInt8]
        /// "the JUnit report (--junit)": for messages.
        public var what: String

        public init(path: String, contents: [UInt8], what: String) {
            self.path = path
            self.contents = contents
            self.what = what
        }
    }

    /// A file the build read, which no output may replace: "the input data (--data)".
    public struct Input: Sendable {
        public var path: String
        public var what: String

        public init(path: String, what: String) {
            self.path = path
            self.what = what
        }
    }

    /// Publishes `files` into `folder` and `outputs` beside it, all or nothing (see the type).
    public static func write(
        _ files: [File], to folder: String, outputs: [Output] = [], inputs: [Input] = [],
        faults: PublishFaults = .none, lockTimeout: Double = 60
    ) throws {
        try checkNames(files)
        try checkFolder(folder)
        try checkOutputs(outputs.map { ($0.path, $0.what) }, inputs: inputs)
        let fileSystem = PublishFileSystem(faults: faults)
        var created: [String] = []
        // A first publish that fails removes the folders it made and puts back the mtime of the
        // folder they were made in: nothing written anywhere.
        var ancestor = URL(fileURLWithPath: folder).standardizedFileURL
        while PublishFileSystem.target(ancestor.path) == nil, ancestor.path != "/" { ancestor.deleteLastPathComponent() }
        var ancestorTimes = FolderTimes()
        ancestorTimes.save(ancestor.path)
        do {
            let lock = try FolderLock(folder, timeout: lockTimeout, fileSystem: fileSystem, created: &created)
            defer { withExtendedLifetime(lock) {} }
            do {
                let root = try realPath(folder)
                try recover(root: root, fileSystem: fileSystem)
                let publication = try Publication(
                    files: files, root: root, folder: folder, outputs: outputs, inputs: inputs, fileSystem: fileSystem)
                try publication.run()
            } catch let error where !(error is PublishFaults.Killed) && !created.isEmpty {
                for path in created.reversed() { rmdir(path) }
                ancestorTimes.restore()
                throw error
            }
        } catch is PublishFaults.Killed {
            throw PublishFaults.Killed()
        } catch let error as LoupeError {
            throw error
        } catch {
            throw LoupeError.output("\(folder): cannot write the site (\(error))")
        }
    }

    /// Finishes or undoes a publish into `folder` that was interrupted (what every publish does
    /// first); nothing when there is none.
    public static func recover(_ folder: String, faults: PublishFaults = .none) throws {
        let fileSystem = PublishFileSystem(faults: faults)
        var created: [String] = []
        guard PublishFileSystem.target(folder)?.isDirectory == true else { return }
        do {
            let lock = try FolderLock(folder, timeout: 60, fileSystem: fileSystem, created: &created)
            defer { withExtendedLifetime(lock) {} }
            try recover(root: try realPath(folder), fileSystem: fileSystem)
        } catch is PublishFaults.Killed {
            throw PublishFaults.Killed()
        } catch let error as LoupeError {
            throw error
        } catch {
            throw LoupeError.output("\(folder): cannot finish the interrupted publish (\(error))")
        }
    }

    /// Refuses, before anything is written, destinations for the CI outputs that Loupe must not
    /// replace: anything but a regular file (a symbolic link, a device, a FIFO, a folder), a file
    /// the build reads, or one file named twice. The pages of the site are checked at publish.
    public static func checkOutputs(_ outputs: [(path: String, what: String)], inputs: [Input]) throws {
        var seen: [(key: String, what: String)] = []
        for output in outputs {
            let path = output.path
            if let entry = PublishFileSystem.entry(path) {
                guard entry.isRegular else {
                    throw LoupeError.output(
                        "\(path): is \(entry.kind); Loupe writes \(output.what) only as a regular file and will not replace it")
                }
                for input in inputs {
                    if let read = PublishFileSystem.target(input.path), read.inode == entry.inode, read.device == entry.device {
                        throw LoupeError.output("\(path): is \(input.what); Loupe will not write \(output.what) over it")
                    }
                }
            }
            let key = identity(path)
            if let earlier = seen.first(where: { $0.key == key }) {
                throw LoupeError.output("\(path): named for both \(earlier.what) and \(output.what)")
            }
            seen.append((key, output.what))
        }
    }

    /// Writes one file atomically (temporary file, then rename), creating parent folders; refuses
    /// to replace anything but a regular file. For files outside a site (`loupe init`'s config).
    public static func writeFile(_ contents: [UInt8], to url: URL) throws {
        if let entry = PublishFileSystem.entry(url.path), !entry.isRegular {
            throw LoupeError.output("\(url.path): is \(entry.kind); Loupe will not replace it")
        }
        let manager = FileManager.default
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents).write(to: url, options: .atomic)
    }

    // MARK: - Checks

    private static func checkNames(_ files: [File]) throws {
        var names = Set<String>()
        for file in files {
            let name = file.path
            guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.hasPrefix(".loupe-"),
                names.insert(name).inserted
            else {
                throw LoupeError.output("cannot write the site: '\(name)' is not a file name Loupe may give a page")
            }
        }
    }

    private static func checkFolder(_ folder: String) throws {
        guard let entry = PublishFileSystem.entry(folder) else { return }
        guard let target = PublishFileSystem.target(folder) else {
            throw LoupeError.output("\(folder): is a symbolic link to nothing")
        }
        if !target.isDirectory { throw LoupeError.output("\(folder): exists and is not a folder") }
        _ = entry
    }

    static func realPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else {
            throw PublishFileSystem.Failure(operation: "resolve", path: path, code: errno)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The same key for two names of one file: its device and inode when it exists, else its
    /// absolute path with its folder resolved.
    static func identity(_ path: String) -> String {
        if let entry = PublishFileSystem.entry(path) { return "\(entry.device):\(entry.inode)" }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = (try? realPath(url.deletingLastPathComponent().path)) ?? url.deletingLastPathComponent().path
        return parent + "/" + url.lastPathComponent
    }

    // MARK: - Recovery

    static func recover(root: String, fileSystem: PublishFileSystem) throws {
        let rollback = root + "/" + PublishJournal.rollbackName
        let journal = root + "/" + PublishJournal.name
        if let record = try PublishJournal.load(PublishJournal.rollbackName, root: root) {
            try record.rollBack(fileSystem)
            try record.cleanUp(fileSystem)
            try fileSystem.remove(rollback)
        }
        if let record = try PublishJournal.load(PublishJournal.name, root: root) {
            try record.rollForward(fileSystem)
            try record.cleanUp(fileSystem)
            try fileSystem.remove(journal)
        }
        if PublishFileSystem.entry(journal + ".tmp")?.isRegular == true { try fileSystem.remove(journal + ".tmp") }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names.sorted() where name.hasPrefix(stagingPrefix) {
            // A build killed before its commit: its staged files, and those beside the CI outputs.
            let staging = root + "/" + name
            if let list = PublishFileSystem.read(staging + "/" + Publication.outsideList),
                let paths = try? JSONDecoder().decode([String].self, from: Data(list))
            {
                for path in paths where path.hasSuffix(".loupe-tmp") || path.hasSuffix(".loupe-previous") {
                    if PublishFileSystem.entry(path)?.isRegular == true { try fileSystem.remove(path) }
                }
            }
            try fileSystem.removeTree(staging)
        }
    }
}
