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
        let windows = windowCount
        let groups =
            ValueGroups.counted(values, windowOfRow: windowOfRow, windowCount: windows)
            ?? ValueGroups.sorted(values, windowOfRow: windowOfRow, windowCount: windows)
        let rows = groups.rows, missing = groups.missing
        let isReference = (0..<windows).map { reference.contains($0) }
        let referenceValues = groups.values(inWindows: isReference)
        let referenceMissing = reference.clamped(to: 0...max(0, windows - 1)).reduce(0) { $0 + missing[$1] }
        let referenceSample = SortedSample(sortedValues: referenceValues, missingCount: referenceMissing)
        let edges = DataDrift.decileEdges(referenceSample)
        let referenceBins = edges.map { DataDrift.binCounts(referenceSample, edges: $0) } ?? []
        let binCount = edges.map { $0.count + 1 } ?? 0
        let present = (0..<windows).map { rows[$0] - missing[$0] }

        var bins = [Int](repeating: 0, count: windows * binCount)
        var seen = [Int](repeating: 0, count: windows)
        var largest = [Double](repeating: -.infinity, count: windows)
        var smallest = [Double](repeating: .infinity, count: windows)
        var inGroup = [Int](repeating: 0, count: windows)
        var touched: [Int] = []
        let n1 = referenceValues.count
        let d1 = Double(n1)
        let d2 = present.map(Double.init)
        // seen[w] / d2[w], kept from the window's last group: each share is divided out once.
        var seenShare = [Double](repeating: 0, count: windows)
        var referenceSeen = 0
        var edge = 0
        // Window w's `c` values of a group, with `referenceInGroup` of the group's values in
        // the reference: F_ref − F_w just before the group and just after it.
        func step(_ w: Int, _ c: Int, _ referenceInGroup: Int) {
            if n1 > 0 {
                let share = Double(seen[w] + c) / d2[w]
                let before = Double(referenceSeen) / d1 - seenShare[w]
                let after = Double(referenceSeen + referenceInGroup) / d1 - share
                largest[w] = max(largest[w], max(before, after))
                smallest[w] = min(smallest[w], min(before, after))
                seenShare[w] = share
            }
            seen[w] += c
            if binCount > 0 { bins[w * binCount + edge] += c }
        }
        // A group of equal values v held by the `touched` windows, `inGroup` of them each.
        func close(_ v: Double) {
            var referenceInGroup = 0
            for w in touched where isReference[w] { referenceInGroup += inGroup[w] }
            if let edges { while edge < edges.count && edges[edge] <= v { edge += 1 } }
            for w in touched {
                step(w, inGroup[w], referenceInGroup)
                inGroup[w] = 0
            }
            touched.removeAll(keepingCapacity: true)
            referenceSeen += referenceInGroup
        }
        switch groups.storage {
        case .sorted(let keys, let owner):
            var k = 0
            while k < keys.count {
                let key = keys[k]
                if k + 1 == keys.count || keys[k + 1] != key {
                    // A value held by one row (most values of a continuous column).
                    let w = Int(owner[k]), v = RadixSort.value(ofKey: key)
                    let referenceInGroup = isReference[w] ? 1 : 0
                    if let edges { while edge < edges.count && edges[edge] <= v { edge += 1 } }
                    step(w, 1, referenceInGroup)
                    referenceSeen += referenceInGroup
                    k += 1
                    continue
                }
                while k < keys.count && keys[k] == key {
                    let w = Int(owner[k])
                    if inGroup[w] == 0 { touched.append(w) }
                    inGroup[w] += 1
                    k += 1
                }
                close(RadixSort.value(ofKey: key))
            }
        case .counted(let keys, let counts):
            for (d, key) in keys.enumerated() {
                for w in 0..<windows where counts[d * windows + w] > 0 {
                    touched.append(w)
                    inGroup[w] = counts[d * windows + w]
                }
                close(RadixSort.value(ofKey: key))
            }
        }

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

    /// At most this many distinct values are counted rather than sorted.
    static let countedLimit = 256

    /// The counts of each distinct value per window, or `nil` once the column shows more than
    /// `countedLimit` distinct values (for a continuous column, within its first rows), or when
    /// the table of counts would be larger than the column.
    static func counted(_ values: [Double], windowOfRow: [UInt32], windowCount: Int) -> ValueGroups? {
        guard windowCount > 0, countedLimit * windowCount <= values.count else { return nil }
        var rows = [Int](repeating: 0, count: windowCount)
        var missing = [Int](repeating: 0, count: windowCount)
        // Open addressing on the key; 0 is no key (it would be a NaN's).
        let capacity = 1024
        var table = [UInt64](repeating: 0, count: capacity)
        var index = [Int](repeating: 0, count: capacity)
        var keys: [UInt64] = []
        var counts = [Int](repeating: 0, count: countedLimit * windowCount)
        for (row, x) in values.enumerated() {
            let w = windowOfRow[row]
            guard w != Grouping.none else { continue }
            rows[Int(w)] += 1
            if x.isNaN {
                missing[Int(w)] += 1
                continue
            }
            let key = RadixSort.key(x)
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)
            while table[slot] != key && table[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            if table[slot] == 0 {
                guard keys.count < countedLimit else { return nil }
                table[slot] = key
                index[slot] = keys.count
                keys.append(key)
            }
            counts[index[slot] * windowCount + Int(w)] += 1
        }
        // Distinct keys ascending, their rows of counts with them.
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var sortedCounts = [Int](repeating: 0, count: order.count * windowCount)
        for (d, old) in order.enumerated() {
            for w in 0..<windowCount { sortedCounts[d * windowCount + w] = counts[old * windowCount + w] }
        }
        return ValueGroups(rows: rows, missing: missing, storage: .counted(keys: order.map { keys[$0] }, counts: sortedCounts))
    }
}
