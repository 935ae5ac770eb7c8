/// Order statistics and quantiles without a full sort: Floyd and Rivest's SELECT (1975), which
/// first recurses on a sample of about n^{2/3} elements to find two pivots tightly bracketing the
/// k-th, so one partition of the whole range leaves only o(n) elements: about n + min(k, n − k)
/// comparisons, deterministic. Its Hoare-style partition stops on elements equal to the pivot, so
/// heavy ties split evenly instead of degrading it.
enum Selection {
    /// Rearranges `buffer` so that `buffer[k]` is the k-th smallest (0-based), everything before
    /// it ≤ and everything after it ≥, looking only at `range` (which must contain k and hold
    /// every element that can be the answer). Returns that element.
    @discardableResult
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, in range: Range<Int>) -> Double {
        guard let a = buffer.baseAddress, !range.isEmpty else { return buffer[k] }
        floydRivest(a, range.lowerBound, range.upperBound - 1, k)
        return a[k]
    }

    @inline(__always) static func exchange(_ a: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) {
        let v = a[i]
        a[i] = a[j]
        a[j] = v
    }

    /// The classic algorithm on the inclusive range [left, right].
    static func floydRivest(_ a: UnsafeMutablePointer<Double>, _ left: Int, _ right: Int, _ k: Int) {
        var left = left, right = right
        while right > left {
            if right - left > 600 {
                let n = Double(right - left + 1)
                let i = Double(k - left + 1)
                let z = libmLog(n)
                let s = 0.5 * libmExp(2 * z / 3)
                let sd = 0.5 * (z * s * (n - s) / n).squareRoot() * (i - n / 2 < 0 ? -1 : 1)
                let newLeft = max(left, Int((Double(k) - i * s / n + sd).rounded(.down)))
                let newRight = min(right, Int((Double(k) + (n - i) * s / n + sd).rounded(.down)))
                floydRivest(a, newLeft, newRight, k)
            }
            let t = a[k]
            var i = left, j = right
            exchange(a, left, k)
            if a[right] > t { exchange(a, right, left) }
            while i < j {
                exchange(a, i, j)
                i += 1
                j -= 1
                while a[i] < t { i += 1 }
                while a[j] > t { j -= 1 }
            }
            if a[left] == t {
                exchange(a, left, j)
            } else {
                j += 1
                exchange(a, j, right)
            }
            if j <= k { left = j + 1 }
            if k <= j { right = j - 1 }
        }
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
