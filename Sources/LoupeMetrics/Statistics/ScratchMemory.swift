// Transparent huge pages for the large per-call scratch arrays, from the platform C library.
#if canImport(Glibc)
    import Glibc
#endif

/// An array of `count` elements of a trivial type, written by `fill`, which must initialize every
/// element. Where the platform has transparent huge pages, the buffer is advised to use them
/// before its first touch: tens of megabytes of fresh scratch then fault in once per 2 MiB instead
/// of once per 4 KiB page (and the radix sort's scatters miss the TLB less), a measurable share of
/// an evaluation. Elsewhere, or with huge pages disabled, the advice is a no-op.
func scratchArray<T>(_: T.Type, count: Int, initializingWith fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        #if canImport(Glibc)
            let bytes = count * MemoryLayout<T>.stride
            let huge = 2 << 20
            if bytes >= 4 * huge, let base = buffer.baseAddress {
                let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
                let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
                if end > start {
                    _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
                }
            }
        #endif
        fill(buffer)
        initialized = count
    }
}

/// A `scratchArray` whose contents start undefined: for a trivial type whose every element the
/// caller writes before reading it.
func uninitializedScratch<T>(_ type: T.Type, count: Int) -> [T] {
    scratchArray(type, count: count) { _ in }
}

extension UnsafeMutablePointer {
    /// A buffer of `count` copies of `value` (at least one element, so a walk over no slots still
    /// has somewhere to write), for the walks' per-slot state, freed by `deallocate()`.
    static func filled(with value: Pointee, count: Int) -> UnsafeMutablePointer<Pointee> {
        let buffer = allocate(capacity: Swift.max(count, 1))
        buffer.initialize(repeating: value, count: Swift.max(count, 1))
        return buffer
    }
}
