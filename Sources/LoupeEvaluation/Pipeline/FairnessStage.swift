import LoupeMetrics
import LoupeResults

/// The fairness analysis of the build: each sensitive attribute (or intersection) becomes group
/// codes the way a slice does (numeric attributes are binned, missing values form a group), and
/// every model is analysed on it, attributes and models in parallel.
struct FairnessStage {
    /// One attribute's groups over the evaluated rows.
    struct Attribute {
        var request: FairnessRequest
        var codes: [UInt32]
        var names: [String]
        var reference: Int?
        /// The slicing spec with the same columns and no restriction, whose groups these are.
        var specIndex: Int?
    }

    /// An attribute sliced the same way as a slicing spec (same columns, nothing restricted)
    /// takes that spec's groups instead of slicing the column again.
    static func attributes(_ requests: [FairnessRequest], slicer: Slicer, specs: [Slicer.SlicedSpec]) throws -> [Attribute] {
        try requests.map { request in
            let specIndex = specs.firstIndex { spec in
                spec.request.columns == request.columns && spec.request.parts.allSatisfy { $0.value == nil }
            }
            let spec =
                try specIndex.map { specs[$0] }
                ?? slicer.slice(SliceRequest(parts: request.columns.map { SliceRequest.Part(column: $0) }))
            let names = spec.keys.map { $0.joined(separator: " × ") }
            var reference: Int?
            if let wanted = request.reference {
                guard let index = spec.keys.firstIndex(of: wanted) else {
                    throw LoupeError.input(
                        "--fairness \(request.flagText): no group '\(wanted.joined(separator: " × "))' in \(request.displayName) (groups: \(names.prefix(12).joined(separator: ", ")))"
                    )
                }
                reference = index
            }
            return Attribute(
                request: request, codes: spec.grouping.codes, names: names, reference: reference, specIndex: specIndex)
        }
    }

    /// Where each attribute's groups are in the main evaluation, which then yields each group's
    /// ROC AUC with its DeLong interval in the same pass: an attribute that is also a slicing spec
    /// uses that spec's grouping, so the evaluator does not walk it twice; others are appended
    /// after the specs.
    static func groupings(_ attributes: [Attribute], specCount: Int) -> (extra: [Grouping], index: [Int]) {
        var extra: [Grouping] = []
        var index: [Int] = []
        for attribute in attributes {
            if let spec = attribute.specIndex {
                index.append(spec)
            } else {
                index.append(specCount + extra.count)
                extra.append(Grouping(codes: attribute.codes, groupCount: attribute.names.count))
            }
        }
        return (extra, index)
    }

    /// The options of every attribute's analysis, from the build's settings.
    static func options(_ settings: BuildSettings) -> FairnessOptions {
        var options = FairnessOptions()
        options.thresholds = settings.fairnessThresholds
        options.decisionThreshold = settings.threshold
        options.confidence = settings.confidence
        options.minGroupSize = settings.minSliceSize
        options.costRatio = settings.costRatio
        options.bootstrapReplicates = settings.bootstrap
        options.seed = settings.seed
        return options
    }

    /// Every attribute for one multiclass model, at its argmax decision (`MulticlassFairness`).
    static func analyzeMulticlass(
        _ attributes: [Attribute], model: String, settings: BuildSettings, input: EvaluationInput,
        predictions: MulticlassPredictions
    ) -> [FairnessResult] {
        guard !attributes.isEmpty else { return [] }
        var options = options(settings)
        let decisions = MulticlassFairness.decisions(predictions, classCount: input.classNames.count)
        return attributes.map { attribute in
            options.referenceGroup = attribute.reference
            return MulticlassFairness.analyze(
                attribute: attribute.request.displayName, model: model, classNames: input.classNames,
                labels: input.classLabels, decisions: decisions, weights: input.weights, groups: attribute.codes,
                groupNames: attribute.names, options: options)
        }
    }

    /// Every attribute for one model, on the rows its evaluation sorted (`sorted.groups[a]` are
    /// attribute `a`'s codes); `evaluation.groups[groupingIndex[a]]` holds its groups' metrics.
    static func analyze(
        _ attributes: [Attribute], model: String, settings: BuildSettings, evaluation: BinaryEvaluation,
        sorted: SortedRows, groupingIndex: [Int]
    ) -> [FairnessResult] {
        var options = options(settings)
        return attributes.enumerated().map { a, attribute in
            options.referenceGroup = attribute.reference
            let groups = evaluation.groups[groupingIndex[a]]
            let auc = attribute.names.indices.map { groups[$0]?["roc_auc"] ?? .undefined }
            return FairnessAnalysis.analyze(
                attribute: attribute.request.displayName, model: model, rows: sorted, grouping: a,
                groupNames: attribute.names, options: options, rocAUC: auc)
        }
    }
}
