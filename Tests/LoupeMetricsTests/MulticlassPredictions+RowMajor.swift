import LoupeMetrics

extension MulticlassPredictions {
    /// Probabilities of `k` classes from a row-major matrix, as the fixtures (and scikit-learn's
    /// `predict_proba`) give them.
    static func rowMajor(_ p: [Double], _ k: Int) -> MulticlassPredictions {
        .probabilities(ClassProbabilities(rowMajor: p, classCount: k))
    }
}
