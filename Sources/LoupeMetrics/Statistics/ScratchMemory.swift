/// An array of `count` elements of a trivial type, written by `fill`, which must initialize every
/// element: large scratch arrays skip the zeroing an `Array(repeating:count:)` would do first.
///
/// It asks for no transparent huge pages. It did once, to save page faults, but on this project's
/// virtual machines a fresh huge page is backed by the host on first touch at about 0.2 GB/s
/// against 1.9 GB/s for 4 KiB pages: the 5M-row monitoring build spent 1.7 s of CPU clearing
/// huge pages, and both binary builds ran faster without them (README, Speed).
func scratchArray<T>(_: T.Type, count: Int, initializingWith fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
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
