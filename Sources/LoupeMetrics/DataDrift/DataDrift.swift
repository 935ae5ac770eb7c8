/// Dataset-comparison distances between a reference and a current sample of one column.
///
/// Numeric columns are binned at the reference's deciles: the nine inner edges are
/// `numpy.quantile(reference, [0.1, …, 0.9])` (linear, type 7) and a value x goes to bin
/// `numpy.searchsorted(edges, x, side="right")` ∈ 0…9, so bin j holds e_{j−1} ≤ x < e_j with the
/// outer bins open (values beyond the reference's range land in bin 0 or 9). When deciles
/// coincide (heavy ties) the bins between equal edges are empty — in both samples — and a tied
/// value goes to the last bin starting at it; the PSI skips bins empty in both, and the χ² test
/// drops them. Categorical columns use the union of both samples' categories, matched by name.
public enum DataDrift {
    /// The decile levels k/10, k = 1…9.
    public static let decileLevels: [Double] = (1...9).map { Double($0) / 10 }

    /// The share that replaces a zero share in the PSI.
    public static let psiFloor = 1e-4

    /// The floor of the reference standard deviation that normalises the Wasserstein distance.
    public static let wassersteinScaleFloor = 0.001

    /// The nine decile edges of `reference`; `nil` when it is empty.
    public static func decileEdges(_ reference: SortedSample) -> [Double]? {
        guard reference.count > 0 else { return nil }
        return decileLevels.map { reference.quantile($0)! }
    }

    /// Rows of `sample` in each of the ten bins cut at `edges` (nine ascending edges).
    public static func binCounts(_ sample: SortedSample, edges: [Double]) -> [Int] {
        var below = [0] + edges.map { sample.countBelow($0) } + [sample.count]
        for i in 1..<below.count { below[i] = max(below[i], below[i - 1]) }
        return (0..<(below.count - 1)).map { below[$0 + 1] - below[$0] }
    }

    /// Every numeric distance between two sorted samples (see `DriftDistances`). Sorting is the
    /// caller's, once per column and dataset; this costs O(n + m).
    public static func numericDrift(reference: SortedSample, current: SortedSample) -> DriftDistances {
        let edges = decileEdges(reference)
        let referenceBins = edges.map { binCounts(reference, edges: $0) } ?? []
        let currentBins = edges.map { binCounts(current, edges: $0) } ?? []
        let defined = reference.count > 0 && current.count > 0
        let shares = defined ? CountDistances(reference: referenceBins, current: currentBins) : nil
        var w: Double? = nil, normalized: Double? = nil
        if defined {
            w = wasserstein(reference.values, current.values)
            if let w, let sd = populationStandardDeviation(reference.values) {
                let scaled = w / max(sd, wassersteinScaleFloor)
                normalized = scaled.isFinite ? scaled : nil
            }
        }
        return DriftDistances(
            referenceCount: reference.count, currentCount: current.count,
            referenceMissingCount: reference.missingCount, currentMissingCount: current.missingCount,
            binEdges: edges, categories: nil, referenceBinCounts: referenceBins, currentBinCounts: currentBins,
            populationStabilityIndex: shares?.psi, kolmogorovSmirnov: KolmogorovSmirnov(reference: reference, current: current),
            wasserstein: w, normalizedWasserstein: normalized,
            jensenShannonDistance: shares?.jensenShannon, hellingerDistance: shares?.hellinger,
            chiSquare: defined ? ChiSquareTest(reference: referenceBins, current: currentBins) : nil,
            lInfinity: nil, lInfinityCategory: nil)
    }

    /// Every categorical distance between two samples' category counts (see `DriftDistances`).
    public static func categoricalDrift(referenceCounts: CategoryCounts, currentCounts: CategoryCounts) -> DriftDistances {
        var names: [String] = [], referenceBins: [Int] = [], currentBins: [Int] = []
        let r = referenceCounts.entries, c = currentCounts.entries
        var i = 0, j = 0
        while i < r.count || j < c.count {
            if j == c.count || (i < r.count && r[i].name < c[j].name) {
                names.append(r[i].name)
                referenceBins.append(r[i].count)
                currentBins.append(0)
                i += 1
            } else if i == r.count || c[j].name < r[i].name {
                names.append(c[j].name)
                referenceBins.append(0)
                currentBins.append(c[j].count)
                j += 1
            } else {
                names.append(r[i].name)
                referenceBins.append(r[i].count)
                currentBins.append(c[j].count)
                i += 1
                j += 1
            }
        }
        let referenceTotal = referenceBins.reduce(0, +), currentTotal = currentBins.reduce(0, +)
        let defined = referenceTotal > 0 && currentTotal > 0
        let shares = defined ? CountDistances(reference: referenceBins, current: currentBins) : nil
        var lInfinity: Double? = nil, lInfinityCategory: String? = nil
        if defined {
            var best = -1.0
            for k in names.indices {
                let gap = (Double(referenceBins[k]) / Double(referenceTotal) - Double(currentBins[k]) / Double(currentTotal))
                    .magnitude
                if gap > best {
                    best = gap
                    lInfinityCategory = names[k]
                }
            }
            lInfinity = best
        }
        return DriftDistances(
            referenceCount: referenceTotal, currentCount: currentTotal,
            referenceMissingCount: referenceCounts.missingCount, currentMissingCount: currentCounts.missingCount,
            binEdges: nil, categories: names, referenceBinCounts: referenceBins, currentBinCounts: currentBins,
            populationStabilityIndex: shares?.psi, kolmogorovSmirnov: nil, wasserstein: nil, normalizedWasserstein: nil,
            jensenShannonDistance: shares?.jensenShannon, hellingerDistance: shares?.hellinger,
            chiSquare: defined ? ChiSquareTest(reference: referenceBins, current: currentBins) : nil,
            lInfinity: lInfinity, lInfinityCategory: lInfinityCategory)
    }

    /// `categoricalDrift` from dictionary codes (a code outside its dictionary is missing).
    public static func categoricalDrift(
        referenceCodes: UnsafeBufferPointer<UInt32>, referenceNames: [String],
        currentCodes: UnsafeBufferPointer<UInt32>, currentNames: [String]
    ) -> DriftDistances {
        categoricalDrift(
            referenceCounts: CategoryCounts(codes: referenceCodes, names: referenceNames),
            currentCounts: CategoryCounts(codes: currentCodes, names: currentNames))
    }

    /// Wasserstein-1 between two ascending samples: Σ |F_a(x_k) − F_b(x_k)| (x_{k+1} − x_k) over
    /// the pooled distinct values, each ECDF as count/n (scipy's `_cdf_distance(1, a, b)`).
    /// `nil` when a sample is empty or the result is not finite.
    public static func wasserstein(_ a: [Double], _ b: [Double]) -> Double? {
        let n1 = a.count, n2 = b.count
        guard n1 > 0, n2 > 0 else { return nil }
        let d1 = Double(n1), d2 = Double(n2)
        var sum = CompensatedSum()
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0
                var v = min(a[0], b[0])
                while true {
                    while i < n1 && a[i] <= v { i += 1 }
                    while j < n2 && b[j] <= v { j += 1 }
                    let next: Double
                    if i < n1 && j < n2 {
                        next = min(a[i], b[j])
                    } else if i < n1 {
                        next = a[i]
                    } else if j < n2 {
                        next = b[j]
                    } else {
                        break
                    }
                    sum.add((Double(i) / d1 - Double(j) / d2).magnitude * (next - v))
                    v = next
                }
            }
        }
        let value = sum.value
        return value.isFinite ? value : nil
    }

    /// √(Σ(x − x̄)²/n) with compensated sums (numpy's `std(x)`, ddof 0); `nil` when empty or
    /// not finite.
    public static func populationStandardDeviation(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var total = CompensatedSum()
        for x in values { total.add(x) }
        let mean = total.value / Double(values.count)
        var squares = CompensatedSum()
        for x in values { squares.add((x - mean) * (x - mean)) }
        let sd = (squares.value / Double(values.count)).squareRoot()
        return sd.isFinite ? sd : nil
    }
}

/// The share-based distances of two count vectors over the same bins, both with positive totals.
struct CountDistances {
    let psi: Double
    let jensenShannon: Double
    let hellinger: Double

    init(reference: [Int], current: [Int]) {
        let referenceTotal = Double(reference.reduce(0, +)), currentTotal = Double(current.reduce(0, +))
        var psi = CompensatedSum(), left = CompensatedSum(), right = CompensatedSum(), hellinger = CompensatedSum()
        for (r, c) in zip(reference, current) where r > 0 || c > 0 {
            let p = Double(r) / referenceTotal, q = Double(c) / currentTotal
            let pp = r > 0 ? p : DataDrift.psiFloor, qq = c > 0 ? q : DataDrift.psiFloor
            psi.add((qq - pp) * libmLog(qq / pp))
            let m = (p + q) / 2
            if p > 0 { left.add(p * libmLog(p / m)) }
            if q > 0 { right.add(q * libmLog(q / m)) }
            let root = p.squareRoot() - q.squareRoot()
            hellinger.add(root * root)
        }
        self.psi = psi.value
        let js = (left.value + right.value) / libmLog(2)
        jensenShannon = max(js / 2, 0).squareRoot()
        self.hellinger = max(hellinger.value, 0).squareRoot() / 2.0.squareRoot()
    }
}
