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

/// `MulticlassBinPool` for many slots at once, as `MulticlassRanking.slotPasses` feeds them (one
/// slot's walk after another): the same bins, pushed and merged the same way, but every slot's
/// state lives in flat buffers allocated once, so a row's update is a few stores, not a
/// copy-on-write check of an array of structs holding arrays. The walk counts its rows itself
/// and adds to the open bin through `open(slot:)`. Call `deallocate()` when done.
struct MulticlassBinPools {
    let classCount: Int, cap: Int, slotCount: Int
    /// Per slot: `cap` bins of `2 · classCount` numbers (a slot holds fewer than `cap` between
    /// pushes: reaching `cap` merges them to half), then the open bin.
    private let bins: UnsafeMutablePointer<Double>
    /// Per slot: pushed bins, rows above, the open bin's first row, the bin width.
    private let state: UnsafeMutablePointer<Int>
    private let width: Int, stride: Int

    init(classCount: Int, cap: Int, slotCount: Int) {
        self.classCount = classCount
        self.cap = max(cap, 2)
        self.slotCount = slotCount
        width = 2 * classCount
        stride = (self.cap + 1) * width
        bins = .filled(with: 0, count: slotCount * stride)
        state = .filled(with: 0, count: 4 * slotCount)
        for s in 0..<slotCount { state[4 * s + 3] = 1 }
    }

    func deallocate() {
        bins.deallocate()
        state.deallocate()
    }

    /// As `MulticlassBinPool.startRun` for slot `s`, given the rows of its runs so far (the
    /// walk counts them itself: `close` is this record of them).
    @inline(__always) func startRun(slot s: Int, rowsAbove: Int) {
        let pushing = pushes(slot: s, rowsAbove: rowsAbove)
        state[4 * s + 1] = rowsAbove
        if pushing { push(slot: s) }
    }

    /// Whether `startRun(slot: s, rowsAbove:)` pushes the open bin (it is full).
    @inline(__always) func pushes(slot s: Int, rowsAbove: Int) -> Bool {
        let st = state + 4 * s
        return rowsAbove &- st[2] >= st[3] && rowsAbove > st[2]
    }

    /// The fewest rows above at which `startRun` pushes slot `s`'s open bin (`pushes`: the bin
    /// width is at least 1), until it next pushes: a walk that fills the open bin only before a
    /// push (`MulticlassRanking.unitWalk`) calls `startRun` only from there.
    @inline(__always) func pushThreshold(slot s: Int) -> Int {
        state[4 * s + 2] &+ state[4 * s + 3]
    }

    /// Slot `s`'s open bin, for `MulticlassBinPool.add`: `open[c] += weight`,
    /// `open[classCount + c] += Double(rows)`.
    @inline(__always) func open(slot s: Int) -> UnsafeMutablePointer<Double> {
        bins + s * stride + cap * width
    }

    /// As `MulticlassBinPool.close` after slot `s`'s last run: the rows of all its runs.
    @inline(__always) func close(slot s: Int, rowsAbove: Int) {
        state[4 * s + 1] = rowsAbove
    }

    private func push(slot s: Int) {
        let st = state + 4 * s, base = bins + s * stride, open = base + cap * width
        let pushed = base + st[0] * width
        for j in 0..<width {
            pushed[j] = open[j]
            open[j] = 0
        }
        st[0] += 1
        st[2] = st[1]
        let count = st[0]
        if count >= cap {
            // Pairs merged in place, as `MulticlassBinPool.push` (an odd last bin + 0).
            var i = 0, out = 0
            while i < count {
                for j in 0..<width {
                    base[out * width + j] = base[i * width + j] + (i + 1 < count ? base[(i + 1) * width + j] : 0)
                }
                i += 2
                out += 1
            }
            st[0] = out
            st[3] *= 2
        }
    }

    /// As `MulticlassBinPool.finished` for slot `s`.
    func finished(slot s: Int) -> [Double] {
        let st = state + 4 * s, base = bins + s * stride
        let count = st[0] + (st[1] > st[2] ? 1 : 0)
        var out = [Double](repeating: 0, count: count * width)
        for j in 0..<(st[0] * width) { out[j] = base[j] }
        if st[1] > st[2] {
            let open = base + cap * width
            for j in 0..<width { out[st[0] * width + j] = open[j] }
        }
        return out
    }
}
