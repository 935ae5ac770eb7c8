// The elementary functions come from the platform C math library (libm): the standard library
// does not re-export `log`, `exp` or `erfc`, and this target must not import Foundation.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

@inline(__always) @usableFromInline func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) @usableFromInline func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) @usableFromInline func libmErfc(_ x: Double) -> Double { erfc(x) }
@inline(__always) @usableFromInline func libmTanh(_ x: Double) -> Double { tanh(x) }
