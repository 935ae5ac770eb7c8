import Foundation

/// The few system calls the publish makes, each behind the test hooks of `PublishFaults`.
/// Every call works on the path itself: nothing here follows a symbolic link at the last
/// component, opens a file it did not create, or blocks on a FIFO.
struct PublishFileSystem {
    let faults: PublishFaults

    /// A failed call: which one, on what, and `errno`.
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var path: String
        var code: Int32

        var description: String { "\(path): cannot \(operation) (\(String(cString: strerror(code))))" }
    }

    /// What `lstat` says about a path, or nil when nothing is there.
    struct Entry {
        var type: mode_t
        var mode: mode_t
        var inode: UInt64
        var device: UInt64
        var size: Int

        var isRegular: Bool { type == S_IFREG }
        var isDirectory: Bool { type == S_IFDIR }

        /// "a symbolic link", "a FIFO": for messages that say why a path is refused.
        var kind: String {
            switch type {
            case S_IFREG: return "a regular file"
            case S_IFDIR: return "a folder"
            case S_IFLNK: return "a symbolic link"
            case S_IFIFO: return "a FIFO"
            case S_IFCHR: return "a character device"
            case S_IFBLK: return "a block device"
            case S_IFSOCK: return "a socket"
            default: return "not a regular file"
            }
        }
    }

    static func entry(_ path: String) -> Entry? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Entry(info)
    }

    /// Like `entry`, but follows a symbolic link (for the output folder itself, which may be one).
    static func target(_ path: String) -> Entry? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Entry(info)
    }

    private func hook(_ operation: PublishFaults.Operation, _ path: String) throws {
        do {
            try faults.body(operation, path)
        } catch let injected as PublishFaults.Errno {
            throw Failure(operation: "\(operation.rawValue)", path: path, code: injected.code)
        }
    }

    func makeFolder(_ path: String) throws {
        try hook(.makeFolder, path)
        if mkdir(path, 0o777) != 0 { throw Failure(operation: "create the folder", path: path, code: errno) }
    }

    /// Creates `path` (which must not exist), writes `contents`, sets `mode` when given, and
    /// flushes it to the disk; returns the new file's inode.
    func writeNew(_ path: String, _ contents: [UInt8], mode: mode_t? = nil) throws -> UInt64 {
        try hook(.write, path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        if fd < 0 { throw Failure(operation: "create", path: path, code: errno) }
        defer { close(fd) }
        do {
            return try fill(fd, path, contents, mode: mode)
        } catch {
            unlink(path)
            throw error
        }
    }

    private func fill(_ fd: Int32, _ path: String, _ contents: [UInt8], mode: mode_t?) throws -> UInt64 {
        var written = 0
        while written < contents.count {
            let result = contents.withUnsafeBytes { buffer in
                Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", path: path, code: errno)
            }
            written += result
        }
        if let mode, fchmod(fd, mode & 0o7777) != 0 { throw Failure(operation: "set the mode of", path: path, code: errno) }
        try hook(.sync, path)
        if fsync(fd) != 0 { throw Failure(operation: "flush", path: path, code: errno) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw Failure(operation: "inspect", path: path, code: errno) }
        return UInt64(info.st_ino)
    }

    func link(_ existing: String, _ new: String) throws {
        try hook(.link, new)
        if Foundation.link(existing, new) != 0 { throw Failure(operation: "link", path: new, code: errno) }
    }

    func rename(_ from: String, _ to: String) throws {
        try hook(.rename, to)
        if Foundation.rename(from, to) != 0 { throw Failure(operation: "rename \(from) to", path: to, code: errno) }
    }

    /// Removes a file; one that is already gone is not an error.
    func remove(_ path: String) throws {
        try hook(.remove, path)
        if unlink(path) != 0 && errno != ENOENT { throw Failure(operation: "remove", path: path, code: errno) }
    }

    /// Removes a folder that Loupe made and everything in it (only files and folders; a symbolic
    /// link inside is removed, never followed). Best effort, to clean up: a failure is ignored,
    /// only a simulated kill stops it.
    func removeTree(_ path: String) throws {
        guard let top = Self.entry(path), top.isDirectory else { return }
        do {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                let child = path + "/" + name
                if let entry = Self.entry(child), entry.isDirectory {
                    try removeTree(child)
                } else {
                    try remove(child)
                }
            }
            try hook(.remove, path)
            rmdir(path)
        } catch is Failure {}
    }

    /// Flushes a folder's entries (the renames in it) to the disk.
    func syncFolder(_ path: String) throws {
        try hook(.sync, path)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { return }
        defer { close(fd) }
        _ = fsync(fd)
    }

    /// The bytes of a regular file (never a FIFO or device: callers check `entry` first, and the
    /// file is opened without blocking), or nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }
}

extension PublishFileSystem.Entry {
    init(_ info: stat) {
        type = info.st_mode & S_IFMT
        mode = info.st_mode & 0o7777
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
        size = Int(info.st_size)
    }
}
