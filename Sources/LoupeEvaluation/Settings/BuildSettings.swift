import LoupeData
import LoupeMetrics
import LoupeResults

/// A complete, validated build configuration: every option with its default applied. The
/// command line makes one from flags and a config file; the evaluation reads nothing else.
public struct BuildSettings: Equatable, Sendable {
    public var title: String
    /// `nil` until the data is read when not given: a numeric label with more than two distinct
    /// values makes it a regression, anything else binary.
    public var task: ModelTask?
    public var description: String?
    public var dataPath: String
    public var format: DataFormat?
    public var label: String
    public var positiveLabel: String?
    public var scores: [ScoreSpec]
    public var baseline: String?
    public var slices: [SliceRequest]
    public var bins: [String: Binning]
    public var fairness: [FairnessRequest]
    /// Thresholds of the fairness analysis: the configured ones (default 0.1 … 0.9) plus the
    /// decision threshold, ascending.
    public var fairnessThresholds: [Double]
    public var costRatio: Double
    public var weight: String?
    public var timestamp: String?
    public var threshold: Double
    public var minSliceSize: Int
    public var bootstrap: Int
    public var seed: UInt64
    public var confidence: Double
    public var outFolder: String
    public var resultsPath: String?
    public var templatesFolder: String?
    public var quiet: Bool

    // MARK: Run stamps and history

    /// This run's stamp; `nil` when no `--run-id`, `--model-version` or `--run-date` was given.
    public var run: RunStamp? = nil
    /// Earlier runs' results.json files or folders (`--history`), as given.
    public var history: [String] = []
    // Gates and CI outputs (issue 5).
    public var gates: [Gate] = []
    public var junitPath: String?
    public var summaryPath: String?
    // End of gates and CI outputs.
    // Data validation and dataset comparison (issue 14).
    /// The reference data set the current one is compared with (`--reference`).
    public var referencePath: String?
    /// The data schema to validate against (`--schema`).
    public var schemaPath: String?
    /// The schema environment (`--environment`, e.g. `serving`); needs a schema.
    public var environment: String?
    // Monitoring (issue 15).
    /// How the rows are cut into windows (`--window`); `nil`: no monitoring.
    public var window: WindowSpec?
    /// The reference windows (`--reference-window`); `nil`: the default period.
    public var referenceWindows: ReferenceWindows?
    /// The drift detectors (`--detector`); `nil`: the default set for the task (with `--window`).
    public var detectors: [DetectorRequest]?

    /// A data-only build: no label and no scores, only statistics, drift and anomalies.
    public var isDataOnly: Bool { label.isEmpty && scores.isEmpty }

    /// How provenance names the data file when that differs from where it is read (the demo
    /// reads a scratch copy of the file it puts beside the site).
    public var provenanceDataPath: String?
    /// Other reports the overview links to.
    public var related: [ReportLink]?
    /// What provenance records of this configuration, filled in by whoever resolved it.
    public var recordedConfiguration = RecordedConfiguration()

    /// The fairness analysis's thresholds when none are given (the decision threshold is added).
    public static let fairnessGrid = FairnessOptions.defaultThresholds

    public static let defaultOutFolder = "site-output"

    /// Settings for `data` with every other option at its default.
    public init(dataPath: String, label: String, scores: [ScoreSpec]) {
        self.title = "Evaluation of \(scores.map(\.name).joined(separator: ", "))"
        self.dataPath = dataPath
        self.label = label
        self.scores = scores
        self.slices = []
        self.bins = [:]
        self.fairness = []
        // The grid holds the default decision threshold (0.5) already.
        self.fairnessThresholds = Self.fairnessGrid
        self.costRatio = 1
        self.threshold = 0.5
        self.minSliceSize = 30
        self.bootstrap = 200
        self.seed = 0
        self.confidence = 0.95
        self.outFolder = Self.defaultOutFolder
        self.quiet = false
    }

    /// The columns the build reads: nothing else in the file is converted.
    public var columnsUsed: [String] {
        var names = [label] + scores.flatMap(\.columns)
        if let weight { names.append(weight) }
        if let timestamp { names.append(timestamp) }
        for slice in slices { names += slice.columns }
        for request in fairness { names += request.columns }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// These settings with each prefix score's probability columns found in `header`: every
    /// column whose name starts with the prefix and goes on. A prefix that names no column is an
    /// input error.
    public func resolvingScoreColumns(in header: [String], file: String) throws -> BuildSettings {
        var resolved = self
        for (m, score) in scores.enumerated() where score.isPrefix {
            let columns = header.filter { $0.hasPrefix(score.column) && $0.count > score.column.count }
            guard !columns.isEmpty else {
                throw LoupeError.input(
                    "\(file): no column starts with '\(score.column)' for the probabilities of model '\(score.name)'")
            }
            resolved.scores[m].classColumns = columns
        }
        return resolved
    }
}
