/// A numeric column's non-missing values in ascending order, with the count of missing ones: made
/// once per column and dataset, then shared by the quantiles, the histogram, the decile bins,
/// Kolmogorov–Smirnov and Wasserstein.
///
/// Missing means NaN; ±infinity are values (they sort to the ends). `-0.0` becomes `+0.0`, so the
/// two zeros tie as in numpy's comparisons. Sorting is a least-significant-digit radix sort of the
/// order-preserving 64-bit keys of `RadixSort.key`: four byte passes over the top 32 bits (a pass
/// whose digit is constant is skipped), then each run of equal top halves is ordered by the full
/// key (insertion sort up to 32 keys, else a comparison sort). O(n) time and one scratch buffer of n keys; no per-row allocation.
public struct SortedSample: Sendable, Equatable {
    /// The non-missing values, ascending.
    public let values: [Double]
    /// The number of NaN values dropped.
    public let missingCount: Int

    /// Sorts the non-NaN values of `column`.
    public init(_ column: UnsafeBufferPointer<Double>) {
        var missing = 0
        var keys = [Double](unsafeUninitializedCapacity: column.count) { buffer, initialized in
            var m = 0
            for x in column {
                if x.isNaN {
                    missing += 1
                } else {
                    buffer[m] = Double(bitPattern: RadixSort.key(x))
                    m += 1
                }
            }
            initialized = m
        }
        keys.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt64.self) { k in
                SortedSample.sortKeys(k)
                for i in k.indices { k[i] = RadixSort.value(ofKey: k[i]).bitPattern }
            }
        }
        values = keys
        missingCount = missing
    }

    /// Sorts the non-NaN values of `column`.
    public init(_ column: [Double]) {
        self = column.withUnsafeBufferPointer { SortedSample($0) }
    }

    /// A sample whose `values` the caller has already sorted ascending without NaN (for example
    /// by merging the sorted shards of a column). Not checked.
    public init(sortedValues: [Double], missingCount: Int = 0) {
        values = sortedValues
        self.missingCount = missingCount
    }

    /// The number of non-missing values.
    public var count: Int { values.count }

    /// The number of values strictly below `x` (numpy's `searchsorted(values, x, side="left")`).
    public func countBelow(_ x: Double) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The number of values at or below `x` (numpy's `searchsorted(values, x, side="right")`).
    public func countAtOrBelow(_ x: Double) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The quantile at `level` ∈ [0, 1] with numpy's default linear interpolation (Hyndman & Fan
    /// type 7), computed as numpy does: the virtual index n·q + (1 − q) − 1, its floor i and
    /// fraction g, then the lerp a + (b − a)·g, or b − (b − a)(1 − g) when g ≥ ½, and a when the
    /// two order statistics are equal. `nil` for an empty sample or a level outside [0, 1].
    public func quantile(_ level: Double) -> Double? {
        let n = values.count
        guard n > 0, level >= 0, level <= 1 else { return nil }
        let virtual = Double(n) * level + (1 + level * -1) - 1
        let previous: Int, next: Int
        if virtual < 0 {
            (previous, next) = (0, 0)
        } else if virtual >= Double(n - 1) {
            (previous, next) = (n - 1, n - 1)
        } else {
            previous = Int(virtual.rounded(.down))
            next = previous + 1
        }
        let gamma = virtual - Double(previous)
        let a = values[previous], b = values[next]
        if a == b { return a }
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    // MARK: - Radix sort

    /// Sorts order-preserving keys ascending (not stable; keys are the values).
    static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        let n = keys.count
        if n < 2 { return }
        if n < 512 {
            var all = keys
            all.sort()
            return
        }
        let k = keys.baseAddress!
        var counts = [Int](repeating: 0, count: 4 * 256)
        counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<n { RadixSort.countDigits(k[i], into: c.baseAddress!) }
        }
        var scratch = uninitializedScratch(UInt64.self, count: n)
        scratch.withUnsafeMutableBufferPointer { s in
            counts.withUnsafeMutableBufferPointer { c in
                var source = k, target = s.baseAddress!
                for pass in 0..<4 {
                    let hist = c.baseAddress! + pass * 256
                    var trivial = false
                    for d in 0..<256 where hist[d] != 0 {
                        trivial = hist[d] == n
                        break
                    }
                    if trivial { continue }
                    var running = 0
                    for d in 0..<256 {
                        let h = hist[d]
                        hist[d] = running
                        running += h
                    }
                    let shift = UInt64(32 + 8 * pass)
                    for i in 0..<n {
                        let key = source[i]
                        let digit = Int((key >> shift) & 0xFF)
                        target[hist[digit]] = key
                        hist[digit] += 1
                    }
                    swap(&source, &target)
                }
                if source != k { k.update(from: source, count: n) }
            }
        }
        // Order each run of equal top halves by the full key.
        var descents = 0
        for i in 1..<n { descents |= k[i] < k[i - 1] ? 1 : 0 }
        if descents == 0 { return }
        var start = 0
        while start < n {
            let prefix = k[start] >> 32
            var end = start + 1
            var sorted = true
            while end < n && k[end] >> 32 == prefix {
                if k[end] < k[end - 1] { sorted = false }
                end += 1
            }
            if !sorted && end - start <= 32 {
                for i in (start + 1)..<end {
                    let key = k[i]
                    var j = i
                    while j > start && k[j - 1] > key {
                        k[j] = k[j - 1]
                        j -= 1
                    }
                    k[j] = key
                }
            } else if !sorted {
                var run = UnsafeMutableBufferPointer(rebasing: keys[start..<end])
                run.sort()
            }
            start = end
        }
    }
}
