/// Test hooks for the publish: called before every file-system operation that changes something,
/// so a test can make the N-th one fail (a failing rename, a full disk, a read-only folder) or stop
/// the process there (a kill -9) — faults at every step, not timing luck.
public struct PublishFaults: Sendable {
    /// A file-system operation of the publish.
    public enum Operation: String, Sendable {
        case makeFolder, write, sync, link, rename, remove
    }

    /// Thrown by a hook to stop the publish where it stands, as a kill would: nothing is cleaned
    /// up and the lock is released, so the next publish has to recover.
    public struct Killed: Error {
        public init() {}
    }

    let body: @Sendable (Operation, String) throws -> Void

    /// `body` gets the operation and the path it is about to change; what it throws (an `Errno`
    /// for a failing call, `Killed` for a kill) is what that call does.
    public init(_ body: @escaping @Sendable (Operation, String) throws -> Void) {
        self.body = body
    }

    public static let none = PublishFaults { _, _ in }

    /// An error as a failing system call reports it, for hooks that inject one (`EIO`, `ENOSPC`).
    public struct Errno: Error, Sendable {
        public var code: Int32
        public init(_ code: Int32) { self.code = code }
    }
}
