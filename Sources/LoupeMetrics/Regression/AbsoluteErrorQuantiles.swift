import LoupeResults

/// The weighted median of the absolute residuals and its order-statistic interval, for the whole
/// data and every group at once, from one walk over the rows in ascending |e| order.
///
/// Every query is "the first row, in ascending |e|, whose slot's cumulative weight reaches t"
/// (numpy's `searchsorted(cdf, t, side="left")`), with t fixed before the walk from the slot's
/// total weight W: t = W/2 for the median, W(k+1)/m and W(m−k)/m for the interval (see
/// `OrderStatisticInterval`). The median follows scikit-learn's `_weighted_percentile(average=True)`
/// ("averaged inverted CDF"): when the cumulative weight at the median row exceeds W/2 by at most
/// machine epsilon, the median is the mean of that row's |e| and the next |e| of positive weight
/// (numpy's `median` without weights). A query still open at the end (W/2 beyond the running sum
/// by rounding) takes the slot's largest |e|, as scikit-learn clips the index to the last row.
///
/// The cumulative weights are running sums in sorted order, as numpy's `cumsum`; W is the pass's
/// compensated total. The two agree exactly for integer (and unit) weights; for others they differ
/// by rounding, which can move a query by one row only when a target lies within rounding of a
/// step of the cumulative weights.
struct AbsoluteErrorQuantiles {
    /// Targets of one slot; `.infinity` for a query not wanted.
    struct Targets {
        var lower = Double.infinity, median = Double.infinity, upper = Double.infinity

        init() {}

        /// The targets of a slot of total weight W = `weight` (none when W ≤ 0): W/2 for the
        /// median, and the interval's (`OrderStatisticInterval.targets`) when there is one.
        init(weight w: Double, squaredWeight: Double, confidence: Double) {
            guard w > 0 else { return }
            median = 0.5 * w
            if let bounds = OrderStatisticInterval.targets(weight: w, squaredWeight: squaredWeight, confidence: confidence) {
                lower = bounds.lower
                upper = bounds.upper
            }
        }
    }

    /// One entry of an |e|-to-weight map: a value and the summed weight of its rows.
    struct WeightedValue: Sendable, Equatable {
        var value: Double
        var weight: Double
    }

    /// Results of one slot (`nil` where not wanted).
    struct Result {
        var lower: Double?, median: Double?, upper: Double?
    }

    /// How a sorted row's groups are read from its packed word(s).
    struct Decode {
        var word: Int
        var shift: UInt64
        var mask: UInt64
        var count: UInt64
        var base: Int
        /// How far a row's cell (of `RegressionPass.cellCount`) shifts down for this grouping.
        var cellShift: Int = 0
    }

    struct SlotState {
        var targets: Targets
        var lower: Double?, medianLow: Double?, medianHigh: Double?, upper: Double?
        var pending = Double.infinity

        var next: Double {
            var t = Double.infinity
            if lower == nil { t = min(t, targets.lower) }
            if medianLow == nil {
                t = min(t, targets.median)
            } else if medianHigh == nil {
                t = min(t, pending)
            }
            if upper == nil { t = min(t, targets.upper) }
            return t
        }

        mutating func resolve(cumulative c: Double, value: Double) {
            if lower == nil && c >= targets.lower { lower = value }
            if medianLow == nil {
                if c >= targets.median {
                    medianLow = value
                    if c - targets.median > Double.ulpOfOne { medianHigh = value } else { pending = c.nextUp }
                }
            } else if medianHigh == nil && c >= pending {
                medianHigh = value
            }
            if upper == nil && c >= targets.upper { upper = value }
        }

        /// The slot's results once the walk is over; a query still open takes `largest`.
        func result(largest: Double) -> Result {
            var r = Result()
            if targets.lower.isFinite { r.lower = lower ?? largest }
            if targets.upper.isFinite { r.upper = upper ?? largest }
            if targets.median.isFinite {
                let low = medianLow ?? largest
                let high = medianHigh ?? low
                r.median = low == high ? low : (low + high) / 2
            }
            return r
        }
    }

    /// The quantiles of an |e|-to-weight map in ascending |e| (`RegressionGroupState`), walked as
    /// `walk` walks rows: an entry's cumulative weight is that of its value's last row, and the
    /// first row of a value reaching a target has that value, so the results are the same (up to
    /// the rounding of the cumulative weights when weights are not integers).
    static func quantiles(ascending entries: [WeightedValue], targets: Targets, largest: Double) -> Result {
        var state = SlotState(targets: targets)
        var cumulative = 0.0
        var next = state.next
        for entry in entries {
            cumulative += entry.weight
            if cumulative >= next {
                state.resolve(cumulative: cumulative, value: entry.value)
                next = state.next
            }
        }
        return state.result(largest: largest)
    }

    /// Two ascending |e|-to-weight maps as one, the weights of equal values added.
    static func merged(_ a: [WeightedValue], _ b: [WeightedValue]) -> [WeightedValue] {
        SortedMerge.merged(a, b, precedes: { $0.value < $1.value }) { x, y in
            WeightedValue(value: x.value, weight: x.weight + y.weight)
        }
    }

    /// Walks `n` rows sorted by `keys` (`RadixSort` keys of |e|). With `packed32`, `packed32[k]` is
    /// the k-th sorted row's packed group codes and `weights[k]` its weight (`nil`: every weight 1);
    /// otherwise `records` holds,
    /// in sorted order, `rowWords` words a row: the weight's bit pattern, then the packed codes.
    /// `largest[s]` is slot s's largest |e|.
    static func walk(
        keys: UnsafePointer<UInt64>, count n: Int, packed32: UnsafePointer<UInt32>?, weights: UnsafePointer<Double>?,
        records: UnsafePointer<UInt64>?, rowWords: Int, decode: [Decode], targets: [Targets], largest: [Double]
    ) -> [Result] {
        let slotCount = targets.count
        let state = UnsafeMutablePointer<SlotState>.allocate(capacity: slotCount)
        state.initialize(from: targets.map { SlotState(targets: $0) }, count: slotCount)
        let cumulative = UnsafeMutablePointer<Double>.allocate(capacity: slotCount)
        cumulative.initialize(repeating: 0, count: slotCount)
        let next = UnsafeMutablePointer<Double>.allocate(capacity: slotCount)
        for s in 0..<slotCount { next[s] = state[s].next }
        defer {
            state.deallocate()
            cumulative.deallocate()
            next.deallocate()
        }
        @inline(__always) func visit(_ s: Int, _ w: Double, _ key: UInt64) {
            let c = cumulative[s] + w
            cumulative[s] = c
            if c >= next[s] {
                state[s].resolve(cumulative: c, value: RadixSort.value(ofKey: key))
                next[s] = state[s].next
            }
        }
        decode.withUnsafeBufferPointer { dc in
            let groupings = dc.count
            if let payload = packed32 {
                for k in 0..<n {
                    let key = keys[k], word = UInt64(payload[k])
                    let w = weights?[k] ?? 1
                    visit(0, w, key)
                    for g in 0..<groupings {
                        let d = dc[g]
                        let code = (word &>> d.shift) & d.mask
                        if code < d.count { visit(d.base &+ Int(truncatingIfNeeded: code), w, key) }
                    }
                }
            } else {
                let words = records!
                for k in 0..<n {
                    let key = keys[k]
                    let row = k &* rowWords
                    let w = Double(bitPattern: words[row])
                    visit(0, w, key)
                    for g in 0..<groupings {
                        let d = dc[g]
                        let code = (words[row &+ d.word] &>> d.shift) & d.mask
                        if code < d.count { visit(d.base &+ Int(truncatingIfNeeded: code), w, key) }
                    }
                }
            }
        }
        return (0..<slotCount).map { state[$0].result(largest: largest[$0]) }
    }
}
