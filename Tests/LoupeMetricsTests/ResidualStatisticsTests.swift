import XCTest

@testable import LoupeMetrics

/// The residual diagnostics against scipy / statsmodels (`Fixtures/residual_statistics.json`),
/// and the binning and grid on small hand-made inputs.
final class ResidualStatisticsTests: XCTestCase {
    let tolerance = 1e-9

    func testMomentsAndJarqueBeraMatchScipy() throws {
        for c in try ResidualFixture.load().cases {
            let m = try XCTUnwrap(Moments(c.residual), c.name)
            XCTAssertEqual(m.count, c.residual.count)
            assertRelative(m.mean, c.moments.mean, tolerance, absolute: 1e-15, "\(c.name) mean")
            assertRelative(m.standardDeviation, c.moments.sd, tolerance, "\(c.name) sd")
            assertRelative(m.skewness, c.moments.skewness, tolerance, absolute: 1e-12, "\(c.name) skew")
            assertRelative(m.excessKurtosis, c.moments.kurtosis, tolerance, "\(c.name) kurtosis")
            assertRelative(m.jarqueBera, c.moments.jarque_bera, tolerance, "\(c.name) JB")
            assertRelative(m.jarqueBeraPValue, c.moments.jarque_bera_p, tolerance, "\(c.name) JB p")
        }
    }

    func testDurbinWatsonMatchesStatsmodels() throws {
        for c in try ResidualFixture.load().cases {
            assertRelative(DurbinWatson.statistic(c.residual), c.durbin_watson, tolerance, "\(c.name) DW")
        }
        let ar1 = try XCTUnwrap(ResidualFixture.load().cases.first { $0.name == "ar1_n600" })
        XCTAssertLessThan(try XCTUnwrap(DurbinWatson.statistic(ar1.residual)), 1.3)
    }

    func testAutocorrelationAndLjungBoxMatchStatsmodels() throws {
        let fixture = try ResidualFixture.load()
        for c in fixture.cases {
            let a = Autocorrelation(c.residual, maxLag: fixture.nlags, confidence: fixture.confidence)
            guard let expected = c.acf else {
                XCTAssertNil(a, c.name)
                continue
            }
            let acf = try XCTUnwrap(a, c.name)
            XCTAssertEqual(acf.maxLag, c.nlags, c.name)
            for (j, value) in expected.enumerated() {
                assertRelative(acf.coefficients[j], value, tolerance, absolute: 1e-13, "\(c.name) acf[\(j)]")
                assertRelative(
                    acf.bartlettHalfWidths[j], c.bartlett_half_width?[j], tolerance, absolute: 1e-13,
                    "\(c.name) Bartlett[\(j)]")
            }
            for j in 0..<c.nlags {
                assertRelative(acf.ljungBox[j], c.ljung_box?[j], tolerance, "\(c.name) Q[\(j + 1)]")
                assertRelative(acf.ljungBoxPValues[j], c.ljung_box_p?[j], tolerance, "\(c.name) Q p[\(j + 1)]")
            }
            XCTAssertEqual(
                acf.whiteNoiseHalfWidth, 1.959963984540054 / Double(c.residual.count).squareRoot(), accuracy: 1e-14)
        }
        let ar1 = try XCTUnwrap(fixture.cases.first { $0.name == "ar1_n600" })
        XCTAssertLessThan(try XCTUnwrap(Autocorrelation(ar1.residual)).ljungBoxPValues[19], 1e-20)
        XCTAssertNil(Autocorrelation([1, 1, 1]))
        XCTAssertNil(Autocorrelation([1]))
    }

    func testBreuschPaganMatchesStatsmodelsKoenker() throws {
        for c in try ResidualFixture.load().cases {
            let bp = BreuschPagan(residuals: c.residual, prediction: c.prediction)
            if let expected = c.breusch_pagan {
                let bp = try XCTUnwrap(bp, c.name)
                assertRelative(bp.lagrangeMultiplier, expected[0], tolerance, "\(c.name) BP LM")
                assertRelative(bp.lagrangeMultiplierPValue, expected[1], tolerance, "\(c.name) BP LM p")
                assertRelative(bp.fStatistic, expected[2], tolerance, "\(c.name) BP F")
                assertRelative(bp.fPValue, expected[3], tolerance, "\(c.name) BP F p")
            } else {
                XCTAssertNil(bp, c.name)
            }
            if let extra = c.extra_regressors, let expected = c.breusch_pagan_extra {
                let bp = try XCTUnwrap(BreuschPagan(residuals: c.residual, regressors: [c.prediction] + extra))
                XCTAssertEqual(bp.degreesOfFreedom, 1 + extra.count)
                assertRelative(bp.lagrangeMultiplier, expected[0], tolerance, "\(c.name) BP+ LM")
                assertRelative(bp.lagrangeMultiplierPValue, expected[1], tolerance, "\(c.name) BP+ LM p")
                assertRelative(bp.fStatistic, expected[2], tolerance, "\(c.name) BP+ F")
                assertRelative(bp.fPValue, expected[3], tolerance, "\(c.name) BP+ F p")
            }
        }
        let hetero = try XCTUnwrap(ResidualFixture.load().cases.first { $0.name == "heteroscedastic_n400" })
        XCTAssertLessThan(
            try XCTUnwrap(BreuschPagan(residuals: hetero.residual, prediction: hetero.prediction)).fPValue, 1e-10)
        // A regressor that duplicates another is collinear.
        XCTAssertNil(BreuschPagan(residuals: hetero.residual, regressors: [hetero.prediction, hetero.prediction]))
    }

    func testCorrelationsMatchScipy() throws {
        for c in try ResidualFixture.load().cases {
            let pearson = Correlation.pearson(c.prediction, c.residual)
            let spearman = Correlation.spearman(c.prediction, c.residual)
            guard let p = c.pearson, let s = c.spearman else {
                XCTAssertNil(pearson, c.name)
                XCTAssertNil(spearman, c.name)
                continue
            }
            assertRelative(pearson?.coefficient, p[0], tolerance, "\(c.name) pearson r")
            assertRelative(pearson?.pValue, p[1], tolerance, "\(c.name) pearson p")
            assertRelative(spearman?.coefficient, s[0], tolerance, "\(c.name) spearman rho")
            assertRelative(spearman?.pValue, s[1], tolerance, "\(c.name) spearman p")
        }
        XCTAssertNil(Correlation.pearson([1, 2, 3], [5, 5, 5]))
        XCTAssertNil(Correlation.spearman([4, 4, 4], [1, 2, 3]))
        XCTAssertNil(Correlation.pearson([1], [2]))
        XCTAssertEqual(Correlation.averageRanks([3, 1, 3, 2, 3]), [4, 1, 4, 2, 4])
        XCTAssertLessThan(try XCTUnwrap(Correlation.spearman([1, 2, 3, 4], [10, 20, 30, 40])?.pValue), 1e-15)
    }

    func testOneWayANOVAMatchesScipy() throws {
        let fixture = try ResidualFixture.load()
        for c in fixture.cases {
            guard let codes = c.codes, let groupCount = c.group_count, let expected = c.anova else { continue }
            let anova = try XCTUnwrap(
                OneWayANOVA(
                    values: c.residual, codes: codes.map { UInt32(truncatingIfNeeded: $0) }, groupCount: groupCount,
                    confidence: fixture.confidence))
            assertRelative(anova.fStatistic, expected.f, tolerance, "\(c.name) F")
            assertRelative(anova.pValue, expected.p, tolerance, "\(c.name) p")
            assertRelative(anova.etaSquared, expected.eta_squared, tolerance, "\(c.name) eta²")
            XCTAssertEqual(anova.groups.count, groupCount)
            for (g, group) in anova.groups.enumerated() {
                guard let e = expected.groups[g] else {
                    XCTAssertEqual(group.count, 0)
                    XCTAssertNil(group.mean)
                    continue
                }
                XCTAssertEqual(group.count, e.count, "\(c.name) group \(g)")
                assertRelative(group.mean, e.mean, tolerance, absolute: 1e-15, "\(c.name) group \(g) mean")
                assertRelative(group.standardDeviation, e.sd, tolerance, "\(c.name) group \(g) sd")
                assertRelative(group.lower, e.lower, tolerance, absolute: 1e-12, "\(c.name) group \(g) lower")
                assertRelative(group.upper, e.upper, tolerance, absolute: 1e-12, "\(c.name) group \(g) upper")
            }
        }
        // Constant within groups but different between: F is infinite, as scipy.
        let exact = try XCTUnwrap(OneWayANOVA(values: [1, 1, 2, 2], codes: [0, 0, 1, 1], groupCount: 2))
        XCTAssertEqual(exact.fStatistic, .infinity)
        XCTAssertEqual(exact.pValue, 0)
        XCTAssertEqual(exact.etaSquared, 1)
        // One non-empty group: undefined.
        XCTAssertNil(try XCTUnwrap(OneWayANOVA(values: [1, 2, 3], codes: [0, 0, .max], groupCount: 3)).fStatistic)
        XCTAssertNil(OneWayANOVA(values: [1, 2], codes: [0], groupCount: 1))
    }

    func testNormalQuantilePlotIsThinnedAndKeepsTheExtremes() throws {
        var rng = SplitMix64(seed: 7)
        let values = (0..<1001).map { _ in rng.nextUnit() * 10 }
        let plot = try XCTUnwrap(NormalQuantilePlot(values, maxPoints: 50))
        XCTAssertEqual(plot.ranks.count, 50)
        XCTAssertEqual(plot.ranks.first, 1)
        XCTAssertEqual(plot.ranks.last, 1001)
        XCTAssertEqual(Set(plot.ranks).count, 50)
        XCTAssertEqual(plot.sample, plot.sample.sorted())
        let m = try XCTUnwrap(Moments(values))
        let sd = try XCTUnwrap(m.standardDeviation)
        XCTAssertEqual(plot.sample.first!, (values.min()! - m.mean) / sd, accuracy: 1e-12)
        XCTAssertEqual(plot.sample.last!, (values.max()! - m.mean) / sd, accuracy: 1e-12)
        XCTAssertEqual(plot.theoretical.first!, Intervals.normalQuantile(0.5 / 1001), accuracy: 1e-12)
        XCTAssertEqual(plot.theoretical[25], -plot.theoretical[24], accuracy: 1e-12)

        let small = try XCTUnwrap(NormalQuantilePlot([3, 1, 2]))
        XCTAssertEqual(small.ranks, [1, 2, 3])
        XCTAssertEqual(small.sample, [-1, 0, 1])
        XCTAssertEqual(small.theoretical[1], 0, accuracy: 1e-15)
        XCTAssertNil(NormalQuantilePlot([2, 2, 2]))
        XCTAssertNil(NormalQuantilePlot([2]))
    }

    func testBinnedTrendKeepsTiesTogether() throws {
        // x has a run of five 3s that straddles the equal-count boundary at 5.
        let x: [Double] = [1, 2, 3, 3, 3, 3, 3, 8, 9, 10]
        let y: [Double] = [0, 10, 1, 2, 3, 4, 5, 6, 7, 8]
        let trend = try XCTUnwrap(BinnedTrend(x: x.reversed(), y: y.reversed(), binCount: 2))
        XCTAssertEqual(trend.bins.map(\.count), [7, 3])
        XCTAssertEqual(trend.bins.map(\.count).reduce(0, +), x.count)
        let first = trend.bins[0]
        XCTAssertEqual(first.xLower, 1)
        XCTAssertEqual(first.xUpper, 3)
        XCTAssertEqual(first.xMean, 18.0 / 7, accuracy: 1e-15)
        XCTAssertEqual(first.yMean, 25.0 / 7, accuracy: 1e-15)
        // numpy: np.quantile([0, 10, 1, 2, 3, 4, 5], [.1, .25, .5, .75, .9]) = [0.6, 1.5, 3, 4.5, 7]
        for (a, e) in zip(first.yQuantiles, [0.6, 1.5, 3, 4.5, 7.0]) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        XCTAssertEqual(trend.bins[1].xLower, 8)
        XCTAssertEqual(trend.bins[1].yQuantiles[2], 7)
        XCTAssertEqual(trend.bins[1].yStandardDeviation!, 1, accuracy: 1e-15)

        // All x equal: one bin, whatever b.
        let tied = try XCTUnwrap(BinnedTrend(x: [5, 5, 5, 5], y: [1, 2, 3, 4], binCount: 3))
        XCTAssertEqual(tied.bins.count, 1)
        XCTAssertEqual(tied.bins[0].count, 4)

        var rng = SplitMix64(seed: 11)
        let xs = (0..<1000).map { _ in (rng.nextUnit() * 50).rounded() }
        let ys = (0..<1000).map { _ in rng.nextUnit() }
        let bins = try XCTUnwrap(BinnedTrend(x: xs, y: ys)).bins
        XCTAssertEqual(bins.map(\.count).reduce(0, +), 1000)
        for (a, b) in zip(bins, bins.dropFirst()) { XCTAssertLessThan(a.xUpper, b.xLower) }
        for bin in bins {
            let inBin = zip(xs, ys).filter { $0.0 >= bin.xLower && $0.0 <= bin.xUpper }.map(\.1).sorted()
            XCTAssertEqual(inBin.count, bin.count)
            for (level, value) in zip(BinnedTrend.quantileLevels, bin.yQuantiles) {
                XCTAssertEqual(value, Intervals.quantile(sorted: inBin, level)!, accuracy: 1e-15)
            }
        }
        XCTAssertNil(BinnedTrend(x: [], y: []))
    }

    func testSelectionMatchesSortedQuantiles() {
        var rng = SplitMix64(seed: 5)
        for n in [1, 2, 3, 7, 601, 602, 5000, 20_000] {
            for ties in [false, true] {
                let values = (0..<n).map { _ in ties ? (rng.nextUnit() * 4).rounded() : rng.nextUnit() - 0.5 }
                let levels = [0, 0.005, 0.1, 0.25, 0.5, 0.75, 0.9, 0.995, 1]
                let sorted = values.sorted()
                for (level, q) in zip(levels, Selection.quantiles(of: values, levels: levels)) {
                    XCTAssertEqual(q, Intervals.quantile(sorted: sorted, level)!, accuracy: 1e-15, "n \(n) q \(level)")
                }
                for k in [0, n / 3, n - 1] {
                    var copy = values
                    let v = copy.withUnsafeMutableBufferPointer { Selection.select($0, k, in: 0..<n) }
                    XCTAssertEqual(v, sorted[k])
                    XCTAssert(copy[..<k].allSatisfy { $0 <= v } && copy[k...].allSatisfy { $0 >= v })
                }
            }
        }
    }

    func testDensityGridCountsEveryPointOnce() throws {
        let x: [Double] = [0, 1, 2, 3, 4, 4, 100]
        let y: [Double] = [0, 0, 1, 1, 2, 2, 1]
        let grid = try XCTUnwrap(DensityGrid(x: x, y: y, columns: 2, rows: 2, xRange: 0...4, yRange: 0...2))
        XCTAssertEqual(grid.outside, 1)
        XCTAssertEqual(grid.counts.reduce(0, +) + grid.outside, x.count)
        // x in [0, 2) is column 0, [2, 4] column 1; y in [0, 1) row 0, [1, 2] row 1.
        XCTAssertEqual(grid.count(column: 0, row: 0), 2)
        XCTAssertEqual(grid.count(column: 1, row: 1), 4)
        XCTAssertEqual(grid.count(column: 0, row: 1), 0)

        var rng = SplitMix64(seed: 3)
        let xs = (0..<10_000).map { _ in rng.nextUnit() }
        var ys = (0..<10_000).map { _ in rng.nextUnit() }
        ys[0] = 1e9
        let computed = try XCTUnwrap(DensityGrid(x: xs, y: ys))
        XCTAssertEqual(computed.counts.count, 60 * 40)
        XCTAssertEqual(computed.counts.reduce(0, +) + computed.outside, 10_000)
        XCTAssertLessThan(computed.yRange.upperBound, 1)  // the outlier does not stretch the grid
        let sortedX = xs.sorted()
        XCTAssertEqual(computed.xRange.lowerBound, Intervals.quantile(sorted: sortedX, 0.005)!, accuracy: 1e-15)
        XCTAssertEqual(computed.xRange.upperBound, Intervals.quantile(sorted: sortedX, 0.995)!, accuracy: 1e-15)
        XCTAssertGreaterThan(computed.outside, 150)  // about 1% outside in x, 1% in y

        let constant = try XCTUnwrap(DensityGrid(x: [2, 2], y: [1, 1]))
        XCTAssertEqual(constant.xRange, 1.5...2.5)
        XCTAssertEqual(constant.count(column: 30, row: 20), 2)
        XCTAssertEqual(constant.outside, 0)
        XCTAssertNil(DensityGrid(x: [1], y: []))
    }
}
