import LoupeResults

/// The rates compared between groups, each a weighted proportion of one confusion-matrix cell
/// set over another (predicted positive iff score >= threshold).
///
/// | name | proportion | of the rows that are |
/// |---|---|---|
/// | `selection_rate` | predicted positive | all |
/// | `tpr` / `fnr` | predicted positive / negative | positives |
/// | `fpr` / `tnr` | predicted positive / negative | negatives |
/// | `ppv` / `npv` | positive / negative | predicted positive / negative |
/// | `accuracy` | correctly predicted | all |
///
/// A rate is undefined (`nil`, never 0) when its denominator has no weight: `tpr` and `fnr` of a
/// group without positives, `ppv` with no predicted positives, and so on.
public struct FairnessRate: Sendable, Equatable {
    public let name: String
    /// Confusion cells (bit `label * 2 + predicted`: TN 1, FP 2, FN 4, TP 8) counted above and below.
    let numerator: Int
    let denominator: Int

    public static let all: [FairnessRate] = [
        FairnessRate(name: "selection_rate", numerator: 0b1010, denominator: 0b1111),
        FairnessRate(name: "tpr", numerator: 0b1000, denominator: 0b1100),
        FairnessRate(name: "fpr", numerator: 0b0010, denominator: 0b0011),
        FairnessRate(name: "fnr", numerator: 0b0100, denominator: 0b1100),
        FairnessRate(name: "tnr", numerator: 0b0001, denominator: 0b0011),
        FairnessRate(name: "ppv", numerator: 0b1000, denominator: 0b1010),
        FairnessRate(name: "npv", numerator: 0b0001, denominator: 0b0101),
        FairnessRate(name: "accuracy", numerator: 0b1001, denominator: 0b1111),
    ]

    public static var names: [String] { all.map(\.name) }

    /// One group's estimate of a rate: the value and the Kish effective size of the denominator
    /// rows, (Σw)²/Σw², which the Wilson interval and the comparisons use as the number of trials.
    struct Estimate {
        var value: Double?
        var trials: Double

        func metric(confidence: Double) -> Metric {
            guard let v = value else { return .undefined }
            guard let ci = Intervals.wilson(proportion: v, trials: trials, confidence: confidence) else { return Metric(v) }
            return Metric(v, lower: ci.lower, upper: ci.upper)
        }
    }

    func estimate(_ confusion: FairnessConfusionTable.Confusion) -> Estimate {
        var top = CompensatedSum(), bottom = CompensatedSum(), squares = CompensatedSum()
        for c in 0..<4 where denominator & (1 << c) != 0 {
            let cell = confusion.cells[c]
            bottom.add(cell.weight)
            squares.add(cell.squaredWeight)
            if numerator & (1 << c) != 0 { top.add(cell.weight) }
        }
        let w = bottom.value
        let trials = Intervals.kishEffectiveSize(sumOfWeights: w, sumOfSquaredWeights: squares.value)
        guard w > 0 else { return Estimate(value: nil, trials: trials) }
        return Estimate(value: min(1, max(0, top.value / w)), trials: trials)
    }
}
