// The special functions the distributions need, from the platform C math library (see LibM.swift).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

@inline(__always) @usableFromInline func libmLgamma(_ x: Double) -> Double { lgamma(x) }
@inline(__always) @usableFromInline func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) @usableFromInline func libmExpm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) @usableFromInline func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) @usableFromInline func libmTan(_ x: Double) -> Double { tan(x) }
