import LoupeResults

/// The residual analysis of one regression model (residual = label − prediction) over the
/// evaluated rows in evaluation order (time order when there is a timestamp): the statistics of
/// this folder, aggregated into `ResidualAnalysis` so that results.json and the page stay the
/// same size whatever the number of rows. Unweighted, as the tests it reports are.
public enum ResidualAnalyzer {
    static let maxLag = 20
    static let trendBins = 20
    static let histogramBins = 40
    static let quantilePoints = 200
    static let largestErrors = 20
    /// Categories listed per categorical column (the largest).
    static let maxCategories = 30

    /// The analysis of residual = label − prediction over rows in evaluation order. `order` names
    /// the column the rows are ordered by (`nil`: file order); `describe` gives, for the index of
    /// one of the largest errors, its row number in the file (1-based) and its columns' values as
    /// text, for the table of largest errors.
    public static func analyze(
        labels: [Double], predictions: [Double], features: [ResidualFeature], order: String?, confidence: Double,
        describe: (Int) -> (row: Int, values: [String: String])
    ) -> ResidualAnalysis {
        let n = labels.count
        let residuals = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n { buffer[i] = labels[i] - predictions[i] }
            initialized = n
        }
        let moments = Moments(residuals)
        let acf = Autocorrelation(residuals, maxLag: maxLag, confidence: confidence)
        let bp = BreuschPagan(residuals: residuals, prediction: predictions)
        let residualGrid = DensityGrid(x: predictions, y: residuals)
        // Predicted against actual on one range for both axes, so the diagonal is the diagonal.
        var actualGrid: DensityGrid?
        if let p = DensityGrid(x: predictions, y: labels) {
            let range = min(p.xRange.lowerBound, p.yRange.lowerBound)...max(p.xRange.upperBound, p.yRange.upperBound)
            actualGrid = DensityGrid(x: predictions, y: labels, columns: 50, rows: 50, xRange: range, yRange: range)
        }
        let quantiles = NormalQuantilePlot(residuals, maxPoints: quantilePoints)
        return ResidualAnalysis(
            order: order == nil ? "row" : "timestamp", orderColumn: order, count: n,
            moments: ResidualMoments(
                mean: moments.map(\.mean).flatMap(finite), standardDeviation: moments?.standardDeviation.flatMap(finite),
                skewness: moments?.skewness.flatMap(finite), kurtosis: moments?.excessKurtosis.flatMap(finite),
                jarqueBera: moments.flatMap { m in
                    test(m.jarqueBera, m.jarqueBeraPValue, degreesOfFreedom: 2)
                }),
            durbinWatson: DurbinWatson.statistic(residuals).flatMap(finite),
            autocorrelation: acf.map { acf in
                ResidualAutocorrelation(
                    lags: Array(1...acf.maxLag), values: acf.coefficients.dropFirst().map(finite),
                    bartlettBand: Array(acf.bartlettHalfWidths.dropFirst()), whiteNoiseBand: acf.whiteNoiseHalfWidth,
                    ljungBox: zip(acf.ljungBox, acf.ljungBoxPValues).enumerated().compactMap { lag, pair in
                        test(pair.0, pair.1, degreesOfFreedom: Double(lag + 1))
                    })
            },
            breuschPagan: bp.flatMap { bp in
                test(
                    bp.lagrangeMultiplier, bp.lagrangeMultiplierPValue, degreesOfFreedom: Double(bp.degreesOfFreedom),
                    f: bp.fStatistic, fPValue: bp.fPValue)
            },
            trend: trend(BinnedTrend(x: predictions, y: residuals, binCount: trendBins), confidence: confidence),
            residualDensity: residualGrid.map(density), actualDensity: actualGrid.map(density),
            histogram: residualGrid.map { histogram(residuals, range: $0.yRange) },
            quantiles: quantiles.map { q in
                zip(q.theoretical, q.sample).compactMap { t, s in
                    t.isFinite && s.isFinite ? QuantilePoint(theoretical: t, sample: s) : nil
                }
            } ?? [],
            featureCorrelations: correlations(features, residuals: residuals, confidence: confidence),
            largestErrors: largest(labels: labels, predictions: predictions, residuals: residuals, describe: describe)
        )
    }

    /// JSON has no NaN or infinity: such values are written as undefined.
    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    static func test(
        _ statistic: Double?, _ p: Double?, degreesOfFreedom: Double? = nil, f: Double? = nil, fPValue: Double? = nil
    ) -> HypothesisTest? {
        guard let statistic, statistic.isFinite, let p, p.isFinite else { return nil }
        return HypothesisTest(
            statistic: statistic, pValue: p, degreesOfFreedom: degreesOfFreedom, fStatistic: f.flatMap(finite),
            fPValue: fPValue.flatMap(finite))
    }

    /// Each bin's mean residual with its normal interval, mean ± z·s/√n (none below two rows).
    static func trend(_ trend: BinnedTrend?, confidence: Double) -> [TrendBin] {
        guard let trend else { return [] }
        let z = Intervals.criticalValue(confidence: confidence)
        return trend.bins.map { bin in
            let sd = bin.yStandardDeviation.flatMap(finite)
            let half = sd.flatMap { bin.count > 1 ? z * $0 / Double(bin.count).squareRoot() : nil }
            return TrendBin(
                low: bin.xLower, high: bin.xUpper, x: bin.xMean, count: bin.count, mean: bin.yMean,
                standardDeviation: sd, quantiles: bin.yQuantiles, lower: half.map { bin.yMean - $0 },
                upper: half.map { bin.yMean + $0 })
        }
    }

    static func density(_ grid: DensityGrid) -> ResidualDensity {
        func edges(_ range: ClosedRange<Double>, _ count: Int) -> [Double] {
            // Weighted ends, not lower + span × t: the span of ±1e308 overflows, the ends do not.
            (0...count).map {
                let t = Double($0) / Double(count)
                return $0 == count ? range.upperBound : range.lowerBound * (1 - t) + range.upperBound * t
            }
        }
        return ResidualDensity(
            xEdges: edges(grid.xRange, grid.columns), yEdges: edges(grid.yRange, grid.rows), counts: grid.counts,
            outside: grid.outside)
    }

    /// Equal-width bins over `range` (the residuals' 0.5%–99.5% quantiles), the last bin closed.
    static func histogram(_ residuals: [Double], range: ClosedRange<Double>) -> ResidualHistogram {
        let bins = histogramBins
        let low = range.lowerBound, width = (range.upperBound - range.lowerBound) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        var outside = 0
        for r in residuals {
            guard r >= low, r <= range.upperBound, width > 0 else {
                outside += 1
                continue
            }
            // (r − low) / width is NaN or infinite when the range overflows a double.
            let position = (r - low) / width
            guard position.isFinite else {
                outside += 1
                continue
            }
            counts[min(bins - 1, max(0, Int(position)))] += 1
        }
        return ResidualHistogram(
            edges: (0...bins).map { low + width * Double($0) }, counts: counts, outside: outside)
    }

    /// Every column against the residual, Holm-adjusted over the columns with a p-value.
    static func correlations(_ features: [ResidualFeature], residuals: [Double], confidence: Double)
        -> [String: FeatureCorrelation]
    {
        let z = Intervals.criticalValue(confidence: confidence)
        // Ranks of the residuals serve every numeric column without missing values.
        var residualRanks: [Double]?
        var results: [(String, FeatureCorrelation)] = features.map { feature in
            switch feature.values {
            case .numeric(let values):
                let present = values.indices.filter { values[$0].isFinite }
                let everyRow = present.count == values.count
                let x = everyRow ? values : present.map { values[$0] }
                let y = everyRow ? residuals : present.map { residuals[$0] }
                let unit = feature.unit
                let pearson = Correlation.pearson(x, y)
                var lower: Double?, upper: Double?
                if let r = pearson?.coefficient, x.count > 3, r.magnitude < 1 {
                    // Fisher's z: atanh(r) ± z/√(n − 3), mapped back with tanh.
                    let centre = 0.5 * libmLog((1 + r) / (1 - r)), half = z / Double(x.count - 3).squareRoot()
                    (lower, upper) = (libmTanh(centre - half), libmTanh(centre + half))
                }
                // One sort of the column serves both its ranks and its trend bins.
                let sorted = RadixSort.argsort(x)
                var spearman: Correlation.Estimate?
                if x.count >= 2 {
                    let yRanks: [Double]
                    if everyRow {
                        if residualRanks == nil { residualRanks = Correlation.averageRanks(residuals) }
                        yRanks = residualRanks!
                    } else {
                        yRanks = Correlation.averageRanks(y)
                    }
                    spearman = Correlation.pearson(Correlation.averageRanks(sorted: sorted), yRanks)
                }
                return (
                    feature.name,
                    FeatureCorrelation(
                        kind: "numeric", value: pearson.map(\.coefficient), lower: lower, upper: upper,
                        pValue: pearson?.pValue.flatMap(finite), spearman: spearman.map(\.coefficient),
                        spearmanPValue: x.count > 2 ? spearman?.pValue.flatMap(finite) : nil, count: x.count, unit: unit,
                        trend: trend(BinnedTrend(sorted: sorted, y: y, binCount: trendBins), confidence: confidence))
                )
            case .categorical(let codes, let dictionary):
                guard
                    let anova = OneWayANOVA(
                        values: residuals, codes: codes, groupCount: dictionary.count, confidence: confidence)
                else { return (feature.name, FeatureCorrelation(kind: "categorical", value: nil, pValue: nil, count: 0)) }
                let listed = anova.groups.indices.filter { anova.groups[$0].count > 0 }
                    .sorted { (anova.groups[$0].count, $1) > (anova.groups[$1].count, $0) }.prefix(maxCategories)
                    .sorted()
                return (
                    feature.name,
                    FeatureCorrelation(
                        kind: "categorical", value: anova.etaSquared.flatMap(finite).map { max(0, $0).squareRoot() },
                        pValue: anova.pValue.flatMap(finite), fStatistic: anova.fStatistic.flatMap(finite), count: anova.count,
                        categories: listed.map { g in
                            let group = anova.groups[g]
                            return CategoryMean(
                                category: dictionary[g], count: group.count,
                                mean: Metric(
                                    group.mean.flatMap(finite), lower: group.lower.flatMap(finite),
                                    upper: group.upper.flatMap(finite)))
                        })
                )
            }
        }
        let adjusted = ProportionComparison.holm(results.map(\.1.pValue))
        for i in results.indices { results[i].1.holmPValue = adjusted[i] }
        return Dictionary(results, uniquingKeysWith: { first, _ in first })
    }

    /// The rows with the largest |residual|, largest first (ties: earlier in evaluation order).
    static func largest(
        labels: [Double], predictions: [Double], residuals: [Double], describe: (Int) -> (row: Int, values: [String: String])
    ) -> [LargeError] {
        var top: [Int] = []
        func larger(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (residuals[a].magnitude, residuals[b].magnitude)
            return x != y ? x > y : a < b
        }
        for i in residuals.indices {
            if top.count == largestErrors {
                guard larger(i, top[top.count - 1]) else { continue }
                top.removeLast()
            }
            let position = top.firstIndex { larger(i, $0) } ?? top.count
            top.insert(i, at: position)
        }
        return top.map { i in
            let described = describe(i)
            return LargeError(
                row: described.row, label: labels[i], prediction: predictions[i], residual: residuals[i],
                values: described.values)
        }
    }
}
