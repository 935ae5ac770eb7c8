import Foundation

/// The access and modification times of folders, to put back after a publish that failed: a
/// failed build leaves every mtime as it was, the folders' included.
struct FolderTimes {
    private var saved: [(path: String, times: [timespec])] = []

    mutating func save(_ path: String) {
        guard !saved.contains(where: { $0.path == path }) else { return }
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        #if canImport(Darwin)
            saved.append((path, [info.st_atimespec, info.st_mtimespec]))
        #else
            saved.append((path, [info.st_atim, info.st_mtim]))
        #endif
    }

    func restore() {
        for (path, times) in saved { _ = utimensat(AT_FDCWD, path, times, 0) }
    }
}
