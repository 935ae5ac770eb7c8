/// Two multiclass models on the same rows, compressed per group of every grouping for their paired
/// comparison: the joint confusion cells (true class, candidate's class, baseline's class) and,
/// with probabilities, per class the joint rank-bin cells (candidate's bin, baseline's bin,
/// positive) of the one-vs-rest scores — filled in one pass over the rows, so a replicate costs
/// the number of occupied cells, not the rows.
///
/// * `accuracy` (and `micro_f1`, which equals it for single-label rows): McNemar's test
///   (`McNemar.compare`) on the discordant weights b = Σw[y = a ≠ b], c = Σw[y = b ≠ a] — exact,
///   no resampling.
/// * The confusion-matrix metrics (`confusionMetrics`: balanced accuracy, macro and weighted
///   precision, recall and F1, Cohen's kappa, MCC): a paired Poisson bootstrap on the K³ joint
///   cells. A cell of n rows and weight W receives Poisson(n) copies of weight W/n each, and both
///   models' K×K matrices are read off the same drawn cells, so the pairing is kept. Without
///   weights this is exactly the per-row Poisson(1) bootstrap (a sum of n independent Poisson(1)
///   is Poisson(n), and rows of one cell are interchangeable for these metrics); with weights the
///   copies carry the cell's mean weight, as the one-model intervals (`MulticlassEvaluator`).
/// * `macro_ovr_auc` and `weighted_ovr_auc`: per class c, each model's p_c is mapped to one of
///   `rankBins` bins by a monotone table (`RankBins`): cut at the quantiles of the class's
///   positives and negatives mixed half and half, so the bins resolve where the two overlap. A
///   replicate must reweight a row in every class at once (a row is a positive of its class and
///   a negative of all others, so the classes' AUC differences covary), so the rows are not
///   pooled per class: a group of at least `denseRows` rows is split into random cells of rows
///   (`RegressionPass.cell(ofRow:seed:)`, 64 per group, 256 for the whole data) each holding both
///   models' bin histograms of every class (positives and negatives), and a smaller group keeps
///   each row's class, weight and bins. A replicate gives each cell (or row) a Poisson(1)
///   multiplicity, sums the histograms, and recomputes each model's one-vs-rest AUCs from its
///   bins (ties within a bin by the trapezoid rule), averaged over the classes with positives
///   and negatives (macro) or by support (weighted). Binning ties scores, so the replicates
///   centre on the binned difference; the interval is the bias-corrected percentile interval
///   (`Intervals.biasCorrected`), moved to centre on the exact difference of the two models'
///   evaluations, which the comparison reports.
/// Differences, intervals and p-values follow `PairedBootstrap.difference`. Each group draws from
/// its own SplitMix64 stream (`BinaryEvaluator.streamSeed`), so results do not depend on threads.
public struct PairedMulticlassCells: Sendable {
    /// The confusion-matrix metrics the joint cells compare, in the order `confusionValues` yields.
    static let confusionMetrics = [
        "balanced_accuracy", "macro_precision", "macro_recall", "macro_f1", "weighted_precision", "weighted_recall",
        "weighted_f1", "cohen_kappa", "mcc",
    ]
    /// The AUCs the rank bins compare.
    static let rankMetrics = ["macro_ovr_auc", "weighted_ovr_auc"]
    /// Rank bins per model and class.
    static let rankBins = 32

    public let classCount: Int
    /// Whether both models gave probabilities (otherwise there are no rank cells).
    public let ranked: Bool
    let weighted: Bool
    /// Per slot (grouping, `nil` the whole data): its groups and its first global group.
    public let groupCounts: [Int]
    let slotBase: [Int]
    /// Per global group: rows, Σw, Σw².
    let rowCounts: [Int]
    let squaredWeights: [Double]
    /// Per global group, K³ (weight, rows) pairs: `[(group·K³ + (y·K + a)·K + b)·2]`.
    let joint: [Double]
    /// Rank histograms of the groups of at least `denseRows` rows: per global group its first
    /// cell in `rankCells` (−1 for a smaller group) and its number of cells; each cell
    /// `rankLanes` weights, lane `((c·2 + model)·2 + positive)·B + bin`.
    let rankOffset: [Int]
    let rankCellCount: [Int]
    /// With weights (or more than `countedRows` rows) the cells' weights, else their row counts in
    /// `rankCounts` (the other array empty): half the bytes for the replicates to read, and the
    /// counts' sums are exact integers in any order.
    let rankCells: [Double]
    let rankCounts: [UInt32]
    /// The most rows whose rank cells are counted: a replicate's sum of a lane, at most the rows
    /// times the largest Poisson(1) draw, stays below 2³².
    static var countedRows: Int { Int(UInt32.max) / (PoissonOne.shared.thresholds.count + 1) }
    /// Every rank cell's weight, from whichever array holds them (for tests).
    var rankCellValues: [Double] { rankCounts.isEmpty ? rankCells : rankCounts.map(Double.init) }
    /// The rows of the smaller groups: per global group, per row its class, weight and the bins
    /// of every class under both models (`[row·2K + model·K + c]`).
    let sparseClasses: [[Int32]]
    let sparseWeights: [[Double]]
    let sparseBins: [[UInt8]]
    /// A group with at least this many rows keeps random cells of rows, a smaller one its rows:
    /// a replicate of the cells costs 64 cells × `rankLanes`, of the rows 2K per row.
    public static let denseRows = 4096
    var rankLanes: Int { classCount * 2 * 2 * Self.rankBins }

    /// One pass over the rows. `candidate` and `baseline` are the two models' outputs for the rows
    /// of `labels` (codes in `0..<classCount`); a row whose code in a grouping is at or above the
    /// grouping's group count belongs to no group of it.
    public init(
        labels: [Int32], classCount k: Int, candidate: MulticlassPredictions, baseline: MulticlassPredictions,
        weights: [Double]?, groupings: [Grouping?], seed: UInt64, denseRows: Int = Self.denseRows
    ) {
        let n = labels.count
        classCount = k
        weighted = weights != nil
        var counts: [Int] = [], bases: [Int] = [], total = 0
        for grouping in groupings {
            let count = grouping.map { max($0.groupCount, 0) } ?? 1
            counts.append(count)
            bases.append(total)
            total += count
        }
        groupCounts = counts
        slotBase = bases
        let bins = Self.rankBins
        var tables: (RankBins, RankBins)?
        if case .probabilities(let pa) = candidate, case .probabilities(let pb) = baseline {
            tables = (
                RankBins(labels: labels, probabilities: pa, classCount: k),
                RankBins(labels: labels, probabilities: pb, classCount: k)
            )
        }
        ranked = tables != nil
        let k3 = k * k * k, lanes = k * 2 * 2 * bins
        var joint = [Double](repeating: 0, count: total * k3 * 2)
        var rows = [Int](repeating: 0, count: total), squares = [Double](repeating: 0, count: total)
        for (s, grouping) in groupings.enumerated() {
            guard let grouping else {
                rows[bases[s]] = n
                continue
            }
            for c in grouping.codes where Int(c) < counts[s] { rows[bases[s] + Int(c)] += 1 }
        }
        // Random cells for the large groups (64 a group, 256 for the whole data), rows for the others.
        var rankOffset = [Int](repeating: -1, count: total), rankCellCount = [Int](repeating: 0, count: total)
        var shift = [Int](repeating: 0, count: total)
        var cellTotal = 0
        for s in groupings.indices {
            for g in bases[s]..<bases[s] + counts[s] where tables != nil && rows[g] >= denseRows {
                let bits = groupings[s] == nil ? RegressionPass.cellBits : PairedCells.groupCellBits
                rankOffset[g] = cellTotal
                rankCellCount[g] = 1 << Int(bits)
                shift[g] = Int(RegressionPass.cellBits - bits)
                cellTotal += rankCellCount[g]
            }
        }
        let counted = weights == nil && n <= Self.countedRows
        var rankCells = [Double](repeating: 0, count: counted ? 0 : cellTotal * lanes)
        var rankCounts = [UInt32](repeating: 0, count: counted ? cellTotal * lanes : 0)
        var sparseClasses = [[Int32]](repeating: [], count: tables == nil ? 0 : total)
        var sparseWeights = [[Double]](repeating: [], count: tables == nil ? 0 : total)
        var sparseBins = [[UInt8]](repeating: [], count: tables == nil ? 0 : total)
        rows = [Int](repeating: 0, count: total)
        let cellSeed = PairedBootstrap.cellSeed(seed)
        let probabilitiesA = Self.probabilities(candidate), probabilitiesB = Self.probabilities(baseline)
        let classesA = Self.classes(candidate), classesB = Self.classes(baseline)
        let slots = groupings.count
        precondition(total < Int(Int32.max), "global groups are 32-bit")
        // Each row's global group per slot, −1 when the row is in no group of the slot.
        var codes = [Int32](repeating: -1, count: n * slots)
        for (s, grouping) in groupings.enumerated() {
            let base = Int32(bases[s]), count = counts[s]
            for i in 0..<n {
                if let grouping {
                    let code = Int(grouping.codes[i])
                    if code < count { codes[i &* slots &+ s] = base &+ Int32(code) }
                } else {
                    codes[i &* slots &+ s] = base
                }
            }
        }
        // Row order: the joint cells and the smaller groups' rows. The dense groups' rank cells
        // are filled bucket by bucket of the rows' random cells (`bucketShift`), so a bucket's
        // cells of every dense group stay in the L2 cache instead of every row scattering over
        // all of them: each row's label, weight, bins, random cell and dense groups are written
        // to its place in bucket order (row order within a bucket), and the dense pass reads
        // them in sequence. A cell's rows all lie in one bucket and keep their row order, so
        // every sum takes the same terms in the same order as in row order.
        let width = 2 * k, ranking = tables != nil
        let bucketShift = Int(RegressionPass.cellBits - PairedCells.groupCellBits)
        precondition(RegressionPass.cellBits <= 8 && shift.allSatisfy { $0 <= bucketShift }, "a cell lies in one bucket")
        var rowCells = [UInt8](repeating: 0, count: ranking ? n : 0)
        var next = [Int](repeating: 0, count: (1 << (Int(RegressionPass.cellBits) - bucketShift)) + 1)
        if ranking {
            for i in 0..<n {
                let hashed = RegressionPass.cell(ofRow: i, seed: cellSeed)
                rowCells[i] = UInt8(truncatingIfNeeded: hashed)
                next[(hashed &>> bucketShift) &+ 1] &+= 1
            }
            for b in 1..<next.count { next[b] += next[b - 1] }
        }
        var sortedBins = [UInt8](repeating: 0, count: ranking ? n * width : 0)
        var sortedLabels = [Int32](repeating: 0, count: ranking ? n : 0)
        var sortedCells = [UInt8](repeating: 0, count: ranking ? n : 0)
        var sortedWeights = [Double](repeating: 1, count: ranking && weights != nil ? n : 0)
        var sortedGroups = [Int32](repeating: -1, count: ranking ? n * slots : 0)
        var anyDense = false
        let pa = probabilitiesA ?? ClassProbabilities(columns: []), pb = probabilitiesB ?? ClassProbabilities(columns: [])
        let tableA = tables?.0.table ?? [], tableB = tables?.1.table ?? []
        // The fine codes `RankBins` found for its histograms: a row's bin is one table lookup.
        var fineA = tables?.0.codes ?? [], fineB = tables?.1.codes ?? []
        tables = nil
        // The row pass on buffers (bounds checks cost much of it); a row's bins are written to
        // their sorted place directly.
        func rowPass(
            _ joint: UnsafeMutablePointer<Double>, _ sortedBins: UnsafeMutablePointer<UInt8>?,
            _ sortedGroups: UnsafeMutablePointer<Int32>?, _ codes: UnsafePointer<Int32>?,
            _ pa: UnsafePointer<UnsafePointer<Double>>, _ pb: UnsafePointer<UnsafePointer<Double>>,
            _ tableA: UnsafePointer<UInt8>?, _ tableB: UnsafePointer<UInt8>?,
            _ fineA: UnsafePointer<UInt16>?, _ fineB: UnsafePointer<UInt16>?
        ) {
            // The per-row arrays and the groups' counters on buffers too: an array's write checks
            // its uniqueness, and these are written on every row.
            rows.withUnsafeMutableBufferPointer { rows in
                squares.withUnsafeMutableBufferPointer { squares in
                    next.withUnsafeMutableBufferPointer { next in
                        sortedLabels.withUnsafeMutableBufferPointer { sortedLabels in
                            sortedCells.withUnsafeMutableBufferPointer { sortedCells in
                                sortedWeights.withUnsafeMutableBufferPointer { sortedWeights in
                                    rowLoop(
                                        joint, sortedBins, sortedGroups, codes, pa, pb, tableA, tableB, fineA, fineB,
                                        rows.baseAddress, squares.baseAddress, next.baseAddress!, sortedLabels.baseAddress,
                                        sortedCells.baseAddress, sortedWeights.baseAddress)
                                }
                            }
                        }
                    }
                }
            }
        }
        func rowLoop(
            _ joint: UnsafeMutablePointer<Double>, _ sortedBins: UnsafeMutablePointer<UInt8>?,
            _ sortedGroups: UnsafeMutablePointer<Int32>?, _ codes: UnsafePointer<Int32>?,
            _ pa: UnsafePointer<UnsafePointer<Double>>, _ pb: UnsafePointer<UnsafePointer<Double>>,
            _ tableA: UnsafePointer<UInt8>?, _ tableB: UnsafePointer<UInt8>?,
            _ fineA: UnsafePointer<UInt16>?, _ fineB: UnsafePointer<UInt16>?, _ rows: UnsafeMutablePointer<Int>?,
            _ squares: UnsafeMutablePointer<Double>?, _ next: UnsafeMutablePointer<Int>,
            _ sortedLabels: UnsafeMutablePointer<Int32>?, _ sortedCells: UnsafeMutablePointer<UInt8>?,
            _ sortedWeights: UnsafeMutablePointer<Double>?
        ) {
            var cursorA = RowTermsCursor(argmaxOf: pa, rowCount: n, classCount: k)
            var cursorB = RowTermsCursor(argmaxOf: pb, rowCount: n, classCount: k)
            defer {
                cursorA.deallocate()
                cursorB.deallocate()
            }
            for i in 0..<n {
                let y = Int(labels[i]), w = weights?[i] ?? 1
                let argA = classesA.map { Int($0[i]) } ?? cursorA.terms(row: i).argmax
                let argB = classesB.map { Int($0[i]) } ?? cursorB.terms(row: i).argmax
                let cell = (y &* k &+ argA) &* k &+ argB
                var position = 0, rowBins = sortedBins
                if ranking, let fineA, let fineB, let tableA, let tableB, let sortedBins, let sortedLabels, let sortedCells {
                    let bucket = Int(rowCells[i]) &>> bucketShift
                    position = next[bucket]
                    next[bucket] = position &+ 1
                    let out = sortedBins + position &* width
                    for c in 0..<k {
                        out[c] = tableA[c &* RankBins.codeCount &+ Int(fineA[i &* k &+ c])]
                        out[k &+ c] = tableB[c &* RankBins.codeCount &+ Int(fineB[i &* k &+ c])]
                    }
                    rowBins = out
                    sortedLabels[position] = Int32(y)
                    sortedCells[position] = rowCells[i]
                    if weights != nil { sortedWeights![position] = w }
                }
                for s in 0..<slots {
                    let g = Int(codes![i &* slots &+ s])
                    guard g >= 0 else { continue }
                    rows![g] &+= 1
                    squares![g] += w * w
                    joint[(g &* k3 &+ cell) &* 2] += w
                    joint[(g &* k3 &+ cell) &* 2 &+ 1] += 1
                    guard ranking, let rowBins else { continue }
                    if rankOffset[g] >= 0 {
                        sortedGroups![position &* slots &+ s] = Int32(g)
                        anyDense = true
                    } else {
                        sparseClasses[g].append(Int32(y))
                        sparseWeights[g].append(w)
                        sparseBins[g].append(contentsOf: UnsafeBufferPointer(start: rowBins, count: width))
                    }
                }
            }
        }
        joint.withUnsafeMutableBufferPointer { joint in
            sortedBins.withUnsafeMutableBufferPointer { sortedBins in
                sortedGroups.withUnsafeMutableBufferPointer { sortedGroups in
                    codes.withUnsafeBufferPointer { codes in
                        pa.withColumns { pa in
                            pb.withColumns { pb in
                                tableA.withUnsafeBufferPointer { tableA in
                                    tableB.withUnsafeBufferPointer { tableB in
                                        fineA.withUnsafeBufferPointer { fineA in
                                            fineB.withUnsafeBufferPointer { fineB in
                                                rowPass(
                                                    joint.baseAddress!, sortedBins.baseAddress, sortedGroups.baseAddress,
                                                    codes.baseAddress, pa, pb, tableA.baseAddress,
                                                    tableB.baseAddress, fineA.baseAddress, fineB.baseAddress)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        fineA = []
        fineB = []
        /// Adds each sorted row to its dense groups' cells at `cells` (`add` adds the row's weight).
        @inline(__always) func densePass<Cell>(_ cells: UnsafeMutablePointer<Cell>, add: (inout Cell, Double) -> Void) {
            // Bounds-checked arrays cost a third of this loop: buffers.
            // A row's 2K lanes are the same in every group's cell: found once per row.
            var rowLanes = [Int](repeating: 0, count: width)
            sortedBins.withUnsafeBufferPointer { sortedBins in
                sortedGroups.withUnsafeBufferPointer { sortedGroups in
                    sortedLabels.withUnsafeBufferPointer { sortedLabels in
                        sortedCells.withUnsafeBufferPointer { sortedCells in
                            sortedWeights.withUnsafeBufferPointer { sortedWeights in
                                rankOffset.withUnsafeBufferPointer { rankOffset in
                                    shift.withUnsafeBufferPointer { shift in
                                        rowLanes.withUnsafeMutableBufferPointer { rowLanes in
                                            let offsets = rowLanes.baseAddress!
                                            for position in 0..<n {
                                                let y = Int(sortedLabels[position])
                                                let w = sortedWeights.isEmpty ? 1 : sortedWeights[position]
                                                let hashed = Int(sortedCells[position])
                                                let binA = sortedBins.baseAddress! + position &* width, binB = binA + k
                                                for c in 0..<k {
                                                    let row = c &* 4 &* bins &+ (c == y ? bins : 0)
                                                    offsets[c] = row &+ Int(binA[c])
                                                    offsets[k &+ c] = row &+ 2 &* bins &+ Int(binB[c])
                                                }
                                                for s in 0..<slots {
                                                    let g = Int(sortedGroups[position &* slots &+ s])
                                                    guard g >= 0 else { continue }
                                                    let base = cells + (rankOffset[g] &+ hashed &>> shift[g]) &* lanes
                                                    for j in 0..<width { add(&base[offsets[j]], w) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if anyDense && counted {
            // Without weights a cell is a count of rows: 4-byte integer counts (half the cache,
            // no floating-point add latency).
            rankCounts.withUnsafeMutableBufferPointer { counts in
                densePass(counts.baseAddress!) { cell, _ in cell &+= 1 }
            }
        } else if anyDense {
            // Weights, or too many rows for 32-bit counts (a row without weights weighs 1: n ones
            // add up to n exactly).
            rankCells.withUnsafeMutableBufferPointer { cells in densePass(cells.baseAddress!) { cell, w in cell += w } }
        }
        self.rankOffset = rankOffset
        self.rankCellCount = rankCellCount
        self.rankCells = rankCells
        self.rankCounts = rankCounts
        self.sparseClasses = sparseClasses
        self.sparseWeights = sparseWeights
        self.sparseBins = sparseBins
        rowCounts = rows
        squaredWeights = squares
        self.joint = joint
    }

    static func probabilities(_ predictions: MulticlassPredictions) -> ClassProbabilities? {
        if case .probabilities(let p) = predictions { return p }
        return nil
    }

    static func classes(_ predictions: MulticlassPredictions) -> [Int32]? {
        if case .classes(let c) = predictions { return c }
        return nil
    }

    /// The comparison of group `group` of slot `slot`: McNemar for accuracy and micro F1, the
    /// joint-cell bootstrap for the confusion metrics, the rank-bin bootstrap for the AUCs (with
    /// `exact` differences of the AUCs from the evaluations: the interval is centred on them; an
    /// AUC missing there is left out). `nil` below `options.minGroupSize` rows.
    public func compare(slot: Int, group: Int, exact: [String: Double], options: EvaluationOptions) -> PairedBootstrap
        .GroupComparison?
    {
        replicate(slot: slot, group: group, options: options)?.finished(exact: exact)
    }

    /// A group's comparison before the AUCs' exact differences are known: every other difference,
    /// and the AUC differences' replicates, which `finished(exact:)` centres on them. So the
    /// replicates, most of a comparison's work, can run before the evaluations end.
    public struct Replicated: Sendable {
        var comparison: PairedBootstrap.GroupComparison
        /// Per `rankMetrics` name its replicates; `nil` without probabilities.
        var rankReplicates: [[Double]]?
        let confidence: Double

        /// The comparison, with the AUCs' differences centred on `exact` (an AUC missing there is
        /// left out).
        public func finished(exact: [String: Double]) -> PairedBootstrap.GroupComparison {
            var out = comparison
            guard let rankReplicates else { return out }
            for (j, name) in PairedMulticlassCells.rankMetrics.enumerated() {
                guard let d = exact[name] else { continue }
                out.differences[name] = PairedBootstrap.difference(d, replicates: rankReplicates[j], confidence: confidence)
            }
            return out
        }
    }

    /// `compare` without the AUCs' exact differences (`Replicated.finished(exact:)` adds them).
    public func replicate(slot: Int, group: Int, options: EvaluationOptions) -> Replicated? {
        let g = slotBase[slot] + group
        let rows = rowCounts[g]
        guard rows >= max(1, options.minGroupSize) else { return nil }
        let k = classCount, k3 = k * k * k
        var weight = 0.0, candidateOnly = 0.0, baselineOnly = 0.0, flips = 0.0
        var occupied: [(index: Int, weight: Double, rows: Double)] = []
        for cell in 0..<k3 {
            let w = joint[(g * k3 + cell) * 2], n = joint[(g * k3 + cell) * 2 + 1]
            guard n > 0 else { continue }
            occupied.append((cell, w / n, n))
            let y = cell / (k * k), a = (cell / k) % k, b = cell % k
            weight += w
            if a != b {
                flips += w
                if a == y { candidateOnly += w } else if b == y { baselineOnly += w }
            }
        }
        var differences: [String: PairedDifference] = [:]
        if let mcnemar = McNemar.compare(
            b: candidateOnly, c: baselineOnly, total: weight, squaredTotal: squaredWeights[g], weighted: weighted,
            confidence: options.confidence)
        {
            differences["accuracy"] = mcnemar
            differences["micro_f1"] = mcnemar
        }
        let point = Self.confusionPair(occupied.map { ($0.index, $0.weight * $0.rows) }, k)
        let names = Self.confusionMetrics
        var replicates = [[Double]](repeating: [], count: names.count)
        if options.bootstrapReplicates > 0 {
            var rng = SplitMix64(
                seed: BinaryEvaluator.streamSeed(options.seed ^ 0x3C1A_55E5_0000_0000, grouping: slot, group: group))
            // Each cell's drawn weight in a block of replicates, cell by cell (`[cell·block + r]`),
            // so one sampler serves all of a cell's draws in the block (`PoissonInversion`).
            let count = options.bootstrapReplicates, block = min(count, PoissonInversion.block)
            var copies = [Double](repeating: 0, count: occupied.count * block)
            var inversion = PoissonInversion()
            // Each occupied cell's entries of the two models' K × K matrices.
            let entries = occupied.map { cell in
                let y = cell.index / (k * k)
                return (y * k + (cell.index / k) % k, y * k + cell.index % k)
            }
            var matrices = ([Double](repeating: 0, count: k * k), [Double](repeating: 0, count: k * k))
            for r in 0..<count {
                if r % block == 0 {
                    copies.withUnsafeMutableBufferPointer { copies in
                        for (j, cell) in occupied.enumerated() {
                            inversion.copies(
                                rows: cell.rows, count: min(block, count - r), scale: cell.weight, rng: &rng,
                                into: copies.baseAddress! + j * block)
                        }
                    }
                }
                for j in 0..<k * k {
                    matrices.0[j] = 0
                    matrices.1[j] = 0
                }
                for (j, entry) in entries.enumerated() {
                    let w = copies[j * block + r % block]
                    guard w > 0 else { continue }
                    matrices.0[entry.0] += w
                    matrices.1[entry.1] += w
                }
                let a = Self.confusionValues(MulticlassConfusion(classCount: k, counts: matrices.0))
                let b = Self.confusionValues(MulticlassConfusion(classCount: k, counts: matrices.1))
                for j in names.indices {
                    guard let x = a[j], let y = b[j] else {
                        replicates[j].append(.nan)
                        continue
                    }
                    replicates[j].append(x - y)
                }
            }
        }
        for (j, name) in names.enumerated() {
            guard let x = point.0[j], let y = point.1[j] else { continue }
            differences[name] = PairedBootstrap.difference(x - y, replicates: replicates[j], confidence: options.confidence)
        }
        return Replicated(
            comparison: PairedBootstrap.GroupComparison(
                rows: rows, differences: differences, flipRate: weight > 0 ? flips / weight : nil),
            rankReplicates: ranked ? rankReplicates(g, slot: slot, group: group, options: options) : nil,
            confidence: options.confidence)
    }

    /// Both models' confusion metrics (in `confusionMetrics` order) from joint cells
    /// (index (y·K + a)·K + b, weight).
    static func confusionPair(_ cells: [(Int, Double)], _ k: Int) -> ([Double?], [Double?]) {
        var a = [Double](repeating: 0, count: k * k), b = a
        for (index, w) in cells where w > 0 {
            let y = index / (k * k)
            a[y * k + (index / k) % k] += w
            b[y * k + index % k] += w
        }
        return (
            confusionValues(MulticlassConfusion(classCount: k, counts: a)),
            confusionValues(MulticlassConfusion(classCount: k, counts: b))
        )
    }

    static func confusionValues(_ c: MulticlassConfusion) -> [Double?] {
        let v = c.values
        return [
            v.balancedAccuracy, v.macroPrecision, v.macroRecall, v.macroF1, v.weightedPrecision, v.weightedRecall, v.weightedF1,
            v.cohenKappa, v.matthewsCorrelation,
        ]
    }

    /// The replicates of the AUCs' differences of global group `g` (per `rankMetrics` name), on its
    /// rank cells or rows.
    ///
    /// Rank cells are read class by class: a class's lanes of all the group's cells (64 × 4B
    /// weights) stay in the cache for every replicate, where replicate by replicate every cell's
    /// lanes of all classes would come from memory each time. The multiplicities are drawn first,
    /// in the order replicate by replicate, cell by cell, so the streams and every lane's sum (the
    /// same terms in cell order; a cell drawn zero times adds nothing) are those of the
    /// replicate-by-replicate reading.
    func rankReplicates(_ g: Int, slot: Int, group: Int, options: EvaluationOptions) -> [[Double]] {
        let k = classCount, bins = Self.rankBins, lanes = rankLanes, count = options.bootstrapReplicates
        var replicates = [[Double]](repeating: [], count: Self.rankMetrics.count)
        guard count > 0 else { return replicates }
        var rng = SplitMix64(
            seed: BinaryEvaluator.streamSeed(options.seed ^ 0x4A0C_B125_0000_0000, grouping: slot, group: group))
        let sampler = PoissonOne.shared
        // Per replicate and class: both models' AUCs and the class's positives (`[(r·K + c)·3]`),
        // the AUCs NaN where the class lacks positives or negatives.
        var classes = [Double](repeating: .nan, count: count * k * 3)
        var histogram = [Double](repeating: 0, count: lanes)
        classes.withUnsafeMutableBufferPointer { classes in
            histogram.withUnsafeMutableBufferPointer { histogram in
                let sums = histogram.baseAddress!
                @inline(__always) func record(_ r: Int, _ c: Int, _ h: UnsafePointer<Double>) {
                    guard let aucA = Self.binnedAUC(h, bins: bins), let aucB = Self.binnedAUC(h + 2 * bins, bins: bins)
                    else { return }
                    var positives = 0.0
                    for j in 0..<bins { positives += h[bins + j] }
                    classes[(r * k + c) * 3] = aucA
                    classes[(r * k + c) * 3 + 1] = aucB
                    classes[(r * k + c) * 3 + 2] = positives
                }
                if rankOffset[g] >= 0 {
                    let cellCount = rankCellCount[g], width = 4 * bins
                    // Per replicate its cells of nonzero multiplicity (`[starts[r] ..< starts[r + 1]]`):
                    // a zero adds nothing, and the adds need no branch. Without weights the cells
                    // hold counts, so every product and partial sum is an integer below 2⁵³ and
                    // exact in any order: the cells drawn once come first (`[starts[r] ..< once[r]]`)
                    // and are added without a multiply (about 58% of the drawn cells). Counted in
                    // 32 bits, a cell drawn m times is listed m times instead: a vector of 32-bit
                    // products is no single instruction on the x86-64 baseline, m adds cost less.
                    // With weights the cells keep their order (`once[r]` is `starts[r]`).
                    var starts = [0], once: [Int] = [], drawnCells: [Int] = [], multiplicities: [Double] = []
                    drawnCells.reserveCapacity(count * cellCount)
                    multiplicities.reserveCapacity(count * cellCount)
                    var more: [(cell: Int, m: Double)] = []
                    let repeatsCells = !rankCounts.isEmpty
                    for _ in 0..<count {
                        more.removeAll(keepingCapacity: true)
                        for cell in 0..<cellCount {
                            let m = sampler.draw(&rng)
                            if m == 0 { continue }
                            if m == 1 && !weighted {
                                drawnCells.append(cell * lanes)
                                multiplicities.append(m)
                            } else if repeatsCells {
                                for _ in 0..<Int(m) {
                                    drawnCells.append(cell * lanes)
                                    multiplicities.append(1)
                                }
                            } else {
                                more.append((cell * lanes, m))
                            }
                        }
                        once.append(drawnCells.count)
                        for (cell, m) in more {
                            drawnCells.append(cell)
                            multiplicities.append(m)
                        }
                        starts.append(drawnCells.count)
                    }
                    precondition(width % 16 == 0, "lanes are summed 16 at a time")
                    if !rankCounts.isEmpty {
                        // Counts: 16 lanes in one 64-byte load, summed exactly in 32 bits
                        // (`countedRows`), the same integers as the doubles' sums; every cell is
                        // listed once per copy (`repeatsCells`).
                        rankCounts.withUnsafeBufferPointer { cells in
                            let first = UnsafeRawPointer(cells.baseAddress! + rankOffset[g] * lanes)
                            let size = MemoryLayout<UInt32>.stride
                            for c in 0..<k {
                                let lanesOfClass = first + c * width * size
                                for r in 0..<count {
                                    for chunk in stride(from: 0, to: width, by: 16) {
                                        var sum = SIMD16<UInt32>(repeating: 0)
                                        let chunkStart = lanesOfClass + chunk * size
                                        for j in starts[r]..<starts[r + 1] {
                                            sum &+= (chunkStart + drawnCells[j] * size).loadUnaligned(as: SIMD16<UInt32>.self)
                                        }
                                        for l in 0..<16 { sums[chunk + l] = Double(sum[l]) }
                                    }
                                    record(r, c, sums)
                                }
                            }
                        }
                    } else {
                        rankCells.withUnsafeBufferPointer { cells in
                            let first = UnsafeRawPointer(cells.baseAddress! + rankOffset[g] * lanes)
                            for c in 0..<k {
                                let lanesOfClass = first + c * width * MemoryLayout<Double>.stride
                                for r in 0..<count {
                                    // 16 lanes at a time held in registers over the drawn cells: each
                                    // lane's sum takes the same terms in the same order (with weights;
                                    // exact in any order without).
                                    for chunk in stride(from: 0, to: width, by: 16) {
                                        var low = SIMD8<Double>(repeating: 0), high = low
                                        let chunkStart = lanesOfClass + chunk * MemoryLayout<Double>.stride
                                        for j in starts[r]..<once[r] {
                                            let lanes = chunkStart + drawnCells[j] * MemoryLayout<Double>.stride
                                            low += lanes.loadUnaligned(as: SIMD8<Double>.self)
                                            high += lanes.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
                                        }
                                        for j in once[r]..<starts[r + 1] {
                                            let m = multiplicities[j]
                                            let lanes = chunkStart + drawnCells[j] * MemoryLayout<Double>.stride
                                            low += m * lanes.loadUnaligned(as: SIMD8<Double>.self)
                                            high += m * lanes.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
                                        }
                                        UnsafeMutableRawPointer(sums + chunk).storeBytes(of: low, as: SIMD8<Double>.self)
                                        UnsafeMutableRawPointer(sums + chunk + 8).storeBytes(of: high, as: SIMD8<Double>.self)
                                    }
                                    record(r, c, sums)
                                }
                            }
                        }
                    }
                } else {
                    // Each row's 2K lanes, found once for all replicates.
                    let labels = sparseClasses[g], weights = sparseWeights[g], rowBins = sparseBins[g]
                    var rowLanes = [Int32](repeating: 0, count: rowBins.count)
                    for i in labels.indices {
                        let y = Int(labels[i])
                        for c in 0..<k {
                            let positive = c == y ? bins : 0
                            rowLanes[i * 2 * k + c] = Int32((c * 4) * bins + positive + Int(rowBins[i * 2 * k + c]))
                            rowLanes[i * 2 * k + k + c] = Int32((c * 4 + 2) * bins + positive + Int(rowBins[i * 2 * k + k + c]))
                        }
                    }
                    rowLanes.withUnsafeBufferPointer { rowLanes in
                        for r in 0..<count {
                            for j in 0..<lanes { sums[j] = 0 }
                            for i in labels.indices {
                                let m = sampler.draw(&rng)
                                if m == 0 { continue }
                                let w = m * weights[i], first = rowLanes.baseAddress! + i &* 2 &* k
                                for j in 0..<2 * k { sums[Int(first[j])] += w }
                            }
                            for c in 0..<k { record(r, c, sums + c * 4 * bins) }
                        }
                    }
                }
            }
        }
        for r in 0..<count {
            var macro = (CompensatedSum(), CompensatedSum()), defined = 0
            var weightedSum = (CompensatedSum(), CompensatedSum()), support = CompensatedSum()
            for c in 0..<k {
                let aucA = classes[(r * k + c) * 3], aucB = classes[(r * k + c) * 3 + 1]
                guard !aucA.isNaN else { continue }
                let positives = classes[(r * k + c) * 3 + 2]
                macro.0.add(aucA)
                macro.1.add(aucB)
                defined += 1
                weightedSum.0.add(positives * aucA)
                weightedSum.1.add(positives * aucB)
                support.add(positives)
            }
            guard defined > 0 else {
                replicates[0].append(.nan)
                replicates[1].append(.nan)
                continue
            }
            replicates[0].append((macro.0.value - macro.1.value) / Double(defined))
            replicates[1].append((weightedSum.0.value - weightedSum.1.value) / support.value)
        }
        return replicates
    }

    /// The one-vs-rest AUC of bins `h[0 ..< B]` (negatives) and `h[B ..< 2B]` (positives), ties within a bin counted ½; `nil` without
    /// positives or negatives.
    @inline(__always) static func binnedAUC(_ h: UnsafePointer<Double>, bins: Int) -> Double? {
        var below = 0.0, sum = 0.0, positives = 0.0
        for j in 0..<bins {
            let neg = h[j], pos = h[bins + j]
            sum += pos * (below + neg / 2)
            below += neg
            positives += pos
        }
        guard positives > 0, below > 0 else { return nil }
        return sum / (positives * below)
    }
}

/// Per class, a monotone map of a model's probability p_c to one of `PairedMulticlassCells.rankBins`
/// bins: p is first given a fine code (`fineCode`: 256 steps per octave of min(p, 1 − p) down to
/// 2⁻³², so both ends keep their resolution), then codes are cut at the quantiles of the mixture
/// that gives the class's positives and its negatives half the mass each.
struct RankBins: Sendable {
    static let codesPerSide = 1 + 32 * 256 + 1
    static let codeCount = 2 * codesPerSide
    /// `[class · codeCount + code]` → bin.
    let table: [UInt8]
    /// Every row's fine codes (`[row · K + class]`), found for the histograms once, so the bins of
    /// the rows are one table lookup each (`bin(code:class:)`).
    let codes: [UInt16]

    init(labels: [Int32], probabilities p: ClassProbabilities, classCount k: Int) {
        let n = labels.count, codes = Self.codeCount, bins = PairedMulticlassCells.rankBins
        // [(class · 2 + positive) · codes + code]: rows, 4 bytes each (1.3 MB for 10 classes
        // instead of 2.6), so the counts of a pass over the rows stay in the L2 cache.
        precondition(
            n < Int(UInt32.max) && p.rowCount >= n && p.classCount == k,
            "rank bin counts are 32-bit, a row has k probabilities")
        precondition(codes <= Int(UInt16.max) + 1, "fine codes are 16-bit")
        var histogram = [UInt32](repeating: 0, count: k * 2 * codes)
        var rowCodes = [UInt16](repeating: 0, count: n * k)
        histogram.withUnsafeMutableBufferPointer { histogram in
            rowCodes.withUnsafeMutableBufferPointer { rowCodes in
                p.withColumns { p in
                    labels.withUnsafeBufferPointer { labels in
                        let counts = histogram.baseAddress!, out = rowCodes.baseAddress!
                        // A block of rows class by class: each column is read in sequence and
                        // the block's codes stay in the L1 cache.
                        for start in stride(from: 0, to: n, by: 256) {
                            let end = min(start + 256, n)
                            for c in 0..<k {
                                let column = p[c], classCounts = counts + c &* 2 &* codes
                                for i in start..<end {
                                    let code = Self.fineCode(column[i])
                                    out[i &* k &+ c] = UInt16(truncatingIfNeeded: code)
                                    classCounts[(Int(labels[i]) == c ? codes : 0) &+ code] &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        self.codes = rowCodes
        var table = [UInt8](repeating: 0, count: k * codes)
        for c in 0..<k {
            let negatives = histogram[(c * 2) * codes..<(c * 2 + 1) * codes].reduce(0) { $0 + Int($1) }
            let positives = histogram[(c * 2 + 1) * codes..<(c * 2 + 2) * codes].reduce(0) { $0 + Int($1) }
            var below = 0.0
            for code in 0..<codes {
                let neg = Double(histogram[(c * 2) * codes + code]), pos = Double(histogram[(c * 2 + 1) * codes + code])
                let mass =
                    (negatives > 0 ? neg / Double(negatives) : 0) / 2 + (positives > 0 ? pos / Double(positives) : 0) / 2
                let middle = below + mass / 2
                table[c * codes + code] = UInt8(min(bins - 1, Int(middle * Double(bins))))
                below += mass
            }
        }
        self.table = table
    }

    @inline(__always) func bin(_ p: Double, class c: Int) -> Int {
        bin(code: Self.fineCode(p), class: c)
    }

    /// The bin of fine code `code` (`fineCode`, or a row's stored `codes`) in class `c`.
    @inline(__always) func bin(code: Int, class c: Int) -> Int {
        Int(table[c * Self.codeCount + code])
    }

    /// A code in `0..<codeCount`, non-decreasing in p on [0, 1]: for x = min(p, 1 − p), 0 below
    /// 2⁻³², else 1 + 256·(octave) + the top 8 bits of the mantissa; p above ½ mirrored to the top.
    @inline(__always) static func fineCode(_ p: Double) -> Int {
        let upper = p > 0.5
        let x = upper ? 1 - p : max(p, 0)
        let bits = x.bitPattern
        let exponent = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
        let lowest = 1022 - 31
        let code = exponent < lowest ? 0 : min(codesPerSide - 1, 1 + (exponent - lowest) * 256 + Int((bits >> 44) & 0xFF))
        return upper ? codeCount - 1 - code : code
    }
}
