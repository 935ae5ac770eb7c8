import LoupeResults

/// Every contract regression metric with its confidence interval, for the whole data and for
/// every group of every grouping, from one pass over the rows and one radix sort of |e|.
///
/// residual e = label − prediction; weights apply where scikit-learn accepts them. Definitions
/// (scikit-learn 1.9 where it has the metric; W = Σw, n_eff = W²/Σw², Kish's effective size):
/// * `mse` = Σw e²/W, `rmse` = √mse, `mae` = Σw|e|/W, `mean_residual` = Σw e/W;
/// * `mape` = Σw·|e|/max(|y|, ε)/W with ε = machine epsilon (2.2e-16), so a zero label gives a
///   huge term, as in scikit-learn;
/// * `r2` = 1 − Σw e²/Σw(y − ȳ)²; `explained_variance` = 1 − Σw(e − ē)²/Σw(y − ȳ)². Both are
///   `nil` (undefined) when the labels do not vary, where scikit-learn's `force_finite` would
///   report 1 or 0, and `r2` is `nil` below two rows (scikit-learn: NaN);
/// * `median_absolute_error`: the median of |e| (numpy) or, with weights, scikit-learn's
///   `_weighted_percentile(|e|, w, 50, average=True)` (see `AbsoluteErrorQuantiles`);
/// * `max_error` = max |e| over all rows, weights ignored (scikit-learn takes none);
/// * `residual_std` = √(Σw(e − ē)²/W · n_eff/(n_eff − 1)): numpy's `std(ddof=1)` without weights,
///   and with weights the weighted variance with Bessel's correction in effective rows; `nil`
///   when n_eff ≤ 1;
/// * `durbin_watson` = Σ(e_t − e_{t−1})²/Σe_t², unweighted, over the rows in the order given
///   (statsmodels' `durbin_watson`); in a group, over the group's rows in that order; `nil` when
///   every residual is 0;
/// * `count` (rows), and `weighted_count` (W) when the data has weights.
/// With every weight 0, the weighted metrics are `nil`.
///
/// Intervals (at `options.confidence`), by metric, as `intervalMethods` lists:
/// * `normal` — mean ± z·s/√n_eff (`Intervals.normalMean`) for mean_residual, mae, mse and mape
///   (the last three on the log scale where the normal interval would reach below 0: `Intervals.nonNegativeMean`); rmse's interval is the square root of
///   mse's bounds;
/// * `order_statistic` — the distribution-free binomial-rank interval for the median of |e|
///   (`OrderStatisticInterval`), on the weighted CDF with Kish-equivalent ranks when weighted;
/// * `bootstrap` — a Poisson bootstrap of r2, explained_variance and residual_std on per-cell
///   sufficient statistics (`RegressionEvaluator+Bootstrap`), percentile interval corrected for
///   bias (`Intervals.biasCorrected`), r2 and explained_variance at most 1, residual_std at least 0.
/// `count`, `weighted_count` and `max_error` have no interval, and neither has `durbin_watson`:
/// its textbook normal approximation (mean 2, variance 4/n) describes the statistic under the null
/// of independent residuals, which is a test, not an interval for the statistic, and a
/// moving-block bootstrap would need the rows again in order and a block length to choose.
///
/// Precondition (see `RegressionData`): labels and predictions finite, weights finite and
/// non-negative. Rows in no group (`Grouping.none` or a code at or above `groupCount`) count
/// only in the overall metrics.
public enum RegressionEvaluator {
    public static func evaluate(_ data: RegressionData, groupings: [Grouping], options: EvaluationOptions) -> RegressionEvaluation
    {
        let n = data.labels.count
        precondition(
            data.predictions.count == n && (data.weights?.count ?? n) == n,
            "labels, predictions and weights must have one entry per row")
        precondition(groupings.allSatisfy { $0.codes.count == n }, "every grouping needs a code per row")
        precondition(n < Int(UInt32.max), "row indices are 32-bit")

        var slotBase: [Int] = [], slotCount = 1
        for g in groupings {
            slotBase.append(slotCount)
            slotCount += max(g.groupCount, 0)
        }
        // Every grouping's code (out-of-range codes → groupCount, "no group") packed into as few
        // 64-bit words per row as fit, for the walk in |e| order.
        var decode: [AbsoluteErrorQuantiles.Decode] = []
        var word = 0, bit = 0
        for (g, grouping) in groupings.enumerated() {
            let count = UInt64(max(grouping.groupCount, 0))
            let width = 64 - count.leadingZeroBitCount
            if bit + width > 64 {
                word += 1
                bit = 0
            }
            let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
            let cellShift = Int(RegressionPass.cellBits - RegressionPass.cellBits(groups: grouping.groupCount))
            decode.append(
                .init(word: word, shift: UInt64(bit), mask: mask, count: count, base: slotBase[g], cellShift: cellShift))
            bit += width
        }
        let wordsPerRow = word + 1
        // Rows whose codes fit in 32 bits need no row index: the sort carries the codes (and the
        // weights, if any). Otherwise a row's record is its weight's bits, then its code words,
        // gathered into sorted order after the sort.
        let carriesPacked = wordsPerRow == 1 && bit <= 32
        let rowWords = wordsPerRow + 1
        if !carriesPacked {
            for g in decode.indices { decode[g].word += 1 }
        }

        var pass = RegressionPass(slotCount: slotCount)
        defer { pass.deallocate() }
        var keys = uninitializedScratch(UInt64.self, count: n)
        var order = uninitializedScratch(UInt32.self, count: n)
        var packed = scratchArray(UInt64.self, count: carriesPacked ? 0 : n * rowWords) {
            $0.initialize(repeating: 0)
        }
        var digitCounts = [Int](repeating: 0, count: RadixSort.radix * RadixSort.passes)
        accumulate(
            data, groupings: groupings, decode: decode, carriesPacked: carriesPacked, rowWords: rowWords,
            cellSeed: RegressionPass.cellSeed(options.seed), pass: &pass, keys: &keys, order: &order, packed: &packed,
            digitCounts: &digitCounts)
        var sortedWeights: [Double] = []
        if carriesPacked, let weights = data.weights {
            sortedWeights = weights
            WeightedRadixSort.sort(keys: &keys, payload: &order, weights: &sortedWeights, digitCounts: &digitCounts)
        } else {
            RadixSort.sort(keys: &keys, carrying: &order, digitCounts: &digitCounts)
        }

        // Which slots get metrics, and their quantile targets.
        let minimum = max(1, options.minGroupSize)
        var wanted = [Bool](repeating: false, count: slotCount)
        wanted[0] = true
        for s in 1..<max(slotCount, 1) where pass.counts[s] >= minimum { wanted[s] = true }
        let moments = (0..<slotCount).map { pass.counts[$0] > 0 ? pass.moments($0) : SIMD8(repeating: 0) }
        typealias M = RegressionPass.Moments
        let targets = (0..<slotCount).map { s -> AbsoluteErrorQuantiles.Targets in
            guard wanted[s] else { return .init() }
            return .init(
                weight: moments[s][M.weight], squaredWeight: moments[s][M.squaredWeight], confidence: options.confidence)
        }
        let largest = (0..<slotCount).map { pass.maxAbsolute[$0] }
        // Row records in sorted order, gathered in a tight loop of independent loads (the walk
        // itself would stall on each random access).
        var sortedRecords: [UInt64] = []
        if !carriesPacked {
            sortedRecords = BinaryEvaluator.gather(packed, order: order, wordsPerRow: rowWords)
            packed = []
        }
        let quantiles =
            n == 0
            ? [AbsoluteErrorQuantiles.Result](repeating: .init(), count: slotCount)
            : keys.withUnsafeBufferPointer { ky in
                order.withUnsafeBufferPointer { od in
                    sortedRecords.withUnsafeBufferPointer { rc in
                        sortedWeights.withUnsafeBufferPointer { sw in
                            AbsoluteErrorQuantiles.walk(
                                keys: ky.baseAddress!, count: n, packed32: carriesPacked ? od.baseAddress : nil,
                                weights: data.weights == nil ? nil : sw.baseAddress, records: rc.baseAddress,
                                rowWords: rowWords, decode: decode, targets: targets, largest: largest)
                        }
                    }
                }
            }
        keys = []
        order = []
        sortedRecords = []
        sortedWeights = []

        func metrics(_ s: Int, grouping: Int, group: Int) -> MetricSet {
            assemble(
                pass.slotTotals(s, moments: moments[s], units: options.bootstrapReplicates > 0), quantile: quantiles[s],
                weighted: data.weights != nil, options: options,
                seed: BinaryEvaluator.streamSeed(options.seed, grouping: grouping, group: group))
        }
        let overall = metrics(0, grouping: -1, group: 0)
        var groups: [[MetricSet?]] = [], groupCounts: [[Int]] = [], groupWeights: [[Double]] = []
        for (g, grouping) in groupings.enumerated() {
            var sets: [MetricSet?] = [], counts: [Int] = [], weights: [Double] = []
            for c in 0..<max(grouping.groupCount, 0) {
                let s = slotBase[g] + c
                counts.append(pass.counts[s])
                weights.append(moments[s][M.weight])
                sets.append(wanted[s] ? metrics(s, grouping: g, group: c) : nil)
            }
            groups.append(sets)
            groupCounts.append(counts)
            groupWeights.append(weights)
        }
        return RegressionEvaluation(overall: overall, groups: groups, groupCounts: groupCounts, groupWeights: groupWeights)
    }

    /// The one pass: per chunk of rows, the residual terms, the |e| sort keys and digit counts and
    /// the packed codes, then every slot's sums, the whole data first and grouping by grouping
    /// (one grouping's cells stay in cache over a chunk).
    static func accumulate(
        _ data: RegressionData, groupings: [Grouping], decode: [AbsoluteErrorQuantiles.Decode], carriesPacked: Bool,
        rowWords: Int, cellSeed: UInt64, pass: inout RegressionPass, keys: inout [UInt64], order: inout [UInt32],
        packed: inout [UInt64], digitCounts: inout [Int]
    ) {
        let n = data.labels.count
        let chunk = RegressionPass.chunkRows
        let zero = SIMD8<Double>(repeating: 0)
        var moments = [SIMD8<Double>](repeating: zero, count: chunk), partials = moments
        var residuals = [Double](repeating: 0, count: chunk), absolute = residuals, weights = residuals
        var cells = [Int](repeating: 0, count: chunk)
        data.labels.withUnsafeBufferPointer { lb in
            data.predictions.withUnsafeBufferPointer { pr in
                keys.withUnsafeMutableBufferPointer { ky in
                    order.withUnsafeMutableBufferPointer { od in
                        packed.withUnsafeMutableBufferPointer { pk in
                            digitCounts.withUnsafeMutableBufferPointer { dc in
                                moments.withUnsafeMutableBufferPointer { V in
                                    partials.withUnsafeMutableBufferPointer { U in
                                        residuals.withUnsafeMutableBufferPointer { E in
                                            absolute.withUnsafeMutableBufferPointer { AE in
                                                cells.withUnsafeMutableBufferPointer { C in
                                                    weights.withUnsafeMutableBufferPointer { W in
                                                        for start in stride(from: 0, to: n, by: chunk) {
                                                            let end = min(start + chunk, n)
                                                            for i in start..<end {
                                                                let j = i &- start
                                                                let y = lb[i]
                                                                let e = y - pr[i]
                                                                let ae = e.magnitude
                                                                let ape = RegressionPass.absolutePercentageError(
                                                                    y: y, absoluteError: ae)
                                                                let w = data.weights?[i] ?? 1
                                                                (V[j], U[j]) = pass.terms(y: y, e: e, w: w, ape: ape)
                                                                E[j] = e
                                                                AE[j] = ae
                                                                W[j] = w
                                                                C[j] = RegressionPass.cell(ofRow: i, seed: cellSeed)
                                                                let k = RadixSort.key(ae)
                                                                ky[i] = k
                                                                RadixSort.countDigits(k, into: dc.baseAddress!)
                                                                if carriesPacked {
                                                                    od[i] = 0
                                                                } else {
                                                                    od[i] = UInt32(truncatingIfNeeded: i)
                                                                    pk[i &* rowWords] = w.bitPattern
                                                                }
                                                            }
                                                            for j in 0..<(end &- start) {
                                                                pass.add(
                                                                    slot: 0, moments: V[j], partial: U[j], y: lb[start &+ j],
                                                                    e: E[j], w: W[j],
                                                                    ae: AE[j], cell: C[j])
                                                            }
                                                            for (g, grouping) in groupings.enumerated() {
                                                                let d = decode[g]
                                                                let count = UInt32(truncatingIfNeeded: d.count)
                                                                grouping.codes.withUnsafeBufferPointer { codes in
                                                                    for i in start..<end {
                                                                        let c = codes[i]
                                                                        let v = c < count ? c : count
                                                                        if carriesPacked {
                                                                            od[i] |= v &<< UInt32(truncatingIfNeeded: d.shift)
                                                                        } else {
                                                                            pk[i &* rowWords &+ d.word] |= UInt64(v) &<< d.shift
                                                                        }
                                                                        if c < count {
                                                                            let j = i &- start
                                                                            pass.add(
                                                                                slot: d.base &+ Int(c), moments: V[j],
                                                                                partial: U[j],
                                                                                y: lb[i], e: E[j], w: W[j],
                                                                                ae: AE[j], cell: C[j] &>> d.cellShift)
                                                                        }
                                                                    }
                                                                }
                                                            }
                                                            pass.flush()
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
            }
        }
    }

    /// One slot's metric set from its sums, its |e| quantiles and its bootstrap units.
    static func assemble(
        _ t: RegressionPass.SlotTotals, quantile: AbsoluteErrorQuantiles.Result,
        weighted: Bool, options: EvaluationOptions, seed: UInt64
    ) -> MetricSet {
        typealias M = RegressionPass.Moments
        typealias P = RegressionPass.Partial
        let count = t.count, moments = t.moments
        let partial = t.partial
        let w = moments[M.weight]
        var m: MetricSet = [:]
        m["count"] = Metric(Double(count))
        if weighted { m["weighted_count"] = Metric(w) }
        m["max_error"] = Metric(count > 0 ? t.maxAbsolute : nil)
        let squares = partial[P.unweightedSquaredError]
        m["durbin_watson"] = Metric(squares > 0 ? partial[P.squaredDifference] / squares : nil)
        for name in MetricRegistry.names(for: .regression) where m[name] == nil { m[name] = .undefined }
        guard w > 0 else { return m }

        let nEff = Intervals.kishEffectiveSize(sumOfWeights: w, sumOfSquaredWeights: moments[M.squaredWeight])
        func normal(_ mean: Double, _ meanOfSquares: Double, clipAtZero: Bool) -> Metric {
            // A loss's interval stays above 0 (on the log scale where the normal one would not).
            let interval = clipAtZero ? Intervals.nonNegativeMean : Intervals.normalMean
            guard let ci = interval(mean, meanOfSquares, nEff, options.confidence) else { return Metric(mean) }
            return Metric(mean, lower: ci.lower, upper: ci.upper)
        }
        let mse = normal(moments[M.squaredError] / w, partial[P.fourthPowerError] / w, clipAtZero: true)
        m["mse"] = mse
        m["rmse"] = Metric(
            mse.value.map { $0.squareRoot() }, lower: mse.lower.map { $0.squareRoot() }, upper: mse.upper.map { $0.squareRoot() })
        m["mae"] = normal(partial[P.absoluteError] / w, moments[M.squaredError] / w, clipAtZero: true)
        m["mape"] = normal(partial[P.percentageError] / w, partial[P.squaredPercentageError] / w, clipAtZero: true)
        // Shifted residuals: the interval of the mean of e − c_e, moved back by c_e.
        let shift = t.shiftResidual
        let centred = normal(moments[M.residual] / w, moments[M.squaredResidual] / w, clipAtZero: false)
        m["mean_residual"] = Metric(
            shift + centred.value!, lower: centred.lower.map { shift + $0 }, upper: centred.upper.map { shift + $0 })
        m["median_absolute_error"] = Metric(quantile.median, lower: quantile.lower, upper: quantile.upper)

        let smooth = smoothMetrics(moments)
        m["r2"] = Metric(smooth.r2)
        m["explained_variance"] = Metric(smooth.explainedVariance)
        m["residual_std"] = Metric(smooth.residualStd)
        if options.bootstrapReplicates > 0 {
            bootstrap(units: t.units, into: &m, options: options, seed: seed)
        }
        return m
    }
}
