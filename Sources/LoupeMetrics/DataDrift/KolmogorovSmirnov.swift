/// The two-sample Kolmogorov–Smirnov test, two-sided, exactly as scipy's
/// `ks_2samp(reference, current, alternative="two-sided", method="auto")`.
///
/// The statistic is D = max(D⁺, D⁻) over the pooled values of F_ref(x) − F_cur(x), each ECDF as
/// count/n (`searchsorted(side="right")`), D⁻ clipped to [0, 1]; D⁻ wins only when strictly larger.
///
/// The p-value, as scipy's `method="auto"`:
/// - **exact** when max(n, m) ≤ 10 000: h = round-half-even(D · lcm(n, m)) and D is replaced by
///   h/lcm (so the reported statistic is that rounded value, as scipy's); h = 0 gives p = 1; equal
///   sizes use the alternating series of `_compute_prob_outside_square`, others the lattice-path
///   recursion of `_compute_outer_prob_inside_method` (Hodges 1958; Viehmann 2021). A result outside
///   [0, 1] (or NaN) falls back to the asymptotic p-value with the rounded D, as scipy does
///   (it warns).
/// - **asymptotic** otherwise: P(D_N > D) for the one-sample two-sided distribution
///   (`kstwo.sf(D, N)`) with N = round-half-even(n·m/(n + m)), see `KolmogorovDistribution`.
///
/// The p-value is clipped to [0, 1]. Unweighted; the samples must not contain NaN.
public struct KolmogorovSmirnov: Sendable, Equatable {
    /// How the p-value was computed.
    public enum Method: String, Sendable {
        case exact
        case asymptotic
    }

    /// The largest distance between the two ECDFs (in exact mode, rounded to a multiple of
    /// 1/lcm(n, m) as scipy reports it).
    public let statistic: Double
    public let pValue: Double
    public let method: Method

    /// scipy's `MAX_AUTO_N`: the exact p-value is attempted up to this sample size.
    public static let exactLimit = 10_000

    /// `nil` when either sample is empty (scipy raises).
    public init?(reference: SortedSample, current: SortedSample) {
        let result = reference.values.withUnsafeBufferPointer { a in
            current.values.withUnsafeBufferPointer { b in KolmogorovSmirnov(sortedReference: a, sortedCurrent: b) }
        }
        guard let result else { return nil }
        self = result
    }

    /// From two ascending samples without NaN; `nil` when either is empty.
    public init?(sortedReference a: UnsafeBufferPointer<Double>, sortedCurrent b: UnsafeBufferPointer<Double>) {
        let n1 = a.count, n2 = b.count
        guard n1 > 0, n2 > 0 else { return nil }
        let d1 = Double(n1), d2 = Double(n2)
        var i = 0, j = 0
        var maxDifference = -Double.infinity, minDifference = Double.infinity
        while i < n1 || j < n2 {
            let v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
            while i < n1 && a[i] <= v { i += 1 }
            while j < n2 && b[j] <= v { j += 1 }
            let difference = Double(i) / d1 - Double(j) / d2
            maxDifference = max(maxDifference, difference)
            minDifference = min(minDifference, difference)
        }
        self.init(referenceCount: n1, currentCount: n2, largestDifference: maxDifference, smallestDifference: minDifference)
    }

    /// From the largest and smallest of F_reference − F_current, each as `Double(i) / n1 −
    /// Double(j) / n2` with i and j the counts at or below a value, over the values of both
    /// samples (the merge above; monitoring computes them in one pass for many windows).
    /// `nil` when either sample is empty.
    public init?(
        referenceCount n1: Int, currentCount n2: Int, largestDifference maxDifference: Double,
        smallestDifference minDifference: Double
    ) {
        guard n1 > 0, n2 > 0 else { return nil }
        let d1 = Double(n1), d2 = Double(n2)
        let minS = min(max(-minDifference, 0), 1)
        var d = minS > maxDifference ? minS : maxDifference
        if max(n1, n2) <= KolmogorovSmirnov.exactLimit {
            let g = KolmogorovSmirnov.gcd(n1, n2)
            let lcm = (n1 / g) * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            d = Double(h) / Double(lcm)
            if h == 0 {
                self.init(statistic: d, pValue: 1, method: .exact)
                return
            }
            let p =
                n1 == n2
                ? KolmogorovSmirnov.probabilityOutsideSquare(n: n1, h: h)
                : KolmogorovSmirnov.probabilityOutsideInside(n1, n2, g: g, h: h)
            if p >= 0 && p <= 1 {
                self.init(statistic: d, pValue: p, method: .exact)
                return
            }
        }
        let (m, n) = (max(d1, d2), min(d1, d2))
        let en = (m * n / (m + n)).rounded(.toNearestOrEven)
        guard en >= 1 else { return nil }
        let p = KolmogorovDistribution.twoSidedSurvival(n: Int(en), x: d)
        guard !p.isNaN else { return nil }
        self.init(statistic: d, pValue: min(max(p, 0), 1), method: .asymptotic)
    }

    init(statistic: Double, pValue: Double, method: Method) {
        self.statistic = statistic
        self.pValue = pValue
        self.method = method
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// P(D_{n,n} ≥ h/n) = 2 Σ_k (−1)^{k+1} C(2n, n − kh)/C(2n, n), in scipy's Horner form
    /// 2·A₀(1 − A₁(1 − A₂(…))) with each ratio built from h factors.
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h { p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1) }
            p = p1 * (1 - p)
            k -= 1
        }
        return 2 * p
    }

    /// The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm,
    /// by the recursion for 1 − p over a sliding window of one column (scipy's
    /// `_compute_outer_prob_inside_method`).
    static func probabilityOutsideInside(_ m: Int, _ n: Int, g: Int, h: Int) -> Double {
        let (m, n) = m < n ? (n, m) : (m, n)
        let mg = m / g, ng = n / g
        var minj = 0
        var maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var currentLength = maxj - minj
        let length = min(2 * maxj + 2, n + 1)
        var column = [Double](repeating: 1, count: length)
        for index in minj..<min(maxj, length) { column[index] = 0 }
        for i in 1...m {
            let lastMinj = minj, lastLength = currentLength
            minj = max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
            minj = min(minj, n)
            maxj = min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
            if maxj <= minj { return 1 }
            var value = minj == 0 ? 0.0 : 1.0
            let di = Double(i)
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                value = (column[jj + minj - lastMinj] * di + value * Double(j)) / Double(i + j)
                column[jj] = value
            }
            currentLength = maxj - minj
            if lastLength > currentLength {
                for index in currentLength..<min(currentLength + lastLength - currentLength, length) {
                    column[index] = 1
                }
            }
        }
        return column[maxj - minj - 1]
    }
}
