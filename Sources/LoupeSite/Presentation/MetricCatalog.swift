import LoupeCharts

/// Whether a larger value of a metric is better, worse, or neither (a description like a mean).
enum MetricDirection: Sendable {
    case higherIsBetter, lowerIsBetter, neutral
}

/// How a metric is named, ordered and explained on the pages. Metric keys are the contract's;
/// unknown keys (later tasks, newer producers) still render, after the known ones, by key.
struct MetricInfo: Sendable {
    var key: String
    var name: String
    var direction: MetricDirection
    /// Shown as a count with thousands separators rather than as a decimal.
    var isCount: Bool = false
    /// Why the value can be undefined, for the "undefined" tooltip.
    var undefinedReason: String
}

enum MetricCatalog {
    private static let generalReason = "Not defined for these rows (for example a slice with only one class)."

    static let known: [MetricInfo] = [
        MetricInfo(key: "count", name: "Rows", direction: .neutral, isCount: true, undefinedReason: "No rows."),
        MetricInfo(
            key: "weighted_count", name: "Weighted rows", direction: .neutral, isCount: true, undefinedReason: "No weights."),
        MetricInfo(
            key: "roc_auc", name: "ROC AUC", direction: .higherIsBetter,
            undefinedReason: "ROC AUC needs both positive and negative examples."),
        MetricInfo(
            key: "average_precision", name: "Average precision", direction: .higherIsBetter,
            undefinedReason: "Average precision needs at least one positive example."),
        MetricInfo(key: "log_loss", name: "Log loss", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(key: "brier", name: "Brier score", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(key: "ece", name: "ECE", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(key: "accuracy", name: "Accuracy", direction: .higherIsBetter, undefinedReason: "No rows."),
        MetricInfo(
            key: "balanced_accuracy", name: "Balanced accuracy", direction: .higherIsBetter,
            undefinedReason: "Balanced accuracy needs both positive and negative examples."),
        MetricInfo(
            key: "precision", name: "Precision", direction: .higherIsBetter,
            undefinedReason: "No predicted positives at this threshold."),
        MetricInfo(key: "recall", name: "Recall (TPR)", direction: .higherIsBetter, undefinedReason: "No positive examples."),
        MetricInfo(
            key: "f1", name: "F1", direction: .higherIsBetter,
            undefinedReason: "Precision is undefined or precision and recall are both zero."),
        MetricInfo(key: "fpr", name: "False positive rate", direction: .lowerIsBetter, undefinedReason: "No negative examples."),
        MetricInfo(key: "fnr", name: "False negative rate", direction: .lowerIsBetter, undefinedReason: "No positive examples."),
        MetricInfo(key: "tnr", name: "True negative rate", direction: .higherIsBetter, undefinedReason: "No negative examples."),
        MetricInfo(
            key: "mcc", name: "MCC", direction: .higherIsBetter,
            undefinedReason: "A row or column of the confusion matrix is empty."),
        MetricInfo(key: "selection_rate", name: "Selection rate", direction: .neutral, undefinedReason: "No rows."),
        MetricInfo(key: "mean_prediction", name: "Mean score", direction: .neutral, undefinedReason: "No rows."),
        MetricInfo(key: "mean_label", name: "Positive rate", direction: .neutral, undefinedReason: "No rows."),
        MetricInfo(key: "rmse", name: "RMSE", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(key: "mae", name: "MAE", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(
            key: "r2", name: "R²", direction: .higherIsBetter,
            undefinedReason: "R² needs labels that vary: every label here is the same."),
        MetricInfo(key: "mse", name: "MSE", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(
            key: "median_absolute_error", name: "Median absolute error", direction: .lowerIsBetter,
            undefinedReason: "No rows."),
        MetricInfo(key: "mape", name: "MAPE", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(key: "max_error", name: "Max error", direction: .lowerIsBetter, undefinedReason: "No rows."),
        MetricInfo(
            key: "explained_variance", name: "Explained variance", direction: .higherIsBetter,
            undefinedReason: "Explained variance needs labels that vary."),
        MetricInfo(key: "mean_residual", name: "Mean residual", direction: .neutral, undefinedReason: "No rows."),
        MetricInfo(key: "residual_std", name: "Residual SD", direction: .lowerIsBetter, undefinedReason: "Needs two rows."),
        MetricInfo(
            key: "durbin_watson", name: "Durbin–Watson", direction: .neutral,
            undefinedReason: "Needs two rows with residuals that are not all zero."),
    ]

    private static let byKey: [String: MetricInfo] = Dictionary(uniqueKeysWithValues: known.map { ($0.key, $0) })

    static func info(_ key: String) -> MetricInfo {
        if let info = byKey[key] { return info }
        var name = key.replacingUnderscores()
        if let first = name.first { name = first.uppercased() + name.dropFirst() }
        return MetricInfo(key: key, name: name, direction: .neutral, undefinedReason: generalReason)
    }

    static func name(_ key: String) -> String { info(key).name }

    /// Known metrics in catalogue order, then the rest sorted by key.
    static func ordered<C: Collection>(_ keys: C) -> [String] where C.Element == String {
        let present = Set(keys)
        return known.map(\.key).filter(present.contains) + present.subtracting(byKey.keys).sorted()
    }

    /// The headline metrics of the overview, in order, when present.
    static let headline = [
        "roc_auc", "average_precision", "accuracy", "f1", "log_loss", "brier", "ece",
        "rmse", "mae", "r2", "median_absolute_error", "mape", "mean_residual", "durbin_watson",
    ]
    /// The metrics shown beside the rank metric in the slice tables.
    static let sliceDetail = ["accuracy", "recall", "fpr", "log_loss", "ece", "mae", "r2", "mean_residual"]

    /// A readable name for an interval method as results.json spells it.
    static func methodName(_ method: String, replicates: Int) -> String {
        switch method {
        case "wilson": return "Wilson score"
        case "delong": return "DeLong"
        case "normal": return "normal approximation"
        case "bootstrap": return "bootstrap, \(NumberFormat.count(replicates)) replicates"
        case "order_statistic": return "order statistics (distribution-free)"
        default: return method
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
