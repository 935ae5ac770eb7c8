import Dispatch
import LoupeData

/// A computation started on another thread whose result is collected later.
final class BackgroundTask<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<T, Error>?

    /// Starts `work` now. With `idle`, on an idle-priority thread (`IdleThreads`): it takes only
    /// core time the rest of the build leaves, for a result wanted late.
    init(idle: Bool = false, _ work: @escaping @Sendable () throws -> T) {
        let run: @Sendable () -> Void = {
            self.outcome = Result(catching: work)
            self.done.signal()
        }
        if idle { IdleThreads.start(run) } else { DispatchQueue.global().async(execute: run) }
    }

    /// Waits for the computation and returns its value or rethrows its error.
    func result() throws -> T {
        done.wait()
        done.signal()
        return try outcome!.get()
    }
}
