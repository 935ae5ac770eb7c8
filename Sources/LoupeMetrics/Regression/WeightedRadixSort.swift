/// `RadixSort`'s sort with a second passenger: every key carries a `UInt32` payload and a `Double`
/// (a row's packed group codes and its weight), so the weighted |e| walk reads both in sorted
/// order without gathering them afterwards (a random load per row, slower than the extra
/// sequential scatter of 8 bytes in each pass).
///
/// Same passes and order as `RadixSort.sort(keys:carrying:digitCounts:)`: stable, 8-bit digits of
/// the top 32 bits (a pass whose digit is constant is skipped), then every run of equal 32-bit
/// prefixes ordered by the full key.
enum WeightedRadixSort {
    static func sort(keys: inout [UInt64], payload: inout [UInt32], weights: inout [Double], digitCounts counts: inout [Int]) {
        let n = keys.count
        precondition(payload.count == n && weights.count == n, "payload and weights must match keys")
        if n < 2 { return }
        var keys2 = uninitializedScratch(UInt64.self, count: n)
        var payload2 = uninitializedScratch(UInt32.self, count: n)
        var weights2 = uninitializedScratch(Double.self, count: n)
        var inPrimary = true
        counts.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            for pass in 0..<RadixSort.passes {
                let hist = c + pass * RadixSort.radix
                let shift = RadixSort.shifts[pass]
                var trivial = false
                for d in 0..<RadixSort.radix where hist[d] != 0 {
                    trivial = hist[d] == n
                    break
                }
                if trivial { continue }
                var running = 0
                for d in 0..<RadixSort.radix {
                    let h = hist[d]
                    hist[d] = running
                    running += h
                }
                func scatter(
                    _ s: UnsafePointer<UInt64>, _ sp: UnsafePointer<UInt32>, _ sw: UnsafePointer<Double>,
                    _ d: UnsafeMutablePointer<UInt64>, _ dp: UnsafeMutablePointer<UInt32>, _ dw: UnsafeMutablePointer<Double>
                ) {
                    for i in 0..<n {
                        let k = s[i]
                        let digit = Int((k >> shift) & 0xFF)
                        let at = hist[digit]
                        hist[digit] = at + 1
                        d[at] = k
                        dp[at] = sp[i]
                        dw[at] = sw[i]
                    }
                }
                func run(
                    _ keysA: inout [UInt64], _ payloadA: inout [UInt32], _ weightsA: inout [Double],
                    _ keysB: inout [UInt64], _ payloadB: inout [UInt32], _ weightsB: inout [Double]
                ) {
                    keysA.withUnsafeBufferPointer { s in
                        payloadA.withUnsafeBufferPointer { sp in
                            weightsA.withUnsafeBufferPointer { sw in
                                keysB.withUnsafeMutableBufferPointer { d in
                                    payloadB.withUnsafeMutableBufferPointer { dp in
                                        weightsB.withUnsafeMutableBufferPointer { dw in
                                            scatter(
                                                s.baseAddress!, sp.baseAddress!, sw.baseAddress!, d.baseAddress!,
                                                dp.baseAddress!, dw.baseAddress!)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if inPrimary {
                    run(&keys, &payload, &weights, &keys2, &payload2, &weights2)
                } else {
                    run(&keys2, &payload2, &weights2, &keys, &payload, &weights)
                }
                inPrimary.toggle()
            }
        }
        if !inPrimary {
            swap(&keys, &keys2)
            swap(&payload, &payload2)
            swap(&weights, &weights2)
        }
        keys.withUnsafeMutableBufferPointer { k in
            payload.withUnsafeMutableBufferPointer { p in
                weights.withUnsafeMutableBufferPointer { w in
                    sortPrefixRuns(k.baseAddress!, p.baseAddress!, w.baseAddress!, n)
                }
            }
        }
    }

    /// Orders every run of keys with equal top 32 bits by the full key, stably.
    static func sortPrefixRuns(
        _ k: UnsafeMutablePointer<UInt64>, _ p: UnsafeMutablePointer<UInt32>, _ w: UnsafeMutablePointer<Double>, _ n: Int
    ) {
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
                        let key = k[i], value = p[i], weight = w[i]
                        var j = i
                        while j > start && k[j - 1] > key {
                            k[j] = k[j - 1]
                            p[j] = p[j - 1]
                            w[j] = w[j - 1]
                            j -= 1
                        }
                        k[j] = key
                        p[j] = value
                        w[j] = weight
                    }
                } else {
                    var run = (start..<end).map { (key: k[$0], position: $0 - start, value: p[$0], weight: w[$0]) }
                    run.sort { ($0.key, $0.position) < ($1.key, $1.position) }
                    for (i, e) in run.enumerated() {
                        k[start + i] = e.key
                        p[start + i] = e.value
                        w[start + i] = e.weight
                    }
                }
            }
            start = end
        }
    }
}
