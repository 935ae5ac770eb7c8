/// The (weighted) confusion matrix at a threshold and the metrics that depend only on it.
///
/// Undefined metrics are `nil` where scikit-learn would return 0 under `zero_division`:
/// precision with no predicted positives, recall/fnr with no positives, fpr/tnr with no negatives,
/// balanced accuracy unless both classes are present, MCC when any marginal
/// (TP+FP, TP+FN, TN+FP, TN+FN) is zero. F1 = 2TP / (2TP + FP + FN) is `nil` only when that
/// denominator is zero (with positives but no predicted positives it is 0, as scikit-learn).
public struct ConfusionCounts: Sendable, Equatable {
    public var truePositives: Double
    public var falsePositives: Double
    public var trueNegatives: Double
    public var falseNegatives: Double

    public init(truePositives: Double, falsePositives: Double, trueNegatives: Double, falseNegatives: Double) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    public var total: Double { truePositives + falsePositives + trueNegatives + falseNegatives }
    public var positives: Double { truePositives + falseNegatives }
    public var negatives: Double { trueNegatives + falsePositives }
    public var predictedPositives: Double { truePositives + falsePositives }

    @inline(__always) static func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }

    public var accuracy: Double? { Self.ratio(truePositives + trueNegatives, total) }
    public var precision: Double? { Self.ratio(truePositives, predictedPositives) }
    public var recall: Double? { Self.ratio(truePositives, positives) }
    public var falseNegativeRate: Double? { Self.ratio(falseNegatives, positives) }
    public var falsePositiveRate: Double? { Self.ratio(falsePositives, negatives) }
    public var trueNegativeRate: Double? { Self.ratio(trueNegatives, negatives) }
    public var selectionRate: Double? { Self.ratio(predictedPositives, total) }
    public var f1: Double? {
        Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
    }
    public var balancedAccuracy: Double? {
        guard let r = recall, let t = trueNegativeRate else { return nil }
        return (r + t) / 2
    }
    /// (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)).
    public var matthewsCorrelation: Double? {
        let a = predictedPositives, b = positives, c = negatives, d = trueNegatives + falseNegatives
        guard a > 0, b > 0, c > 0, d > 0 else { return nil }
        return (truePositives * trueNegatives - falsePositives * falseNegatives) / ((a * b).squareRoot() * (c * d).squareRoot())
    }
}
