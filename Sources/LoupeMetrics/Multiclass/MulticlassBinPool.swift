/// The bins of the multiclass rank bootstrap, pooled from one class's walk of runs of equal
/// probability from the top (`MulticlassRanking.passes`), as `BootstrapBinPool` pools the binary
/// task's runs: adjacent runs go into bins of about `binWidth` rows; when `cap` bins are full,
/// pairs merge and the width doubles, so there are never more than `cap`. A walk with fewer runs
/// than the cap keeps every run as its own bin.
///
/// A bin is 2K numbers: the weight of each class's rows, then each class's row count. The open
/// bin is pushed before a run is added once it holds at least `binWidth` rows.
struct MulticlassBinPool {
    let classCount: Int
    let cap: Int
    /// The pushed bins, `2 · classCount` numbers each.
    private(set) var bins: [Double] = []
    private var open: [Double]
    private var rowsAbove = 0, binStart = 0, binWidth = 1

    init(classCount: Int, cap: Int) {
        self.classCount = classCount
        self.cap = max(cap, 2)
        open = [Double](repeating: 0, count: 2 * classCount)
    }

    /// Adds a run: `weight` of class `c`'s rows in it and their `rows`, for each touched class
    /// (`add(class:weight:rows:)`), then `close(runRows:)`. Before the first class of a run,
    /// `startRun()` pushes the open bin when it is full.
    @inline(__always) mutating func startRun() {
        if rowsAbove &- binStart >= binWidth && rowsAbove > binStart { push() }
    }

    @inline(__always) mutating func add(class c: Int, weight: Double, rows: Int) {
        open[c] += weight
        open[classCount + c] += Double(rows)
    }

    @inline(__always) mutating func close(runRows: Int) {
        rowsAbove = rowsAbove &+ runRows
    }

    /// Pushes the open bin, halving the bins (pairs merged) when they reach `cap`.
    private mutating func push() {
        bins += open
        for i in open.indices { open[i] = 0 }
        binStart = rowsAbove
        let width = 2 * classCount
        if bins.count / width >= cap {
            let count = bins.count / width
            var merged: [Double] = []
            merged.reserveCapacity((count / 2 + 1) * width)
            var i = 0
            while i < count {
                for j in 0..<width {
                    merged.append(bins[i * width + j] + (i + 1 < count ? bins[(i + 1) * width + j] : 0))
                }
                i += 2
            }
            bins = merged
            binWidth *= 2
        }
    }

    /// The bins after the last run: the pushed ones and the open one, if it holds rows.
    func finished() -> [Double] {
        rowsAbove > binStart ? bins + open : bins
    }
}
