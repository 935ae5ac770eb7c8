import LoupeData

/// Runs a closure over the elements of an array on all cores, keeping the order of results
/// (one slot per element, as the reader's chunks use).
enum Parallel {
    static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        ParallelResults<R>.map(items.count) { transform(items[$0]) }
    }
}
