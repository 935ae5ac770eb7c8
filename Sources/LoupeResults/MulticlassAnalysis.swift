/// Multiclass only: one model's results per class on the whole data, for its page and for
/// per-class gates (`recall[cat] >= 0.8`). The averaged metrics live in `Results.overall` like
/// every task's; this holds what has a class dimension.
public struct MulticlassAnalysis: Codable, Sendable, Equatable {
    /// The class names in the order of every per-class array here and of the confusion matrix.
    public let classes: [String]
    /// One-vs-rest metrics of each class, in class order.
    public let perClass: [ClassMetrics]
    /// The (weighted) confusion matrix: `counts[t][p]` is the weight of rows of true class t
    /// predicted as p (the argmax of the probabilities, or the hard prediction).
    public let confusion: [[Double]]
    /// The largest off-diagonal shares of the confusion matrix's rows, largest first.
    public let confusedPairs: [ConfusedPair]
    /// Per class the one-vs-rest ROC curve (x = FPR, y = TPR), thinned; empty for hard
    /// predictions, and an empty curve for a class without positives or negatives.
    public let roc: [Curve]
    /// Reliability of the top-label confidence (max probability) against the argmax being
    /// correct: 10 equal-width bins, as `ece` uses (`meanPrediction` is the mean confidence,
    /// `fractionPositive` the accuracy). Empty for hard predictions.
    public let reliability: [ReliabilityBin]

    public init(
        classes: [String], perClass: [ClassMetrics], confusion: [[Double]], confusedPairs: [ConfusedPair], roc: [Curve],
        reliability: [ReliabilityBin]
    ) {
        self.classes = classes
        self.perClass = perClass
        self.confusion = confusion
        self.confusedPairs = confusedPairs
        self.roc = roc
        self.reliability = reliability
    }

    /// The metrics of the class named `name`, if it is one of `classes`.
    public func metrics(of name: String) -> ClassMetrics? {
        perClass.first { $0.className == name }
    }
}

/// One class's one-vs-rest metrics: `support` rows of the class (and their weight when weighted)
/// and `metrics` keyed `precision`, `recall`, `f1`, `roc_auc`, `average_precision` (the binary
/// task's definitions applied to "this class" against "every other"), each with its interval.
/// A metric scikit-learn leaves undefined (zero division, no positives) has a null value.
public struct ClassMetrics: Codable, Sendable, Equatable {
    public let className: String
    public let support: Int
    public let weightedSupport: Double?
    public let metrics: MetricSet

    /// The metric names a class carries, in display order.
    public static let metricNames = ["precision", "recall", "f1", "roc_auc", "average_precision"]

    public init(className: String, support: Int, weightedSupport: Double? = nil, metrics: MetricSet) {
        self.className = className
        self.support = support
        self.weightedSupport = weightedSupport
        self.metrics = metrics
    }

    private enum CodingKeys: String, CodingKey {
        case className = "class"
        case support, weightedSupport, metrics
    }
}

/// One off-diagonal cell of the confusion matrix as a share of its row: rows of class `actual`
/// predicted as `predicted`, with the share's Wilson interval.
public struct ConfusedPair: Codable, Sendable, Equatable {
    public let actual: String
    public let predicted: String
    /// Weight of the cell's rows.
    public let count: Double
    /// `count` over the weight of the rows of `actual`, with its interval.
    public let share: Metric

    public init(actual: String, predicted: String, count: Double, share: Metric) {
        self.actual = actual
        self.predicted = predicted
        self.count = count
        self.share = share
    }
}
