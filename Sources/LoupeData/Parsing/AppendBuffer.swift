import Foundation

/// A growable run of trivial values for the parse loop: `Array.append` makes two out-of-line
/// runtime calls (uniqueness, capacity) per value, which at ~50M values per read is a visible
/// share of the time. Appending here is a compare and a store.
///
/// Memory safety does not depend on how the struct is copied: each allocation belongs to one
/// `Storage` object, freed when the last copy referring to it goes away, and growing moves to a
/// new object. Copies that both append would overwrite each other's values, so a buffer has one
/// writer (the chunk that fills it).
///
/// Big buffers are mapped straight from the kernel rather than malloc'd: a read frees hundreds of
/// megabytes of chunk buffers while it builds the merged columns, and malloc would keep those
/// pages in its arenas, adding them to the peak memory.
struct AppendBuffer<Element: BitwiseCopyable> {
    private final class Storage {
        let base: UnsafeMutablePointer<Element>
        private let mappedBytes: Int

        init(capacity: Int) {
            let bytes = capacity * MemoryLayout<Element>.stride
            if bytes >= 256 << 10,
                let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                mapped != UnsafeMutableRawPointer(bitPattern: -1)
            {
                base = mapped.bindMemory(to: Element.self, capacity: capacity)
                mappedBytes = bytes
            } else {
                base = .allocate(capacity: capacity)
                mappedBytes = 0
            }
        }

        deinit {
            if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(base), mappedBytes) } else { base.deallocate() }
        }

    }

    private var storage: Storage?
    private var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    /// Appends into caller-owned memory (a slice of a merged column) until `capacity` is
    /// exceeded, then moves to its own storage. The caller keeps the memory alive and gives each
    /// window to one buffer at a time.
    init(window: UnsafeMutablePointer<Element>, capacity: Int) {
        base = window
        self.capacity = capacity
        isInWindow = true
    }

    /// Still writing into the window it was created with (it never outgrew it).
    private(set) var isInWindow = false

    mutating func reserve(_ minimumCapacity: Int) {
        if minimumCapacity > capacity { grow(to: minimumCapacity) }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: max(16, capacity * 2)) }
        base.unsafelyUnwrapped[count] = value
        count &+= 1
    }

    /// Appends `make(0)`, `make(1)`, … while it returns a value, at most `limit` of them and no
    /// more than the room left (so a window is never outgrown here); returns how many it appended.
    /// The count stays in a register through the loop, where `append` stores it on every value.
    @inline(__always)
    mutating func append(upTo limit: Int, _ make: (Int) -> Element?) -> Int {
        let room = min(limit, capacity &- count)
        guard room > 0, let out = base?.advanced(by: count) else { return 0 }
        var i = 0
        while i < room, let value = make(i) {
            out[i] = value
            i &+= 1
        }
        count &+= i
        return i
    }

    mutating func append(_ value: Element, times: Int) {
        guard times > 0 else { return }
        reserve(count + times)
        base.unsafelyUnwrapped.advanced(by: count).initialize(repeating: value, count: times)
        count += times
    }

    private mutating func grow(to newCapacity: Int) {
        let next = Storage(capacity: newCapacity)
        if let base, count > 0 { next.base.initialize(from: base, count: count) }
        storage = next
        base = next.base
        capacity = newCapacity
        isInWindow = false
    }

    /// The values, valid during the call.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        withExtendedLifetime(storage) { body(UnsafeBufferPointer(start: base, count: count)) }
    }

    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count)
        return base.unsafelyUnwrapped[index]
    }
}
