import LoupeResults

/// A hand-built multiclass `Results`: `classCount` classes (named by `className`), a candidate
/// and a baseline, the last class often predicted as the second (a planted confusable pair), and
/// a slicing spec `ink` whose `light` slice makes the fourth class's recall drop. `hard` gives
/// hard predictions (no ROC curves, no reliability, undefined AUCs and log loss). The numbers
/// are made up but consistent: per-class metrics and confused pairs follow the confusion matrix.
struct MulticlassFixture {
    var classCount = 8
    var className: (Int) -> String = { String($0) }
    var hard = false
    var candidate = "candidate"
    var baseline = "baseline"
    /// Rows per class; the page must not grow with it.
    var rowsPerClass = 600

    var classes: [String] { (0..<classCount).map(className) }

    /// The confusion matrix of a model: `strength` of each row on the diagonal, the rest spread
    /// evenly, and 15% of the last class's rows predicted as class 1.
    func confusion(strength: Double, scale: Double = 1) -> [[Double]] {
        let n = classCount
        let perRow = Double(rowsPerClass) * scale
        return (0..<n).map { t in
            var row = [Double](repeating: 0, count: n)
            let planted = t == n - 1 && n > 2 ? (0.15 * perRow).rounded() : 0
            row[t] = (strength * perRow).rounded()
            let rest = perRow - row[t] - planted
            let others = (0..<n).filter { $0 != t && !($0 == 1 && planted > 0) }
            for p in others { row[p] = (rest / Double(max(others.count, 1))).rounded(.down) }
            if planted > 0 { row[1] = planted }
            return row
        }
    }

    /// A Wilson-like interval around `p` for `n` rows (the fixture's stand-in for the real one).
    static func rate(_ p: Double?, n: Double) -> Metric {
        guard let p, n > 0 else { return .undefined }
        let half = 1.96 * (max(p * (1 - p), 0.01) / n).squareRoot()
        return Metric(p, lower: max(0, p - half), upper: min(1, p + half))
    }

    func analysis(confusion: [[Double]]) -> MulticlassAnalysis {
        let n = classCount
        let columnTotals = (0..<n).map { p in confusion.reduce(0) { $0 + $1[p] } }
        var perClass: [ClassMetrics] = []
        for c in 0..<n {
            let support = confusion[c].reduce(0, +)
            let tp = confusion[c][c]
            let recall = support > 0 ? tp / support : nil
            let precision = columnTotals[c] > 0 ? tp / columnTotals[c] : nil
            let f1 = precision.flatMap { p in recall.map { r in p + r > 0 ? 2 * p * r / (p + r) : 0 } }
            var metrics: MetricSet = [
                "precision": Self.rate(precision, n: columnTotals[c]), "recall": Self.rate(recall, n: support),
                "f1": Self.rate(f1, n: support),
            ]
            metrics["roc_auc"] = hard ? .undefined : Metric(0.9 + 0.01 * Double(c % 9))
            metrics["average_precision"] = hard ? .undefined : Metric(0.8 + 0.01 * Double(c % 9))
            perClass.append(ClassMetrics(className: classes[c], support: Int(support), metrics: metrics))
        }
        var pairs: [ConfusedPair] = []
        for t in 0..<n {
            let total = confusion[t].reduce(0, +)
            for p in 0..<n where p != t && confusion[t][p] > 0 {
                pairs.append(
                    ConfusedPair(
                        actual: classes[t], predicted: classes[p], count: confusion[t][p],
                        share: Self.rate(confusion[t][p] / total, n: total)))
            }
        }
        pairs = pairs.enumerated().sorted { a, b in
            a.element.share.value! != b.element.share.value!
                ? a.element.share.value! > b.element.share.value! : a.offset < b.offset
        }.map(\.element)
        var roc: [Curve] = []
        var reliability: [ReliabilityBin] = []
        if !hard {
            for c in 0..<n {
                let height: Double = 0.7 + 0.01 * Double(c % 9)
                roc.append(Curve(x: [0, 0.05, 0.2, 1], y: [0, height, 0.95, 1], thresholds: []))
            }
            for b in 0..<10 {
                let empty = b < 2
                let mean: Double? = empty ? nil : (Double(b) + 0.5) / 10
                let observed: Double? = empty ? nil : Double(b) / 10.5
                reliability.append(
                    ReliabilityBin(
                        lower: Double(b) / 10, upper: Double(b + 1) / 10, count: empty ? 0 : 40 * b, meanPrediction: mean,
                        fractionPositive: observed))
            }
        }
        return MulticlassAnalysis(
            classes: classes, perClass: perClass, confusion: confusion, confusedPairs: Array(pairs.prefix(20)), roc: roc,
            reliability: reliability)
    }

    func overall(_ accuracy: Double, n: Double) -> MetricSet {
        var set: MetricSet = [
            "count": Metric(n), "accuracy": Self.rate(accuracy, n: n), "balanced_accuracy": Self.rate(accuracy - 0.01, n: n),
            "macro_precision": Self.rate(accuracy, n: n), "macro_recall": Self.rate(accuracy - 0.01, n: n),
            "macro_f1": Self.rate(accuracy - 0.005, n: n), "mcc": Self.rate(accuracy - 0.1, n: n),
        ]
        set["log_loss"] = hard ? .undefined : Metric(0.7, lower: 0.68, upper: 0.72)
        set["macro_ovr_auc"] = hard ? .undefined : Metric(0.95)
        set["ece"] = hard ? .undefined : Metric(0.04, lower: 0.03, upper: 0.05)
        return set
    }

    func build() -> Results {
        let n = Double(rowsPerClass * classCount)
        let candidateConfusion = confusion(strength: 0.8)
        let baselineConfusion = confusion(strength: 0.7)
        // In ink = light (a fifth of the rows) class 3 loses recall.
        var light = confusion(strength: 0.8, scale: 0.2)
        if classCount > 3 {
            let moved = (light[3][3] * 0.4).rounded()
            light[3][3] -= moved
            light[3][2] += moved
        }
        let dark = confusion(strength: 0.8, scale: 0.8)
        let lightAnalysis = analysis(confusion: light), darkAnalysis = analysis(confusion: dark)
        let slices = [
            SliceResult(
                spec: ["ink"], key: ["ink": "light"], count: Int(n * 0.2), tooSmall: false,
                metrics: [candidate: overall(0.74, n: n * 0.2), baseline: overall(0.66, n: n * 0.2)],
                gap: [
                    candidate: SliceGap(
                        metric: "accuracy", difference: Metric(-0.06, lower: -0.09, upper: -0.03), worse: 0.06, significant: true),
                    baseline: SliceGap(
                        metric: "accuracy", difference: Metric(-0.04, lower: -0.08, upper: 0.0), worse: 0.04, significant: false),
                ],
                perClass: [candidate: lightAnalysis.perClass, baseline: lightAnalysis.perClass]),
            SliceResult(
                spec: ["ink"], key: ["ink": "dark"], count: Int(n * 0.8), tooSmall: false,
                metrics: [candidate: overall(0.815, n: n * 0.8), baseline: overall(0.71, n: n * 0.8)],
                gap: [
                    candidate: SliceGap(
                        metric: "accuracy", difference: Metric(0.015, lower: 0.0, upper: 0.03), worse: -0.015, significant: false),
                    baseline: SliceGap(
                        metric: "accuracy", difference: Metric(0.01, lower: -0.01, upper: 0.03), worse: -0.01, significant: false),
                ],
                perClass: [candidate: darkAnalysis.perClass, baseline: darkAnalysis.perClass]),
        ]
        return Results(
            title: "Digit classifier", task: .multiclass, label: "digit", threshold: 0.5, rowCount: Int(n),
            models: [candidate, baseline], baseline: baseline, rankMetric: "accuracy", minSliceSize: 30,
            overall: [candidate: overall(0.8, n: n), baseline: overall(0.7, n: n)], slices: slices,
            sliceSpecs: [SliceSpec(name: "ink", columns: ["ink"], sliceCount: 2, tooSmallCount: 0)],
            multiclass: [candidate: analysis(confusion: candidateConfusion), baseline: analysis(confusion: baselineConfusion)],
            curves: [:],
            intervals: IntervalSettings(
                confidence: 0.95, bootstrapReplicates: 1_000, seed: 7,
                methods: ["accuracy": "wilson", "macro_f1": "bootstrap", "log_loss": "normal"]),
            provenance: Provenance(
                dataFile: "digits.csv", dataSHA256: String(repeating: "ab", count: 32), dataBytes: 1_000, rowsRead: Int(n),
                rowsExcluded: [:], toolVersion: "0.1.0", configuration: ["--task", "multiclass"]),
            columns: [ColumnSummary(name: "digit", kind: "categorical", missing: 0, distinct: classCount, role: "label")],
            warnings: [])
    }
}
