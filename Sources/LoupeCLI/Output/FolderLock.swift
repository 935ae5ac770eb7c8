import Foundation
import LoupeEvaluation

/// An exclusive `flock` on the output folder itself (its directory descriptor), held for the whole
/// publish, so two builds into one folder take turns instead of mixing their files. No lock file:
/// the kernel drops the lock when the process ends, however it ends.
final class FolderLock {
    private let descriptor: Int32

    /// Waits up to `timeout` seconds for another build to finish its publish. Creates the folder
    /// (and missing parents) when it is not there, appending what it made to `created`.
    init(_ path: String, timeout: Double, fileSystem: PublishFileSystem, created: inout [String]) throws {
        let pause = 0.05
        var waited = 0.0
        while true {
            if PublishFileSystem.target(path) == nil { try Self.makeFolders(path, fileSystem: fileSystem, created: &created) }
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 {
                if errno == ENOENT, PublishFileSystem.entry(path) == nil { continue }
                throw PublishFileSystem.Failure(operation: "open the folder", path: path, code: errno)
            }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // A build that made the folder and then failed removes it again: lock the folder
                // that is at the path now, not one that was removed while we waited.
                var held = stat()
                var current = stat()
                if fstat(fd, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino,
                    held.st_dev == current.st_dev
                {
                    descriptor = fd
                    return
                }
                close(fd)
                continue
            }
            let code = errno
            close(fd)
            guard code == EWOULDBLOCK else {
                throw PublishFileSystem.Failure(operation: "lock the folder", path: path, code: code)
            }
            guard waited < timeout else {
                throw LoupeError.output(
                    "\(path): another loupe build is writing this folder (waited \(Int(timeout.rounded())) s); try again when it has finished"
                )
            }
            usleep(UInt32(pause * 1_000_000))
            waited += pause
        }
    }

    deinit { close(descriptor) }

    private static func makeFolders(_ path: String, fileSystem: PublishFileSystem, created: inout [String]) throws {
        var missing: [String] = []
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while PublishFileSystem.target(url.path) == nil, url.path != "/" {
            missing.append(url.path)
            url = url.deletingLastPathComponent()
        }
        for folder in missing.reversed() {
            do {
                try fileSystem.makeFolder(folder)
                created.append(folder)
            } catch let failure as PublishFileSystem.Failure where failure.code == EEXIST {
                continue
            }
        }
    }
}
