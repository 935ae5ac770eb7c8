import Dispatch

/// A computation started on another thread whose result is collected later.
final class BackgroundTask<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<T, Error>?

    init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            self.outcome = Result(catching: work)
            self.done.signal()
        }
    }

    /// Waits for the computation and returns its value or rethrows its error.
    func result() throws -> T {
        done.wait()
        done.signal()
        return try outcome!.get()
    }
}
