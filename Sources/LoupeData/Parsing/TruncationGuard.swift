import Foundation

/// Turns the fault of reading a mapped file that another process truncated into an error.
///
/// Touching a mapped page past the file's new end raises SIGBUS. The handler looks the faulting
/// address up among the live mappings: inside one, it writes `loupe: FILE: …` to stderr and exits
/// with status 2 (no output has been written while a file is read); elsewhere it puts the
/// previous handler back and returns, so the fault repeats and that handler reports it.
///
/// The handler may only use async-signal-safe calls, so each mapping's message is rendered to C
/// bytes when it registers, and the table is a fixed array read without locks (slots are written
/// under `lock`, and a slot's range is cleared before its message is freed).
enum TruncationGuard {
    private struct Slot {
        var start: UInt = 0
        var end: UInt = 0
        var message: UnsafeMutablePointer<UInt8>? = nil
        var length: Int = 0
    }

    private static let capacity = 32
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<Slot> = {
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        return slots
    }()
    nonisolated(unsafe) private static var previous = sigaction()
    nonisolated(unsafe) private static var installed = false
    private static let lock = NSLock()

    /// Watches `count` bytes from `base` (a mapping of `path`) until `unregister` is called.
    static func register(_ base: UnsafeRawPointer, count: Int, path: String) {
        let printable = String(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        let text = Array(
            "loupe: \(printable): the file changed while it was read (another program truncated it); nothing was written\n"
                .utf8)
        let message = UnsafeMutablePointer<UInt8>.allocate(capacity: text.count)
        message.initialize(from: text, count: text.count)
        lock.lock()
        defer { lock.unlock() }
        installIfNeeded()
        for index in 0..<capacity where slots[index].message == nil {
            slots[index].message = message
            slots[index].length = text.count
            slots[index].end = UInt(bitPattern: base) + UInt(count)
            slots[index].start = UInt(bitPattern: base)
            return
        }
        message.deallocate()  // More live mappings than slots: that one stays unguarded.
    }

    static func unregister(_ base: UnsafeRawPointer) {
        lock.lock()
        defer { lock.unlock() }
        for index in 0..<capacity where slots[index].start == UInt(bitPattern: base) && slots[index].message != nil {
            slots[index].start = 0
            slots[index].end = 0
            let message = slots[index].message
            slots[index].message = nil
            message?.deallocate()
            return
        }
    }

    private static func installIfNeeded() {
        guard !installed else { return }
        installed = true
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { signal, info, _ in
            let address = UInt(bitPattern: info?.pointee._sifields._sigfault.si_addr)
            for index in 0..<TruncationGuard.capacity {
                let slot = TruncationGuard.slots[index]
                if let message = slot.message, address >= slot.start, address < slot.end {
                    _ = write(STDERR_FILENO, message, slot.length)
                    _exit(2)
                }
            }
            _ = sigaction(signal, &TruncationGuard.previous, nil)
        }
        action.sa_flags = SA_SIGINFO | Int32(SA_NODEFER)
        sigemptyset(&action.sa_mask)
        _ = sigaction(SIGBUS, &action, &previous)
    }
}
