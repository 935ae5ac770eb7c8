/// The curves and tables one model's page is drawn from, thinned so their size does not grow
/// with the row count (at most about 1,000 points per curve).
public struct ModelCurves: Codable, Sendable, Equatable {
    public var roc: Curve
    public var precisionRecall: Curve
    public var reliability: [ReliabilityBin]
    public var scoreHistogram: ScoreHistogram
    public var confusion: ConfusionMatrix
    public var thresholdSweep: ThresholdSweep

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

/// A curve as parallel arrays: ROC has x = FPR, y = TPR; precision–recall has x = recall,
/// y = precision. `thresholds[i]` is the score threshold that produced point i.
public struct Curve: Codable, Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
    public var thresholds: [Double]

    public init(x: [Double], y: [Double], thresholds: [Double]) {
        self.x = x
        self.y = y
        self.thresholds = thresholds
    }
}

/// One bin of the reliability diagram (10 equal-width bins of the score, as `ece` uses).
public struct ReliabilityBin: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var meanPrediction: Double?
    public var fractionPositive: Double?

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
    public var edges: [Double]
    public var positives: [Double]
    public var negatives: [Double]

    public init(edges: [Double], positives: [Double], negatives: [Double]) {
        self.edges = edges
        self.positives = positives
        self.negatives = negatives
    }
}

/// Confusion matrix at the decision threshold, in (weighted) counts.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
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
}

/// Label metrics as the threshold moves; `nil` where a metric is undefined at that threshold.
public struct ThresholdSweep: Codable, Sendable, Equatable {
    public var thresholds: [Double]
    public var precision: [Double?]
    public var recall: [Double?]
    public var f1: [Double?]
    public var selectionRate: [Double?]

    public init(thresholds: [Double], precision: [Double?], recall: [Double?], f1: [Double?], selectionRate: [Double?]) {
        self.thresholds = thresholds
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.selectionRate = selectionRate
    }
}
