/// The `RowTerms` of rows read in order (row 0, 1, 2, …), computed a block of rows at a time,
/// class by class.
///
/// Probabilities are stored a column per class (`ClassProbabilities`). A row's terms computed
/// row by row read the k columns in step, one value from each per row; a block of rows computed
/// class by class reads each column in sequence and updates every row's running argmax, rank
/// and Brier sum in a short loop without dependencies between rows. Each row still takes its
/// classes in order 0, 1, …, k − 1, so its terms are exactly those of `RowTerms.init`.
struct RowTermsCursor {
    static let blockRows = 256

    private let p: UnsafePointer<UnsafePointer<Double>>, labels: UnsafePointer<Int32>
    private let k: Int, rowCount: Int
    private let argmaxOnly: Bool
    /// The block's rows, a buffer per term (so the class loop is the same few operations on
    /// every row, without branches): the best probability, its class, the true class's
    /// probability and rank, the Brier sum, the log-loss term.
    private let best: UnsafeMutablePointer<Double>, argmax: UnsafeMutablePointer<Int>
    private let trueProbability: UnsafeMutablePointer<Double>, rank: UnsafeMutablePointer<Int>
    private let brier: UnsafeMutablePointer<Double>, loss: UnsafeMutablePointer<Double>
    private var start = 0, end = 0

    /// Every term of each row; `p`: the columns' addresses (`ClassProbabilities.withColumns`),
    /// valid while this is used, as `labels`.
    init(_ p: UnsafePointer<UnsafePointer<Double>>, labels: UnsafeBufferPointer<Int32>, classCount k: Int) {
        // Without rows nothing is read; any aligned address stands for the labels.
        let base = labels.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Int32>.alignment)!
        self.init(p, labels: base, rowCount: labels.count, classCount: k, argmaxOnly: false)
    }

    /// Only each row's `argmax` and `best` (the other terms are left 0), which need no labels.
    init(argmaxOf p: UnsafePointer<UnsafePointer<Double>>, rowCount: Int, classCount k: Int) {
        let none = UnsafePointer<Int32>(bitPattern: MemoryLayout<Int32>.alignment)!
        self.init(p, labels: none, rowCount: rowCount, classCount: k, argmaxOnly: true)
    }

    private init(
        _ p: UnsafePointer<UnsafePointer<Double>>, labels: UnsafePointer<Int32>, rowCount: Int, classCount k: Int,
        argmaxOnly: Bool
    ) {
        self.p = p
        self.labels = labels
        self.k = k
        self.rowCount = rowCount
        self.argmaxOnly = argmaxOnly
        let n = Self.blockRows
        (best, trueProbability, brier, loss) = (
            .allocate(capacity: n), .allocate(capacity: n), .allocate(capacity: n), .allocate(capacity: n)
        )
        (argmax, rank) = (.allocate(capacity: n), .allocate(capacity: n))
        for r in 0..<n {
            (brier[r], loss[r], rank[r]) = (0, 0, 0)
        }
    }

    /// Frees the block; call once, when done.
    func deallocate() {
        for buffer in [best, trueProbability, brier, loss] { buffer.deallocate() }
        argmax.deallocate()
        rank.deallocate()
    }

    /// Row `i`'s terms; rows are meant to be asked for in order (any other order is correct, but
    /// recomputes blocks).
    @inline(__always)
    mutating func terms(row i: Int) -> MulticlassAccumulator.RowTerms {
        if i >= end || i < start { load(from: i) }
        let r = i &- start
        return MulticlassAccumulator.RowTerms(
            argmax: argmax[r], rank: rank[r], best: best[r], brier: brier[r], loss: loss[r])
    }

    private mutating func load(from first: Int) {
        precondition(first >= 0 && first < rowCount, "a row of the data")
        start = first
        end = min(first + Self.blockRows, rowCount)
        let count = end - start, start = start, labels = labels + start
        // Four rows at a time, as vectors, with masks in place of branches (which row's class
        // wins is data, unpredictable); the tail row by row, the same operations.
        typealias D = SIMD4<Double>
        typealias I = SIMD4<Int64>
        let quads = count / 4
        let best = UnsafeMutableRawPointer(best), argmax = UnsafeMutableRawPointer(argmax)
        let py = UnsafeMutableRawPointer(trueProbability), rank = UnsafeMutableRawPointer(rank)
        let brier = UnsafeMutableRawPointer(brier)
        let zero = UnsafeRawPointer(p[0] + start)
        for q in 0..<quads {
            best.storeBytes(of: zero.loadUnaligned(fromByteOffset: q &* 32, as: D.self), toByteOffset: q &* 32, as: D.self)
            argmax.storeBytes(of: I(), toByteOffset: q &* 32, as: I.self)
        }
        if !argmaxOnly {
            for r in 0..<count { self.trueProbability[r] = p[Int(labels[r])][start &+ r] }
            for q in 0..<quads {
                rank.storeBytes(of: I(), toByteOffset: q &* 32, as: I.self)
                brier.storeBytes(of: D(), toByteOffset: q &* 32, as: D.self)
            }
        }
        for c in (argmaxOnly ? 1 : 0)..<k {
            let column = UnsafeRawPointer(p[c] + start), classVector = I(repeating: Int64(c))
            for q in 0..<quads {
                let o = q &* 32
                let v = column.loadUnaligned(fromByteOffset: o, as: D.self)
                let b = best.loadUnaligned(fromByteOffset: o, as: D.self)
                let better = v .> b
                best.storeBytes(of: b.replacing(with: v, where: better), toByteOffset: o, as: D.self)
                let a = argmax.loadUnaligned(fromByteOffset: o, as: I.self)
                argmax.storeBytes(of: a.replacing(with: classVector, where: better), toByteOffset: o, as: I.self)
                if argmaxOnly { continue }
                let l = labels + q &* 4
                let y = I(Int64(l[0]), Int64(l[1]), Int64(l[2]), Int64(l[3]))
                let t = py.loadUnaligned(fromByteOffset: o, as: D.self)
                let counted = (v .> t) .| ((v .== t) .& (classVector .> y))
                let r = rank.loadUnaligned(fromByteOffset: o, as: I.self)
                rank.storeBytes(of: r &+ I().replacing(with: 1, where: counted), toByteOffset: o, as: I.self)
                let d = v - D().replacing(with: 1, where: classVector .== y)
                let sum = brier.loadUnaligned(fromByteOffset: o, as: D.self)
                brier.storeBytes(of: sum + d * d, toByteOffset: o, as: D.self)
            }
        }
        for r in (quads &* 4)..<count {
            let t = MulticlassAccumulator.RowTerms(self.p, row: start &+ r, classCount: k, label: argmaxOnly ? 0 : Int(labels[r]))
            (self.best[r], self.argmax[r]) = (t.best, t.argmax)
            if !argmaxOnly { (self.rank[r], self.brier[r], self.loss[r]) = (t.rank, t.brier, t.loss) }
        }
        if argmaxOnly { return }
        for r in 0..<(quads &* 4) { loss[r] = MulticlassAccumulator.RowTerms.logLoss(trueProbability[r]) }
    }
}
