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
///
/// The bootstraps' λ is a cell's row count, an integer, and a build meets the same few thousand
/// λ in hundreds of thousands of cells, so the tables of integer λ are built once per process
/// and shared (`PoissonTableBand`); a table depends on λ alone, so a shared table draws exactly
/// what a table built for the cell would. Any other λ is tabulated into this value's scratch.
struct PoissonInversion {
    /// Below this λ the table pays for itself over 200 replicates: about 19√λ terms (860 at the
    /// limit), each a division, against PTRS's cost a draw.
    static let lambdaLimit = 2048.0

    /// Replicates drawn at a time by the bootstraps that draw cell by cell: one table serves a
    /// cell's draws of a block, and a block's drawn copies of every cell stay small whatever
    /// `--bootstrap` asks (the default 200 is one block).
    static let block = 256

    /// Scratch for a λ that is not an integer, grown to the largest table so far: the terms below
    /// the mode (`below`), the cumulative sums of q from the lowest tabulated k, and the guide.
    private var below: [Double] = []
    private var cumulative: [Double] = []
    private var guide: [UInt16] = []

    init() {}

    /// 1/k for k in 1..<`reciprocals.count`: the terms' ratios as multiplications.
    private static let reciprocals: [Double] = (0..<4096).map { $0 == 0 ? 0 : 1 / Double($0) }

    /// An upper bound of the table's size at `lambda` (< `lambdaLimit`): the mode's ⌊λ⌋ + 1 terms
    /// and below, and above it fewer than 24√λ + 128: j steps above the mode a term is at most
    /// exp(−j(j − 1) / (2(λ + j))) (each ratio λ/(m + i) ≤ 1/(1 + (i − 1)/λ)), under 2⁻⁶⁴ by then.
    /// At the limit 3,261, so a guide entry fits in a `UInt16`.
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
    /// (0, `lambdaLimit`). An integer λ draws from its shared table, any other from a table built
    /// into the scratch.
    mutating func draw(
        lambda: Double, count: Int, scale: Double, rng: inout SplitMix64, into out: UnsafeMutablePointer<Double>
    ) {
        precondition(lambda > 0 && lambda < Self.lambdaLimit, "a tabulated λ")
        if lambda == lambda.rounded(.down) {
            let n = Int(lambda), band = PoissonTableBand.band(of: n), i = n - band.first
            let start = band.starts[i], size = band.starts[i + 1] - start
            band.cumulative.withUnsafeBufferPointer { cumulative in
                band.guide.withUnsafeBufferPointer { guide in
                    Self.draw(
                        lowest: band.lowest[i], size: size, cumulative: cumulative.baseAddress! + start,
                        guide: guide.baseAddress! + start, count: count, scale: scale, rng: &rng, into: out)
                }
            }
            return
        }
        let capacity = Self.capacity(lambda: lambda)
        if cumulative.count < capacity {
            below = [Double](repeating: 0, count: capacity)
            cumulative = below
            guide = [UInt16](repeating: 0, count: capacity)
        }
        below.withUnsafeMutableBufferPointer { below in
            cumulative.withUnsafeMutableBufferPointer { cumulative in
                guide.withUnsafeMutableBufferPointer { guide in
                    let (lowest, size) = Self.tabulate(
                        lambda: lambda, capacity: capacity, below: below.baseAddress!, cumulative: cumulative.baseAddress!,
                        guide: guide.baseAddress!)
                    Self.draw(
                        lowest: lowest, size: size, cumulative: cumulative.baseAddress!, guide: guide.baseAddress!,
                        count: count, scale: scale, rng: &rng, into: out)
                }
            }
        }
    }

    /// The table of `lambda` into `cumulative` and `guide` (at least `capacity` each; `below` is
    /// scratch of as many): returns the lowest tabulated k and the number of terms.
    static func tabulate(
        lambda: Double, capacity: Int, below: UnsafeMutablePointer<Double>, cumulative: UnsafeMutablePointer<Double>,
        guide: UnsafeMutablePointer<UInt16>
    ) -> (lowest: Int, size: Int) {
        let tiny = 0x1p-64, mode = Int(lambda), inverse = 1 / lambda
        return reciprocals.withUnsafeBufferPointer { reciprocals in
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
                guide[i] = UInt16(truncatingIfNeeded: j)
            }
            return (lowest, size)
        }
    }

    /// `count` draws from a table of `size` terms from k = `lowest`, each times `scale`.
    static func draw(
        lowest: Int, size: Int, cumulative: UnsafePointer<Double>, guide: UnsafePointer<UInt16>, count: Int,
        scale: Double, rng: inout SplitMix64, into out: UnsafeMutablePointer<Double>
    ) {
        let last = size &- 1, sum = cumulative[last], sizeDouble = Double(size)
        for r in 0..<count {
            let u = rng.nextUnit(), target = u * sum
            var j = Int(guide[min(Int(u * sizeDouble), last)])
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

/// The tables of the integer λ in `first ..< first + width` (λ = 0 has none), built together the
/// first time one of them is asked for and kept for the process: immutable, so every thread
/// reads them without a lock (each band is a `static let`, initialized once).
///
/// Memory is bounded by construction, whatever the data, the replicates or the threads: only the
/// integer λ below `PoissonInversion.lambdaLimit` have tables, and all 2,047 together hold
/// Σ ≈ 19√λ ≈ 1.16 million terms of 10 bytes (a cumulative sum and a 16-bit guide entry),
/// 11.6 MB. No eviction is needed under that bound, and it is reached only by a build whose cells
/// have every size up to 2,047 rows: bands of 256 λ keep a small build to the bands its cells
/// touch (the first holds 50,000 terms, 0.5 MB, built in well under a millisecond). The multiclass
/// bootstrap of a million rows used to build a table per cell, some 200,000 of them, where the
/// bands build at most those 2,047 once.
struct PoissonTableBand: Sendable {
    /// λ per band: the limit is eight bands.
    static let width = 256

    /// The first λ of the band.
    let first: Int
    /// Per λ of the band, the start of its table in `cumulative` and `guide` (and the end).
    let starts: [Int]
    /// Per λ, the lowest tabulated k.
    let lowest: [Int]
    let cumulative: [Double]
    let guide: [UInt16]

    init(first: Int) {
        self.first = first
        var starts = [0], lowest: [Int] = [], cumulative: [Double] = [], guide: [UInt16] = []
        let capacity = PoissonInversion.capacity(lambda: Double(first + Self.width))
        var below = [Double](repeating: 0, count: capacity), table = below
        var tableGuide = [UInt16](repeating: 0, count: capacity)
        for n in first..<first + Self.width {
            var (low, size) = (0, 0)
            if n > 0 {
                (low, size) = PoissonInversion.tabulate(
                    lambda: Double(n), capacity: PoissonInversion.capacity(lambda: Double(n)), below: &below,
                    cumulative: &table, guide: &tableGuide)
            }
            lowest.append(low)
            cumulative += table[..<size]
            guide += tableGuide[..<size]
            starts.append(cumulative.count)
        }
        (self.starts, self.lowest, self.cumulative, self.guide) = (starts, lowest, cumulative, guide)
    }

    private static let band0 = PoissonTableBand(first: 0)
    private static let band1 = PoissonTableBand(first: width)
    private static let band2 = PoissonTableBand(first: 2 * width)
    private static let band3 = PoissonTableBand(first: 3 * width)
    private static let band4 = PoissonTableBand(first: 4 * width)
    private static let band5 = PoissonTableBand(first: 5 * width)
    private static let band6 = PoissonTableBand(first: 6 * width)
    private static let band7 = PoissonTableBand(first: 7 * width)

    /// The band of λ = `n`, in 0 ..< `PoissonInversion.lambdaLimit`.
    static func band(of n: Int) -> PoissonTableBand {
        switch n / width {
        case 0: band0
        case 1: band1
        case 2: band2
        case 3: band3
        case 4: band4
        case 5: band5
        case 6: band6
        case 7: band7
        default: preconditionFailure("λ below the tables' limit")
        }
    }
}
