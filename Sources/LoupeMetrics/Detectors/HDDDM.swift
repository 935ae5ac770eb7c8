/// Hellinger Distance Drift Detection (Ditzler & Polikar 2011), exactly as MITRE menelaus 0.2.0's
/// `HDDDM(detect_batch=3)`, on a sequence of windows of numeric feature columns.
///
/// Window 0 is the initial reference. For each later window (batch), per feature: equal-width
/// histograms of reference and batch with ⌊√(reference rows)⌋ bins over the union range of the two
/// (numpy.histogram: a zero-width range widened by ±0.5, every bin half-open but the last, which is
/// closed), and the unnormalised Hellinger distance √Σ(√q_b − √p_b)² between the bin shares; d is
/// the mean over features. From the second batch after each (re)start ε = |d − d_prev|; from the
/// third, with k = batches since the (re)start − 1, ε̂ = (Σ previous ε)/k,
/// σ̂ = √(Σ(previous ε − ε̂)²/k) and β = ε̂ + t(1 − α/2; |ref| + |batch| − 2)·σ̂/√k for
/// `statistic=tstat` (α = `significance`) or β = ε̂ + γ·σ̂ for `statistic=stdev` (γ = `gamma`).
/// Drift when ε > β: the batch becomes the reference and the statistics restart with the next
/// batch (lazy, as in menelaus); otherwise the batch is appended to the reference.
///
/// Where this differs from menelaus: menelaus multiplies σ̂ by `significance` under `stdev` (here
/// that factor is `gamma`), and it fails on missing values. Here non-finite values (NaN, ±∞) are
/// dropped per feature: a feature's histograms and shares use its finite values only, while the
/// bin count and the t degrees of freedom use the row counts of reference and batch. A feature
/// without finite values in the reference or in the batch is left out of the mean; a batch where
/// every feature is left out is ignored (no statistic, not appended, no signal). The t quantile is
/// `Distributions.studentTQuantile` (scipy's `t.ppf` to ~1e-13); a batch with no degrees of freedom
/// cannot drift.
public struct HDDDM: Sendable {
    /// How the adaptive threshold scales σ̂.
    public enum Statistic: String, Sendable, CaseIterable {
        case tstat, stdev
    }

    /// menelaus' `statistic="tstat"`, `significance=0.05`, and `gamma` 1 for `statistic=stdev`.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "hdddm"
        public static let parameterNames = ["statistic", "significance", "gamma"]
        public var statistic = Statistic.tstat
        public var significance = 0.05
        public var gamma = 1.0

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "statistic", value: .choice(statistic.rawValue)),
                .init(name: "significance", value: .real(significance)),
                .init(name: "gamma", value: .real(gamma)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "statistic":
                let text = try Self.choice(name, text, among: Statistic.allCases.map(\.rawValue))
                statistic = Statistic(rawValue: text) ?? .tstat
            case "significance": significance = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "gamma": gamma = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            default: throw Self.unknown(name)
            }
        }
    }

    public let parameters: Parameters
    /// Whether the last batch drifted.
    public private(set) var driftDetected = false
    /// The Hellinger distance d of the last batch (nil before the first or for an ignored batch).
    public private(set) var distance: Double?
    /// ε of the last batch (nil before the second batch after a (re)start).
    public private(set) var epsilon: Double?
    /// β of the last batch (nil before the third batch after a (re)start).
    public private(set) var threshold: Double?

    /// The reference's finite values, per feature.
    private var reference: [Sample]
    private var referenceRows: Int
    private var previousDistance = Double.nan
    private var epsilons: [Double] = []
    private var totalEpsilon = 0.0
    private var batchesSinceReset = 0

    /// Starts from window 0, given as feature columns of equal length.
    public init(reference window: [[Double]], parameters: Parameters = Parameters()) {
        self.parameters = parameters
        reference = window.map { Sample($0.filter(\.isFinite)) }
        referenceRows = Self.rows(window)
        distance = nil
    }

    private static func rows(_ window: [[Double]]) -> Int { window.map(\.count).max() ?? 0 }

    /// Tests the next window (feature columns in the reference's order; missing columns count as
    /// all-missing, extra ones are ignored).
    public mutating func update(_ window: [[Double]]) {
        if driftDetected {
            batchesSinceReset = 0
            epsilons.removeAll()
            totalEpsilon = 0
            driftDetected = false
        }
        distance = nil
        epsilon = nil
        threshold = nil
        let batch = reference.indices.map { f in Sample(f < window.count ? window[f].filter(\.isFinite) : []) }
        let batchRows = Self.rows(window)
        let bins = Int(Double(referenceRows).squareRoot())
        var total = 0.0
        var features = 0
        for f in reference.indices where !reference[f].isEmpty && !batch[f].isEmpty && bins > 0 {
            total += Self.hellinger(reference[f], batch[f], bins: bins)
            features += 1
        }
        guard features > 0 else { return }
        batchesSinceReset += 1
        let d = (1 / Double(features)) * total
        distance = d
        if batchesSinceReset >= 2 {
            let e = (d - previousDistance).magnitude * 1.0
            epsilons.append(e)
            epsilon = e
            if batchesSinceReset >= 3 {
                let beta = adaptiveThreshold(testRows: batchRows)
                threshold = beta
                if e > beta {
                    driftDetected = true
                    reference = batch
                    referenceRows = batchRows
                    return
                }
            }
        }
        previousDistance = d
        for f in reference.indices { reference[f].append(batch[f]) }
        referenceRows += batchRows
    }

    /// menelaus' `_adaptive_threshold` with k = batches since the (re)start − 1.
    private mutating func adaptiveThreshold(testRows: Int) -> Double {
        let k = Double(batchesSinceReset - 1)
        totalEpsilon += epsilons[epsilons.count - 2]
        let epsilonHat = (1 / k) * totalEpsilon
        var sumOfSquares = 0.0
        for e in epsilons.dropLast() { sumOfSquares += detectorPow(e - epsilonHat, 2) }
        let stdev = (sumOfSquares / k).squareRoot()
        switch parameters.statistic {
        case .tstat:
            let df = Double(referenceRows + testRows - 2)
            guard let t = Distributions.studentTQuantile(1 - parameters.significance / 2, degreesOfFreedom: df) else {
                return .nan
            }
            return epsilonHat + t * (stdev / k.squareRoot())
        case .stdev:
            return epsilonHat + parameters.gamma * stdev
        }
    }

    /// √Σ_b (√(q_b/|q|) − √(p_b/|p|))² over numpy-style histograms of both samples on their union
    /// range; both samples non-empty and finite, `bins` ≥ 1.
    static func hellinger(_ reference: [Double], _ batch: [Double], bins: Int) -> Double {
        hellinger(Sample(reference), Sample(batch), bins: bins)
    }

    static func hellinger(_ reference: Sample, _ batch: Sample, bins: Int) -> Double {
        var lo = min(reference.lo, batch.lo)
        var hi = max(reference.hi, batch.hi)
        if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        let edges = binEdges(lo, hi, bins: bins)
        let p = reference.histogram(edges: edges)
        let q = batch.histogram(edges: edges)
        let pTotal = Double(reference.count)
        let qTotal = Double(batch.count)
        var sum = 0.0
        for b in 0..<bins {
            sum += detectorPow((Double(q[b]) / qTotal).squareRoot() - (Double(p[b]) / pTotal).squareRoot(), 2)
        }
        return sum.squareRoot()
    }

    /// numpy.linspace(lo, hi, bins + 1): i·step + lo with step = (hi − lo)/bins, the last edge
    /// exactly hi (and i/bins·(hi − lo) + lo when the step underflows to 0).
    static func binEdges(_ lo: Double, _ hi: Double, bins: Int) -> [Double] {
        let delta = hi - lo
        let div = Double(bins)
        let step = delta / div
        var edges = (0...bins).map { i in
            step == 0 ? Double(i) / div * delta + lo : Double(i) * step + lo
        }
        edges[bins] = hi
        return edges
    }

    /// numpy.histogram's equal-bin path: bin ⌊(x − lo)/(hi − lo)·bins⌋, corrected by one against
    /// the edges, the last bin closed. Values outside [lo, hi] are not counted.
    static func histogram(_ values: [Double], edges: [Double]) -> [Int] {
        histogram([values], edges: edges)
    }

    /// The same over values given in chunks.
    static func histogram(_ chunks: [[Double]], edges: [Double]) -> [Int] {
        var counts = Array(repeating: 0, count: edges.count - 1)
        let binning = Binning(edges: edges)
        for values in chunks {
            for x in values { if let b = binning.bin(of: x) { counts[b] += 1 } }
        }
        return counts
    }

    /// The bin of a value on numpy's equal-width edges.
    struct Binning {
        let edges: [Double]
        let bins: Int
        let lo: Double
        let hi: Double
        let denominator: Double
        let scale: Double
        let multiplies: Bool

        init(edges: [Double]) {
            self.edges = edges
            bins = edges.count - 1
            lo = edges[0]
            hi = edges[bins]
            denominator = hi - lo
            // numpy divides by the range; a multiply lands within one bin of it too, and the
            // checks against the edges below move both to the same bin. (A range so small that
            // its reciprocal overflows keeps the division.)
            scale = Double(bins) / denominator
            multiplies = scale.isFinite
        }

        /// The bin of `x`, or `nil` outside [lo, hi].
        @inline(__always) func bin(of x: Double) -> Int? {
            guard x >= lo && x <= hi else { return nil }
            let estimate = multiplies ? (x - lo) * scale : (x - lo) / denominator * Double(bins)
            var index = min(Int(estimate), bins)
            if index == bins { index -= 1 }
            if x < edges[index] { index -= 1 }
            if x >= edges[index + 1] && index != bins - 1 { index += 1 }
            return index
        }
    }

    /// A feature's finite values as HDDDM bins them, with their range. While they hold at most
    /// `countedLimit` distinct values (a count, a weight to a few decimals) they are kept as
    /// each distinct value's count: binning those is binning the values, in far fewer steps. The
    /// reference grows by a window at every update without drift and is binned again each
    /// time, which was most of HDDDM's time on a long series. Values not counted are kept as the
    /// windows' arrays themselves, not copied into one: the copies of a growing reference faulted
    /// in fresh pages for most of HDDDM's time on the 5M-row monitoring benchmark.
    struct Sample {
        static let countedLimit = 1 << 16
        private(set) var count = 0
        private(set) var lo = Double.infinity
        private(set) var hi = -Double.infinity
        /// The values when not counted, in chunks (a window's each).
        private var chunks: [[Double]] = []
        /// The distinct values (by key) and their counts while counted.
        private var distinct: DistinctKeys? = DistinctKeys(limit: countedLimit)
        private var counts: [Int] = []

        init(_ finite: [Double]) {
            count = finite.count
            for x in finite {
                lo = min(lo, x)
                hi = max(hi, x)
            }
            var table = DistinctKeys(limit: Sample.countedLimit)
            for x in finite {
                guard let d = table.index(of: RadixSort.key(x)) else {
                    // Too many distinct values: the values themselves.
                    distinct = nil
                    counts = []
                    chunks = [finite]
                    return
                }
                if d == counts.count { counts.append(0) }
                counts[d] += 1
            }
            distinct = table
        }

        var isEmpty: Bool { count == 0 }

        /// Adds the values of `other`.
        mutating func append(_ other: Sample) {
            count += other.count
            lo = min(lo, other.lo)
            hi = max(hi, other.hi)
            if var table = distinct, let theirs = other.distinct {
                distinct = nil  // held in `table` while it grows, so it is not copied
                let before = counts
                for (e, key) in theirs.keys.enumerated() {
                    guard let d = table.index(of: key) else {
                        // Too many distinct values together: both as values (this sample's as
                        // they were before the merge began).
                        chunks = [
                            Self.expanded(table.keys.prefix(before.count), before),
                            Self.expanded(theirs.keys[...], other.counts),
                        ]
                        counts = []
                        return
                    }
                    if d == counts.count { counts.append(0) }
                    counts[d] += other.counts[e]
                }
                distinct = table
                return
            }
            if let table = distinct {
                chunks = [Self.expanded(table.keys[...], counts)]
                distinct = nil
                counts = []
            }
            if let theirs = other.distinct {
                chunks.append(Self.expanded(theirs.keys[...], other.counts))
            } else {
                chunks += other.chunks
            }
        }

        /// Each distinct value (by key) repeated its count of times.
        private static func expanded(_ keys: ArraySlice<UInt64>, _ counts: [Int]) -> [Double] {
            var values: [Double] = []
            for (key, count) in zip(keys, counts) {
                values.append(contentsOf: repeatElement(RadixSort.value(ofKey: key), count: count))
            }
            return values
        }

        func histogram(edges: [Double]) -> [Int] {
            guard let distinct else { return HDDDM.histogram(chunks, edges: edges) }
            var histogram = Array(repeating: 0, count: edges.count - 1)
            let binning = Binning(edges: edges)
            for (d, key) in distinct.keys.enumerated() {
                if let b = binning.bin(of: RadixSort.value(ofKey: key)) { histogram[b] += counts[d] }
            }
            return histogram
        }
    }
}

extension HDDDM {
    /// Runs HDDDM over `windows` (window 0 the initial reference) and returns the 0-based indices
    /// of the windows that drifted (HDDDM has no warning level).
    public static func run(windows: [[[Double]]], parameters: Parameters = Parameters()) -> DetectorSignals {
        guard let first = windows.first else { return DetectorSignals() }
        var detector = HDDDM(reference: first, parameters: parameters)
        var signals = DetectorSignals()
        for index in windows.indices.dropFirst() {
            detector.update(windows[index])
            if detector.driftDetected { signals.drifts.append(index) }
        }
        return signals
    }
}
