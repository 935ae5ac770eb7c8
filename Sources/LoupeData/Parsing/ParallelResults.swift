import Foundation

/// One slot per parallel iteration, each written by exactly one iteration; a class because it
/// owns the buffer that `concurrentPerform`'s iterations share.
public final class ParallelResults<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    subscript(index: Int) -> T? {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }

    /// Runs `body` for 0..<count on all cores and collects the results in order.
    public static func map(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = ParallelResults<T>(count: count)
        if count == 1 {
            results[0] = body(0)
        } else if count > 1, IdleThreads.isCurrent {
            for index in 0..<count { results[index] = body(index) }
        } else if count > 1 {
            DispatchQueue.concurrentPerform(iterations: count) { index in
                results[index] = body(index)
            }
        }
        return (0..<count).compactMap { results.take($0) }
    }

    private func take(_ index: Int) -> T? {
        let value = buffer[index]
        buffer[index] = nil
        return value
    }
}
