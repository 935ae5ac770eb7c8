/// The bins of the average-precision bootstrap, pooled online from runs of equal scores walked from
/// the highest score down (`DescendingPass` per slot, `BinaryGroupState` over its runs): adjacent
/// runs go into bins of about `binWidth` rows, and when `cap` bins are full, pairs of bins merge
/// and the width doubles, so there are never more than `cap`. A group with fewer runs than the cap
/// keeps every run as its own bin.
///
/// A run is (positive rows, negative rows, positive weight, negative weight). The open bin is
/// pushed before a run is added once it holds at least `binWidth` rows.
struct BootstrapBinPool {
    var rowsAbove = 0
    var binStart = 0, binWidth = 1
    var bin = SIMD4<Double>(repeating: 0)

    /// Whether the open bin must be pushed before the next run is added.
    @inline(__always) var isFull: Bool { rowsAbove &- binStart >= binWidth && bin != .zero }

    @inline(__always) mutating func add(_ run: SIMD4<Double>, rows: Int) {
        bin += run
        rowsAbove = rowsAbove &+ rows
    }

    /// Pushes the open bin onto `bins`, halving them (pairs merged) when they reach `cap`.
    mutating func push(into bins: inout [SIMD4<Double>], cap: Int) {
        bins.append(bin)
        bin = .zero
        binStart = rowsAbove
        if bins.count >= cap {
            var merged: [SIMD4<Double>] = []
            merged.reserveCapacity(cap / 2 + 1)
            var i = 0
            while i < bins.count {
                merged.append(i + 1 < bins.count ? bins[i] + bins[i + 1] : bins[i])
                i += 2
            }
            bins = merged
            binWidth *= 2
        }
    }

    /// `bins` with the open bin, if any, appended: the bins after the last run.
    func finished(_ bins: [SIMD4<Double>]) -> [SIMD4<Double>] {
        bin != .zero ? bins + [bin] : bins
    }
}
