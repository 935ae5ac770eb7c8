import Foundation

/// Hints to the kernel about big column buffers.
enum MemoryAdvice {
    /// Asks for transparent huge pages on a freshly allocated buffer before it is written: the
    /// merged columns of a big file are hundreds of megabytes, and faulting them in 2 MiB at a
    /// time instead of 4 KiB takes a visible share of the read off. A hint only; harmless if refused.
    static func preferHugePages(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start, byteCount >= 4 << 20 else { return }
        let page = 4096
        let address = Int(bitPattern: start)
        let lower = (address + page - 1) / page * page
        let upper = (address + byteCount) / page * page
        guard upper > lower, let aligned = UnsafeMutableRawPointer(bitPattern: lower) else { return }
        _ = madvise(aligned, upper - lower, MADV_HUGEPAGE)
        #endif
    }
}
