/// ADaptive WINdowing (Bifet & Gavaldà 2007), exactly as River 0.26.1's `river.drift.ADWIN`
/// (whose core is the Rust `AdaptiveWindowing` in `rust_src/adwin.rs`), on a real-valued stream.
///
/// The window is stored as exponential histograms: level i holds up to `max_buckets` buckets
/// of 2^i rows each (a total and a variance); a level that reaches `max_buckets` + 1 merges its two
/// oldest buckets into one of the next level. Every `clock` rows, once the window is longer
/// than `grace_period`, each split W0 | W1 at a bucket boundary (oldest buckets first, the newest
/// bucket always in W1) with both parts at least `min_window_length` long is tested:
/// |μ0 − μ1| > √(2·m·σ²_W·δ′) + (2/3)·δ′·m, with m = 1/(n0 − mwl + 1) + 1/(n1 − mwl + 1),
/// δ′ = ln(2·ln|W|/δ) and σ²_W the window variance; on a cut the oldest bucket is dropped and the
/// scan restarts. A row with at least one cut is a drift. After a drift the next update starts from
/// an empty window (River resets the whole helper), so the triggering row is not kept.
///
/// Storage is two flat arrays of levels × (`max_buckets` + 1) doubles, allocated once per reset;
/// the amortised cost per row is that of River's (O(1) insertion, O(log |W|) per checked row).
public struct ADWIN: StreamDetector {
    /// River's `ADWIN(delta=0.002, clock=32, max_buckets=5, min_window_length=5, grace_period=10)`.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "adwin"
        public static let parameterNames = ["delta", "clock", "max_buckets", "min_window_length", "grace_period"]
        public var delta = 0.002
        public var clock = 32
        /// At least 2: with 1, a merge empties its level, and River 0.26.1's Rust core panics
        /// when it later drops the oldest bucket from such a level.
        public var maxBuckets = 5
        public var minWindowLength = 5
        public var gracePeriod = 10

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "delta", value: .real(delta)),
                .init(name: "clock", value: .integer(clock)),
                .init(name: "max_buckets", value: .integer(maxBuckets)),
                .init(name: "min_window_length", value: .integer(minWindowLength)),
                .init(name: "grace_period", value: .integer(gracePeriod)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "delta": delta = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "clock": clock = try Self.integer(name, text, atLeast: 1)
            case "max_buckets": maxBuckets = try Self.integer(name, text, atLeast: 2)
            case "min_window_length": minWindowLength = try Self.integer(name, text, atLeast: 0)
            case "grace_period": gracePeriod = try Self.integer(name, text, atLeast: 0)
            default: throw Self.unknown(name)
            }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public var warningDetected: Bool { false }

    /// The number of rows in the window.
    public var width: Double { state.width }
    /// The sum of the rows in the window.
    public var total: Double { state.total }
    /// The sum of squared deviations from the window mean (River's `variance` attribute).
    public var variance: Double { state.variance }
    /// The mean of the window, 0 when it is empty.
    public var estimation: Double { state.width == 0 ? 0 : state.total / state.width }

    private var state: Window

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        state = Window(parameters)
    }

    public mutating func update(_ x: Double) {
        if driftDetected { state.reset() }
        state.insert(x)
        driftDetected = state.detectChange()
    }

    /// The Rust `AdaptiveWindowing`, with `bucket_list[i]` as row i of `totals`/`variances`.
    private struct Window: Sendable {
        let delta: Double
        let clock: Int
        let maxBuckets: Int
        let minWindowLength: Double
        let gracePeriod: Double
        /// Slots per level: `max_buckets` + 1, so a level can overflow before it is compressed.
        let slots: Int

        var total = 0.0
        var variance = 0.0
        var width = 0.0
        var tick = 0
        /// Levels in use (River's `len(bucket_list)`, at least 1).
        var levels = 1
        var counts: [Int]
        var totals: [Double]
        var variances: [Double]

        init(_ p: Parameters) {
            delta = p.delta
            clock = p.clock
            maxBuckets = p.maxBuckets
            minWindowLength = Double(p.minWindowLength)
            gracePeriod = Double(p.gracePeriod)
            slots = p.maxBuckets + 1
            counts = [0]
            totals = Array(repeating: 0, count: slots)
            variances = Array(repeating: 0, count: slots)
            counts.reserveCapacity(64)
            totals.reserveCapacity(64 * slots)
            variances.reserveCapacity(64 * slots)
        }

        /// Back to an empty window, keeping the storage.
        mutating func reset() {
            total = 0
            variance = 0
            width = 0
            tick = 0
            levels = 1
            for i in counts.indices { counts[i] = 0 }
            for i in totals.indices {
                totals[i] = 0
                variances[i] = 0
            }
        }

        @inline(__always) func bucketSize(_ level: Int) -> Double { Double(UInt64(1) << UInt64(level)) }

        /// Appends (value, variance) to `level`, growing the storage for a new level.
        @inline(__always) mutating func append(_ value: Double, _ v: Double, at level: Int) {
            if level == levels {
                levels += 1
                if counts.count < levels {
                    counts.append(0)
                    totals.append(contentsOf: repeatElement(0, count: slots))
                    variances.append(contentsOf: repeatElement(0, count: slots))
                }
            }
            let slot = level * slots + counts[level]
            totals[slot] = value
            variances[slot] = v
            counts[level] += 1
        }

        /// Removes the `n` oldest buckets of `level`, shifting the rest down and zeroing the
        /// freed slots (Rust's `Bucket::compress`).
        @inline(__always) mutating func drop(_ n: Int, from level: Int) {
            let base = level * slots
            let count = counts[level]
            let remaining = count - n
            for i in 0..<remaining {
                totals[base + i] = totals[base + i + n]
                variances[base + i] = variances[base + i + n]
            }
            for i in remaining..<count {
                totals[base + i] = 0
                variances[base + i] = 0
            }
            counts[level] = remaining
        }

        /// Rust's `insert_element` then `compress_buckets`.
        mutating func insert(_ value: Double) {
            append(value, 0, at: 0)
            width += 1
            var incrementalVariance = 0.0
            if width > 1 {
                let deltaV = value - total / (width - 1)
                incrementalVariance = (width - 1) * deltaV * deltaV / width
            }
            variance += incrementalVariance
            total += value

            var level = 0
            while counts[level] == maxBuckets + 1 {
                let n1 = bucketSize(level)
                let base = level * slots
                let t0 = totals[base], t1 = totals[base + 1]
                let v0 = variances[base], v1 = variances[base + 1]
                let mu1 = t0 / n1
                let mu2 = t1 / n1
                let temp = n1 * 0.5 * (mu1 - mu2) * (mu1 - mu2)
                append(t0 + t1, v0 + v1 + temp, at: level + 1)
                drop(2, from: level)
                if counts[level + 1] <= maxBuckets { break }
                level += 1
            }
        }

        /// Rust's `delete_element`: drops the oldest bucket (first of the last level).
        mutating func deleteOldest() {
            // Only max_buckets = 1 (rejected by `Parameters`) can leave the last level empty; River
            // panics there, this skips such levels rather than trap.
            while levels > 1 && counts[levels - 1] == 0 { levels -= 1 }
            let last = levels - 1
            guard counts[last] > 0 else { return }
            let n = bucketSize(last)
            let u = totals[last * slots]
            let v = variances[last * slots]
            let mu = u / n
            width -= n
            total -= u
            let muWindow = total / width
            let increment = v + n * width * (mu - muWindow) * (mu - muWindow) / (n + width)
            variance -= increment
            drop(1, from: last)
            if counts[last] == 0 && levels > 1 { levels -= 1 }
        }

        /// Rust's `detect_change`.
        mutating func detectChange() -> Bool {
            var changeDetected = false
            tick += 1
            guard tick % clock == 0 && width > gracePeriod else { return false }
            var reduceWidth = true
            while reduceWidth {
                reduceWidth = false
                var n0 = 0.0
                var n1 = width
                var u0 = 0.0
                var u1 = total
                // ln(2·ln|W|/δ) and σ²_W are constant during one scan.
                let deltaPrime = detectorLog(2.0 * detectorLog(width) / delta)
                let windowVariance = variance / width
                scan: for level in stride(from: levels - 1, through: 0, by: -1) {
                    let size = bucketSize(level)
                    let count = counts[level]
                    let base = level * slots
                    for k in 0..<count {
                        n0 += size
                        n1 -= size
                        let t = totals[base + k]
                        u0 += t
                        u1 -= t
                        if level == 0 && k == count - 1 { break scan }
                        let deltaMean = (u0 / n0) - (u1 / n1)
                        if n1 >= minWindowLength && n0 >= minWindowLength
                            && cut(n0, n1, deltaMean, deltaPrime, windowVariance)
                        {
                            reduceWidth = true
                            changeDetected = true
                            if width > 0 {
                                deleteOldest()
                                break scan
                            }
                        }
                    }
                }
            }
            return changeDetected
        }

        /// Rust's `evaluate_cut`, with δ′ and σ²_W passed in.
        @inline(__always) func cut(
            _ n0: Double, _ n1: Double, _ deltaMean: Double, _ deltaPrime: Double, _ windowVariance: Double
        ) -> Bool {
            let mRecip = 1.0 / (n0 - minWindowLength + 1.0) + 1.0 / (n1 - minWindowLength + 1.0)
            let epsilon = (2.0 * mRecip * windowVariance * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * mRecip
            return deltaMean.magnitude > epsilon
        }
    }
}
