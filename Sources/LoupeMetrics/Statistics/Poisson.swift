/// An exact Poisson(λ) sampler for the Poisson bootstrap.
///
/// λ < 10 uses inversion by sequential multiplication of uniforms (expected λ + 1 draws);
/// λ ≥ 10 uses Hörmann's transformed rejection with squeeze, PTRS (Hörmann 1993, "The
/// transformed rejection method for generating Poisson random variables"), whose squeeze accepts
/// about 90% of candidates without a logarithm. The constants depend only on λ, so one sampler is
/// built per cell and reused across replicates.
public struct PoissonSampler: Sendable {
    public let lambda: Double
    private let expNegLambda: Double
    private let a: Double, b: Double, invAlpha: Double, vr: Double, logLambda: Double

    public init(lambda: Double) {
        self.lambda = max(lambda, 0)
        expNegLambda = libmExp(-self.lambda)
        let slam = self.lambda.squareRoot()
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        logLambda = self.lambda > 0 ? libmLog(self.lambda) : 0
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
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if libmLog(v) + libmLog(invAlpha) - libmLog(a / (us * us) + b)
                <= -lambda + k * logLambda - libmLogGamma(k + 1)
            {
                return k
            }
        }
    }
}
