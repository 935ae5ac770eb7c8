// The detectors need `log`, `pow` and `sqrt` exactly as River (CPython's math module, Rust's f64)
// computes them, which is the platform C math library; the standard library does not re-export
// `log` or `pow`, and this target must not import Foundation.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

@inline(__always) func detectorLog(_ x: Double) -> Double { log(x) }
@inline(__always) func detectorPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

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
