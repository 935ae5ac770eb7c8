import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// The warnings that a result is an artifact (`ArtifactChecks`), in sentences for the overview and
/// results.json `warnings`: log loss made by a few clipped scores, a threshold that selects almost
/// nobody or everybody, and slices whose ROC AUC is below the pooled one because the slice column
/// itself separates the classes. Binary only.
enum ArtifactWarnings {
    static func binary(
        input: EvaluationInput, models: [String], overall: [String: MetricSet], slices: [SliceResult],
        specs: [SliceSpec], threshold: Double
    ) -> [String] {
        guard input.task == .binary else { return [] }
        var warnings: [String] = []
        for (m, model) in models.enumerated() {
            let check = ArtifactChecks.confidentErrors(labels: input.labels, scores: input.scores[m], weights: input.weights)
            if check.wrongRows > 0, check.shareOfLogLoss >= ArtifactChecks.confidentErrorShare {
                warnings.append(
                    "\(model): \(NumberFormat.count(check.wrongRows)) of the \(NumberFormat.count(check.extremeRows)) rows scored exactly 0 or 1 are on the wrong side; each costs the clipped log loss of 34.5, together \(NumberFormat.percent(check.shareOfLogLoss, digits: 0)) of its log loss. Its log loss measures these few rows more than the model: compare models on ROC AUC, or on log loss after the scores are kept away from 0 and 1."
                )
            }
        }
        for model in models {
            guard let rate = overall[model]?["selection_rate"]?.value, ArtifactChecks.selectionIsDegenerate(rate) else {
                continue
            }
            let who = rate < 0.5 ? "almost nobody" : "almost everybody"
            warnings.append(
                "\(model) selects \(NumberFormat.percent(rate, digits: 1)) of the rows at threshold \(thresholdText(threshold)) — \(who): its threshold metrics (accuracy, precision, recall, F1, MCC) and fairness rates describe a handful of rows and say little about the model. Set --threshold to the operating point the model is used at."
            )
        }
        // Slices below the pooled ROC AUC because the slice column separates the classes: once,
        // naming every spec and model it applies to.
        var pooled: [String] = []
        var rateRanges: [String] = []
        for spec in specs {
            let reported = slices.filter { $0.spec == spec.columns && !$0.tooSmall }
            let rates = reported.compactMap { $0.metrics.values.first?["mean_label"]?.value }
            let affected = models.filter { model in
                guard let whole = overall[model]?["roc_auc"]?.value else { return false }
                let aucs = reported.compactMap { $0.metrics[model]?["roc_auc"]?.value }
                return aucs.count == reported.count
                    && ArtifactChecks.slicesBelowPooledAUC(sliceAUCs: aucs, slicePositiveRates: rates, pooledAUC: whole)
            }
            guard !affected.isEmpty, let low = rates.min(), let high = rates.max() else { continue }
            pooled.append("\(spec.name) (for \(affected.joined(separator: " and ")))")
            rateRanges.append("\(NumberFormat.decimal(low, digits: 2))–\(NumberFormat.decimal(high, digits: 2)) by \(spec.name)")
        }
        if !pooled.isEmpty {
            warnings.append(
                "Every slice of \(pooled.joined(separator: " and of ")) has a lower ROC AUC than the whole data. The slices' positive rates differ (\(rateRanges.joined(separator: "; "))), so part of the pooled AUC is the separation between slices, which no single slice has: a slice below the pooled AUC is not by itself a weakness. Compare slices with each other, or with the baseline on the comparison page."
            )
        }
        return warnings
    }

    /// `0.5`, `0.35`: the threshold as people write it.
    static func thresholdText(_ x: Double) -> String {
        var text = NumberFormat.decimal(x, digits: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
