/// How the fairness page names the per-group rates and Fairlearn's summary metrics.
struct FairnessRate: Sendable {
    var key: String
    /// Table header: `FPR`.
    var short: String
    /// In a sentence: `false positive rate`.
    var phrase: String
    /// Header tooltip: what the rate is.
    var definition: String
    var undefinedReason: String
    /// The chart title's question.
    var question: String
}

enum FairnessCatalog {
    static let rates: [FairnessRate] = [
        FairnessRate(
            key: "selection_rate", short: "Selection rate", phrase: "selection rate",
            definition: "Share of the group predicted positive.", undefinedReason: "The group has no rows.",
            question: "Who is selected at each threshold?"),
        FairnessRate(
            key: "tpr", short: "TPR", phrase: "true positive rate",
            definition: "True positive rate: share of the group's positives predicted positive.",
            undefinedReason: "The group has no positive examples.", question: "Whose positives are found?"),
        FairnessRate(
            key: "fpr", short: "FPR", phrase: "false positive rate",
            definition: "False positive rate: share of the group's negatives predicted positive.",
            undefinedReason: "The group has no negative examples.", question: "Who bears the false positives?"),
        FairnessRate(
            key: "fnr", short: "FNR", phrase: "false negative rate",
            definition: "False negative rate: share of the group's positives predicted negative.",
            undefinedReason: "The group has no positive examples.", question: "Whose positives are missed?"),
        FairnessRate(
            key: "tnr", short: "TNR", phrase: "true negative rate",
            definition: "True negative rate: share of the group's negatives predicted negative.",
            undefinedReason: "The group has no negative examples.", question: "Whose negatives are cleared?"),
        FairnessRate(
            key: "ppv", short: "PPV", phrase: "precision (PPV)",
            definition: "Positive predictive value (precision): share of the group's predicted positives that are positive.",
            undefinedReason: "No row of the group is predicted positive at this threshold.",
            question: "Whose positive predictions are right?"),
        FairnessRate(
            key: "npv", short: "NPV", phrase: "negative predictive value",
            definition: "Negative predictive value: share of the group's predicted negatives that are negative.",
            undefinedReason: "No row of the group is predicted negative at this threshold.",
            question: "Whose negative predictions are right?"),
        FairnessRate(
            key: "accuracy", short: "Accuracy", phrase: "accuracy", definition: "Share of the group predicted correctly.",
            undefinedReason: "The group has no rows.", question: "Who is predicted correctly?"),
    ]

    /// The rates drawn against threshold, one small multiple each.
    /// A multiclass model's one-vs-rest rates of one class at the predicted class (argmax).
    static let multiclassRates: [FairnessRate] = [
        FairnessRate(
            key: "selection_rate", short: "Selection rate", phrase: "share predicted as the class",
            definition: "Share of the group predicted this class.", undefinedReason: "The group has no rows.",
            question: "Who is assigned the class?"),
        FairnessRate(
            key: "tpr", short: "Recall", phrase: "recall",
            definition: "Recall (true positive rate): share of the group's rows of this class predicted this class.",
            undefinedReason: "The group has no rows of this class.", question: "Whose rows of the class are found?"),
        FairnessRate(
            key: "fpr", short: "FPR", phrase: "false positive rate",
            definition: "False positive rate: share of the group's rows of other classes predicted this class.",
            undefinedReason: "The group has no rows of other classes.", question: "Who is wrongly assigned the class?"),
    ]

    /// A multiclass rate's wording (accuracy and unknown keys as `rate(_:)`).
    static func multiclassRate(_ key: String) -> FairnessRate {
        multiclassRates.first { $0.key == key } ?? rate(key)
    }

    static let charted = ["selection_rate", "tpr", "fpr", "ppv"]

    /// A rate whose gap mirrors another's (TPR = 1 − FNR, TNR = 1 − FPR): same size, opposite
    /// sign, same p-value. Gap lists keep only the error-rate side.
    static let mirrors: [String: String] = ["tpr": "fnr", "tnr": "fpr"]

    /// Whether a higher value of a rate is better for the group (TPR: more of its positives
    /// found) or worse (FPR: more of its negatives flagged); absent for the selection rate, which
    /// is neither: being selected can be a benefit (a loan) or a burden (a detention).
    static let higherIsBetter: [String: Bool] = [
        "tpr": true, "fpr": false, "fnr": false, "tnr": true, "ppv": true, "npv": true, "accuracy": true,
    ]

    /// The mark of a significant gap: its direction (▲ higher, ▼ lower than the reference group),
    /// whether that is worse for the group (`nil` for a rate with no better direction), and the
    /// words a tooltip and a screen reader get.
    static func gapMark(rate key: String, difference: Double) -> (symbol: String, worse: Bool?, words: String) {
        let higher = difference > 0
        let direction = higher ? "higher" : "lower"
        let worse = higherIsBetter[key].map { $0 != higher }
        let judgement =
            worse.map { $0 ? "worse for this group" : "better for this group" } ?? "neither better nor worse in itself"
        return (higher ? "▲" : "▼", worse, "Significantly \(direction) than the reference group's: \(judgement)")
    }

    private static let byKey: [String: FairnessRate] = Dictionary(uniqueKeysWithValues: rates.map { ($0.key, $0) })

    static func rate(_ key: String) -> FairnessRate {
        byKey[key]
            ?? FairnessRate(
                key: key, short: MetricCatalog.name(key), phrase: MetricCatalog.name(key).lowercased(),
                definition: MetricCatalog.name(key), undefinedReason: MetricCatalog.info(key).undefinedReason,
                question: "How does \(MetricCatalog.name(key).lowercased()) differ?")
    }

    /// Known rates in catalogue order, then the rest sorted by key.
    static func ordered<C: Collection>(_ keys: C) -> [String] where C.Element == String {
        let present = Set(keys)
        return rates.map(\.key).filter(present.contains) + present.subtracting(byKey.keys).sorted()
    }

    /// `ordered(keys)` without the rates whose mirror is present.
    static func gapRates<C: Collection>(_ keys: C) -> [String] where C.Element == String {
        let present = Set(keys)
        return ordered(keys).filter { key in mirrors[key].map { !present.contains($0) } ?? true }
    }

    struct Summary {
        var key: String
        var name: String
        var definition: String
        /// A difference (0 is parity, smaller is better) or a ratio (1 is parity, larger is better).
        var isRatio: Bool
    }

    /// Fairlearn's summary metrics, in the order the page lists them.
    static let summaries: [Summary] = [
        Summary(
            key: "demographic_parity_difference", name: "Demographic parity difference",
            definition: "Largest minus smallest selection rate over the groups; 0 is parity.", isRatio: false),
        Summary(
            key: "demographic_parity_ratio", name: "Demographic parity ratio",
            definition: "Smallest over largest selection rate over the groups; 1 is parity.", isRatio: true),
        Summary(
            key: "equalized_odds_difference", name: "Equalized odds difference",
            definition: "The larger of the TPR and FPR differences (largest minus smallest over the groups); 0 is parity.",
            isRatio: false),
        Summary(
            key: "equalized_odds_ratio", name: "Equalized odds ratio",
            definition: "The smaller of the TPR and FPR ratios (smallest over largest over the groups); 1 is parity.",
            isRatio: true),
        Summary(
            key: "equal_opportunity_difference", name: "Equal opportunity difference",
            definition: "Largest minus smallest TPR over the groups; 0 is parity.", isRatio: false),
    ]

    static func summary(_ key: String) -> Summary {
        summaries.first { $0.key == key }
            ?? Summary(
                key: key, name: MetricCatalog.name(key), definition: MetricCatalog.name(key), isRatio: key.hasSuffix("_ratio"))
    }
}
