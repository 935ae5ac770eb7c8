import Foundation

extension TestWorkspace {
    /// Every entry below `folder` (and the folder itself) → its kind, mode, mtime and, for a
    /// regular file, its bytes — without opening anything but regular files (a FIFO would block).
    func fileState(_ folder: String) -> [String: String] { Self.fileState(atPath: path(folder)) }

    /// The same for any path.
    static func fileState(atPath path: String) -> [String: String] {
        var result: [String: String] = [:]
        func describe(_ full: String, _ key: String) {
            var info = stat()
            guard lstat(full, &info) == 0 else { return }
            let kind = info.st_mode & S_IFMT
            var text = "\(kind) \(String(info.st_mode & 0o7777, radix: 8)) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            if kind == S_IFREG, let data = FileManager.default.contents(atPath: full) {
                text += " " + String(decoding: data, as: UTF8.self)
            }
            result[key] = text
            if kind == S_IFDIR {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] {
                    describe(full + "/" + name, key + "/" + name)
                }
            }
        }
        describe(path, "")
        return result
    }
}
