/// River's `stats.Mean` with unit weights: n += 1, mean += (1/n)·(x − mean).
///
/// The update is written exactly as River's (the reciprocal first, then the product), because
/// (x − mean)/n rounds differently and the detectors compare these means against thresholds.
struct RiverMean: Sendable, Equatable {
    private(set) var n: Double = 0
    private(set) var mean: Double = 0

    @inline(__always) mutating func update(_ x: Double) {
        n += 1
        mean += (1 / n) * (x - mean)
    }
}
