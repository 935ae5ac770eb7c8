/// Every multiclass metric of one set of rows (one slice), as `MulticlassMetrics.evaluate`
/// computes it.
public struct MulticlassEvaluation: Sendable {
    /// Contract metric name (`MulticlassMetrics.metricNames`) → value, `nil` where undefined.
    public var values: [String: Double?]
    /// One-vs-rest metrics of each class, in class order.
    public var perClass: [MulticlassClassMetrics]
    /// The weighted confusion matrix (`counts`) and its row shares (`rowShares`).
    public var confusion: MulticlassConfusion

    public init(values: [String: Double?], perClass: [MulticlassClassMetrics], confusion: MulticlassConfusion) {
        self.values = values
        self.perClass = perClass
        self.confusion = confusion
    }
}

/// The one-vs-rest metrics of one class (see `MulticlassConfusion` and `MulticlassRanking` for
/// when each is `nil`); ROC AUC and average precision are `nil` for hard predictions.
public struct MulticlassClassMetrics: Sendable, Equatable {
    /// Weight of the class's rows.
    public var support: Double
    public var precision: Double?
    public var recall: Double?
    public var f1: Double?
    public var rocAUC: Double?
    public var averagePrecision: Double?

    public init(support: Double, precision: Double?, recall: Double?, f1: Double?, rocAUC: Double?, averagePrecision: Double?) {
        self.support = support
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.rocAUC = rocAUC
        self.averagePrecision = averagePrecision
    }
}
