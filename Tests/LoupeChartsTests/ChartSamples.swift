import Foundation

@testable import LoupeCharts

/// Small, realistic chart specs shared by the snapshot tests and the gallery.
enum ChartSamples {
    static let roc = LineChart(
        title: "ROC curve: how well does each model rank positives above negatives?",
        description: "True positive rate against false positive rate for the candidate and the benchmark.",
        xAxis: Axis("False positive rate", min: 0, max: 1),
        yAxis: Axis("True positive rate", min: 0, max: 1),
        series: [
            Series(
                name: "candidate (AUC 0.812)", x: [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1],
                y: [0, 0.42, 0.58, 0.72, 0.84, 0.91, 0.96, 1], colorIndex: 0),
            Series(
                name: "benchmark (AUC 0.744)", x: [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1],
                y: [0, 0.3, 0.45, 0.6, 0.74, 0.84, 0.93, 1], colorIndex: 1, dashed: true),
        ],
        references: [ReferenceLine(.identity, label: "chance")],
        square: true)

    static let sweep = LineChart(
        title: "Threshold sweep: precision, recall and F1 by threshold",
        description: "Metrics of the candidate at each decision threshold; precision is undefined where nothing is selected.",
        xAxis: Axis("Threshold", min: 0, max: 1),
        yAxis: Axis("Metric value", min: 0, max: 1, percent: true),
        series: [
            Series(
                name: "precision", x: [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1], y: [0.3, 0.42, 0.58, 0.71, 0.83, nil, nil],
                lower: [0.28, 0.4, 0.55, 0.67, 0.77, nil, nil], upper: [0.32, 0.44, 0.61, 0.75, 0.89, nil, nil], colorIndex: 0),
            Series(name: "recall", x: [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1], y: [1, 0.93, 0.78, 0.55, 0.24, 0.08, 0], colorIndex: 2),
            Series(
                name: "F1", x: [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1], y: [0.46, 0.58, 0.67, 0.62, 0.37, nil, 0.02], colorIndex: 3,
                dashed: true),
        ],
        references: [ReferenceLine(.vertical(0.5), label: "threshold 0.5"), ReferenceLine(.horizontal(0.3), label: "base rate")])

    static let slices = IntervalChart(
        title: "AUC by region: where is the candidate worse than overall?",
        description: "ROC AUC per region with 95% DeLong intervals; grey lines are the overall values.",
        axis: Axis("ROC AUC"),
        seriesNames: ["candidate", "benchmark"], seriesColors: [0, 1],
        rows: [
            IntervalRow(category: "NV", seriesIndex: 0, value: 0.61, lower: 0.55, upper: 0.67, flagged: true),
            IntervalRow(category: "NV", seriesIndex: 1, value: 0.74, lower: 0.69, upper: 0.79),
            IntervalRow(category: "CA", seriesIndex: 0, value: 0.82, lower: 0.8, upper: 0.84),
            IntervalRow(category: "CA", seriesIndex: 1, value: 0.75, lower: 0.72, upper: 0.78),
            IntervalRow(
                category: "A region with a much longer name than fits", seriesIndex: 0, value: 0.69, lower: 0.62, upper: 0.76,
                flagged: true),
            IntervalRow(
                category: "A region with a much longer name than fits", seriesIndex: 1, value: nil, lower: nil, upper: nil),
            IntervalRow(category: "WA", seriesIndex: 0, value: nil, lower: nil, upper: nil),
            IntervalRow(category: "WA", seriesIndex: 1, value: 0.71, lower: 0.6, upper: 0.82),
        ],
        references: [0: 0.812, 1: 0.744])

    static let histogram = HistogramChart(
        title: "Score distribution by label",
        description: "Number of examples per candidate score bin, for positives and negatives.",
        xAxis: Axis("Candidate score", min: 0, max: 1),
        yAxis: Axis("Examples", unit: "count"),
        edges: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
        series: [
            (name: "negatives (y = 0)", counts: [3120, 2810, 2230, 1740, 1210, 820, 510, 300, 160, 60], colorIndex: 0),
            (name: "positives (y = 1)", counts: [120, 210, 380, 560, 760, 980, 1130, 1210, 1080, 770], colorIndex: 1),
        ])

    static let reliability = ReliabilityChart(
        title: "Is the candidate calibrated? Observed positive rate by predicted score",
        description: "Reliability diagram with ten equal-width bins and the number of examples in each.",
        bins: (0..<10).map { i in
            let lo = Double(i) / 10
            let count = [2900, 2600, 2300, 1900, 1600, 1200, 900, 700, 0, 150][i]
            return ReliabilityChart.Bin(
                lower: lo, upper: lo + 0.1, count: count,
                meanPrediction: count == 0 ? nil : lo + 0.05,
                fractionPositive: count == 0 ? nil : Swift.min(1, (lo + 0.05) * 0.8 + 0.02))
        },
        colorIndex: 0)

    static let confusion = MatrixChart(
        title: "Confusion matrix at threshold 0.5",
        description: "Counts of examples by actual and predicted label, with the share of each actual class.",
        rowTitle: "Actual", columnTitle: "Predicted",
        rowLabels: ["negative", "positive"], columnLabels: ["negative", "positive"],
        cells: [[12_834, 1_206], [1_875, 4_085]])

    /// Four classes, one with no rows, one confusion large and one none at all.
    static let heatMap = HeatMapChart(
        title: "Where does the model confuse classes? Confusion matrix",
        description: "Rows are the actual class, columns the predicted class.",
        rowTitle: "Actual", columnTitle: "Predicted", labels: ["cat", "dog", "a very long class name indeed", "fox"],
        cells: [[412, 31, 7, 0], [88, 390, 12, 10], [0, 0, 0, 0], [3, 5, 1, 201]])

    /// Three columns over six windows: one drifts from the fourth window on, one window has no
    /// rows, one value is undefined; the first two windows are the reference.
    static let bandedHeatMap = BandedHeatMapChart(
        title: "Which columns drifted from the reference, and when?",
        description: "PSI per column and window.", rowTitle: "Column", columnTitle: "Window",
        rowLabels: ["income", "a very long column name indeed", "defaulted (label)"],
        columnLabels: ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10"],
        cells: [
            [0.01, 0.02, nil, 0.3, 0.6, 0.12].map { v in
                BandedHeatMapChart.Cell(value: v, flagged: (v ?? 0) >= 0.2, tooltip: "income: PSI \(v.map { "\($0)" } ?? "–")")
            },
            [0.0, 0.01, nil, 0.02, 0.01, 0.03].map { BandedHeatMapChart.Cell(value: $0, tooltip: "long") },
            [0.0, 0.0, nil, 0.01, 0.0, 0.0].map { BandedHeatMapChart.Cell(value: $0, tooltip: "label") },
        ],
        bands: [
            .init(below: 0.1, label: "PSI < 0.1"), .init(below: 0.25, label: "PSI 0.1–0.25"),
            .init(below: 0.5, label: "PSI 0.25–0.5"), .init(below: nil, label: "PSI ≥ 0.5"),
        ], flagLabel: "drifted", undefinedLabel: "no rows or undefined", separatorAfter: 2,
        note: "The grey rule ends the reference period.")

    // MARK: - Regression residuals (delivery time in minutes)

    /// Rows per predicted value: a bump around 25 minutes.
    private static func rows(atPrediction p: Double) -> Double { 900 * exp(-pow((p - 25) / 12, 2) / 2) }
    /// The residual (actual − predicted) spreads with the prediction and drifts from +1 to −2.
    private static func residualMean(_ p: Double) -> Double { 1 - 0.05 * p }
    private static func residualSD(_ p: Double) -> Double { 1.5 + 0.12 * p }
    private static func normalDensity(_ x: Double, mean: Double, sd: Double) -> Double {
        exp(-pow((x - mean) / sd, 2) / 2) / (sd * (2 * Double.pi).squareRoot())
    }
    private static func edges(_ from: Double, _ to: Double, step: Double) -> [Double] {
        (0...Int(((to - from) / step).rounded())).map { from + Double($0) * step }
    }
    private static let predictionEdges = edges(5, 65, step: 2.5)
    private static let predictionMids = zip(predictionEdges, predictionEdges.dropFirst()).map { ($0 + $1) / 2 }

    static let residualsVsPredicted: ScatterChart = {
        let yEdges = edges(-20, 20, step: 2.5)
        var counts: [Double] = []
        for (y0, y1) in zip(yEdges, yEdges.dropFirst()) {
            for p in predictionMids {
                let r = (y0 + y1) / 2
                counts.append(
                    (rows(atPrediction: p) * 2.5 * normalDensity(r, mean: residualMean(p), sd: residualSD(p))).rounded())
            }
        }
        let mids = predictionMids
        return ScatterChart(
            title: "Are the errors centred at every prediction? Residual by predicted delivery time",
            description:
                "Rows per cell of predicted time and residual, with the mean residual and its 10% and 90% quantiles per bin.",
            xAxis: Axis("Predicted delivery time", unit: "min"),
            yAxis: Axis("Residual (actual − predicted)", unit: "min"),
            density: DensityCells(xEdges: predictionEdges, yEdges: yEdges, counts: counts),
            series: [
                Series(name: "mean residual", x: mids, y: mids.map { residualMean($0) }, colorIndex: 7),
                Series(
                    name: "10% and 90% quantiles", x: mids + [.nan] + mids,
                    y: mids.map { residualMean($0) - 1.2816 * residualSD($0) } + [nil]
                        + mids.map { residualMean($0) + 1.2816 * residualSD($0) }, colorIndex: 5, dashed: true),
            ],
            references: [ReferenceLine(.horizontal(0), label: "zero")],
            note: "312 rows outside the plotted range")
    }()

    static let predictedVsActual: ScatterChart = {
        let grid = edges(0, 70, step: 3.5)
        let mids = zip(grid, grid.dropFirst()).map { ($0 + $1) / 2 }
        var counts: [Double] = []
        for actual in mids {
            for p in mids {
                let r = actual - p
                counts.append(
                    (rows(atPrediction: p) * 3.5 * normalDensity(r, mean: residualMean(p), sd: residualSD(p))).rounded())
            }
        }
        return ScatterChart(
            title: "How close are predictions to the actual delivery time?",
            description: "Rows per cell of predicted and actual delivery time; the diagonal is a perfect prediction.",
            xAxis: Axis("Predicted delivery time", unit: "min"),
            yAxis: Axis("Actual delivery time", unit: "min"),
            density: DensityCells(xEdges: grid, yEdges: grid, counts: counts, colorIndex: 0),
            references: [ReferenceLine(.identity, label: "actual = predicted")],
            note: "R² = 0.83")
    }()

    static let residualQQ: ScatterChart = {
        // Tukey's approximation of normal quantiles; the residuals have heavier tails.
        let n = 120
        let z = (1...n).map { i -> Double in
            let p = (Double(i) - 0.5) / Double(n)
            return 4.91 * (pow(p, 0.14) - pow(1 - p, 0.14))
        }
        return ScatterChart(
            title: "Are the residuals normal? Quantiles against a normal distribution",
            description:
                "Standardized residual quantiles against standard normal quantiles; points off the diagonal in the tails mean heavier tails.",
            xAxis: Axis("Normal quantile", unit: "sd"),
            yAxis: Axis("Residual quantile", unit: "sd"),
            points: [
                ScatterPoints(name: "candidate", x: z, y: z.map { $0 * (1 + 0.06 * $0 * $0) }, colorIndex: 0)
            ],
            references: [ReferenceLine(.identity, label: "normal")])
    }()

    static let residualsVsFeature: ScatterChart = {
        let xEdges = edges(0, 30, step: 1.5)
        let yEdges = edges(-15, 15, step: 2)
        func mean(_ d: Double) -> Double { d < 15 ? 0 : -0.35 * (d - 15) }
        var counts: [Double] = []
        for (y0, y1) in zip(yEdges, yEdges.dropFirst()) {
            for (x0, x1) in zip(xEdges, xEdges.dropFirst()) {
                let d = (x0 + x1) / 2
                let rows = 1400 * exp(-d / 8)
                counts.append((rows * 2 * normalDensity((y0 + y1) / 2, mean: mean(d), sd: 3)).rounded())
            }
        }
        let mids = zip(xEdges, xEdges.dropFirst()).map { ($0 + $1) / 2 }
        return ScatterChart(
            title: "Does the error depend on distance? Residual by distance",
            description: "Rows per cell of distance and residual, with the mean residual per distance bin.",
            xAxis: Axis("Distance", unit: "km"),
            yAxis: Axis("Residual (actual − predicted)", unit: "min"),
            density: DensityCells(xEdges: xEdges, yEdges: yEdges, counts: counts),
            series: [Series(name: "mean residual", x: mids, y: mids.map(mean), colorIndex: 7)],
            references: [ReferenceLine(.horizontal(0), label: "zero")])
    }()

    static let residualHistogram: HistogramChart = {
        let bins = edges(-20, 20, step: 2)
        let mids = zip(bins, bins.dropFirst()).map { ($0 + $1) / 2 }
        // A peaked, heavy-tailed residual distribution against the normal with its mean and sd.
        let rows = 10_000.0, sd = 4.9
        let counts = mids.map { m in
            (rows * 2 * (0.7 * normalDensity(m, mean: -0.4, sd: 3.4) + 0.3 * normalDensity(m, mean: -0.4, sd: 7.5))).rounded()
        }
        let curveX = stride(from: -20.0, through: 20, by: 0.5).map { $0 }
        return HistogramChart(
            title: "Residual distribution against a fitted normal",
            description: "Rows per residual bin, with the normal density of the same mean and standard deviation scaled to rows.",
            xAxis: Axis("Residual (actual − predicted)", unit: "min"),
            yAxis: Axis("Rows", unit: "count"),
            edges: bins,
            series: [(name: "residuals", counts: counts, colorIndex: 0)],
            curve: Series(
                name: "normal (mean −0.4, sd 4.9)", x: curveX,
                y: curveX.map { rows * 2 * normalDensity($0, mean: -0.4, sd: sd) }, colorIndex: 5))
    }()

    static let residualAutocorrelation: StemChart = {
        let values: [Double] = [
            0.31, 0.12, 0.04, -0.02, 0.03, 0.06, 0.19, 0.05, -0.03, 0.01, -0.04, 0.02, 0.03, 0.13, 0.02, -0.01, 0.0, -0.05, 0.02,
            0.04,
        ]
        // Bartlett: b(k) = 1.96 √((1 + 2 Σ_{j<k} r_j²) / n).
        let n = 400.0
        var sum = 0.0
        var band: [Double] = []
        for r in values {
            band.append(1.96 * ((1 + 2 * sum) / n).squareRoot())
            sum += r * r
        }
        return StemChart(
            title: "Are errors of consecutive rows related? Autocorrelation of residuals in time order",
            description: "Autocorrelation of the residuals at lags 1 to 20 days with Bartlett's 95% band.",
            xAxis: Axis("Lag", unit: "days"), yAxis: Axis("Autocorrelation"),
            lags: Array(1...20), values: values, band: .perLag(band), bandLabel: "95% band (Bartlett)")
    }()

    /// Mean residual per category; the category names are hostile on purpose (EscapingTests).
    static let categoryMeans = IntervalChart(
        title: "Which restaurant types are under-predicted? Mean residual by type",
        description: "Mean residual per restaurant type with 95% intervals; ▲ marks intervals that exclude zero.",
        axis: Axis("Mean residual (actual − predicted)", unit: "min"),
        seriesNames: ["candidate"], seriesColors: [0],
        rows: [
            IntervalRow(category: "pizza", seriesIndex: 0, value: 2.4, lower: 1.6, upper: 3.2, flagged: true),
            IntervalRow(category: "sushi", seriesIndex: 0, value: 0.3, lower: -0.5, upper: 1.1),
            IntervalRow(category: "burgers", seriesIndex: 0, value: -0.2, lower: -0.7, upper: 0.3),
            IntervalRow(
                category: "<script>alert(1)</script>", seriesIndex: 0, value: -1.8, lower: -2.9, upper: -0.7, flagged: true),
            IntervalRow(category: "O'Brien & \"Sons\" deli", seriesIndex: 0, value: 0.9, lower: -1.4, upper: 3.2),
            IntervalRow(category: "food trucks (12 rows)", seriesIndex: 0, value: nil, lower: nil, upper: nil),
        ],
        references: [0: 0], referenceLabel: "zero")

    static let residualSpread: LineChart = {
        let mids = predictionMids
        return LineChart(
            title: "Do errors grow with the prediction? Residual spread by predicted delivery time",
            description: "Standard deviation and 10–90% range of the residuals per prediction bin, at the bin's mean prediction.",
            xAxis: Axis("Mean predicted delivery time", unit: "min"),
            yAxis: Axis("Residual spread", unit: "min", min: 0),
            series: [
                Series(name: "standard deviation", x: mids, y: mids.map { residualSD($0) }, colorIndex: 0),
                Series(name: "10–90% range", x: mids, y: mids.map { 2 * 1.2816 * residualSD($0) }, colorIndex: 2, dashed: true),
            ],
            references: [ReferenceLine(.horizontal(4.9), label: "overall sd 4.9")])
    }()

    static var all: [(name: String, chart: any Chart)] {
        [
            ("roc", roc), ("sweep", sweep), ("slices", slices), ("histogram", histogram), ("reliability", reliability),
            ("confusion", confusion), ("residuals_vs_predicted", residualsVsPredicted),
            ("predicted_vs_actual", predictedVsActual), ("residual_qq", residualQQ),
            ("residuals_vs_feature", residualsVsFeature), ("residual_histogram", residualHistogram),
            ("residual_acf", residualAutocorrelation), ("category_means", categoryMeans), ("residual_spread", residualSpread),
        ]
    }
}
