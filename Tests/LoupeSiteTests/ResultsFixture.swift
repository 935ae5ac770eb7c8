import Foundation
import LoupeResults

/// A hand-built, realistic `Results`: a credit-style binary task with a candidate and a benchmark
/// model, three slicing specs (a single column, a cross, numeric bins), one too-small slice, a
/// one-class slice with undefined metrics, and planted problems (the candidate is weak in one
/// region, miscalibrated in one age band, and loses to the benchmark on one slice).
///
/// Every data string can be replaced, so the same fixture checks escaping of hostile values.
struct ResultsFixture {
    var title = "Credit default model — Q3 evaluation"
    var description: String? = "Candidate gradient-boosted model against the logistic benchmark on the holdout set."
    var candidate = "candidate"
    var benchmark = "benchmark"
    var regionColumn = "region"
    var oddRegion = "NV"
    /// The fairness section (see `ResultsFixture+Fairness.swift`); off gives a report without one.
    var includeFairness = true
    var raceColumn = "race"
    /// A mid-sized race group whose gaps are not significant.
    var fairnessGroup = "Hispanic"
    /// The paired comparisons with the benchmark (and so comparison.html); off, the overview
    /// reports the difference to the benchmark as not tested.
    var includeComparisons = false

    /// A metric set with Wilson-like intervals for `n` rows; `auc: nil` makes ranking undefined.
    static func metrics(
        n: Int, auc: Double?, accuracy: Double, ece: Double, logLoss: Double,
        precision: Double? = 0.61, positives: Double = 0.22
    ) -> MetricSet {
        func interval(_ p: Double?) -> Metric {
            guard let p else { return .undefined }
            let half = 1.96 * (max(p * (1 - p), 0.01) / Double(max(n, 1))).squareRoot()
            return Metric(p, lower: max(0, p - half), upper: min(1, p + half))
        }
        let recall = 0.55 + (auc ?? 0.5) * 0.2
        return [
            "count": Metric(Double(n)),
            "roc_auc": interval(auc),
            "average_precision": interval(auc.map { $0 - 0.2 }),
            "accuracy": interval(accuracy),
            "precision": interval(precision),
            "recall": interval(recall),
            "f1": precision.map { interval(2 * $0 * recall / ($0 + recall)) } ?? .undefined,
            "fpr": interval(1 - accuracy - 0.05),
            "fnr": interval(1 - recall),
            "tnr": interval(accuracy + 0.05),
            "selection_rate": interval(0.25),
            "balanced_accuracy": interval(accuracy - 0.02),
            "mcc": interval(auc.map { $0 - 0.4 }),
            "log_loss": Metric(logLoss, lower: logLoss - 0.02, upper: logLoss + 0.02),
            "brier": Metric(logLoss / 3, lower: logLoss / 3 - 0.01, upper: logLoss / 3 + 0.01),
            "ece": Metric(ece, lower: max(0, ece - 0.015), upper: ece + 0.015),
            "mean_prediction": Metric(positives + 0.01),
            "mean_label": Metric(positives),
        ]
    }

    static func gap(_ slice: MetricSet, _ overall: MetricSet, significant: Bool) -> SliceGap {
        guard let value = slice["roc_auc"]?.value, let whole = overall["roc_auc"]?.value else {
            return SliceGap(metric: "roc_auc", difference: .undefined, worse: nil, significant: false)
        }
        let difference = value - whole
        return SliceGap(
            metric: "roc_auc", difference: Metric(difference, lower: difference - 0.03, upper: difference + 0.03),
            worse: -difference, significant: significant)
    }

    static func curves(strength: Double) -> ModelCurves {
        let steps = (0...20).map { Double($0) / 20 }
        let tpr = steps.map { pow($0, 1 - strength) }
        return ModelCurves(
            roc: Curve(x: steps, y: tpr, thresholds: steps.reversed()),
            precisionRecall: Curve(x: steps, y: steps.map { 1 - 0.7 * $0 * (1 - strength / 2) }, thresholds: steps),
            reliability: (0..<10).map { bin in
                let mid = (Double(bin) + 0.5) / 10
                return ReliabilityBin(
                    lower: Double(bin) / 10, upper: Double(bin + 1) / 10, count: bin == 9 ? 0 : 1_000 - bin * 90,
                    meanPrediction: bin == 9 ? nil : mid, fractionPositive: bin == 9 ? nil : mid * 0.9)
            },
            scoreHistogram: ScoreHistogram(
                edges: steps, positives: (0..<20).map { Double($0 * 10) },
                negatives: (0..<20).map { Double((20 - $0) * 40) }),
            confusion: ConfusionMatrix(truePositives: 812, falsePositives: 640, trueNegatives: 4_120, falseNegatives: 600),
            thresholdSweep: ThresholdSweep(
                thresholds: steps, precision: steps.map { $0 == 1 ? nil : 0.3 + 0.6 * $0 },
                recall: steps.map { 1 - $0 }, f1: steps.map { $0 == 1 ? nil : 0.5 - abs($0 - 0.5) / 2 },
                selectionRate: steps.map { 1 - $0 * $0 })
        )
    }

    func build() -> Results {
        let models = [candidate, benchmark]
        let overall: [String: MetricSet] = [
            candidate: Self.metrics(n: 6_172, auc: 0.803, accuracy: 0.812, ece: 0.041, logLoss: 0.402),
            benchmark: Self.metrics(n: 6_172, auc: 0.781, accuracy: 0.794, ece: 0.022, logLoss: 0.431),
        ]
        var slices: [SliceResult] = []
        func add(
            _ spec: [String], _ key: [String: String], n: Int, candidate c: MetricSet?, benchmark b: MetricSet?,
            significant: (Bool, Bool) = (false, false)
        ) {
            guard let c, let b else {
                slices.append(SliceResult(spec: spec, key: key, count: n, tooSmall: true, metrics: [:], gap: [:]))
                return
            }
            slices.append(
                SliceResult(
                    spec: spec, key: key, count: n, tooSmall: false,
                    metrics: [candidate: c, benchmark: b],
                    gap: [
                        candidate: Self.gap(c, overall[candidate]!, significant: significant.0),
                        benchmark: Self.gap(b, overall[benchmark]!, significant: significant.1),
                    ]))
        }
        // Region: the candidate is weak in one region.
        add(
            [regionColumn], [regionColumn: "West"], n: 2_104,
            candidate: Self.metrics(n: 2_104, auc: 0.821, accuracy: 0.83, ece: 0.035, logLoss: 0.38),
            benchmark: Self.metrics(n: 2_104, auc: 0.79, accuracy: 0.80, ece: 0.02, logLoss: 0.42))
        add(
            [regionColumn], [regionColumn: oddRegion], n: 412,
            candidate: Self.metrics(n: 412, auc: 0.612, accuracy: 0.70, ece: 0.06, logLoss: 0.58),
            benchmark: Self.metrics(n: 412, auc: 0.764, accuracy: 0.78, ece: 0.03, logLoss: 0.45),
            significant: (true, false))
        add(
            [regionColumn], [regionColumn: "East"], n: 3_644,
            candidate: Self.metrics(n: 3_644, auc: 0.809, accuracy: 0.815, ece: 0.04, logLoss: 0.40),
            benchmark: Self.metrics(n: 3_644, auc: 0.779, accuracy: 0.79, ece: 0.02, logLoss: 0.43))
        add([regionColumn], [regionColumn: "(missing)"], n: 12, candidate: nil, benchmark: nil)
        // Sex × age band: the candidate is miscalibrated for the oldest band.
        for sex in ["F", "M"] {
            for (band, n) in [("18-34", 1_220), ("35-64", 1_500), ("65+", 366)] {
                let old = band == "65+"
                add(
                    ["sex", "age_band"], ["sex": sex, "age_band": band], n: n,
                    candidate: Self.metrics(
                        n: n, auc: old ? 0.76 : 0.81, accuracy: 0.8, ece: old ? 0.21 : 0.04, logLoss: old ? 0.55 : 0.40),
                    benchmark: Self.metrics(n: n, auc: 0.78, accuracy: 0.79, ece: 0.03, logLoss: 0.43),
                    significant: (old, false))
            }
        }
        // Income bins: one bin has no positives, so ranking metrics are undefined there.
        add(
            ["income"], ["income": "[0, 25000)"], n: 1_540,
            candidate: Self.metrics(n: 1_540, auc: 0.79, accuracy: 0.80, ece: 0.05, logLoss: 0.41),
            benchmark: Self.metrics(n: 1_540, auc: 0.77, accuracy: 0.79, ece: 0.03, logLoss: 0.44))
        add(
            ["income"], ["income": "[25000, 60000)"], n: 3_080,
            candidate: Self.metrics(n: 3_080, auc: 0.80, accuracy: 0.81, ece: 0.04, logLoss: 0.40),
            benchmark: Self.metrics(n: 3_080, auc: 0.78, accuracy: 0.80, ece: 0.02, logLoss: 0.43))
        add(
            ["income"], ["income": "[60000, 250000]"], n: 88,
            candidate: Self.metrics(n: 88, auc: nil, accuracy: 0.97, ece: 0.03, logLoss: 0.09, precision: nil, positives: 0),
            benchmark: Self.metrics(n: 88, auc: nil, accuracy: 0.95, ece: 0.05, logLoss: 0.12, precision: nil, positives: 0))

        return Results(
            title: title, description: description, task: .binary, label: "defaulted", positiveLabel: "yes",
            threshold: 0.5, rowCount: 6_172, models: models, baseline: benchmark, rankMetric: "roc_auc", minSliceSize: 30,
            overall: overall, slices: slices,
            sliceSpecs: [
                SliceSpec(name: regionColumn, columns: [regionColumn], sliceCount: 4, tooSmallCount: 1),
                SliceSpec(name: "sex × age_band", columns: ["sex", "age_band"], sliceCount: 6, tooSmallCount: 0),
                SliceSpec(
                    name: "income", columns: ["income"], binEdges: ["income": [0, 25_000, 60_000, 250_000]],
                    sliceCount: 3, tooSmallCount: 0),
            ],
            fairness: includeFairness ? fairnessResults() : [],
            comparisons: includeComparisons ? comparisons() : [],
            curves: [candidate: Self.curves(strength: 0.6), benchmark: Self.curves(strength: 0.5)],
            intervals: IntervalSettings(
                confidence: 0.95, bootstrapReplicates: 1_000, seed: 20_240_601,
                methods: [
                    "accuracy": "wilson", "roc_auc": "delong", "log_loss": "normal",
                    "brier": "normal", "f1": "bootstrap", "mcc": "bootstrap", "ece": "bootstrap",
                    "average_precision": "bootstrap", "precision": "wilson", "recall": "wilson",
                    "fpr": "wilson", "fnr": "wilson", "tnr": "wilson", "selection_rate": "wilson",
                    "balanced_accuracy": "bootstrap",
                ]),
            provenance: Provenance(
                dataFile: "data/holdout.csv", dataSHA256: "9f2c1e0b7d4a5c3e8f6a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcde",
                dataBytes: 1_284_551, rowsRead: 6_200,
                rowsExcluded: ["missing label": 21, "missing score (\(candidate))": 7],
                toolVersion: "0.1.0",
                configuration: [
                    "--data", "data/holdout.csv", "--label", "defaulted", "--score", "\(candidate)=p_new",
                    "--score", "\(benchmark)=p_old", "--baseline", benchmark, "--slice", regionColumn,
                    "--slice", "sex,age_band", "--slice", "income", "--min-slice-size", "30",
                ]),
            columns: [
                ColumnSummary(name: "defaulted", kind: "categorical", missing: 21, distinct: 2, role: "label"),
                ColumnSummary(name: "p_new", kind: "numeric", missing: 7, distinct: 6_011, role: "score"),
                ColumnSummary(name: "p_old", kind: "numeric", missing: 0, distinct: 5_870, role: "score"),
                ColumnSummary(name: regionColumn, kind: "categorical", missing: 12, distinct: 3, role: "slice"),
                ColumnSummary(name: "income", kind: "numeric", missing: 0, distinct: 2_900, role: "slice"),
            ],
            warnings: [
                "28 rows excluded: 21 with a missing label, 7 with a missing \(candidate) score.",
                "1 slice has fewer than 30 rows and is reported without numbers.",
            ]
        )
    }

    /// The producer's paired comparisons with the benchmark: better overall, significantly worse
    /// on the planted region.
    func comparisons() -> [LoupeResults.ComparisonResult] {
        func auc(_ a: Double, _ b: Double, _ lower: Double, _ upper: Double, p: Double, verdict: String) -> MetricComparison {
            MetricComparison(
                model: a, baseline: b, difference: Metric(a - b, lower: lower, upper: upper), relative: (a - b) / b,
                method: "paired_delong", pValue: p, verdict: verdict)
        }
        return [
            ComparisonResult(
                model: candidate, baseline: benchmark, spec: [], key: [:], count: 6_172,
                metrics: ["roc_auc": auc(0.803, 0.781, 0.008, 0.036, p: 0.002, verdict: "better")], flipRate: 0.08),
            ComparisonResult(
                model: candidate, baseline: benchmark, spec: [regionColumn], key: [regionColumn: oddRegion], count: 412,
                metrics: ["roc_auc": auc(0.612, 0.764, -0.205, -0.099, p: 0.0001, verdict: "worse")], flipRate: 0.21),
        ]
    }
}
