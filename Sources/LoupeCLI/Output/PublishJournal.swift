import Foundation
import LoupeEvaluation

/// The record of a publish in progress, written into the output folder at the commit point (every
/// new file staged and flushed, every file it replaces hard-linked aside) and removed when the
/// publish is done. Whoever finds it — the next publish into the folder, under the lock — finishes
/// the publish (`.loupe-publish`: roll forward) or undoes it (`.loupe-publish-rollback`: the
/// publishing process failed and was rolling back), so the folder ends as the complete old site
/// or the complete new one. Both directions are idempotent: a kill during recovery is recovered
/// by the next one.
struct PublishJournal: Codable {
    /// One file the publish changes: `staged` moves to `destination`, or, without `staged`, the
    /// destination is removed (a page the new site no longer has). `backup` is a hard link to the
    /// file it replaces or removes; `stagedInode` tells whether the destination is the new file.
    struct Entry: Codable {
        var destination: String
        var staged: String?
        var stagedInode: UInt64?
        var backup: String?
    }

    static let name = ".loupe-publish"
    static let rollbackName = ".loupe-publish-rollback"

    /// The publish's staging folder inside the output folder.
    var staging: String
    var entries: [Entry]

    /// Reads the journal in `root`; paths inside the folder are stored relative to it, so a
    /// folder moved after a kill is still recovered.
    static func load(_ name: String, root: String) throws -> PublishJournal? {
        let path = root + "/" + name
        guard PublishFileSystem.entry(path) != nil else { return nil }
        guard let bytes = PublishFileSystem.read(path), let stored = try? JSONDecoder().decode(Self.self, from: Data(bytes))
        else {
            throw LoupeError.output(
                "\(path): the record of an interrupted publish cannot be read; remove it to publish into this folder again")
        }
        return stored.mapPaths { $0.hasPrefix("/") ? $0 : root + "/" + $0 }
    }

    func encoded(root: String) throws -> [UInt8] {
        let stored = mapPaths { $0.hasPrefix(root + "/") ? String($0.dropFirst(root.count + 1)) : $0 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(stored))
    }

    private func mapPaths(_ transform: (String) -> String) -> PublishJournal {
        PublishJournal(
            staging: transform(staging),
            entries: entries.map {
                Entry(
                    destination: transform($0.destination), staged: $0.staged.map(transform), stagedInode: $0.stagedInode,
                    backup: $0.backup.map(transform))
            })
    }

    /// Moves every staged file still in the staging folder into place and removes the pages the
    /// new site dropped (only the very file that was backed up, never one put there since).
    func rollForward(_ fileSystem: PublishFileSystem) throws {
        for entry in entries {
            if let staged = entry.staged {
                if PublishFileSystem.entry(staged) != nil { try fileSystem.rename(staged, entry.destination) }
            } else if let backup = entry.backup, let old = PublishFileSystem.entry(backup),
                PublishFileSystem.entry(entry.destination)?.inode == old.inode
            {
                try fileSystem.remove(entry.destination)
            }
        }
    }

    /// Puts every replaced or removed file back from its hard link and removes the new files that
    /// replaced nothing — only where the destination is still the staged file.
    func rollBack(_ fileSystem: PublishFileSystem) throws {
        for entry in entries.reversed() {
            let current = PublishFileSystem.entry(entry.destination)
            if entry.staged != nil {
                guard let inode = entry.stagedInode, current?.inode == inode else { continue }
                if let backup = entry.backup, PublishFileSystem.entry(backup) != nil {
                    try fileSystem.rename(backup, entry.destination)
                } else {
                    try fileSystem.remove(entry.destination)
                }
            } else if current == nil, let backup = entry.backup, PublishFileSystem.entry(backup) != nil {
                try fileSystem.rename(backup, entry.destination)
            }
        }
    }

    /// Removes what is left of the publish: hard links of old files, staged files that were not
    /// used, the staging folder.
    func cleanUp(_ fileSystem: PublishFileSystem) throws {
        for entry in entries {
            if let backup = entry.backup { try fileSystem.remove(backup) }
            if let staged = entry.staged, PublishFileSystem.entry(staged) != nil { try fileSystem.remove(staged) }
        }
        try fileSystem.removeTree(staging)
    }

}
