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
        var rows = [Int](repeating: 0, count: windows)
        var missing = [Int](repeating: 0, count: windows)
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
        let isReference = (0..<windows).map { reference.contains($0) }
        var referenceValues: [Double] = []
        for k in keys.indices where isReference[Int(owner[k])] { referenceValues.append(RadixSort.value(ofKey: keys[k])) }
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
        var referenceSeen = 0
        var edge = 0
        var k = 0
        while k < keys.count {
            let v = RadixSort.value(ofKey: keys[k])
            var referenceInGroup = 0
            while k < keys.count && RadixSort.value(ofKey: keys[k]) == v {
                let w = Int(owner[k])
                if inGroup[w] == 0 { touched.append(w) }
                inGroup[w] += 1
                if isReference[w] { referenceInGroup += 1 }
                k += 1
            }
            if let edges { while edge < edges.count && edges[edge] <= v { edge += 1 } }
            for w in touched {
                let c = inGroup[w]
                if n1 > 0 {
                    let d2 = Double(present[w])
                    let before = Double(referenceSeen) / d1 - Double(seen[w]) / d2
                    let after = Double(referenceSeen + referenceInGroup) / d1 - Double(seen[w] + c) / d2
                    largest[w] = max(largest[w], max(before, after))
                    smallest[w] = min(smallest[w], min(before, after))
                }
                seen[w] += c
                if binCount > 0 { bins[w * binCount + edge] += c }
                inGroup[w] = 0
            }
            touched.removeAll(keepingCapacity: true)
            referenceSeen += referenceInGroup
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
