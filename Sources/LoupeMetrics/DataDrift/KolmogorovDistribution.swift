/// Survival functions of the Kolmogorov–Smirnov statistics, ported from scipy: the two-sided
/// one-sample D_n (`scipy.stats.kstwo.sf`, scipy's `_ksstats._kolmogn` after Simard & L'Ecuyer
/// 2011) and the one-sided D_n⁺ (`scipy.special.smirnov`, from xsf's `kolmogorov.h`).
///
/// `twoSidedSurvival` picks the algorithm by the same regions as scipy: Ruben–Gambino closed forms
/// near the ends, 2·smirnov where the one-sided tail doubles exactly (x ≥ ½) or to double
/// precision (n·x² ≥ 2.2 for n > 140), the Durbin matrix (Marsaglia–Tsang–Wang), Pomeranz's
/// recursion for n ≤ 140, and the Pelz–Good expansion for large n. Where scipy computes the
/// survival as 1 − CDF so does this port, so both lose the same digits.
///
/// `smirnovSurvival` sums Birnbaum and Tingey's positive series
/// P(D_n⁺ > x) = x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (1 − x − v/n)^{n−v} (x + v/n)^{v−1} in logarithms,
/// with n·x carried as an exact two-double product. xsf sums the same series in double-double
/// arithmetic (and, for a few terms near x ≈ 0, the equivalent alternating upper series); the two
/// agree to about 1e-12 relative for n ≤ 10⁶ (log C(n, v) from `lgamma` limits it). Above n = 10⁶
/// both use xsf's approximation exp(−(6nx + 1)²/(18n)).
enum KolmogorovDistribution {
    /// P(D_n > x) for the two-sided one-sample statistic, scipy's `kstwo.sf(x, n)`: 1 for
    /// x ≤ 1/(2n) (below the support), 0 for x ≥ 1. NaN when n < 1 or x is NaN.
    static func twoSidedSurvival(n: Int, x: Double) -> Double {
        guard n >= 1, !x.isNaN else { return .nan }
        let nd = Double(n)
        if x <= 0.5 / nd { return 1 }
        if x >= 1 { return 0 }
        let t = nd * x
        if t <= 1 {
            // Ruben–Gambino: P(D_n ≤ x) = n!/nⁿ (2t − 1)ⁿ for 1/2n ≤ x ≤ 1/n.
            var cdf: Double
            if n <= 140 {
                cdf = 1
                for i in 1...n { cdf *= Double(i) * (1.0 / nd) * (2 * t - 1) }
            } else {
                cdf = libmExp(logFactorialOverPower(n) + nd * libmLog(2 * t - 1))
            }
            return clip(1 - cdf)
        }
        if t >= nd - 1 { return clip(2 * libmPow(1 - x, nd)) }
        if x >= 0.5 { return clip(2 * smirnovSurvival(n: n, x: x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 { return clip(1 - durbinMatrixCDF(n: n, d: x)) }
            if nxSquared <= 4 { return clip(1 - pomeranzCDF(n: n, x: x)) }
            return clip(2 * smirnovSurvival(n: n, x: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clip(2 * smirnovSurvival(n: n, x: x)) }
        let cdf =
            n <= 100_000 && nd * libmPow(x, 1.5) <= 1.4
            ? durbinMatrixCDF(n: n, d: x) : pelzGoodCDF(n: n, x: x)
        return clip(1 - cdf)
    }

    @inline(__always) static func clip(_ p: Double) -> Double { min(max(p, 0), 1) }

    /// log(n!/nⁿ) by Stirling's series (scipy's `_log_nfactorial_div_n_pow_n`).
    static func logFactorialOverPower(_ n: Int) -> Double {
        let coefficients = [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
            -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ]
        let nd = Double(n)
        let rn = 1.0 / nd
        var poly = 0.0
        for c in coefficients { poly = poly * (rn / nd) + c }
        return libmLog(nd) / 2 - nd + libmLog(2 * Double.pi) / 2 + rn * poly
    }

    static let scaleUp = Double(sign: .plus, exponent: 128, significand: 1)
    static let scaleDown = Double(sign: .plus, exponent: -128, significand: 1)

    /// P(D_n ≤ d) by Durbin's matrix: the (k, k) entry of Hⁿ times n!/nⁿ, with k = ⌈nd⌉ and H of
    /// order 2k − 1 (Marsaglia, Tsang & Wang 2003), powers rescaled by 2¹²⁸ to stay in range.
    static func durbinMatrixCDF(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var factor = 1.0
        for j in 1...m {
            w[j - 1] = factor
            factor /= Double(j)
            v[j - 1] = (1 - libmPow(h, Double(j))) * factor
        }
        let tt = libmPow(max(2 * h - 1, 0), Double(m)) - 2 * libmPow(h, Double(m))
        v[m - 1] = (1 + tt) * factor
        var matrix = [Double](repeating: 0, count: m * m)  // row-major
        for i in 1..<max(m, 1) {
            for r in (i - 1)..<m { matrix[r * m + i] = w[r - (i - 1)] }
        }
        for r in 0..<m { matrix[r * m] = v[r] }
        for c in 0..<m { matrix[(m - 1) * m + c] = v[m - 1 - c] }
        var power = [Double](repeating: 0, count: m * m)
        for i in 0..<m { power[i * m + i] = 1 }
        var remaining = n
        var exponent = 0, matrixExponent = 0
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = multiply(power, matrix, m)
                exponent += matrixExponent
            }
            matrix = multiply(matrix, matrix, m)
            matrixExponent *= 2
            if matrix[(k - 1) * m + (k - 1)].magnitude > scaleUp {
                for i in matrix.indices { matrix[i] /= scaleUp }
                matrixExponent += 128
            }
            remaining /= 2
        }
        var p = power[(k - 1) * m + (k - 1)]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if p.magnitude < scaleDown {
                p *= scaleUp
                exponent -= 128
            }
        }
        if exponent != 0 { p = scaled(p, exponent) }
        return clip(p)
    }

    /// x·2^e (`ldexp`).
    static func scaled(_ x: Double, _ e: Int) -> Double {
        var x = x, e = e
        while e > 1000 {
            x *= Double(sign: .plus, exponent: 1000, significand: 1)
            e -= 1000
        }
        while e < -1000 {
            x *= Double(sign: .plus, exponent: -1000, significand: 1)
            e += 1000
        }
        return x * Double(sign: .plus, exponent: e, significand: 1)
    }

    /// The product of two row-major m × m matrices.
    static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * m)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for i in 0..<m {
                        for l in 0..<m {
                            let x = a[i * m + l]
                            if x == 0 { continue }
                            for j in 0..<m { c[i * m + j] += x * b[l * m + j] }
                        }
                    }
                }
            }
        }
        return c
    }

    /// The column interval [j1, j2] of row i of Pomeranz's recursion (scipy's
    /// `_pomeranz_compute_j1j2`).
    static func pomeranzInterval(_ i: Int, _ n: Int, _ ll: Int, _ ceilf: Int, _ roundf: Int) -> (Int, Int) {
        var j1: Int, j2: Int
        if i == 0 {
            (j1, j2) = (-ll - ceilf - 1, ll + ceilf - 1)
        } else {
            let half = (i + 1) / 2
            if (i + 1) % 2 == 0 {
                if half == n + 1 {
                    (j1, j2) = (n - ll - ceilf - 1, n + ll + ceilf - 1)
                } else {
                    (j1, j2) = (half - 1 - ll - roundf - 1, half + ll - 1 + ceilf - 1)
                }
            } else {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundf - 1)
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// P(D_n ≤ x) by Pomeranz's recursion (1974), scipy's `_kolmogn_Pomeranz`.
    static func pomeranzCDF(n: Int, x: Double) -> Double {
        let nd = Double(n)
        let t = nd * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1 - f)
        let ceilf = f > 0 ? 1 : 0
        let roundf = f > 0.5 ? 1 : 0
        let powers = 2 * (ll + 1)
        var gPower = [Double](repeating: 1, count: powers)
        var twoGPower = [Double](repeating: 1, count: powers)
        var oneMinusTwoGPower = [Double](repeating: 1, count: powers)
        let gn = g / nd, twoGn = 2 * g / nd, oneMinusTwoGn = (1 - 2 * g) / nd
        for m in 1..<max(powers, 1) {
            gPower[m] = gPower[m - 1] * gn / Double(m)
            twoGPower[m] = twoGPower[m - 1] * twoGn / Double(m)
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGn / Double(m)
        }
        var v0 = [Double](repeating: 0, count: powers)
        var v1 = [Double](repeating: 0, count: powers)
        v1[0] = 1
        var v0s = 0, v1s = 0
        var exponent = 0
        var (j1, j2) = pomeranzInterval(0, n, ll, ceilf, roundf)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&v0, &v1)
            swap(&v0s, &v1s)
            for z in v1.indices { v1[z] = 0 }
            (j1, j2) = pomeranzInterval(i, n, ll, ceilf, roundf)
            let p = i == 1 || i == 2 * n + 1 ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower)
            let length = j2 - k1 + 1
            if length > 0 {
                // conv = convolve(V0[k1 − V0s ..< k1 − V0s + length], p[..<length]); keep
                // conv[j1 − k1 ..< j1 − k1 + (j2 − j1 + 1)].
                let start = k1 - v0s
                let a = (0..<length).map { start + $0 >= 0 && start + $0 < v0.count ? v0[start + $0] : 0 }
                let convStart = j1 - k1, convLength = j2 - j1 + 1
                var maximum = -Double.infinity
                for r in 0..<max(convLength, 0) {
                    let index = convStart + r
                    var sum = 0.0
                    for q in 0...max(index, 0) where index >= 0 && q < length && index - q < length { sum += a[q] * p[index - q] }
                    v1[r] = sum
                }
                for value in v1 { maximum = max(maximum, value) }
                if maximum > 0 && maximum < scaleDown {
                    for z in v1.indices { v1[z] *= scaleUp }
                    exponent -= 128
                }
                v1s = v0s + j1 - k1
            }
        }
        var answer = v1[n - v1s]
        for m in 1...n {
            if answer.magnitude > scaleUp {
                answer *= scaleDown
                exponent += 128
            }
            answer *= Double(m)
        }
        if exponent != 0 { answer = scaled(answer, exponent) }
        return clip(answer)
    }

    /// The Pelz–Good (1976) approximation to P(D_n ≤ x): the Li-Chien / Korolyuk expansion
    /// K₀ + K₁/√n + K₂/n + K₃/n^{3/2} in theta-function form (scipy's `_kolmogn_PelzGood`).
    static func pelzGoodCDF(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        var q = libmExp(qlog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * z4 * z4
        var k = SIMD4<Double>(repeating: 0)
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        var kk = maxk
        while kk > 0 {
            let m = Double(2 * kk - 1)
            let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
            let qPower = libmPow(q, Double(8 * kk))
            let coefficients = SIMD4<Double>(
                1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6)
            k = k * qPower + coefficients
            kk -= 1
        }
        k *= q
        k *= sqrt2pi
        k /= SIMD4<Double>(z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4)
        q = libmExp(-pi2 / 2 / z2)
        var k2extra = 0.0, k3extra = 0.0
        let sqrt3z = 3.0.squareRoot() * z
        kk = maxk
        while kk > 0 {
            let ks = Double(kk)
            let ksquared = ks * ks
            let qp = libmPow(q, ksquared)
            k2extra += ksquared * qp
            let kspi = Double.pi * ks
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qp
            kk -= 1
        }
        k[2] += k2extra * (pi2 * sqrt2pi / (-36 * z3))
        k[3] += k3extra * (pi2 * sqrt2pi / (216 * z6))
        let nd = Double(n)
        k /= SIMD4<Double>(1, libmPow(nd, 0.5), nd, libmPow(nd, 1.5))
        return k[0] + k[1] + k[2] + k[3]
    }

    /// P(D_n⁺ > x), scipy's `special.smirnov(n, x)`. NaN outside 0 ≤ x ≤ 1 or for n < 1.
    static func smirnovSurvival(n: Int, x: Double) -> Double {
        guard n > 0, x >= 0, x <= 1 else { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nd = Double(n)
        // n·x = nxHi + nxLo exactly, and its floor and fractional part alpha.
        let nxHi = nd * x
        let nxLo = (-nxHi).addingProduct(nd, x)
        var floorHi = nxHi.rounded(.down), floorLo = 0.0
        if floorHi == nxHi { floorLo = nxLo.rounded(.down) }
        var alpha = (nxHi - floorHi) + (nxLo - floorLo)
        var nxFloor = Int(floorHi) + Int(floorLo)
        if alpha >= 1 {
            nxFloor += 1
            alpha = 0
            floorHi += 1
        }
        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            // x ≤ 1/n: P(D⁺ ≤ x) = x (1 + x)^{n−1}.
            return clip(1 - x * libmExp((nd - 1) * libmLog1p(x)))
        }
        if -2 * nd * x * x < -7.08396418532264106224e2 { return 0 }
        if nxFloor >= n - 1 { return clip(libmPow(1 - x, nd)) }
        if n > 1_000_000 {
            let logp = -libmPow(6 * nd * x + 1, 2) / 18 / nd
            return clip(logp < -0.693_147_180_559_945_309_42 ? libmExp(logp) : 1 + libmExpm1(logp))
        }
        var lastTerm = n - nxFloor - (alpha == 0 ? 0 : 1)
        if alpha == 0 { lastTerm -= 1 }
        guard lastTerm >= 0 else { return 0 }
        let logFactorialN = libmLgamma(nd + 1)
        var logs = [Double](repeating: -.infinity, count: lastTerm + 1)
        var largest = -Double.infinity
        for v in 0...lastTerm {
            let vd = Double(v)
            // 1 − x − v/n = ((n − v) − n·x)/n and x + v/n = (v + n·x)/n without cancellation.
            let below = ((Double(n - v) - nxHi) - nxLo) / nd
            let above = ((vd + nxHi) + nxLo) / nd
            guard below > 0 else { continue }
            let logBinomial = logFactorialN - libmLgamma(vd + 1) - libmLgamma(Double(n - v) + 1)
            let term = logBinomial + Double(n - v) * libmLog(below) + (vd - 1) * libmLog(above)
            logs[v] = term
            largest = max(largest, term)
        }
        guard largest.isFinite else { return 0 }
        var sum = CompensatedSum()
        for term in logs where term > largest - 750 { sum.add(libmExp(term - largest)) }
        return clip(x * libmExp(largest) * sum.value)
    }
}
