/// One model's evaluation rows, already filtered: labels 0/1, finite scores, and optional
/// non-negative weights (`nil` = every weight 1).
public struct BinaryData: Sendable {
    public var labels: [UInt8]
    public var scores: [Double]
    public var weights: [Double]?

    public init(labels: [UInt8], scores: [Double], weights: [Double]? = nil) {
        self.labels = labels
        self.scores = scores
        self.weights = weights
    }
}

/// A partition of the rows into groups (the slices of one slicing spec): per row a group code in
/// `0..<groupCount`, or `Grouping.none` for a row in no group. Codes at or above `groupCount`
/// are treated as `none`.
public struct Grouping: Sendable {
    public static let none = UInt32.max
    public var codes: [UInt32]
    public var groupCount: Int

    public init(codes: [UInt32], groupCount: Int) {
        self.codes = codes
        self.groupCount = groupCount
    }
}

/// Settings of one evaluation.
public struct EvaluationOptions: Sendable {
    /// Predicted positive iff score >= threshold.
    public var threshold: Double = 0.5
    public var confidence: Double = 0.95
    /// Poisson-bootstrap replicates for f1, balanced_accuracy, mcc, average_precision and ece;
    /// 0 leaves those metrics without intervals.
    public var bootstrapReplicates: Int = 200
    public var seed: UInt64 = 0
    /// Groups with fewer rows get `nil` metrics.
    public var minGroupSize: Int = 30
    /// The most points an ROC or precision–recall curve keeps.
    public var curvePoints: Int = 1000
    /// The most score bins a group's average-precision bootstrap works on (runs of equal scores
    /// are pooled into at most this many bins of adjacent runs).
    public var bootstrapBins: Int = 128

    public init(
        threshold: Double = 0.5, confidence: Double = 0.95, bootstrapReplicates: Int = 200,
        seed: UInt64 = 0, minGroupSize: Int = 30, curvePoints: Int = 1000, bootstrapBins: Int = 128
    ) {
        self.threshold = threshold
        self.confidence = confidence
        self.bootstrapReplicates = bootstrapReplicates
        self.seed = seed
        self.minGroupSize = minGroupSize
        self.curvePoints = curvePoints
        self.bootstrapBins = bootstrapBins
    }
}
