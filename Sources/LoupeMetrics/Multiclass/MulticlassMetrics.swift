/// The multiclass classification metrics of one set of rows, equal to scikit-learn's (with
/// `labels=range(K)` and `sample_weight`) where it defines them; `nil`, never NaN, where it
/// warns and returns 0 or NaN. The sums come from a mergeable `MulticlassAccumulator`, the
/// confusion-matrix metrics from its `MulticlassConfusion`, the AUCs and average precisions
/// from `MulticlassRanking` (one sort per class). Their doc comments state each formula and
/// edge case; in short:
/// * zero division: per-class precision, recall and F1 are `nil` where scikit-learn divides by
///   zero; macro and weighted averages leave those classes out (scikit-learn's
///   `zero_division=np.nan`);
/// * `log_loss` clips p_y to [ε, 1 − ε] with ε the double's machine epsilon and uses rows as
///   given (scikit-learn ≥ 1.5); `brier` is Σ_k (p_k − 1[y = k])² (not halved for K = 2);
/// * OvR AUCs average over the classes with positives and negatives; `macro_ovo_auc` is Hand &
///   Till over the present classes, with weighted pairwise AUCs when weighted;
/// * `top_2_accuracy` / `top_k_accuracy` rank ties in a row to the higher class, as
///   scikit-learn, while the hard prediction (accuracy, precision, …, ECE) takes the lowest;
/// * `ece` is the top-label ECE over 10 equal-width confidence bins;
/// * hard predictions: the probability metrics (log_loss, brier, the AUCs, top-k for k ≥ 2,
///   ece, per-class AUC and AP) are `nil`.
public enum MulticlassMetrics {
    public static let metricNames = [
        "count", "accuracy", "balanced_accuracy", "top_2_accuracy", "top_k_accuracy",
        "macro_precision", "macro_recall", "macro_f1", "weighted_precision", "weighted_recall",
        "weighted_f1", "micro_f1", "cohen_kappa", "mcc", "log_loss", "brier", "macro_ovr_auc",
        "weighted_ovr_auc", "macro_ovo_auc", "ece",
    ]

    /// Every metric of `data`'s rows (or of the rows at `rows`), with `top_k_accuracy` at `k`.
    public static func evaluate(_ data: MulticlassData, k: Int, rows: [Int]? = nil) -> MulticlassEvaluation {
        evaluate(accumulator: MulticlassAccumulator(data, rows: rows), ranking: MulticlassRanking(data, rows: rows), k: k)
    }

    /// The metrics from the accumulated sums and the rank metrics (`nil` for hard predictions).
    public static func evaluate(accumulator: MulticlassAccumulator, ranking: MulticlassRanking?, k: Int)
        -> MulticlassEvaluation
    {
        let confusion = accumulator.confusion
        let values: [String: Double?] = [
            "count": Double(accumulator.rowCount),
            "accuracy": confusion.accuracy,
            "balanced_accuracy": confusion.balancedAccuracy,
            "top_2_accuracy": accumulator.topKAccuracy(2),
            "top_k_accuracy": accumulator.topKAccuracy(k),
            "macro_precision": confusion.macroPrecision,
            "macro_recall": confusion.macroRecall,
            "macro_f1": confusion.macroF1,
            "weighted_precision": confusion.weightedPrecision,
            "weighted_recall": confusion.weightedRecall,
            "weighted_f1": confusion.weightedF1,
            "micro_f1": confusion.microF1,
            "cohen_kappa": confusion.cohenKappa,
            "mcc": confusion.matthewsCorrelation,
            "log_loss": accumulator.logLoss,
            "brier": accumulator.brier,
            "macro_ovr_auc": ranking?.macroOVRAUC,
            "weighted_ovr_auc": ranking?.weightedOVRAUC,
            "macro_ovo_auc": ranking?.macroOVOAUC,
            "ece": accumulator.expectedCalibrationError,
        ]
        let perClass = (0..<confusion.classCount).map { c in
            MulticlassClassMetrics(
                support: confusion.support(of: c), precision: confusion.precision(of: c), recall: confusion.recall(of: c),
                f1: confusion.f1(of: c), rocAUC: ranking?.rocAUC[c], averagePrecision: ranking?.averagePrecision[c])
        }
        return MulticlassEvaluation(values: values, perClass: perClass, confusion: confusion)
    }
}
