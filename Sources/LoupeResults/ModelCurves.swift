/// The curves and tables one model's page is drawn from, thinned so their size does not grow
/// with the row count (at most about 1,000 points per curve).
public struct ModelCurves: Codable, Sendable, Equatable {
    public let roc: Curve
    public let precisionRecall: Curve
    public let reliability: [ReliabilityBin]
    public let scoreHistogram: ScoreHistogram
    public let confusion: ConfusionMatrix
    public let thresholdSweep: ThresholdSweep

    public init(
        roc: Curve, precisionRecall: Curve, reliability: [ReliabilityBin],
        scoreHistogram: ScoreHistogram, confusion: ConfusionMatrix, thresholdSweep: ThresholdSweep
    ) {
        self.roc = roc
        self.precisionRecall = precisionRecall
        self.reliability = reliability
        self.scoreHistogram = scoreHistogram
        self.confusion = confusion
        self.thresholdSweep = thresholdSweep
    }
}

/// One slice's curves for its detail view, drawn over the whole data's: ROC and
/// precision–recall at most 30 points each, taken at the boundaries of the runs the evaluator
/// pooled (points of the exact curves; no thresholds kept), the reliability bins and the
/// confusion matrix at the decision threshold.
public struct SliceCurves: Codable, Sendable, Equatable {
    public let roc: Curve
    public let precisionRecall: Curve
    public let reliability: [ReliabilityBin]
    public let confusion: ConfusionMatrix

    public init(roc: Curve, precisionRecall: Curve, reliability: [ReliabilityBin], confusion: ConfusionMatrix) {
        self.roc = roc
        self.precisionRecall = precisionRecall
        self.reliability = reliability
        self.confusion = confusion
    }
}

/// A curve as parallel arrays: ROC has x = FPR, y = TPR; precision–recall has x = recall,
/// y = precision. `thresholds[i]` is the score threshold that produced point i.
public struct Curve: Codable, Sendable, Equatable {
    public let x: [Double]
    public let y: [Double]
    public let thresholds: [Double]

    public init(x: [Double], y: [Double], thresholds: [Double]) {
        self.x = x
        self.y = y
        self.thresholds = thresholds
    }
}

/// One bin of the reliability diagram (10 equal-width bins of the score, as `ece` uses).
public struct ReliabilityBin: Codable, Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let count: Int
    public let meanPrediction: Double?
    public let fractionPositive: Double?

    public init(lower: Double, upper: Double, count: Int, meanPrediction: Double?, fractionPositive: Double?) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.meanPrediction = meanPrediction
        self.fractionPositive = fractionPositive
    }
}

/// Score distribution split by label: `edges` has one more element than each count array.
public struct ScoreHistogram: Codable, Sendable, Equatable {
    public let edges: [Double]
    public let positives: [Double]
    public let negatives: [Double]

    public init(edges: [Double], positives: [Double], negatives: [Double]) {
        self.edges = edges
        self.positives = positives
        self.negatives = negatives
    }
}

/// Confusion matrix at the decision threshold, in (weighted) counts.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    public let truePositives: Double
    public let falsePositives: Double
    public let trueNegatives: Double
    public let falseNegatives: Double

    public init(truePositives: Double, falsePositives: Double, trueNegatives: Double, falseNegatives: Double) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }
}

/// Label metrics as the threshold moves; `nil` where a metric is undefined at that threshold.
public struct ThresholdSweep: Codable, Sendable, Equatable {
    public let thresholds: [Double]
    public let precision: [Double?]
    public let recall: [Double?]
    public let f1: [Double?]
    public let selectionRate: [Double?]

    public init(thresholds: [Double], precision: [Double?], recall: [Double?], f1: [Double?], selectionRate: [Double?]) {
        self.thresholds = thresholds
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.selectionRate = selectionRate
    }
}
