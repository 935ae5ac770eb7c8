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
    }

    static func attributes(_ requests: [FairnessRequest], slicer: Slicer) throws -> [Attribute] {
        try requests.map { request in
            let spec = try slicer.slice(SliceRequest(parts: request.columns.map { SliceRequest.Part(column: $0) }))
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
            return Attribute(request: request, codes: spec.grouping.codes, names: names, reference: reference)
        }
    }

    static func analyze(
        _ attributes: [Attribute], input: EvaluationInput, settings: BuildSettings
    ) -> [FairnessResult] {
        let jobs = attributes.flatMap { attribute in settings.scores.indices.map { (attribute, $0) } }
        return Parallel.map(jobs) { attribute, model in
            var options = FairnessOptions()
            options.thresholds = settings.fairnessThresholds
            options.decisionThreshold = settings.threshold
            options.confidence = settings.confidence
            options.minGroupSize = settings.minSliceSize
            options.costRatio = settings.costRatio
            options.referenceGroup = attribute.reference
            return FairnessAnalysis.analyze(
                attribute: attribute.request.displayName, model: settings.scores[model].name, labels: input.labels,
                scores: input.scores[model], weights: input.weights, groups: attribute.codes,
                groupNames: attribute.names, options: options)
        }
    }
}
