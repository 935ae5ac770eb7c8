/// A running sum with Neumaier's compensation: the rounding error of every addition is kept in
/// a second accumulator, so sums over millions of terms stay accurate to a few ulps instead of
/// drifting by `n · ε`.
public struct CompensatedSum: Sendable, Equatable {
    public private(set) var sum: Double = 0
    public private(set) var compensation: Double = 0

    public init() {}

    /// The sum of the one term `x`: what `add(x)` to an empty sum gives (a single addition to
    /// zero is exact and leaves no compensation), for a total known exactly some other way.
    public init(_ x: Double) {
        add(x)
    }

    public mutating func add(_ x: Double) {
        let t = sum + x
        if sum.magnitude >= x.magnitude {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The compensated total.
    public var value: Double { sum + compensation }
}

/// Eight compensated sums at once (Knuth's branch-free TwoSum on SIMD lanes); the engine keeps a
/// row's weighted moments in one `SIMD8<Double>` and folds block sums into these.
struct CompensatedSum8: Sendable {
    var sum = SIMD8<Double>(repeating: 0)
    var compensation = SIMD8<Double>(repeating: 0)

    @inline(__always) mutating func add(_ x: SIMD8<Double>) {
        let t = sum + x
        let z = t - sum
        compensation += (sum - (t - z)) + (x - z)
        sum = t
    }

    var value: SIMD8<Double> { sum + compensation }
}

extension CompensatedSum: MergeableState {
    /// Adds the other sum's total and carries its compensation over: equal to a single sum over
    /// all the terms up to rounding.
    public mutating func merge(_ other: CompensatedSum) {
        add(other.sum)
        compensation += other.compensation
    }
}

extension CompensatedSum8: MergeableState {
    mutating func merge(_ other: CompensatedSum8) {
        add(other.sum)
        compensation += other.compensation
    }
}
