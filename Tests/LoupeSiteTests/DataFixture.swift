import Foundation
import LoupeResults

/// Hand-built data results (statistics of a reference and a current data set, drift per column,
/// anomalies against a schema) to add to a model's results or to stand alone as a data-only
/// report. Every data string can be replaced, so the same fixture checks escaping.
struct DataFixture {
    /// The column that moved most (a numeric one, drifted by PSI).
    var movedColumn = "income"
    /// A categorical column with a new category in the current data.
    var categoryColumn = "region"
    var newCategory = "PR"
    /// How many more stable numeric columns, `x0`, `x1`, …
    var extraColumns = 0
    var anomalies: [DataAnomaly]? = [
        DataAnomaly(
            severity: "error", kind: .outOfDomain, column: "region",
            message:
                "Column region: expected values in its domain of 3 values, found 40 rows (2.0%) outside it, e.g. PR (line 12), PR (line 40).",
            expected: "values in the domain", found: "40 rows outside", rows: 40, examples: ["PR (line 12)", "PR (line 40)"]),
        DataAnomaly(
            severity: "warning", kind: .missingShare, column: "income",
            message: "Column income: expected at most 1.0% missing, found 3.5% (70 rows).", expected: "at most 1.0% missing",
            found: "3.5% missing", rows: 70, examples: []),
    ]
    /// A prediction drift for this model (its score column `p_new`), drifted by PSI.
    var predictionModel: String? = nil
    /// Label drift (the label `defaulted`), drifted by χ².
    var labelDrift = false

    static func numericStatistics(name: String, shift: Double, missing: Int = 0) -> DataColumnStatistics {
        let levels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
        return DataColumnStatistics(
            name: name, kind: "numeric", count: 2_000 - missing, missing: missing,
            missingShare: Double(missing) / 2_000,
            numeric: NumericColumnStatistics(
                mean: 52_000 * shift, standardDeviation: 18_000, minimum: 0, maximum: 250_000 * shift, zeros: 4,
                zeroShare: 0.002, quantiles: levels.map { QuantileValue(level: $0, value: 52_000 * shift * (0.2 + $0)) },
                histogram: HistogramCounts(edges: [0, 125_000, 250_000], counts: [1_900, 100])))
    }

    static func categoricalStatistics(name: String, values: [(String, Int)]) -> DataColumnStatistics {
        let total = values.reduce(0) { $0 + $1.1 }
        return DataColumnStatistics(
            name: name, kind: "categorical", count: total, missing: 0, missingShare: 0,
            categorical: CategoricalColumnStatistics(
                distinct: values.count,
                topValues: values.map { ValueCount(value: $0.0, count: $0.1, share: Double($0.1) / Double(total)) },
                otherShare: 0, textLength: TextLengthStatistics(minimum: 2, mean: 2, maximum: 2), textLike: false))
    }

    static func numericDrift(_ column: String, psi: Double, drifted: Bool, role: String = "feature", model: String? = nil)
        -> ColumnDrift
    {
        ColumnDrift(
            column: column, role: role, model: model, kind: "numeric", referenceCount: 2_000, currentCount: 1_930,
            referenceMissing: 0, currentMissing: 70, binEdges: (1...9).map { Double($0) * 10_000 }, categories: nil,
            referenceCounts: Array(repeating: 200, count: 10),
            currentCounts: drifted ? [50, 60, 80, 120, 150, 200, 250, 300, 330, 390] : Array(repeating: 193, count: 10),
            psi: psi,
            ks: KolmogorovSmirnovResult(statistic: drifted ? 0.31 : 0.02, pValue: drifted ? 1e-12 : 0.7, method: "asymptotic"),
            wasserstein: drifted ? 9_100 : 400, normalizedWasserstein: drifted ? 0.5 : 0.02,
            jsDistance: drifted ? 0.21 : 0.01, hellinger: drifted ? 0.19 : 0.01,
            chiSquare: ChiSquareResult(statistic: drifted ? 480 : 3, dof: 9, pValue: drifted ? 1e-90 : 0.96, yates: false),
            lInfinity: nil, lInfinityCategory: nil, thresholds: .defaults,
            verdict: DriftVerdict(
                status: drifted ? "drifted" : "stable", test: "psi", value: psi, threshold: 0.2, effect: nil,
                message: drifted ? "\(column) drifted: PSI \(psi) ≥ 0.2." : "\(column) is stable: PSI \(psi) < 0.2."))
    }

    func categoricalDrift(label: Bool = false) -> ColumnDrift {
        let column = label ? "defaulted" : categoryColumn
        let categories = label ? ["no", "yes"] : ["CA", "NV", newCategory, "TX"]
        return ColumnDrift(
            column: column, role: label ? "label" : "feature", model: nil, kind: "categorical", referenceCount: 2_000,
            currentCount: 2_000, referenceMissing: 0, currentMissing: 0, binEdges: nil, categories: categories,
            referenceCounts: label ? [1_560, 440] : [900, 500, 0, 600],
            currentCounts: label ? [1_380, 620] : [880, 480, 40, 600],
            psi: label ? 0.08 : 0.19, ks: nil, wasserstein: nil, normalizedWasserstein: nil, jsDistance: 0.08, hellinger: 0.08,
            chiSquare: ChiSquareResult(statistic: 41, dof: label ? 1 : 3, pValue: 1e-8, yates: label),
            lInfinity: label ? 0.09 : 0.02, lInfinityCategory: label ? "yes" : newCategory, thresholds: .defaults,
            verdict: label
                ? DriftVerdict(
                    status: "drifted", test: "chi_square", value: 1e-8, threshold: 0.05, effect: 0.09,
                    message: "defaulted drifted: χ² p < 0.001 with L∞ 0.09.")
                : DriftVerdict(
                    status: "stable", test: "psi", value: 0.19, threshold: 0.2, effect: nil,
                    message: "\(column) is stable: PSI 0.19 < 0.2."))
    }

    var extraNames: [String] { (0..<extraColumns).map { "x\($0)" } }

    func data() -> DataResults {
        let region = Self.categoricalStatistics(name: categoryColumn, values: [("CA", 900), ("TX", 600), ("NV", 500)])
        let regionNow = Self.categoricalStatistics(
            name: categoryColumn, values: [("CA", 880), ("TX", 600), ("NV", 480), (newCategory, 40)])
        let reference =
            [Self.numericStatistics(name: movedColumn, shift: 1), region]
            + extraNames.map { Self.numericStatistics(name: $0, shift: 1) }
        let current =
            [Self.numericStatistics(name: movedColumn, shift: 1.4, missing: 70), regionNow]
            + extraNames.map { Self.numericStatistics(name: $0, shift: 1.01) }
        return DataResults(
            current: DatasetStatistics(file: "data/current.csv", rowCount: 2_000, columns: current),
            reference: DatasetStatistics(file: "data/reference.csv", rowCount: 2_000, columns: reference),
            schemaFile: anomalies == nil ? nil : "schema.json", environment: nil)
    }

    func drift() -> [ColumnDrift] {
        var drift = [categoricalDrift(), Self.numericDrift(movedColumn, psi: 0.62, drifted: true)]
        drift += extraNames.enumerated().map { Self.numericDrift($1, psi: 0.001 * Double($0 % 50), drifted: false) }
        if let model = predictionModel {
            drift.append(Self.numericDrift("p_new", psi: 0.35, drifted: true, role: "prediction", model: model))
        }
        if labelDrift { drift.append(categoricalDrift(label: true)) }
        return drift
    }

    /// The data parts added to a model's results.
    func adding(to results: Results) -> Results {
        var results = results
        results.data = data()
        results.drift = drift()
        results.anomalies = anomalies
        return results
    }

    /// A data-only report: no label, no models; only the data parts.
    func dataOnly() -> Results {
        Results(
            title: "Serving data against training", description: nil, task: .binary, label: "", positiveLabel: nil,
            threshold: 0.5, rowCount: 2_000, models: [], baseline: nil, rankMetric: "roc_auc", minSliceSize: nil,
            overall: [:], slices: [], sliceSpecs: [], curves: [:],
            intervals: IntervalSettings(confidence: 0.95, bootstrapReplicates: 1_000, seed: 1, methods: [:]),
            provenance: Provenance(
                dataFile: "data/current.csv", dataSHA256: String(repeating: "a", count: 64), dataBytes: 120_000,
                rowsRead: 2_000, rowsExcluded: [:], toolVersion: "0.1.0",
                configuration: ["--data", "data/current.csv", "--reference", "data/reference.csv"]),
            columns: [], warnings: [], data: data(), drift: drift(), anomalies: anomalies)
    }
}
