// The detectors need `log` and `pow` exactly as River (CPython's math module, Rust's f64)
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
