/// Many Poisson(λ) draws of one λ by inversion of its tabulated distribution: one uniform and
/// about two comparisons a draw, after a table of about 19√λ terms. The bootstrap draws a
/// cell's copies for every replicate at once, so for a cell of moderate λ the table is paid
/// for many times over: `PoissonSampler`'s rejection (PTRS) takes two uniforms, a division and,
/// for a quarter to a third of its candidates at these λ, three logarithms a draw.
///
/// The table holds q(k) = P(k) / P(m) around the mode m = ⌊λ⌋, from the ratios of neighbours,
/// q(k − 1) = q(k)·k/λ and q(k + 1) = q(k)·λ/(k + 1), so no exp or log is needed, and it stops on
/// each side at the first term below 2⁻⁶⁴ (the mass beyond is below 2⁻⁶⁰ of the total, far under
/// the 2⁻⁵³ resolution of a uniform). A draw returns the smallest k whose cumulative sum
/// exceeds u × Σq: inversion, exact up to the rounding of the table, as the product-of-uniforms
/// inversion `PoissonSampler` uses below λ = 10. A guide table (Chen and Asau 1974) points each
/// of as many equal slices of [0, 1) as terms at its first candidate. Draws depend on the seed
/// only (the guide starts the search, never changes its result).
struct PoissonInversion {
    /// Below this λ the table pays for itself over 200 replicates: about 19√λ terms (860 at the
    /// limit), each a division, against PTRS's cost a draw.
    static let lambdaLimit = 2048.0

    /// Replicates drawn at a time by the bootstraps that draw cell by cell: one table serves a
    /// cell's draws of a block, and a block's drawn copies of every cell stay small whatever
    /// `--bootstrap` asks (the default 200 is one block).
    static let block = 256

    /// Scratch, grown to the largest table so far: the terms below the mode (`below`), the
    /// cumulative sums of q from the lowest tabulated k, and the guide.
    private var below: [Double] = []
    private var cumulative: [Double] = []
    private var guide: [Int] = []

    init() {}

    /// 1/k for k in 1..<`reciprocals.count`: the terms' ratios as multiplications.
    private static let reciprocals: [Double] = (0..<4096).map { $0 == 0 ? 0 : 1 / Double($0) }

    /// An upper bound of the table's size at `lambda` (< `lambdaLimit`): the mode's ⌊λ⌋ + 1 terms
    /// and below, and above it fewer than 24√λ + 128: j steps above the mode a term is at most
    /// exp(−j(j − 1) / (2(λ + j))) (each ratio λ/(m + i) ≤ 1/(1 + (i − 1)/λ)), under 2⁻⁶⁴ by then.
    static func capacity(lambda: Double) -> Int { Int(lambda) + 129 + Int(24 * lambda.squareRoot()) }

    /// `count` copies of a cell of `rows` rows, each times `scale`, into `out`: Poisson(rows)
    /// from the table below `lambdaLimit`, from `PoissonSampler`'s rejection above (where a
    /// table would cost more than the draws); zeros without rows.
    mutating func copies(
        rows: Double, count: Int, scale: Double, rng: inout SplitMix64, into out: UnsafeMutablePointer<Double>
    ) {
        if rows <= 0 {
            out.update(repeating: 0, count: count)
        } else if rows < Self.lambdaLimit {
            draw(lambda: rows, count: count, scale: scale, rng: &rng, into: out)
        } else {
            let sampler = PoissonSampler(lambda: rows)
            for r in 0..<count { out[r] = sampler.draw(&rng) * scale }
        }
    }

    /// `count` draws of Poisson(`lambda`), each times `scale`, into `out`; `lambda` in
    /// (0, `lambdaLimit`).
    mutating func draw(
        lambda: Double, count: Int, scale: Double, rng: inout SplitMix64, into out: UnsafeMutablePointer<Double>
    ) {
        precondition(lambda > 0 && lambda < Self.lambdaLimit, "a tabulated λ")
        let capacity = Self.capacity(lambda: lambda)
        if cumulative.count < capacity {
            below = [Double](repeating: 0, count: capacity)
            cumulative = below
            guide = [Int](repeating: 0, count: capacity)
        }
        let tiny = 0x1p-64, mode = Int(lambda), inverse = 1 / lambda
        Self.reciprocals.withUnsafeBufferPointer { reciprocals in
            below.withUnsafeMutableBufferPointer { below in
                cumulative.withUnsafeMutableBufferPointer { cumulative in
                    guide.withUnsafeMutableBufferPointer { guide in
                        // q(m − 1), q(m − 2), …, q(lowest) into below[0...].
                        var q = 1.0, k = mode, belowCount = 0
                        while k > 0 {
                            q *= Double(k) * inverse
                            if q < tiny { break }
                            below[belowCount] = q
                            belowCount &+= 1
                            k &-= 1
                        }
                        let lowest = k
                        var sum = 0.0, size = 0
                        while size < belowCount {
                            sum += below[belowCount &- 1 &- size]
                            cumulative[size] = sum
                            size &+= 1
                        }
                        sum += 1
                        cumulative[size] = sum
                        size &+= 1
                        q = 1
                        k = mode &+ 1
                        while true {
                            q *= lambda * reciprocals[k]
                            if q < tiny { break }
                            sum += q
                            precondition(size < capacity, "the table's bound")
                            cumulative[size] = sum
                            size &+= 1
                            k &+= 1
                        }
                        let slice = sum / Double(size), last = size &- 1
                        var j = 0
                        for i in 0..<size {
                            let start = Double(i) * slice
                            while j < last && cumulative[j] <= start { j &+= 1 }
                            guide[i] = j
                        }
                        let sizeDouble = Double(size)
                        for r in 0..<count {
                            let u = rng.nextUnit(), target = u * sum
                            var j = guide[min(Int(u * sizeDouble), last)]
                            // The guide only starts the search: the walks find the smallest j with
                            // cumulative[j] > target whatever the rounding of the slices' bounds.
                            // Most slices lie inside one term near the mode, so the first step up
                            // is taken without a branch and the loops rarely run.
                            while j > 0 && cumulative[j &- 1] > target { j &-= 1 }
                            j &+= j < last && cumulative[j] <= target ? 1 : 0
                            while j < last && cumulative[j] <= target { j &+= 1 }
                            out[r] = Double(lowest &+ j) * scale
                        }
                    }
                }
            }
        }
    }
}
