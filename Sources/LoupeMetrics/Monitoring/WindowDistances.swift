/// A numeric column's drift per monitoring window against a reference made of some of the
/// windows, in one pass over the column sorted once.
///
/// Each window gets what `DataDrift.numericDrift(reference:current:)` gives for the reference's
/// rows against the window's rows — the same PSI, Jensen–Shannon and Hellinger distances over the
/// reference's decile bins and the same KS test, bit for bit — except the Wasserstein distances
/// and the χ² test, which monitoring does not report. Sorting each window and merging it with the
/// whole reference (per window and column) was most of the time monitoring added to a build.
///
/// The KS statistic needs max and min of F_ref − F_w over the values of both samples; between
/// two values of window w, F_w is constant and F_ref only grows, so the extremes lie just before
/// and just after each group of w's equal values (and at the end, where both are 1): those
/// pairs of counts are all the merge would compute that can be extreme.
public enum WindowDistances {
    /// Per window (0..<`windowCount`), the distances from the rows of the windows in `reference`
    /// to the window's rows; `nil` for a window without rows. `windowOfRow[r]` is row r's window,
    /// or `Grouping.none` for a row in none; NaN values count as missing.
    public static func numeric(
        _ values: [Double], windowOfRow: [UInt32], windowCount: Int, reference: ClosedRange<Int>
    ) -> [DriftDistances?] {
        let groups =
            ValueGroups.counted(values, windowOfRow: windowOfRow, windowCount: windowCount)
            ?? ValueGroups.sorted(values, windowOfRow: windowOfRow, windowCount: windowCount)
        return distances(groups, reference: reference)
    }

    /// The same for values already sorted: `sortedKeys` ascending (`RadixSort.key` of finite
    /// values, ties in row order, as a stable sort leaves them) with each one's window in
    /// `windowOfKey` (`windowCount` or above, or `Grouping.none`, for a row in none). A model's
    /// scores come this way from the rows its evaluation sorted, with no sort of their own.
    public static func numeric(
        sortedKeys: [UInt64], windowOfKey: [UInt32], windowCount: Int, reference: ClosedRange<Int>
    ) -> [DriftDistances?] {
        distances(ValueGroups(sortedKeys: sortedKeys, windowOfKey: windowOfKey, windowCount: windowCount), reference: reference)
    }

    private static func distances(_ groups: ValueGroups, reference: ClosedRange<Int>) -> [DriftDistances?] {
        let windows = groups.rows.count
        let rows = groups.rows, missing = groups.missing
        let isReference = (0..<windows).map { reference.contains($0) }
        let referenceValues = groups.values(inWindows: isReference)
        let referenceMissing = reference.clamped(to: 0...max(0, windows - 1)).reduce(0) { $0 + missing[$1] }
        let referenceSample = SortedSample(sortedValues: referenceValues, missingCount: referenceMissing)
        let edges = DataDrift.decileEdges(referenceSample)
        let referenceBins = edges.map { DataDrift.binCounts(referenceSample, edges: $0) } ?? []
        let binCount = edges.map { $0.count + 1 } ?? 0
        let present = (0..<windows).map { rows[$0] - missing[$0] }

        let n1 = referenceValues.count
        var walk = MergeWalk(
            windows: windows, binCount: binCount, referenceCount: n1, present: present, isReference: isReference)
        defer { walk.deallocate() }
        var inGroup = [Int](repeating: 0, count: windows)
        var touched: [Int] = []
        switch groups.storage {
        case .sorted(let keys, let owner):
            var k = 0
            while k < keys.count {
                let key = keys[k]
                let v = RadixSort.value(ofKey: key)
                if let edges { walk.advance(past: v, edges: edges) }
                if k + 1 == keys.count || keys[k + 1] != key {
                    // A value held by one row (most values of a continuous column).
                    let w = Int(owner[k])
                    walk.group(window: w, count: 1, referenceInGroup: isReference[w] ? 1 : 0)
                    k += 1
                    continue
                }
                while k < keys.count && keys[k] == key {
                    let w = Int(owner[k])
                    if inGroup[w] == 0 { touched.append(w) }
                    inGroup[w] += 1
                    k += 1
                }
                walk.group(windows: touched, counts: &inGroup)
                touched.removeAll(keepingCapacity: true)
            }
        case .counted(let keys, let counts):
            for (d, key) in keys.enumerated() {
                if let edges { walk.advance(past: RadixSort.value(ofKey: key), edges: edges) }
                for w in 0..<windows where counts[d * windows + w] > 0 {
                    touched.append(w)
                    inGroup[w] = counts[d * windows + w]
                }
                walk.group(windows: touched, counts: &inGroup)
                touched.removeAll(keepingCapacity: true)
            }
        }
        let bins = Array(walk.bins), largest = Array(walk.largest), smallest = Array(walk.smallest)

        return (0..<windows).map { w -> DriftDistances? in
            guard rows[w] > 0 else { return nil }
            let currentBins = binCount > 0 ? Array(bins[(w * binCount)..<((w + 1) * binCount)]) : []
            let defined = n1 > 0 && present[w] > 0
            let shares = defined ? CountDistances(reference: referenceBins, current: currentBins) : nil
            // Both F's reach 1 at the end: the merge's last difference, exactly 0.
            let ks = KolmogorovSmirnov(
                referenceCount: n1, currentCount: present[w], largestDifference: max(largest[w], 0),
                smallestDifference: min(smallest[w], 0))
            return DriftDistances(
                referenceCount: n1, currentCount: present[w],
                referenceMissingCount: referenceMissing, currentMissingCount: missing[w],
                binEdges: edges, categories: nil, referenceBinCounts: referenceBins, currentBinCounts: currentBins,
                populationStabilityIndex: shares?.psi, kolmogorovSmirnov: ks,
                wasserstein: nil, normalizedWasserstein: nil,
                jensenShannonDistance: shares?.jensenShannon, hellingerDistance: shares?.hellinger,
                chiSquare: nil, lInfinity: nil, lInfinityCategory: nil)
        }
    }
}

/// The state of `WindowDistances.numeric`'s walk over the values in ascending order, per window:
/// the rows seen, F_w so far, the extremes of F_ref − F_w, and the decile bin counts. It lives in
/// buffers of its own because the walk touches it once per row, and arrays' uniqueness checks
/// and captured variables were most of the walk's time.
private struct MergeWalk {
    let windows: Int
    let binCount: Int
    let referenceCount: Double
    let hasReference: Bool
    let present: UnsafeMutableBufferPointer<Double>
    let isReference: UnsafeMutableBufferPointer<Bool>
    let seen: UnsafeMutableBufferPointer<Int>
    /// seen / present: F_w just before the window's next group, divided out once per group.
    let seenShare: UnsafeMutableBufferPointer<Double>
    let largest: UnsafeMutableBufferPointer<Double>
    let smallest: UnsafeMutableBufferPointer<Double>
    let bins: UnsafeMutableBufferPointer<Int>
    private var referenceSeen = 0
    /// referenceSeen / referenceCount: F_ref just before the next group.
    private var referenceShare = 0.0
    private var edge = 0

    init(windows: Int, binCount: Int, referenceCount: Int, present: [Int], isReference: [Bool]) {
        self.windows = windows
        self.binCount = binCount
        self.referenceCount = Double(referenceCount)
        hasReference = referenceCount > 0
        self.present = .allocate(capacity: windows)
        _ = self.present.initialize(from: present.map(Double.init))
        self.isReference = .allocate(capacity: windows)
        _ = self.isReference.initialize(from: isReference)
        seen = .allocate(capacity: windows)
        seen.initialize(repeating: 0)
        seenShare = .allocate(capacity: windows)
        seenShare.initialize(repeating: 0)
        largest = .allocate(capacity: windows)
        largest.initialize(repeating: -.infinity)
        smallest = .allocate(capacity: windows)
        smallest.initialize(repeating: .infinity)
        bins = .allocate(capacity: windows * binCount)
        bins.initialize(repeating: 0)
    }

    func deallocate() {
        for buffer in [present, seenShare, largest, smallest] { buffer.deallocate() }
        isReference.deallocate()
        seen.deallocate()
        bins.deallocate()
    }

    /// Moves the bin past the edges at or below the next group's value `v`.
    @inline(__always) mutating func advance(past v: Double, edges: [Double]) {
        while edge < edges.count && edges[edge] <= v { edge += 1 }
    }

    /// A group of equal values held by one window only.
    @inline(__always) mutating func group(window w: Int, count c: Int, referenceInGroup: Int) {
        let after = hasReference ? Double(referenceSeen + referenceInGroup) / referenceCount : 0
        step(w, c, after)
        referenceSeen += referenceInGroup
        referenceShare = after
    }

    /// A group of equal values held by `touched` windows, `counts[w]` each; the counts are reset
    /// to 0 for the next group.
    mutating func group(windows touched: [Int], counts: inout [Int]) {
        var referenceInGroup = 0
        for w in touched where isReference[w] { referenceInGroup += counts[w] }
        let after = hasReference ? Double(referenceSeen + referenceInGroup) / referenceCount : 0
        for w in touched {
            step(w, counts[w], after)
            counts[w] = 0
        }
        referenceSeen += referenceInGroup
        referenceShare = after
    }

    /// Window w's `c` values of the group: F_ref − F_w just before the group and just after it
    /// (`referenceAfter` is F_ref after it).
    @inline(__always) private func step(_ w: Int, _ c: Int, _ referenceAfter: Double) {
        if hasReference {
            let share = Double(seen[w] + c) / present[w]
            let before = referenceShare - seenShare[w]
            let after = referenceAfter - share
            largest[w] = max(largest[w], max(before, after))
            smallest[w] = min(smallest[w], min(before, after))
            seenShare[w] = share
        }
        seen[w] += c
        if binCount > 0 { bins[w * binCount + edge] += c }
    }
}

/// A numeric column's values in ascending order, as `WindowDistances.numeric` walks them: the
/// present values' keys (`RadixSort.key`, so −0 and 0 are one value) sorted with each row's
/// window, or — for a column of few distinct values (a 0/1 label, a count) — each distinct value's
/// rows per window, counted in one pass instead of sorted.
struct ValueGroups {
    /// Rows per window, and of them the NaN ones (missing).
    var rows: [Int]
    var missing: [Int]
    var storage: Storage

    enum Storage {
        /// Sorted keys with each row's window.
        case sorted(keys: [UInt64], owner: [UInt32])
        /// Distinct keys ascending, and counts[d · windows + w].
        case counted(keys: [UInt64], counts: [Int])
    }

    /// The present values of the windows marked in `selected`, ascending.
    func values(inWindows selected: [Bool]) -> [Double] {
        var values: [Double] = []
        switch storage {
        case .sorted(let keys, let owner):
            for k in keys.indices where selected[Int(owner[k])] { values.append(RadixSort.value(ofKey: keys[k])) }
        case .counted(let keys, let counts):
            let windows = rows.count
            for (d, key) in keys.enumerated() {
                let count = (0..<windows).reduce(0) { $0 + (selected[$1] ? counts[d * windows + $1] : 0) }
                values.append(contentsOf: repeatElement(RadixSort.value(ofKey: key), count: count))
            }
        }
        return values
    }

    /// Every present value's key sorted (radix, carrying its window).
    static func sorted(_ values: [Double], windowOfRow: [UInt32], windowCount: Int) -> ValueGroups {
        var rows = [Int](repeating: 0, count: windowCount)
        var missing = [Int](repeating: 0, count: windowCount)
        var keys: [UInt64] = []
        var owner: [UInt32] = []
        keys.reserveCapacity(values.count)
        owner.reserveCapacity(values.count)
        for (row, x) in values.enumerated() {
            let w = windowOfRow[row]
            guard w != Grouping.none else { continue }
            rows[Int(w)] += 1
            if x.isNaN {
                missing[Int(w)] += 1
            } else {
                keys.append(RadixSort.key(x))
                owner.append(w)
            }
        }
        RadixSort.sort(keys: &keys, carrying: &owner)
        return ValueGroups(rows: rows, missing: missing, storage: .sorted(keys: keys, owner: owner))
    }

    /// At most this many distinct values are counted rather than sorted (and fewer with many
    /// windows: the table of counts, distinct values × windows, stays within a quarter of the
    /// column's rows and 2M cells).
    static let countedLimit = 1 << 16

    /// The counts of each distinct value per window, or `nil` once the column shows more distinct
    /// values than that (for a continuous column, within its first rows).
    static func counted(_ values: [Double], windowOfRow: [UInt32], windowCount: Int) -> ValueGroups? {
        guard windowCount > 0 else { return nil }
        let limit = min(countedLimit, min(values.count / 4, 2_000_000) / windowCount)
        guard limit >= 2 else { return nil }
        var rows = [Int](repeating: 0, count: windowCount)
        var missing = [Int](repeating: 0, count: windowCount)
        var distinct = DistinctKeys(limit: limit)
        var counts: [Int] = []
        for (row, x) in values.enumerated() {
            let w = windowOfRow[row]
            guard w != Grouping.none else { continue }
            rows[Int(w)] += 1
            if x.isNaN {
                missing[Int(w)] += 1
                continue
            }
            guard let d = distinct.index(of: RadixSort.key(x)) else { return nil }
            if d * windowCount == counts.count { counts.append(contentsOf: repeatElement(0, count: windowCount)) }
            counts[d * windowCount + Int(w)] += 1
        }
        // Distinct keys ascending, their rows of counts with them.
        let order = distinct.ascending()
        let keys = order.map { distinct.keys[$0] }
        var sortedCounts = [Int](repeating: 0, count: order.count * windowCount)
        for (d, old) in order.enumerated() {
            for w in 0..<windowCount { sortedCounts[d * windowCount + w] = counts[old * windowCount + w] }
        }
        return ValueGroups(rows: rows, missing: missing, storage: .counted(keys: keys, counts: sortedCounts))
    }
}

extension ValueGroups {
    /// Keys sorted already, with their windows (those of rows in no window left out).
    init(sortedKeys: [UInt64], windowOfKey: [UInt32], windowCount: Int) {
        rows = [Int](repeating: 0, count: windowCount)
        missing = rows
        var inNone = 0
        for w in windowOfKey {
            if Int(w) < windowCount { rows[Int(w)] += 1 } else { inNone += 1 }
        }
        guard inNone > 0 else {
            storage = .sorted(keys: sortedKeys, owner: windowOfKey)
            return
        }
        var keys: [UInt64] = [], owner: [UInt32] = []
        keys.reserveCapacity(sortedKeys.count - inNone)
        owner.reserveCapacity(sortedKeys.count - inNone)
        for (key, w) in zip(sortedKeys, windowOfKey) where Int(w) < windowCount {
            keys.append(key)
            owner.append(w)
        }
        storage = .sorted(keys: keys, owner: owner)
    }
}
