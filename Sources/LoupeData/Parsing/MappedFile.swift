import Foundation

/// A read-only memory map of a whole file. A class because it owns the mapping: the pages go
/// away when the last reference does.
final class MappedFile: @unchecked Sendable {
    let path: String
    /// Start of the mapping; a dummy non-null pointer when the file is empty.
    let base: UnsafePointer<UInt8>
    let count: Int
    private let mapping: UnsafeMutableRawPointer?

    init(path: String) throws {
        self.path = path
        // Without blocking: opening a FIFO for reading would wait for a writer forever; it is
        // refused below as not a regular file.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw DataError.fileNotFound(file: path) }
            throw DataError.unreadable(file: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw DataError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw DataError.notARegularFile(file: path) }
        let size = Int(info.st_size)
        count = size
        if size == 0 {
            // A file in /proc or /sys says it is empty and has content: it cannot be mapped.
            var byte: UInt8 = 0
            if read(fd, &byte, 1) > 0 {
                throw DataError.unreadable(
                    file: path,
                    reason: "reports a size of 0 but has content (a /proc or /sys file?); copy it to a regular file first")
            }
            mapping = nil
            base = UnsafePointer(MappedFile.emptyByte)
            return
        }
        let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let pointer, pointer != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw DataError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(pointer, size, MADV_SEQUENTIAL)
        TruncationGuard.register(pointer, count: size, path: path)
        mapping = pointer
        base = UnsafePointer(pointer.assumingMemoryBound(to: UInt8.self))
    }

    deinit {
        if let mapping {
            TruncationGuard.unregister(mapping)
            munmap(mapping, count)
        }
    }

    /// Drops the pages of `range` from this process (they stay in the page cache and fault back
    /// in if touched again), so peak memory does not include the whole file.
    func release(_ range: Range<Int>) {
        guard let mapping, range.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let lower = (range.lowerBound + page - 1) / page * page
        let upper = min(range.upperBound, count) / page * page
        if upper > lower { _ = madvise(mapping + lower, upper - lower, MADV_DONTNEED) }
    }

    /// Never written: the one byte every empty mapping points at.
    nonisolated(unsafe) private static let emptyByte: UnsafeMutablePointer<UInt8> = {
        let byte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        byte.initialize(to: 0)
        return byte
    }()
}
