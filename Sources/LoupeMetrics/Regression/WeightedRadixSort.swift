/// `RadixSort`'s sort with a second passenger: every key carries a `UInt32` payload and a `Double`
/// (a row's packed group codes and its weight), so the weighted |e| walk reads both in sorted
/// order without gathering them afterwards (a random load per row, slower than carrying the
/// weight through the sequential scatters).
///
/// The same passes and order as `RadixSort.sort(keys:carrying:digitCounts:)`, which it calls with
/// the pair as the payload: stable, 8-bit digits of the top 32 bits (a pass whose digit is
/// constant is skipped), then every run of equal 32-bit prefixes ordered by the full key.
enum WeightedRadixSort {
    /// A row's payload and weight, sorted together.
    private struct Passenger {
        var payload: UInt32
        var weight: Double
    }

    static func sort(keys: inout [UInt64], payload: inout [UInt32], weights: inout [Double], digitCounts counts: inout [Int]) {
        let n = keys.count
        precondition(payload.count == n && weights.count == n, "payload and weights must match keys")
        if n < 2 { return }
        var passengers = [Passenger](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n { buffer[i] = Passenger(payload: payload[i], weight: weights[i]) }
            initialized = n
        }
        RadixSort.sort(keys: &keys, carrying: &passengers, digitCounts: &counts)
        passengers.withUnsafeBufferPointer { sorted in
            payload.withUnsafeMutableBufferPointer { p in
                weights.withUnsafeMutableBufferPointer { w in
                    for i in 0..<n {
                        p[i] = sorted[i].payload
                        w[i] = sorted[i].weight
                    }
                }
            }
        }
    }
}
