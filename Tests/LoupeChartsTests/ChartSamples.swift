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

    static var all: [(name: String, chart: any Chart)] {
        [
            ("roc", roc), ("sweep", sweep), ("slices", slices), ("histogram", histogram), ("reliability", reliability),
            ("confusion", confusion),
        ]
    }
}
