/// Whether a larger value of a metric is better, worse, or neither (a description of the rows or
/// the predictions, such as a mean or a count).
public enum MetricDirection: String, Sendable {
    case higherIsBetter, lowerIsBetter, neutral
}

/// How a metric's value reads: a count (thousands separators), a rate in [0, 1], a percentage, or
/// any other number in the label's or the score's units.
public enum MetricFormat: String, Sendable {
    case count, rate, percentage, number
}

/// How a metric's confidence interval is computed, as results.json spells it (`intervals.methods`).
public enum IntervalMethod: String, Sendable {
    /// Wilson score interval on a proportion, with Kish's effective size.
    case wilson
    /// DeLong's variance of the ROC AUC.
    case delong
    /// Mean ± z·s/√n_eff.
    case normal
    /// A Poisson bootstrap, percentile interval.
    case bootstrap
    /// The distribution-free binomial-rank interval of a median.
    case orderStatistic = "order_statistic"
}

/// How a candidate and the baseline are compared on a metric on the same rows, as results.json
/// spells it (`comparisons[].metrics[].method`).
public enum PairedMethod: String, Sendable {
    case pairedDeLong = "paired_delong"
    case mcnemar
    case pairedBootstrap = "paired_bootstrap"
}

/// Everything Loupe knows about one metric. The evaluators, slice gaps, paired comparisons, gates,
/// pages, help and the schema test all read these facts from `MetricRegistry`; nothing else lists
/// metrics.
public struct MetricDefinition: Sendable {
    /// The contract's name (`roc_auc`), the key in results.json.
    public let name: String
    public let tasks: Set<ModelTask>
    /// The name people read (`ROC AUC`).
    public let label: String
    public let direction: MetricDirection
    public let format: MetricFormat
    /// `nil` when the metric has no interval (counts, the largest error, Durbin–Watson).
    public let interval: IntervalMethod?
    /// `nil` when a comparison reports only the bare difference.
    public let paired: PairedMethod?
    /// Why the value can be undefined, for the "undefined" tooltip.
    public let undefinedReason: String
    /// A property of the rows, not of a model's predictions (row counts, the label's mean): equal
    /// for every model on the same rows, so never compared between models.
    public let describesRows: Bool
    /// Position among the overview's headline metrics, when it is one.
    public let headlinePosition: Int?
    /// Position among the metrics the slice tables show beside the rank metric, when it is one.
    public let sliceDetailPosition: Int?

    /// Slices are ranked, and models called better or worse, only on metrics with a direction.
    public var isComparable: Bool { direction != .neutral }
    public var higherIsBetter: Bool { direction == .higherIsBetter }
}

/// The metric table: every metric of every task, in the order pages list them.
public enum MetricRegistry {
    private static let binary: Set<ModelTask> = [.binary]
    private static let regression: Set<ModelTask> = [.regression]
    private static let multiclass: Set<ModelTask> = [.multiclass]
    private static let classifiers: Set<ModelTask> = [.binary, .multiclass]
    private static let noRows = "No rows."

    public static let all: [MetricDefinition] = [
        define(
            "count", tasks: [.binary, .multiclass, .regression], "Rows", .neutral, .count, describesRows: true,
            undefined: noRows),
        define("weighted_count", tasks: binary, "Weighted rows", .neutral, .count, describesRows: true, undefined: "No weights."),
        define(
            "roc_auc", tasks: binary, "ROC AUC", .higherIsBetter, .rate, interval: .delong, paired: .pairedDeLong,
            undefined: "ROC AUC needs both positive and negative examples.", headline: 0),
        define(
            "average_precision", tasks: binary, "Average precision", .higherIsBetter, .rate, interval: .bootstrap,
            undefined: "Average precision needs at least one positive example.", headline: 1),
        define(
            "log_loss", tasks: classifiers, "Log loss", .lowerIsBetter, .number, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows, headline: 4, sliceDetail: 3),
        define(
            "brier", tasks: classifiers, "Brier score", .lowerIsBetter, .number, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows, headline: 5),
        define(
            "ece", tasks: classifiers, "ECE", .lowerIsBetter, .rate, interval: .bootstrap, paired: .pairedBootstrap,
            undefined: noRows, headline: 6, sliceDetail: 4),
        define(
            "accuracy", tasks: classifiers, "Accuracy", .higherIsBetter, .rate, interval: .wilson, paired: .mcnemar,
            undefined: noRows, headline: 2, sliceDetail: 0),
        define(
            "balanced_accuracy", tasks: classifiers, "Balanced accuracy", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "Balanced accuracy needs both positive and negative examples."),
        define(
            "precision", tasks: binary, "Precision", .higherIsBetter, .rate, interval: .wilson, paired: .pairedBootstrap,
            undefined: "No predicted positives at this threshold."),
        define(
            "recall", tasks: binary, "Recall (TPR)", .higherIsBetter, .rate, interval: .wilson, paired: .pairedBootstrap,
            undefined: "No positive examples.", sliceDetail: 1),
        define(
            "f1", tasks: binary, "F1", .higherIsBetter, .rate, interval: .bootstrap, paired: .pairedBootstrap,
            undefined: "Precision is undefined or precision and recall are both zero.", headline: 3),
        define(
            "fpr", tasks: binary, "False positive rate", .lowerIsBetter, .rate, interval: .wilson, paired: .pairedBootstrap,
            undefined: "No negative examples.", sliceDetail: 2),
        define(
            "fnr", tasks: binary, "False negative rate", .lowerIsBetter, .rate, interval: .wilson, paired: .pairedBootstrap,
            undefined: "No positive examples."),
        define(
            "tnr", tasks: binary, "True negative rate", .higherIsBetter, .rate, interval: .wilson, paired: .pairedBootstrap,
            undefined: "No negative examples."),
        define(
            "mcc", tasks: classifiers, "MCC", .higherIsBetter, .number, interval: .bootstrap, paired: .pairedBootstrap,
            undefined: "A row or column of the confusion matrix is empty."),
        define(
            "selection_rate", tasks: binary, "Selection rate", .neutral, .rate, interval: .wilson, paired: .pairedBootstrap,
            undefined: noRows),
        define(
            "mean_prediction", tasks: binary, "Mean score", .neutral, .number, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows),
        define(
            "mean_label", tasks: binary, "Positive rate", .neutral, .rate, interval: .wilson, describesRows: true,
            undefined: noRows),
        define(
            "top_2_accuracy", tasks: multiclass, "Top-2 accuracy", .higherIsBetter, .rate, interval: .wilson,
            undefined: "Needs class probabilities."),
        define(
            "top_k_accuracy", tasks: multiclass, "Top-k accuracy", .higherIsBetter, .rate, interval: .wilson,
            undefined: "Needs class probabilities."),
        define(
            "macro_precision", tasks: multiclass, "Macro precision", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "No class is ever predicted."),
        define(
            "macro_recall", tasks: multiclass, "Macro recall", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "No class has rows."),
        define(
            "macro_f1", tasks: multiclass, "Macro F1", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "No class is present or predicted.", headline: 14, sliceDetail: 8),
        define(
            "weighted_precision", tasks: multiclass, "Weighted precision", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "No class is ever predicted."),
        define(
            "weighted_recall", tasks: multiclass, "Weighted recall", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "No class has rows."),
        define(
            "weighted_f1", tasks: multiclass, "Weighted F1", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "No class is present or predicted."),
        define(
            "micro_f1", tasks: multiclass, "Micro F1", .higherIsBetter, .rate, interval: .wilson, paired: .mcnemar,
            undefined: noRows),
        define(
            "cohen_kappa", tasks: multiclass, "Cohen's kappa", .higherIsBetter, .number, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "Every row is true and predicted the same class."),
        define(
            "macro_ovr_auc", tasks: multiclass, "Macro one-vs-rest AUC", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap,
            undefined: "No class has both rows and other rows, or there are no class probabilities.", headline: 15),
        define(
            "weighted_ovr_auc", tasks: multiclass, "Weighted one-vs-rest AUC", .higherIsBetter, .rate, interval: .bootstrap,
            paired: .pairedBootstrap,
            undefined: "No class has both rows and other rows, or there are no class probabilities."),
        define(
            "macro_ovo_auc", tasks: multiclass, "Macro one-vs-one AUC (Hand & Till)", .higherIsBetter, .rate,
            interval: .bootstrap,
            undefined: "Fewer than two classes present, or no class probabilities."),
        define(
            "rmse", tasks: regression, "RMSE", .lowerIsBetter, .number, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows, headline: 7),
        define(
            "mae", tasks: regression, "MAE", .lowerIsBetter, .number, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows, headline: 8, sliceDetail: 5),
        define(
            "r2", tasks: regression, "R²", .higherIsBetter, .number, interval: .bootstrap, paired: .pairedBootstrap,
            undefined: "R² needs labels that vary: every label here is the same.", headline: 9, sliceDetail: 6),
        define(
            "mse", tasks: regression, "MSE", .lowerIsBetter, .number, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows),
        define(
            "median_absolute_error", tasks: regression, "Median absolute error", .lowerIsBetter, .number,
            interval: .orderStatistic, undefined: noRows, headline: 10),
        define(
            "mape", tasks: regression, "MAPE", .lowerIsBetter, .percentage, interval: .normal, paired: .pairedBootstrap,
            undefined: noRows, headline: 11),
        define("max_error", tasks: regression, "Max error", .lowerIsBetter, .number, undefined: noRows),
        define(
            "explained_variance", tasks: regression, "Explained variance", .higherIsBetter, .number, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "Explained variance needs labels that vary."),
        define(
            "mean_residual", tasks: regression, "Mean residual", .neutral, .number, interval: .normal, undefined: noRows,
            headline: 12, sliceDetail: 7),
        define(
            "residual_std", tasks: regression, "Residual SD", .lowerIsBetter, .number, interval: .bootstrap,
            paired: .pairedBootstrap, undefined: "Needs two rows."),
        define(
            "durbin_watson", tasks: regression, "Durbin–Watson", .neutral, .number,
            undefined: "Needs two rows with residuals that are not all zero.", headline: 13),
    ]

    private static let byName: [String: MetricDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The definition of a metric, `nil` for a name Loupe does not know (a newer producer's).
    public static func definition(_ name: String) -> MetricDefinition? { byName[name] }

    /// The metrics of `task` in registry order; every task's while the task is not known.
    public static func names(for task: ModelTask?) -> [String] {
        all.filter { definition in task.map(definition.tasks.contains) ?? true }.map(\.name)
    }

    /// The interval method of each of `task`'s metrics that has one (results.json `intervals.methods`).
    public static func intervalMethods(for task: ModelTask) -> [String: String] {
        var methods: [String: String] = [:]
        for definition in all where definition.tasks.contains(task) {
            if let method = definition.interval { methods[definition.name] = method.rawValue }
        }
        return methods
    }

    /// The metric slices of `task` are ranked by, and a comparison leads with.
    public static func rankMetric(for task: ModelTask) -> String {
        switch task {
        case .binary: return "roc_auc"
        case .regression: return "rmse"
        case .multiclass: return "accuracy"
        }
    }

    /// Whether a larger value of the metric is better; `nil` for a neutral or unknown metric, which
    /// is never called better or worse.
    public static func higherIsBetter(_ name: String) -> Bool? {
        guard let definition = byName[name], definition.isComparable else { return nil }
        return definition.higherIsBetter
    }

    /// The overview's headline metrics, in order.
    public static let headline: [String] = ordered(by: \.headlinePosition)
    /// The metrics the slice tables show beside the rank metric, in order.
    public static let sliceDetail: [String] = ordered(by: \.sliceDetailPosition)

    private static func ordered(by position: KeyPath<MetricDefinition, Int?>) -> [String] {
        all.compactMap { definition in definition[keyPath: position].map { ($0, definition.name) } }.sorted { $0.0 < $1.0 }
            .map(\.1)
    }

    private static func define(
        _ name: String, tasks: Set<ModelTask>, _ label: String, _ direction: MetricDirection, _ format: MetricFormat,
        interval: IntervalMethod? = nil, paired: PairedMethod? = nil, describesRows: Bool = false, undefined: String,
        headline: Int? = nil, sliceDetail: Int? = nil
    ) -> MetricDefinition {
        MetricDefinition(
            name: name, tasks: tasks, label: label, direction: direction, format: format, interval: interval, paired: paired,
            undefinedReason: undefined, describesRows: describesRows, headlinePosition: headline,
            sliceDetailPosition: sliceDetail)
    }
}
