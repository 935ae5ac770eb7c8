/// An argsort of doubles by least-significant-digit radix sort of order-preserving 64-bit keys.
///
/// The key of `x` is its bit pattern with the sign bit set for non-negative values and all bits
/// inverted for negative ones, so unsigned key order is numeric order. `-0.0` is normalised to
/// `+0.0` first, so the two zeros tie (as numpy's comparisons do). NaN is not supported (the
/// caller filters rows to finite scores).
///
/// Four stable passes of 8-bit digits order the keys by their top 32 bits (sign, exponent and
/// 20 mantissa bits: buckets 2⁻²⁰ of a binade wide); a pass whose digit is the same for every
/// key is skipped. A final scan then orders each run of equal prefixes by the full key (insertion
/// sort, stable; runs over 32 rows fall back to a comparison sort on (key, position)). Real scores
/// rarely share a prefix unless they are equal, so this costs half of the eight passes a full sort would.
public enum RadixSort {
    @inline(__always) public static func key(_ x: Double) -> UInt64 {
        let bits = (x + 0.0).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always) public static func value(ofKey key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    /// The permutation that sorts `values` ascending (stable: equal values keep row order),
    /// with the sorted keys.
    public static func argsort(_ values: [Double]) -> (keys: [UInt64], order: [UInt32]) {
        var keys = values.map(key)
        var order = (0..<values.count).map { UInt32(truncatingIfNeeded: $0) }
        sort(keys: &keys, carrying: &order)
        return (keys, order)
    }

    /// The radix passes: 8-bit digits at bits 32–39, 40–47, 48–55 and 56–63 (the top 32 bits).
    /// Byte digits beat 11- and 16-bit ones here: 256 buckets keep the scatter's write streams
    /// within the cache and TLB.
    static let passes = 4
    static let radix = 256
    static let shifts: [UInt64] = [32, 40, 48, 56]

    /// Digit histograms of all passes in one scan; callers that build keys in their own pass can
    /// fill these themselves (`radix * passes` counters).
    @inline(__always) static func countDigits(_ k: UInt64, into counts: UnsafeMutablePointer<Int>) {
        counts[Int((k >> 32) & 0xFF)] &+= 1
        counts[256 + Int((k >> 40) & 0xFF)] &+= 1
        counts[512 + Int((k >> 48) & 0xFF)] &+= 1
        counts[768 + Int(k >> 56)] &+= 1
    }

    /// Sorts `keys` ascending, applying the same permutation to `payload` (stable).
    public static func sort(keys: inout [UInt64], carrying payload: inout [UInt32]) {
        let n = keys.count
        precondition(payload.count == n, "payload must match keys")
        if n < 2 { return }
        var counts = [Int](repeating: 0, count: radix * passes)
        counts.withUnsafeMutableBufferPointer { c in
            keys.withUnsafeBufferPointer { k in
                for x in k { countDigits(x, into: c.baseAddress!) }
            }
        }
        sort(keys: &keys, carrying: &payload, digitCounts: &counts)
    }

    /// The sort with the digit counts made (`countDigits`), for any payload type: a row index, or
    /// a row's codes and weight together (`WeightedRadixSort`).
    static func sort<Payload>(keys: inout [UInt64], carrying payload: inout [Payload], digitCounts counts: inout [Int]) {
        let n = keys.count
        if n < 2 { return }
        // Scratch buffers are fully written by the first scatter, so skip zeroing them.
        var keys2 = uninitializedScratch(UInt64.self, count: n)
        var payload2 = uninitializedScratch(Payload.self, count: n)
        var inPrimary = true
        counts.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            for pass in 0..<passes {
                let hist = c + pass * radix
                let shift = shifts[pass]
                var trivial = false
                for d in 0..<radix where hist[d] != 0 {
                    trivial = hist[d] == n
                    break
                }
                if trivial { continue }
                var running = 0
                for d in 0..<radix {
                    let h = hist[d]
                    hist[d] = running
                    running += h
                }
                func scatter(
                    _ src: UnsafeBufferPointer<UInt64>, _ srcP: UnsafeBufferPointer<Payload>,
                    _ dst: UnsafeMutableBufferPointer<UInt64>, _ dstP: UnsafeMutableBufferPointer<Payload>
                ) {
                    let s = src.baseAddress!, sp = srcP.baseAddress!
                    let d = dst.baseAddress!, dp = dstP.baseAddress!
                    for i in 0..<n {
                        let k = s[i]
                        let digit = Int((k >> shift) & 0xFF)
                        let at = hist[digit]
                        hist[digit] = at + 1
                        d[at] = k
                        dp[at] = sp[i]
                    }
                }
                if inPrimary {
                    keys.withUnsafeBufferPointer { s in
                        payload.withUnsafeBufferPointer { sp in
                            keys2.withUnsafeMutableBufferPointer { d in
                                payload2.withUnsafeMutableBufferPointer { dp in
                                    scatter(s, sp, d, dp)
                                }
                            }
                        }
                    }
                } else {
                    keys2.withUnsafeBufferPointer { s in
                        payload2.withUnsafeBufferPointer { sp in
                            keys.withUnsafeMutableBufferPointer { d in
                                payload.withUnsafeMutableBufferPointer { dp in
                                    scatter(s, sp, d, dp)
                                }
                            }
                        }
                    }
                }
                inPrimary.toggle()
            }
        }
        if !inPrimary {
            swap(&keys, &keys2)
            swap(&payload, &payload2)
        }
        keys.withUnsafeMutableBufferPointer { k in
            payload.withUnsafeMutableBufferPointer { p in
                sortPrefixRuns(k.baseAddress!, p.baseAddress!, n)
            }
        }
    }

    /// Orders every run of keys with equal top 32 bits by the full key, stably.
    static func sortPrefixRuns<Payload>(_ k: UnsafeMutablePointer<UInt64>, _ p: UnsafeMutablePointer<Payload>, _ n: Int) {
        // Usually no two distinct keys share a prefix (scores with a few decimals never do), so a
        // branch-free scan for any descent saves the run-by-run scan and its unpredictable branches.
        var descents = 0
        for i in 1..<max(n, 1) { descents |= k[i] < k[i &- 1] ? 1 : 0 }
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
            if !sorted {
                if end - start <= 32 {
                    for i in (start + 1)..<end {
                        let key = k[i], value = p[i]
                        var j = i
                        while j > start && k[j - 1] > key {
                            k[j] = k[j - 1]
                            p[j] = p[j - 1]
                            j -= 1
                        }
                        k[j] = key
                        p[j] = value
                    }
                } else {
                    var run = (start..<end).map { (key: k[$0], position: $0 - start, value: p[$0]) }
                    run.sort { ($0.key, $0.position) < ($1.key, $1.position) }
                    for (i, e) in run.enumerated() {
                        k[start + i] = e.key
                        p[start + i] = e.value
                    }
                }
            }
            start = end
        }
    }
}
