/// Order statistics and quantiles without a full sort: quickselect with a three-way partition
/// (ties do not degrade it) around pivots drawn from a fixed-seed SplitMix64, so the expected
/// cost is linear and the result deterministic.
enum Selection {
    /// Rearranges `buffer` so that `buffer[k]` is the k-th smallest (0-based), everything before
    /// it ≤ and everything after it ≥, looking only at `range` (which must contain k and hold
    /// every element that can be the answer). Returns that element.
    @discardableResult
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, in range: Range<Int>) -> Double {
        var low = range.lowerBound, high = range.upperBound  // half-open
        var rng = SplitMix64(seed: 0x5E1E_C710 &+ UInt64(k))
        while high - low > 1 {
            let pivot = buffer[low + Int(rng.next() % UInt64(high - low))]
            // Dutch national flag: [low, lt) < pivot, [lt, i) == pivot, (gt, high) > pivot.
            var lt = low, i = low, gt = high - 1
            while i <= gt {
                let v = buffer[i]
                if v < pivot {
                    buffer.swapAt(i, lt)
                    lt += 1
                    i += 1
                } else if v > pivot {
                    buffer.swapAt(i, gt)
                    gt -= 1
                } else {
                    i += 1
                }
            }
            if k < lt {
                high = lt
            } else if k > gt {
                low = gt + 1
            } else {
                return pivot
            }
        }
        return buffer[k]
    }

    /// The quantiles at ascending `levels` (each in [0, 1]) with numpy's default linear
    /// interpolation between order statistics ("type 7"), reordering `buffer`. Each level
    /// selects only among the elements at or above the previous one. Empty when `buffer` is.
    static func quantiles(_ buffer: UnsafeMutableBufferPointer<Double>, levels: [Double]) -> [Double] {
        let m = buffer.count
        guard m > 0 else { return [] }
        var from = 0
        return levels.map { q in
            let position = q * Double(m - 1)
            let i = min(max(Int(position.rounded(.down)), 0), m - 1)
            let fraction = position - Double(i)
            let low = select(buffer, i, in: from..<m)
            from = i
            guard fraction > 0, i + 1 < m else { return low }
            var next = buffer[i + 1]
            for j in (i + 2)..<max(m, i + 2) where buffer[j] < next { next = buffer[j] }
            return low + (next - low) * fraction
        }
    }

    /// `quantiles` of a copy of `values`.
    static func quantiles(of values: [Double], levels: [Double]) -> [Double] {
        var copy = values
        return copy.withUnsafeMutableBufferPointer { quantiles($0, levels: levels) }
    }
}
