import Foundation
import LoupeResults
import XCTest

@testable import LoupeMetrics

/// The cases of `Fixtures/multiclass_comparison.json` (`Fixtures/make_multiclass_comparison_fixtures.py`).
private struct MulticlassComparisonFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var classCount: Int
        var labels: [Int32]
        var candidate: [Double]
        var baseline: [Double]
        var candidatePredicted: [Int]
        var baselinePredicted: [Int]
        var b: Double
        var c: Double
        var exact: Bool
        var pValue: Double
        var difference: Double
        var lower: Double
        var upper: Double
    }
    var mcnemar: [Case]

    static func load() throws -> MulticlassComparisonFixture {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "multiclass_comparison", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(MulticlassComparisonFixture.self, from: Data(contentsOf: url))
    }
}

/// Two models' class probabilities for the same rows: the true class's logit raised by each
/// model's skill; in `degraded` rows the candidate loses its skill on class 1.
private func twoModels(
    rows: Int, classes k: Int, seed: UInt64, candidateSkill: Double, baselineSkill: Double,
    degraded: (Int) -> Bool = { _ in false }
) -> (labels: [Int32], candidate: [Double], baseline: [Double]) {
    var rng = SplitMix64(seed: seed)
    func normal() -> Double {
        let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
    var labels: [Int32] = [], candidate: [Double] = [], baseline: [Double] = []
    for i in 0..<rows {
        let y = Int(rng.next() % UInt64(k))
        labels.append(Int32(y))
        // Shared noise makes the two models correlated, as real models on the same rows are.
        let shared = (0..<k).map { _ in normal() }
        for (skill, isCandidate) in [(candidateSkill, true), (baselineSkill, false)] {
            var logits = shared.map { $0 + 0.5 * normal() }
            logits[y] += isCandidate && degraded(i) && y == 1 ? 0 : skill
            let e = logits.map { exp($0) }
            let total = e.reduce(0, +)
            let p = e.map { $0 / total }
            if isCandidate { candidate += p } else { baseline += p }
        }
    }
    return (labels, candidate, baseline)
}

final class MulticlassComparisonTests: XCTestCase {
    private func options(seed: UInt64 = 0, minGroupSize: Int = 1) -> EvaluationOptions {
        EvaluationOptions(seed: seed, minGroupSize: minGroupSize)
    }

    /// Every difference of one group: the cells' (McNemar, confusion metrics, AUCs centred on the
    /// exact difference) and the random cells' (log loss, Brier, ECE).
    private func compare(
        _ labels: [Int32], _ k: Int, _ a: MulticlassPredictions, _ b: MulticlassPredictions, groupings: [Grouping?] = [nil],
        slot: Int = 0, group: Int = 0, options: EvaluationOptions
    ) -> PairedBootstrap.GroupComparison? {
        let cells = PairedMulticlassCells(
            labels: labels, classCount: k, candidate: a, baseline: b, weights: nil, groupings: groupings,
            seed: options.seed)
        let rows = groupings[slot].map { grouping in labels.indices.filter { grouping.codes[$0] == UInt32(group) } }
        let x = MulticlassMetrics.evaluate(MulticlassData(classCount: k, labels: labels, predictions: a), k: 3, rows: rows)
        let y = MulticlassMetrics.evaluate(MulticlassData(classCount: k, labels: labels, predictions: b), k: 3, rows: rows)
        var exact: [String: Double] = [:]
        for name in PairedMulticlassCells.rankMetrics {
            if let u = x.values[name] ?? nil, let v = y.values[name] ?? nil { exact[name] = u - v }
        }
        guard var comparison = cells.compare(slot: slot, group: group, exact: exact, options: options) else { return nil }
        if case .probabilities(let pa) = a, case .probabilities(let pb) = b {
            let means = PairedBootstrap.multiclass(
                labels: labels, classCount: k, candidate: pa, baseline: pb, weights: nil, groupings: groupings,
                options: options)
            for (name, d) in means[slot][group]?.differences ?? [:] { comparison.differences[name] = d }
        }
        return comparison
    }

    func testMcNemarOnMulticlassRowsMatchesStatsmodels() throws {
        for c in try MulticlassComparisonFixture.load().mcnemar {
            let k = c.classCount
            XCTAssertEqual(
                MulticlassFairness.decisions(.rowMajor(c.candidate, k), classCount: k).map(Int.init), c.candidatePredicted,
                c.name)
            XCTAssertEqual(
                MulticlassFairness.decisions(.rowMajor(c.baseline, k), classCount: k).map(Int.init), c.baselinePredicted,
                c.name)
            let comparison = try XCTUnwrap(
                compare(c.labels, k, .rowMajor(c.candidate, k), .rowMajor(c.baseline, k), options: options()))
            let accuracy = try XCTUnwrap(comparison.differences["accuracy"], c.name)
            XCTAssertEqual(accuracy.method, "mcnemar")
            assertClose(accuracy.pValue, c.pValue, 1e-12, c.name)
            assertClose(accuracy.difference, c.difference, 1e-12, c.name)
            assertClose(accuracy.lower, c.lower, 1e-12, c.name)
            assertClose(accuracy.upper, c.upper, 1e-12, c.name)
            XCTAssertEqual(comparison.differences["micro_f1"], accuracy, "micro F1 is the accuracy of single-label rows")
        }
    }

    func testIdenticalModelsDifferByNothingAndAreNotSignificant() throws {
        let d = twoModels(rows: 2000, classes: 4, seed: 1, candidateSkill: 1.5, baselineSkill: 1.5)
        let comparison = try XCTUnwrap(
            compare(d.labels, 4, .rowMajor(d.candidate, 4), .rowMajor(d.candidate, 4), options: options()))
        let expected = Set(
            ["accuracy", "micro_f1"] + PairedMulticlassCells.confusionMetrics + PairedMulticlassCells.rankMetrics
                + PairedBootstrap.multiclassMetrics)
        XCTAssertEqual(Set(comparison.differences.keys), expected)
        for (name, difference) in comparison.differences {
            XCTAssertEqual(difference.difference, 0, accuracy: 1e-12, name)
            XCTAssertEqual(difference.pValue ?? 0, 1, accuracy: 1e-12, name)
            XCTAssertEqual(
                ComparisonVerdict.verdict(metric: name, lower: difference.lower, upper: difference.upper),
                "no_significant_difference", name)
        }
        XCTAssertEqual(comparison.flipRate, 0)
    }

    func testAClearlyBetterModelIsSignificantlyBetterAndTheReverseWorse() throws {
        let d = twoModels(rows: 3000, classes: 4, seed: 2, candidateSkill: 2.5, baselineSkill: 1.0)
        for swapped in [false, true] {
            let (a, b) = swapped ? (d.baseline, d.candidate) : (d.candidate, d.baseline)
            let comparison = try XCTUnwrap(compare(d.labels, 4, .rowMajor(a, 4), .rowMajor(b, 4), options: options()))
            for name in ["accuracy", "macro_f1", "log_loss", "macro_ovr_auc", "mcc", "brier"] {
                let difference = try XCTUnwrap(comparison.differences[name], name)
                let verdict = ComparisonVerdict.verdict(metric: name, lower: difference.lower, upper: difference.upper)
                XCTAssertEqual(verdict, swapped ? "worse" : "better", "\(name) swapped: \(swapped)")
                XCTAssertLessThan(try XCTUnwrap(difference.pValue), 0.01, name)
            }
            let sign = swapped ? -1.0 : 1.0
            XCTAssertGreaterThan(sign * (comparison.differences["macro_f1"]?.difference ?? 0), 0)
            XCTAssertLessThan(sign * (comparison.differences["log_loss"]?.difference ?? 0), 0)
        }
    }

    /// The joint cells are drawn a block of replicates at a time (`PoissonInversion.block`), so
    /// many replicates need no more memory than the default's: with two and a half blocks the
    /// confusion metrics still see the better model, their intervals around the difference.
    func testMoreReplicatesThanADrawBlockStillSeeTheBetterModel() throws {
        let d = twoModels(rows: 3000, classes: 4, seed: 2, candidateSkill: 2.5, baselineSkill: 1.0)
        var many = options()
        many.bootstrapReplicates = 2 * PoissonInversion.block + 88
        let comparison = try XCTUnwrap(
            compare(d.labels, 4, .rowMajor(d.candidate, 4), .rowMajor(d.baseline, 4), options: many))
        for name in PairedMulticlassCells.confusionMetrics {
            let difference = try XCTUnwrap(comparison.differences[name], name)
            let verdict = ComparisonVerdict.verdict(metric: name, lower: difference.lower, upper: difference.upper)
            XCTAssertEqual(verdict, "better", name)
            XCTAssertLessThan(try XCTUnwrap(difference.lower), difference.difference, name)
            XCTAssertGreaterThan(try XCTUnwrap(difference.upper), difference.difference, name)
        }
    }

    func testPointDifferencesEqualTheEvaluationsDifferences() throws {
        let d = twoModels(rows: 1500, classes: 5, seed: 3, candidateSkill: 1.8, baselineSkill: 1.4)
        let comparison = try XCTUnwrap(
            compare(d.labels, 5, .rowMajor(d.candidate, 5), .rowMajor(d.baseline, 5), options: options()))
        let x = MulticlassMetrics.evaluate(
            MulticlassData(classCount: 5, labels: d.labels, predictions: .rowMajor(d.candidate, 5)), k: 3)
        let y = MulticlassMetrics.evaluate(
            MulticlassData(classCount: 5, labels: d.labels, predictions: .rowMajor(d.baseline, 5)), k: 3)
        for (name, difference) in comparison.differences {
            let expected = try XCTUnwrap(x.values[name] ?? nil, name) - XCTUnwrap(y.values[name] ?? nil, name)
            XCTAssertEqual(difference.difference, expected, accuracy: 1e-12, name)
            XCTAssertLessThanOrEqual(try XCTUnwrap(difference.lower, name), difference.difference, name)
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(difference.upper, name), difference.difference, name)
        }
    }

    func testHardPredictionsCompareOnlyTheConfusionMetrics() throws {
        let d = twoModels(rows: 1000, classes: 3, seed: 4, candidateSkill: 2, baselineSkill: 1)
        let hard = MulticlassFairness.decisions(.rowMajor(d.candidate, 3), classCount: 3)
        let comparison = try XCTUnwrap(
            compare(d.labels, 3, .classes(hard), .rowMajor(d.baseline, 3), options: options()))
        XCTAssertEqual(
            Set(comparison.differences.keys), Set(["accuracy", "micro_f1"] + PairedMulticlassCells.confusionMetrics))
        // The hard predictions are the candidate's argmax: the same decisions, the same test.
        let soft = try XCTUnwrap(
            compare(d.labels, 3, .rowMajor(d.candidate, 3), .rowMajor(d.baseline, 3), options: options()))
        XCTAssertEqual(comparison.differences["accuracy"], soft.differences["accuracy"])
        XCTAssertEqual(comparison.differences["macro_f1"], soft.differences["macro_f1"])
    }

    func testASliceWithoutAClassComparesOnTheClassesItHas() throws {
        var d = twoModels(rows: 2400, classes: 4, seed: 5, candidateSkill: 2, baselineSkill: 1.6)
        // Group 1 holds every row of class 3 and nothing else; group 0 has no class 3.
        let codes = d.labels.map { UInt32($0 == 3 ? 1 : 0) }
        let grouping = Grouping(codes: codes, groupCount: 2)
        let comparison = try XCTUnwrap(
            compare(
                d.labels, 4, .rowMajor(d.candidate, 4), .rowMajor(d.baseline, 4), groupings: [nil, grouping], slot: 1,
                group: 0, options: options()))
        let rows = d.labels.indices.filter { codes[$0] == 0 }
        let x = MulticlassMetrics.evaluate(
            MulticlassData(classCount: 4, labels: d.labels, predictions: .rowMajor(d.candidate, 4)), k: 3, rows: rows)
        let y = MulticlassMetrics.evaluate(
            MulticlassData(classCount: 4, labels: d.labels, predictions: .rowMajor(d.baseline, 4)), k: 3, rows: rows)
        for name in ["macro_f1", "macro_recall", "balanced_accuracy", "macro_ovr_auc", "log_loss"] {
            let difference = try XCTUnwrap(comparison.differences[name], name)
            let expected = try XCTUnwrap(x.values[name] ?? nil, name) - XCTUnwrap(y.values[name] ?? nil, name)
            XCTAssertEqual(difference.difference, expected, accuracy: 1e-12, name)
            XCTAssertNotNil(difference.lower, name)
            XCTAssertTrue(difference.lower!.isFinite && difference.upper!.isFinite, name)
        }
        XCTAssertEqual(comparison.rows, rows.count)
        d.labels = []
    }

    func testTheSameSeedGivesTheSameNumbersAndAnotherSeedOthers() throws {
        let d = twoModels(rows: 600, classes: 4, seed: 6, candidateSkill: 1.6, baselineSkill: 1.5)
        func run(_ seed: UInt64) -> PairedBootstrap.GroupComparison? {
            compare(d.labels, 4, .rowMajor(d.candidate, 4), .rowMajor(d.baseline, 4), options: options(seed: seed))
        }
        let first = run(9), again = run(9), other = run(10)
        XCTAssertNotNil(first)
        XCTAssertEqual(first, again)
        for name in ["macro_f1", "macro_ovr_auc", "log_loss"] {
            XCTAssertNotEqual(first?.differences[name]?.lower, other?.differences[name]?.lower, name)
        }
    }

    /// The rank bins tie scores; the interval's width must still be that of the exact per-row
    /// Poisson bootstrap of the exact AUC difference.
    func testRankBinIntervalIsAsWideAsTheExactRowBootstrap() throws {
        let k = 4, n = 1000
        let d = twoModels(rows: n, classes: k, seed: 7, candidateSkill: 1.2, baselineSkill: 1.1)
        var many = options()
        many.bootstrapReplicates = 1000
        let comparison = try XCTUnwrap(
            compare(d.labels, k, .rowMajor(d.candidate, k), .rowMajor(d.baseline, k), options: many))
        let binned = try XCTUnwrap(comparison.differences["macro_ovr_auc"])
        var rng = SplitMix64(seed: 123)
        let sampler = PoissonOne.shared
        var replicates: [Double] = []
        for _ in 0..<500 {
            let weights = (0..<n).map { _ in sampler.draw(&rng) }
            func auc(_ p: [Double]) -> Double? {
                MulticlassRanking(
                    MulticlassData(classCount: k, labels: d.labels, predictions: .rowMajor(p, k), weights: weights))?
                    .macroOVRAUC
            }
            if let a = auc(d.candidate), let b = auc(d.baseline) { replicates.append(a - b) }
        }
        let exact = try XCTUnwrap(Intervals.biasCorrected(replicates: replicates, estimate: binned.difference, confidence: 0.95))
        let ratio = (binned.upper! - binned.lower!) / (exact.upper - exact.lower)
        XCTAssertGreaterThan(ratio, 0.8, "binned \(binned), exact \(exact)")
        XCTAssertLessThan(ratio, 1.25, "binned \(binned), exact \(exact)")
    }

    /// A large group's random cells of rows and a small group's rows give intervals of the same width.
    func testRandomCellsOfRowsGiveTheWidthOfTheRowBootstrap() throws {
        let k = 4, n = 4200
        let d = twoModels(rows: n, classes: k, seed: 8, candidateSkill: 1.2, baselineSkill: 1.1)
        var many = options()
        many.bootstrapReplicates = 1000
        func width(denseRows: Int) throws -> Double {
            let cells = PairedMulticlassCells(
                labels: d.labels, classCount: k, candidate: .rowMajor(d.candidate, k), baseline: .rowMajor(d.baseline, k),
                weights: nil, groupings: [nil], seed: 0, denseRows: denseRows)
            XCTAssertEqual(cells.rankOffset[0] >= 0, denseRows <= n)
            let difference = try XCTUnwrap(
                cells.compare(slot: 0, group: 0, exact: ["macro_ovr_auc": 0.01], options: many)?.differences["macro_ovr_auc"])
            return try XCTUnwrap(difference.upper) - XCTUnwrap(difference.lower)
        }
        let ratio = try width(denseRows: 4096) / width(denseRows: n + 1)
        XCTAssertGreaterThan(ratio, 0.8)
        XCTAssertLessThan(ratio, 1.25)
    }

    func testGroupsBelowTheMinimumAreLeftOut() {
        let d = twoModels(rows: 100, classes: 3, seed: 8, candidateSkill: 1, baselineSkill: 1)
        let grouping = Grouping(codes: d.labels.indices.map { UInt32($0 < 10 ? 0 : 1) }, groupCount: 2)
        let cells = PairedMulticlassCells(
            labels: d.labels, classCount: 3, candidate: .rowMajor(d.candidate, 3), baseline: .rowMajor(d.baseline, 3),
            weights: nil, groupings: [nil, grouping], seed: 0)
        XCTAssertNil(cells.compare(slot: 1, group: 0, exact: [:], options: options(minGroupSize: 30)))
        XCTAssertNotNil(cells.compare(slot: 1, group: 1, exact: [:], options: options(minGroupSize: 30)))
    }

    /// The dense groups' rank cells are filled in bucket order of the rows' random cells, not in
    /// row order; with weights (whose sums depend on their order) every cell must still equal a
    /// pass in row order, and the smaller groups keep their rows in row order.
    func testRankCellsEqualAPassInRowOrderWithWeights() {
        assertRankCellsEqualAPassInRowOrder(weighted: true)
    }

    /// Without weights the dense cells are counted in integers, then made doubles: the same
    /// numbers as adding 1.0 per row.
    func testRankCellsWithoutWeightsEqualAPassAddingOnes() {
        assertRankCellsEqualAPassInRowOrder(weighted: false)
    }

    private func assertRankCellsEqualAPassInRowOrder(weighted: Bool) {
        var rng = SplitMix64(seed: 11)
        let n = 3000, k = 3, bins = PairedMulticlassCells.rankBins
        var labels: [Int32] = [], pa: [Double] = [], pb: [Double] = [], weights: [Double] = [], codes: [UInt32] = []
        for i in 0..<n {
            let y = Int(rng.next() % 3)
            labels.append(Int32(y))
            appendTwoModels(label: y, classes: k, boosts: (1, 0.5), rng: &rng, into: &pa, &pb)
            weights.append(0.1 + 3 * rng.nextUnit())
            // Two large groups, a small one (its rows kept) and rows in no group.
            codes.append(i % 60 == 0 ? 2 : i % 97 == 0 ? Grouping.none : UInt32(i % 2))
        }
        let grouping = Grouping(codes: codes, groupCount: 3)
        let cells = PairedMulticlassCells(
            labels: labels, classCount: k, candidate: .rowMajor(pa, k), baseline: .rowMajor(pb, k),
            weights: weighted ? weights : nil, groupings: [nil, grouping], seed: 5, denseRows: 100)
        if !weighted { weights = [Double](repeating: 1, count: n) }
        let tableA = RankBins(labels: labels, probabilities: ClassProbabilities(rowMajor: pa, classCount: k), classCount: k)
        let tableB = RankBins(labels: labels, probabilities: ClassProbabilities(rowMajor: pb, classCount: k), classCount: k)
        var reference = [Double](repeating: 0, count: cells.rankCellValues.count)
        var sparseClasses: [Int32] = [], sparseWeights: [Double] = [], sparseBins: [UInt8] = []
        let seed = PairedBootstrap.cellSeed(5)
        let groupShift = Int(RegressionPass.cellBits - PairedCells.groupCellBits)
        for i in 0..<n {
            let y = Int(labels[i]), hashed = RegressionPass.cell(ofRow: i, seed: seed)
            var groups = [(global: 0, shift: 0)]
            if codes[i] < 3 { groups.append((1 + Int(codes[i]), groupShift)) }
            for (g, shift) in groups {
                guard cells.rankOffset[g] >= 0 else {
                    sparseClasses.append(Int32(y))
                    sparseWeights.append(weights[i])
                    for c in 0..<k { sparseBins.append(UInt8(tableA.bin(pa[i * k + c], class: c))) }
                    for c in 0..<k { sparseBins.append(UInt8(tableB.bin(pb[i * k + c], class: c))) }
                    continue
                }
                let base = (cells.rankOffset[g] + hashed >> shift) * cells.rankLanes
                for c in 0..<k {
                    let row = base + c * 4 * bins + (c == y ? bins : 0)
                    reference[row + tableA.bin(pa[i * k + c], class: c)] += weights[i]
                    reference[row + 2 * bins + tableB.bin(pb[i * k + c], class: c)] += weights[i]
                }
            }
        }
        XCTAssertEqual(cells.rankOffset.map { $0 >= 0 }, [true, true, true, false], "the small group keeps its rows")
        XCTAssertEqual(cells.rankCellValues, reference)
        XCTAssertEqual(cells.sparseClasses[3], sparseClasses)
        XCTAssertEqual(cells.sparseWeights[3], sparseWeights)
        XCTAssertEqual(cells.sparseBins[3], sparseBins)
    }

    /// The row pass maps each probability to its rank bin from the fine code `RankBins` stored
    /// for its histograms, not by computing the code again: the stored codes must be the fine
    /// codes of the probabilities and the rows' bins (kept rows and dense cells) the bins of the
    /// probabilities — on values at 0, ½ and 1, −0, below 2⁻³², on both sides of code edges, and
    /// many rows tied on a few values so that cuts fall on tied codes.
    func testRowBinsFromStoredFineCodesEqualTheBinsOfTheProbabilities() {
        var rng = SplitMix64(seed: 23)
        let n = 2000, k = 3, bins = PairedMulticlassCells.rankBins
        let edges: [Double] = [
            0, -0.0, 1, 0.5, 0.5.nextUp, 0.5.nextDown, 0x1p-32, (0x1p-32).nextDown, 0x1p-33, 1 - 0x1p-32, 0x1p-12,
            (0x1p-12).nextDown, 0x1.01p-3, (0x1.01p-3).nextDown, 0.25, 0.75, 1.0.nextDown, .leastNonzeroMagnitude,
        ]
        let tied: [Double] = [0.1, 0.2, 0.3]
        var labels: [Int32] = [], pa: [Double] = [], pb: [Double] = []
        for _ in 0..<n {
            let y = Int(rng.next() % UInt64(k))
            labels.append(Int32(y))
            for _ in 0..<2 * k {
                let draw = rng.next() % 4
                let p =
                    draw == 0
                    ? edges[Int(rng.next() % UInt64(edges.count))]
                    : draw == 1 ? tied[Int(rng.next() % UInt64(tied.count))] : rng.nextUnit()
                if pa.count < labels.count * k { pa.append(p) } else { pb.append(p) }
            }
        }
        let tableA = RankBins(labels: labels, probabilities: ClassProbabilities(rowMajor: pa, classCount: k), classCount: k)
        let tableB = RankBins(labels: labels, probabilities: ClassProbabilities(rowMajor: pb, classCount: k), classCount: k)
        XCTAssertEqual(tableA.codes.map(Int.init), pa.map(RankBins.fineCode))
        XCTAssertEqual(tableB.codes.map(Int.init), pb.map(RankBins.fineCode))
        var expected: [UInt8] = [], histogram = [Double](repeating: 0, count: k * 4 * bins)
        for i in 0..<n {
            let y = Int(labels[i])
            let rowA = (0..<k).map { tableA.bin(pa[i * k + $0], class: $0) }
            let rowB = (0..<k).map { tableB.bin(pb[i * k + $0], class: $0) }
            expected += (rowA + rowB).map { UInt8($0) }
            for c in 0..<k {
                histogram[c * 4 * bins + (c == y ? bins : 0) + rowA[c]] += 1
                histogram[c * 4 * bins + 2 * bins + (c == y ? bins : 0) + rowB[c]] += 1
            }
        }
        XCTAssertGreaterThan(Set(expected).count, bins / 2, "the bins are spread")
        let kept = PairedMulticlassCells(
            labels: labels, classCount: k, candidate: .rowMajor(pa, k), baseline: .rowMajor(pb, k), weights: nil,
            groupings: [nil], seed: 3, denseRows: Int.max)
        XCTAssertEqual(kept.sparseBins[0], expected)
        let dense = PairedMulticlassCells(
            labels: labels, classCount: k, candidate: .rowMajor(pa, k), baseline: .rowMajor(pb, k), weights: nil,
            groupings: [nil], seed: 3, denseRows: 1)
        var summed = [Double](repeating: 0, count: dense.rankLanes)
        let values = dense.rankCellValues
        for cell in 0..<dense.rankCellCount[0] {
            let first = (dense.rankOffset[0] + cell) * dense.rankLanes
            for lane in 0..<dense.rankLanes { summed[lane] += values[first + lane] }
        }
        XCTAssertEqual(summed, histogram)
    }

    /// The rank replicates read a dense group's cells class by class, 16 lanes at a time over
    /// the drawn cells; they equal, bit for bit, the plain reading: replicate by replicate, every
    /// cell's multiplicity drawn in turn and all its lanes added, then each class's AUCs from the
    /// summed histogram — for dense groups, for a small group's rows, with weights, and with a
    /// class that has no positives in a group (left out of the averages).
    func testRankReplicatesEqualTheReplicateByReplicateReading() {
        assertRankReplicatesEqualTheReplicateByReplicateReading(weighted: true)
    }

    /// Without weights the dense cells are integer counts, the cells drawn once are added first
    /// and the sums taken in 32-bit integers: the same doubles as the plain reading.
    func testCountedRankReplicatesWithoutWeightsEqualTheReplicateByReplicateReading() {
        assertRankReplicatesEqualTheReplicateByReplicateReading(weighted: false)
    }

    private func assertRankReplicatesEqualTheReplicateByReplicateReading(weighted withWeights: Bool) {
        var rng = SplitMix64(seed: 17)
        let n = 3000, k = 3, bins = PairedMulticlassCells.rankBins
        var labels: [Int32] = [], pa: [Double] = [], pb: [Double] = [], weights: [Double] = [], codes: [UInt32] = []
        for i in 0..<n {
            let code: UInt32 = i % 60 == 0 ? 2 : UInt32(i % 2)
            // Group 1 has no rows of class 2.
            var y = Int(rng.next() % 3)
            if code == 1 && y == 2 { y = 0 }
            labels.append(Int32(y))
            appendTwoModels(label: y, classes: k, boosts: (1, 0.5), rng: &rng, into: &pa, &pb)
            weights.append(0.1 + 3 * rng.nextUnit())
            codes.append(code)
        }
        let cells = PairedMulticlassCells(
            labels: labels, classCount: k, candidate: .rowMajor(pa, k), baseline: .rowMajor(pb, k),
            weights: withWeights ? weights : nil, groupings: [nil, Grouping(codes: codes, groupCount: 3)], seed: 5,
            denseRows: 100)
        XCTAssertEqual(cells.rankOffset.map { $0 >= 0 }, [true, true, true, false])
        XCTAssertEqual(cells.rankCounts.isEmpty, withWeights, "counted without weights")
        let values = cells.rankCellValues
        var options = EvaluationOptions()
        options.bootstrapReplicates = 60
        func auc(_ h: [Double], _ offset: Int) -> Double? {
            var below = 0.0, sum = 0.0, positives = 0.0
            for j in 0..<bins {
                let neg = h[offset + j], pos = h[offset + bins + j]
                sum += pos * (below + neg / 2)
                below += neg
                positives += pos
            }
            guard positives > 0, below > 0 else { return nil }
            return sum / (positives * below)
        }
        for (slot, group, g) in [(0, 0, 0), (1, 0, 1), (1, 1, 2), (1, 2, 3)] {
            var stream = SplitMix64(
                seed: BinaryEvaluator.streamSeed(options.seed ^ 0x4A0C_B125_0000_0000, grouping: slot, group: group))
            var expected: [[Double]] = [[], []]
            for _ in 0..<options.bootstrapReplicates {
                var h = [Double](repeating: 0, count: cells.rankLanes)
                if cells.rankOffset[g] >= 0 {
                    for cell in 0..<cells.rankCellCount[g] {
                        let m = PoissonOne.shared.draw(&stream)
                        if m == 0 { continue }
                        let base = (cells.rankOffset[g] + cell) * cells.rankLanes
                        for j in 0..<cells.rankLanes { h[j] += m * values[base + j] }
                    }
                } else {
                    for r in cells.sparseClasses[g].indices {
                        let m = PoissonOne.shared.draw(&stream)
                        if m == 0 { continue }
                        let y = Int(cells.sparseClasses[g][r]), w = m * cells.sparseWeights[g][r]
                        let rowBins = cells.sparseBins[g][(r * 2 * k)..<(r * 2 * k + 2 * k)].map { Int($0) }
                        for c in 0..<k {
                            let positive: Int = c == y ? bins : 0
                            let laneA: Int = c * 4 * bins + positive + rowBins[c]
                            let laneB: Int = (c * 4 + 2) * bins + positive + rowBins[k + c]
                            h[laneA] += w
                            h[laneB] += w
                        }
                    }
                }
                var macro = (CompensatedSum(), CompensatedSum()), defined = 0
                var weighted = (CompensatedSum(), CompensatedSum()), support = CompensatedSum()
                for c in 0..<k {
                    guard let a = auc(h, c * 4 * bins), let b = auc(h, (c * 4 + 2) * bins) else { continue }
                    var positives = 0.0
                    for j in 0..<bins { positives += h[(c * 4 + 1) * bins + j] }
                    macro.0.add(a)
                    macro.1.add(b)
                    defined += 1
                    weighted.0.add(positives * a)
                    weighted.1.add(positives * b)
                    support.add(positives)
                }
                expected[0].append(defined > 0 ? (macro.0.value - macro.1.value) / Double(defined) : .nan)
                expected[1].append(defined > 0 ? (weighted.0.value - weighted.1.value) / support.value : .nan)
            }
            let replicates = cells.rankReplicates(g, slot: slot, group: group, options: options)
            XCTAssertEqual(replicates.map { $0.map(\.bitPattern) }, expected.map { $0.map(\.bitPattern) }, "group \(g)")
        }
    }

    /// The replicates run before the evaluations end; centring them on the exact AUC
    /// differences afterwards gives the comparison in one call.
    func testReplicatesFinishedLaterEqualTheComparison() throws {
        var rng = SplitMix64(seed: 3)
        let n = 800, k = 3
        var labels: [Int32] = [], pa: [Double] = [], pb: [Double] = []
        for _ in 0..<n {
            let y = Int(rng.next() % 3)
            labels.append(Int32(y))
            appendTwoModels(label: y, classes: k, boosts: (0.8, 0.4), rng: &rng, into: &pa, &pb)
        }
        let cells = PairedMulticlassCells(
            labels: labels, classCount: k, candidate: .rowMajor(pa, k), baseline: .rowMajor(pb, k), weights: nil,
            groupings: [nil], seed: 1)
        var options = EvaluationOptions()
        options.bootstrapReplicates = 50
        let exact = ["macro_ovr_auc": 0.05, "weighted_ovr_auc": 0.04]
        let replicated = try XCTUnwrap(cells.replicate(slot: 0, group: 0, options: options))
        XCTAssertNil(replicated.comparison.differences["macro_ovr_auc"], "the AUCs wait for their exact differences")
        XCTAssertEqual(replicated.finished(exact: exact), cells.compare(slot: 0, group: 0, exact: exact, options: options))
        XCTAssertEqual(replicated.finished(exact: exact).differences["macro_ovr_auc"]?.difference, 0.05)
    }

    /// Each model's probabilities for a row of class `label`: uniform draws with the label's
    /// raised by the model's boost, normalised.
    private func appendTwoModels(
        label y: Int, classes k: Int, boosts: (Double, Double), rng: inout SplitMix64, into pa: inout [Double],
        _ pb: inout [Double]
    ) {
        for model in 0..<2 {
            var p = (0..<k).map { _ in rng.nextUnit() }
            p[y] += model == 0 ? boosts.0 : boosts.1
            let total = p.reduce(0, +)
            if model == 0 { pa += p.map { $0 / total } } else { pb += p.map { $0 / total } }
        }
    }
}
