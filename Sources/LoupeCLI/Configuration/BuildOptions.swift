import LoupeEvaluation

/// The options of `loupe build` as given, before defaults: every field is optional so that
/// command-line flags can override a config file field by field (`flags.overriding(file)`).
/// Each field is declared as an option in `BuildOptions.table`.
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
    /// The model card (`--card FILE`, or `card` in the config: a path or the card itself).
    public var card: CardInput?
    // Data validation and dataset comparison (issue 14).
    public var reference: String?
    public var schema: String?
    public var environment: String?
    // Monitoring (issue 15).
    public var window: WindowSpec?
    public var referenceWindow: ReferenceWindows?
    public var detectors: [DetectorRequest]?

    public init() {}
}
