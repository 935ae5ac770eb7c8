import LoupeResults

/// Checks for results that are artifacts of the data or the settings rather than properties of a
/// model, computed with the evaluation so the overview can warn before a reader trusts them.
public enum ArtifactChecks {
    /// Scores at exactly 0 or 1 on the wrong side: each costs the clipped −log(1e-15) ≈ 34.5 of
    /// log loss, so a few of them can make most of a model's log loss.
    public struct ConfidentErrors: Sendable, Equatable {
        /// Rows scored exactly 0 or 1 (after clipping to [1e-15, 1 − 1e-15], the same thing).
        public var extremeRows: Int
        /// Those whose label is the other class.
        public var wrongRows: Int
        /// Their (weighted) share of the total log loss, in [0, 1]; 0 without any loss.
        public var shareOfLogLoss: Double
    }

    /// Over every row: how many scores are exactly 0 or 1, how many of them are wrong, and what
    /// share of Σw·log-loss the wrong ones make.
    public static func confidentErrors(labels: [UInt8], scores: [Double], weights: [Double]?) -> ConfidentErrors {
        var extreme = 0, wrong = 0
        var total = CompensatedSum(), fromWrong = CompensatedSum()
        for i in scores.indices {
            let w = weights?[i] ?? 1
            let term = w * BinaryMetrics.logLossTerm(label: labels[i], score: scores[i])
            total.add(term)
            let s = scores[i]
            guard s <= 0 || s >= 1 else { continue }
            extreme += 1
            if (s >= 1) != (labels[i] != 0) {
                wrong += 1
                fromWrong.add(term)
            }
        }
        let sum = total.value
        return ConfidentErrors(extremeRows: extreme, wrongRows: wrong, shareOfLogLoss: sum > 0 ? fromWrong.value / sum : 0)
    }

    /// Below this share of wrong extreme scores' log loss, clipping is not what the log loss says.
    public static let confidentErrorShare = 0.1

    /// A decision threshold that selects fewer than this share of the rows, or more than 1 minus
    /// it, makes the threshold metrics (precision, recall, F1, the fairness rates) describe a
    /// handful of rows or none.
    public static let degenerateSelection = 0.02

    public static func selectionIsDegenerate(_ selectionRate: Double?) -> Bool {
        guard let rate = selectionRate else { return false }
        return rate < degenerateSelection || rate > 1 - degenerateSelection
    }

    /// Simpson-like pooling: when every reportable slice of a spec has a lower ROC AUC than the
    /// whole data and the slices' positive rates differ, the pooled AUC counts the separation
    /// *between* slices (the slice column is itself predictive), which no slice can have. Then a
    /// slice below the pooled AUC is not by itself a weakness. Needs at least two slices.
    public static func slicesBelowPooledAUC(sliceAUCs: [Double], slicePositiveRates: [Double], pooledAUC: Double)
        -> Bool
    {
        guard sliceAUCs.count >= 2, sliceAUCs.allSatisfy({ $0 < pooledAUC }),
            let low = slicePositiveRates.min(), let high = slicePositiveRates.max()
        else { return false }
        return high - low >= 0.05
    }
}
