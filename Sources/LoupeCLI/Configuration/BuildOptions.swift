import LoupeEvaluation

/// The options of `loupe build` as given, before defaults: every field is optional so that
/// command-line flags can override a config file field by field (`flags.overriding(file)`).
public struct BuildOptions: Equatable, Sendable {
    public var title: String?
    public var description: String?
    public var data: String?
    public var format: String?
    public var task: String?
    public var label: String?
    public var positiveLabel: String?
    public var scores: [ScoreSpec]?
    public var baseline: String?
    public var slices: [SliceRequest]?
    public var bins: [String: Binning]?
    public var fairness: [FairnessRequest]?
    public var fairnessThresholds: [Double]?
    public var costRatio: Double?
    public var weight: String?
    public var timestamp: String?
    public var threshold: Double?
    public var minSliceSize: Int?
    public var bootstrap: Int?
    public var seed: UInt64?
    public var confidence: Double?
    public var out: String?
    public var results: String?
    public var templates: String?
    public var quiet: Bool?

    // MARK: Run stamps and history (`--run-id`, `--model-version`, `--run-date`, `--history`)

    public var runID: String?
    public var modelVersion: String?
    /// ISO 8601 date or date-time, checked by `BuildSettings.resolve`.
    public var runDate: String?
    /// Earlier runs' results.json files, or folders of them.
    public var history: [String]?
    // Gates and CI outputs (issue 5).
    public var gates: [Gate]?
    public var junit: String?
    public var summary: String?
    // End of gates and CI outputs.

    public init() {}

    /// These options where set, else `base`'s. Lists are replaced, not appended: a `--slice`
    /// on the command line replaces the config file's slices.
    public func overriding(_ base: BuildOptions) -> BuildOptions {
        var merged = base
        merged.title = title ?? base.title
        merged.description = description ?? base.description
        merged.data = data ?? base.data
        merged.format = format ?? base.format
        merged.task = task ?? base.task
        merged.label = label ?? base.label
        merged.positiveLabel = positiveLabel ?? base.positiveLabel
        merged.scores = scores ?? base.scores
        merged.baseline = baseline ?? base.baseline
        merged.slices = slices ?? base.slices
        merged.bins = (base.bins ?? [:]).merging(bins ?? [:]) { _, new in new }
        merged.fairness = fairness ?? base.fairness
        merged.fairnessThresholds = fairnessThresholds ?? base.fairnessThresholds
        merged.costRatio = costRatio ?? base.costRatio
        merged.weight = weight ?? base.weight
        merged.timestamp = timestamp ?? base.timestamp
        merged.threshold = threshold ?? base.threshold
        merged.minSliceSize = minSliceSize ?? base.minSliceSize
        merged.bootstrap = bootstrap ?? base.bootstrap
        merged.seed = seed ?? base.seed
        merged.confidence = confidence ?? base.confidence
        merged.out = out ?? base.out
        merged.results = results ?? base.results
        merged.templates = templates ?? base.templates
        merged.quiet = quiet ?? base.quiet
        // Run stamps and history.
        merged.runID = runID ?? base.runID
        merged.modelVersion = modelVersion ?? base.modelVersion
        merged.runDate = runDate ?? base.runDate
        merged.history = history ?? base.history
        // Gates and CI outputs (issue 5): `--gate` replaces the config file's gates.
        merged.gates = gates ?? base.gates
        merged.junit = junit ?? base.junit
        merged.summary = summary ?? base.summary
        // End of gates and CI outputs.
        return merged
    }
}
