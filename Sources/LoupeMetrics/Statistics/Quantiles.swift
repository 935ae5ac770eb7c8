/// Order statistics for binning numeric slicing columns, by selection rather than a full sort.
public enum Quantiles {
    /// Edges of `bins` quantile bins of the finite values: the minimum, the values of rank
    /// ⌊i·(n−1)/bins⌋ for i = 1…bins−1, and the maximum, with repeated edges removed (a column
    /// with many equal values yields fewer bins).
    public static func edges(_ values: [Double], bins: Int) -> [Double] {
        var finite = values.filter { $0.isFinite }
        guard !finite.isEmpty else { return [] }
        let n = finite.count
        var edges: [Double] = []
        for i in 0...bins {
            let rank = i == bins ? n - 1 : i * (n - 1) / bins
            edges.append(select(&finite, rank: rank))
        }
        var unique: [Double] = []
        for edge in edges.sorted() where unique.last != edge { unique.append(edge) }
        return unique
    }

    /// The distinct finite values in ascending order, or nil when there are more than `limit`.
    public static func distinctValues(_ values: [Double], atMost limit: Int) -> [Double]? {
        var seen: Set<Double> = []
        for v in values where v.isFinite {
            if seen.insert(v).inserted, seen.count > limit { return nil }
        }
        return seen.sorted()
    }

    /// The element of rank `rank` (0-based) in ascending order; reorders `values` (Hoare's
    /// selection with median-of-three pivots, linear on average).
    public static func select(_ values: inout [Double], rank: Int) -> Double {
        var lo = 0, hi = values.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let pivot = [values[lo], values[mid], values[hi]].sorted()[1]
            var i = lo, j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return values[rank] }
        }
        return values[rank]
    }
}
