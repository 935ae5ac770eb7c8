/// The mergeable one-pass state of a numeric column's statistics: counts, extremes, the sum and
/// the sum of squared deviations from the mean.
///
/// NaN is missing; ±infinity are values (then the mean and deviations are not finite and the
/// statistics built on them `nil`). Rows are taken in blocks of 4 096: each block's mean and
/// Σ(x − block mean)² are exact two-pass sums over data still in cache, folded into the running
/// state by Chan, Golub & LeVeque's pairwise update M₂ = M₂ᵃ + M₂ᵇ + δ²·nₐn_b/(nₐ + n_b), δ the
/// difference of the means. `merge` applies the same update to two states over disjoint rows:
/// counts, zeros, minimum, maximum and the (compensated) sum merge exactly, M₂ to rounding.
public struct NumericAccumulator: Sendable, Equatable {
    /// Non-missing values.
    public private(set) var count = 0
    /// NaN values.
    public private(set) var missingCount = 0
    /// Values equal to zero (either sign).
    public private(set) var zeroCount = 0
    /// +infinity / −infinity until a value is seen.
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity
    /// Σx, compensated.
    public private(set) var sum = CompensatedSum()
    /// Σ(x − mean)².
    public private(set) var centralSquares = 0.0

    static let blockSize = 4_096

    public init() {}

    /// The state of `column`'s rows.
    public init(_ column: UnsafeBufferPointer<Double>) {
        add(column)
    }

    /// Adds the rows of `column`.
    public mutating func add(_ column: UnsafeBufferPointer<Double>) {
        var start = 0
        while start < column.count {
            let end = min(start + NumericAccumulator.blockSize, column.count)
            var block = NumericAccumulator()
            var blockSum = CompensatedSum()
            var low = Double.infinity, high = -Double.infinity
            var n = 0, zeros = 0, missing = 0
            for i in start..<end {
                let x = column[i]
                if x.isNaN {
                    missing += 1
                    continue
                }
                n += 1
                zeros += x == 0 ? 1 : 0
                low = min(low, x)
                high = max(high, x)
                blockSum.add(x)
            }
            if n > 0 {
                let mean = blockSum.value / Double(n)
                var squares = 0.0
                for i in start..<end where !column[i].isNaN {
                    let d = column[i] - mean
                    squares += d * d
                }
                block.centralSquares = squares
            }
            block.count = n
            block.missingCount = missing
            block.zeroCount = zeros
            block.minimum = low
            block.maximum = high
            block.sum = blockSum
            merge(block)
            start = end
        }
    }

    /// Adds the state of rows disjoint from these.
    public mutating func merge(_ other: NumericAccumulator) {
        missingCount += other.missingCount
        guard other.count > 0 else { return }
        if count == 0 {
            let missing = missingCount
            self = other
            missingCount = missing
            return
        }
        let na = Double(count), nb = Double(other.count)
        let delta = other.sum.value / nb - sum.value / na
        centralSquares += other.centralSquares + delta * delta * (na * nb / (na + nb))
        count += other.count
        zeroCount += other.zeroCount
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
        sum.add(other.sum.sum)
        sum.add(other.sum.compensation)
    }

    /// Σx/n; `nil` when empty or not finite.
    public var mean: Double? {
        guard count > 0 else { return nil }
        let m = sum.value / Double(count)
        return m.isFinite ? m : nil
    }

    /// √(M₂/n), numpy's `std(x)` (ddof 0); `nil` when empty or not finite.
    public var populationStandardDeviation: Double? {
        guard count > 0 else { return nil }
        let s = (max(centralSquares, 0) / Double(count)).squareRoot()
        return s.isFinite ? s : nil
    }

    /// √(M₂/(n − 1)), numpy's `std(x, ddof=1)` and pandas' `std()`; `nil` when n < 2 or not finite.
    public var sampleStandardDeviation: Double? {
        guard count > 1 else { return nil }
        let s = (max(centralSquares, 0) / Double(count - 1)).squareRoot()
        return s.isFinite ? s : nil
    }
}
