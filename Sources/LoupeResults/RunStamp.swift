/// What identifies one evaluation run among others, so runs can be lined up over time
/// (`--run-id`, `--model-version`, `--run-date`, or the same keys in the config file).
public struct RunStamp: Codable, Sendable, Equatable {
    public let id: String?
    public let modelVersion: String?
    /// ISO 8601 date or date-time as given (Loupe never reads the clock).
    public let date: String?

    public init(id: String? = nil, modelVersion: String? = nil, date: String? = nil) {
        self.id = id
        self.modelVersion = modelVersion
        self.date = date
    }
}

/// An earlier run as the history charts need it: its stamp, where it was read from, and its
/// metrics overall and per slice (the rest of its results.json is not carried along).
public struct HistoryRun: Codable, Sendable, Equatable {
    public let run: RunStamp
    /// The results.json file it was read from, as given.
    public let source: String
    public let models: [String]
    public let overall: [String: MetricSet]
    public let slices: [SliceResult]
    /// Rows that run evaluated, when its file said.
    public let rowCount: Int?

    public init(
        run: RunStamp, source: String, models: [String], overall: [String: MetricSet], slices: [SliceResult],
        rowCount: Int? = nil
    ) {
        self.run = run
        self.source = source
        self.models = models
        self.overall = overall
        self.slices = slices
        self.rowCount = rowCount
    }
}
