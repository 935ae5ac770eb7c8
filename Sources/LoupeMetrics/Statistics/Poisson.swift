/// An exact Poisson(λ) sampler for the Poisson bootstrap.
///
/// λ < 10 uses inversion by sequential multiplication of uniforms (expected λ + 1 draws);
/// λ ≥ 10 uses Hörmann's transformed rejection with squeeze, PTRS (Hörmann 1993, "The
/// transformed rejection method for generating Poisson random variables"), whose squeeze accepts
/// most candidates without a logarithm (measured on the multiclass bootstrap's cells, 30% still
/// needed one; `PoissonInversion` draws those cells from a table instead). The constants depend
/// only on λ, so one sampler is built per cell and reused across replicates.
public struct PoissonSampler: Sendable {
    public let lambda: Double
    private let expNegLambda: Double
    private let a: Double, b: Double, logInvAlpha: Double, vr: Double, logLambda: Double

    public init(lambda: Double) {
        self.lambda = max(lambda, 0)
        expNegLambda = libmExp(-self.lambda)
        let slam = self.lambda.squareRoot()
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        logInvAlpha = libmLog(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
        logLambda = self.lambda > 0 ? libmLog(self.lambda) : 0
    }

    private static let smallLogFactorials: [Double] = {
        var table = [0.0]
        for k in 1..<16 { table.append(table[k - 1] + libmLog(Double(k))) }
        return table
    }()

    /// log k! for integral k ≥ 0: a table below 16, else Stirling's series to the x⁻⁷ term
    /// (absolute error below 1e-13; numpy's PTRS uses the same kind of series).
    static func logFactorial(_ k: Double) -> Double {
        if k < 16 { return smallLogFactorials[Int(k)] }
        let x = k + 1
        let r = 1 / x, r2 = r * r
        let series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)))
        return (x - 0.5) * libmLog(x) - x + 0.918_938_533_204_672_8 + series
    }

    /// ⌊x⌋, exactly as `x.rounded(.down)` (which, without SSE4.1, is a call into libm): below 2⁵²
    /// in magnitude by truncation through `Int64` and a correction for negative fractions; above,
    /// every double is already an integer (and infinities and NaN pass through).
    @inline(__always) static func floor(_ x: Double) -> Double {
        guard x.magnitude < 0x1p52 else { return x }
        let t = Double(Int64(x))
        return t > x ? t - 1 : t
    }

    /// One draw, as a Double (counts can exceed `Int32` for huge cells).
    @inline(__always) public func draw(_ rng: inout SplitMix64) -> Double {
        if lambda <= 0 { return 0 }
        if lambda < 10 {
            var k = 0.0
            var product = rng.nextUnit()
            while product > expNegLambda {
                k += 1
                product *= rng.nextUnit()
            }
            return k
        }
        while true {
            let u = rng.nextUnit() - 0.5
            let v = rng.nextUnit()
            let us = 0.5 - u.magnitude
            let k = Self.floor((2 * a / us + b) * u + lambda + 0.43)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if libmLog(v) + logInvAlpha - libmLog(a / (us * us) + b)
                <= -lambda + k * logLambda - Self.logFactorial(k)
            {
                return k
            }
        }
    }
}
