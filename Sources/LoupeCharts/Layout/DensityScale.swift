/// Shading for a 2-D histogram: the positive counts are mapped onto a few opacity levels by
/// their logarithm, so cells of 10 and 10,000 rows both stay visible and the key can show
/// every level the plot uses.
///
/// With `lo`/`hi` the smallest and largest positive finite counts, a count `c` has
/// `t = (ln c − ln lo) / (ln hi − ln lo)` (1 when `lo == hi`) and level `min(levels − 1, ⌊t · levels⌋)`.
/// Zero, negative and non-finite counts have no level: they are not drawn.
struct DensityScale {
    static let levels = 6

    /// Smallest and largest positive finite count; `nil` when there is none.
    let range: (lo: Double, hi: Double)?

    init(counts: [Double]) {
        let positive = counts.filter { $0.isFinite && $0 > 0 }
        if let lo = positive.min(), let hi = positive.max() { range = (lo, hi) } else { range = nil }
    }

    /// The level of `count`, `0..<levels`, or `nil` when it is not drawn.
    func level(_ count: Double) -> Int? {
        guard let range, count.isFinite, count > 0 else { return nil }
        let span = DensityScale.naturalLog(range.hi) - DensityScale.naturalLog(range.lo)
        guard span > 0 else { return DensityScale.levels - 1 }
        let t = (DensityScale.naturalLog(count) - DensityScale.naturalLog(range.lo)) / span
        return Swift.min(DensityScale.levels - 1, Swift.max(0, Int((t * Double(DensityScale.levels)).rounded(.down))))
    }

    /// Fill opacity of a level: from 0.25 (fewest rows; still visible on a dark page) to 1 (most).
    static func opacity(_ level: Int) -> Double {
        0.25 + 0.75 * Double(level) / Double(levels - 1)
    }

    /// ln x for finite x > 0 (else `nan`), without Foundation: x = m · 2^e with m in [1, 2), and
    /// ln m = 2 atanh(s) with s = (m − 1)/(m + 1) < 1/3, summed to about 1e-17.
    static func naturalLog(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else { return .nan }
        let m = x.significand
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        for k in stride(from: 1, through: 41, by: 2) {
            sum += term / Double(k)
            term *= s2
        }
        return 2 * sum + Double(x.exponent) * 0.693_147_180_559_945_3
    }
}
