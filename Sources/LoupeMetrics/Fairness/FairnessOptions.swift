/// Settings of one fairness analysis (`FairnessAnalysis.analyze`).
public struct FairnessOptions: Sendable {
    /// 0.1, 0.2, …, 0.9 (each `k / 10`, so `0.3` is the literal `0.3`).
    public static let defaultThresholds: [Double] = (1...9).map { Double($0) / 10 }

    /// The thresholds the per-group rates are computed at (predicted positive iff score >= t).
    /// The analysis always adds `decisionThreshold`, then sorts and removes duplicates: see
    /// `resolvedThresholds`.
    public var thresholds: [Double]
    /// The report's decision threshold: the reference point of the threshold analysis.
    public var decisionThreshold: Double
    /// The level of the Wilson, Newcombe and DeLong intervals.
    public var confidence: Double
    /// Groups with fewer rows (or no rows) are marked `tooSmall`: listed with their counts, but
    /// with no rates, no gaps, no AUC, and left out of the summary metrics and per-group thresholds.
    public var minGroupSize: Int
    /// The cost of a false positive relative to a false negative: cost = FP × costRatio + FN.
    public var costRatio: Double
    /// The reference group's code; `nil` (or a code with no group) picks the group with the most
    /// rows, the lowest code among equals. A too-small reference leaves every gap out.
    public var referenceGroup: Int?
    /// Replicates of the summary metrics' bootstrap intervals (`FairnessSummaryBootstrap`); 0
    /// leaves them without intervals.
    public var bootstrapReplicates: Int = 0
    /// The bootstrap's seed.
    public var seed: UInt64 = 0

    public init(
        thresholds: [Double] = FairnessOptions.defaultThresholds, decisionThreshold: Double = 0.5,
        confidence: Double = 0.95, minGroupSize: Int = 30, costRatio: Double = 1, referenceGroup: Int? = nil
    ) {
        self.thresholds = thresholds
        self.decisionThreshold = decisionThreshold
        self.confidence = confidence
        self.minGroupSize = minGroupSize
        self.costRatio = costRatio
        self.referenceGroup = referenceGroup
    }

    /// `thresholds` plus `decisionThreshold`, finite values only, ascending, without duplicates
    /// (`-0.0` and `0.0` are one threshold).
    public var resolvedThresholds: [Double] {
        var all = (thresholds + [decisionThreshold]).filter { $0.isFinite }.map { $0 + 0.0 }
        all.sort()
        var unique: [Double] = []
        for t in all where unique.last != t { unique.append(t) }
        return unique
    }
}
