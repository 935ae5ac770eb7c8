/// One model's multiclass rows for one set of rows (a slice), already filtered: a label code per
/// row in `0..<classCount` (classes in a fixed order), the model's output, and optional
/// non-negative weights (`nil` = every weight 1).
public struct MulticlassData: Sendable {
    public var classCount: Int
    public var labels: [Int32]
    public var predictions: MulticlassPredictions
    public var weights: [Double]?

    public init(classCount: Int, labels: [Int32], predictions: MulticlassPredictions, weights: [Double]? = nil) {
        precondition(classCount >= 2, "a multiclass task has at least two classes")
        switch predictions {
        case .probabilities(let p):
            precondition(p.count == labels.count * classCount, "probabilities must be rows × classCount")
        case .classes(let c):
            precondition(c.count == labels.count, "one predicted class per row")
        }
        precondition((weights?.count ?? labels.count) == labels.count, "one weight per row")
        self.classCount = classCount
        self.labels = labels
        self.predictions = predictions
        self.weights = weights
    }

    public var rowCount: Int { labels.count }
}

/// What a multiclass model produced for each row.
public enum MulticlassPredictions: Sendable {
    /// A row-major rows × classCount matrix of finite class probabilities in [0, 1]. Rows are
    /// used as given, as scikit-learn does: a row that does not sum exactly to 1 is not
    /// renormalised. The hard prediction of a row is its argmax, the lowest class on ties
    /// (numpy's `argmax`, as scikit-learn's `predict`).
    case probabilities([Double])
    /// Hard predicted class codes in `0..<classCount`; the probability metrics are then `nil`.
    case classes([Int32])

    public var hasProbabilities: Bool {
        if case .probabilities = self { return true }
        return false
    }
}
