import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Threads at the lowest CPU priority (nice 19 on Linux), for work whose result is needed only
/// later in the build: they run on the core time the build's own threads leave idle (the
/// comparison's last stretch on one core) and yield a core whenever a normal thread wants it.
/// A parallel map called on such a thread runs its iterations in turn on it, so the work keeps
/// its priority and never takes more than the one idle core.
public enum IdleThreads {
    private static let marker = "loupe.idle-priority"

    /// Whether the calling thread is one of these.
    public static var isCurrent: Bool { Thread.current.threadDictionary[marker] != nil }

    /// Starts `work` on a new idle thread; the thread ends with it.
    public static func start(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread {
            Thread.current.threadDictionary[marker] = true
            #if os(Linux)
                // On Linux a nice value belongs to the thread that sets it (PRIO_PROCESS with 0
                // is the calling thread), so the build's other threads keep theirs. Lowering a
                // priority needs no privilege; a failure leaves the thread at normal priority.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            work()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
