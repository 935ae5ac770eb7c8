import Foundation
import LoupeDigest

extension SHA256 {
    /// Hashes a file, as 64 hexadecimal digits.
    ///
    /// Read by `read(2)` into one reused 256 KiB buffer, which stays in the core's cache between
    /// the copy and the hash: a fresh buffer per read (as `FileHandle.readData` gives) costs a
    /// page fault and a cleared page per 4 KiB of the file.
    static func hexDigest(ofFile path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw LoupeError.input("\(path): cannot open the file") }
        defer { close(descriptor) }
        let size = 256 << 10
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = read(descriptor, buffer, size)
            if count < 0 {
                if errno == EINTR { continue }
                throw LoupeError.input("\(path): cannot read the file (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
        }
        return hasher.finalizeHex()
    }
}
