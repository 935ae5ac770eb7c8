/// Everything one evaluation produced: the contract's `results.json` (schema `loupe.results/v1`).
///
/// This value is the seam between computing and rendering: `loupe build` computes it from data,
/// `loupe render` decodes it from a file, and the site is drawn from it alone. Fields beyond the
/// contract's (curves, provenance, interval methods) are additions, never renames.
///
/// Its parts (metrics, slices, comparisons, curves, provenance, …) are immutable values; this
/// composite keeps `var` fields because it is assembled from them, its gates are judged on the
/// otherwise finished value, and `loupe render --history` replaces the runs it carries.
public struct Results: Codable, Sendable, Equatable {
    public var schema: String
    public var title: String
    public var description: String?
    public var task: ModelTask
    public var label: String
    public var positiveLabel: String?
    public var threshold: Double
    /// Rows evaluated, after excluding rows with a missing label or score.
    public var rowCount: Int
    public var models: [String]
    public var baseline: String?
    /// The metric slices are ranked by (e.g. `roc_auc`), and whether higher is better for it.
    public var rankMetric: String
    /// Slices with fewer rows than this are listed without metrics (`tooSmall`).
    public var minSliceSize: Int?
    public var overall: [String: MetricSet]
    public var slices: [SliceResult]
    public var sliceSpecs: [SliceSpec]
    public var fairness: [FairnessResult]
    /// Regression only: each model's residual analysis (empty for other tasks).
    public var residuals: [String: ResidualAnalysis]
    /// Multiclass only: each model's per-class results (`nil`, and left out of results.json,
    /// for other tasks).
    public var multiclass: [String: MulticlassAnalysis]?
    public var comparisons: [ComparisonResult]
    /// Judged on the otherwise finished results, so set last.
    public var gates: [GateResult]
    public var curves: [String: ModelCurves]
    public var intervals: IntervalSettings
    public var provenance: Provenance
    public var columns: [ColumnSummary]
    public var warnings: [String]
    /// Other reports to link from this one's overview (e.g. the demo's two examples).
    public var related: [ReportLink]?
    /// This run's identity among others (`--run-id`, `--model-version`, `--run-date`).
    public var run: RunStamp?
    /// Earlier runs read with `--history`, oldest first.
    public var history: [HistoryRun]?
    /// Statistics of the current data and the reference, per column (`nil` unless the build
    /// described its data: a data-only build, `--reference` or `--schema`).
    public var data: DataResults?
    /// Reference → current distances per shared column, the label and each model's prediction
    /// (`nil` without `--reference`).
    public var drift: [ColumnDrift]?
    /// The current data's departures from `--schema` (`nil` without a schema).
    public var anomalies: [DataAnomaly]?
    /// Metrics, distributions and drift per window of time or rows (`nil` without `--window`).
    public var monitoring: MonitoringResults?
    /// The streaming drift detectors' runs (`nil` when none ran: no `--window` or `--detector`).
    public var detectors: [DetectorResult]?

    /// Whether this is a data-only report: no model was evaluated (`models` is empty, `label`
    /// may be empty and `task` is a placeholder), only `data`, `drift` and `anomalies`.
    public var isDataOnly: Bool { models.isEmpty }

    public static let schemaIdentifier = "loupe.results/v1"

    public init(
        title: String, description: String? = nil, task: ModelTask, label: String,
        positiveLabel: String? = nil, threshold: Double, rowCount: Int, models: [String],
        baseline: String?, rankMetric: String, minSliceSize: Int? = nil, overall: [String: MetricSet],
        slices: [SliceResult], sliceSpecs: [SliceSpec], fairness: [FairnessResult] = [],
        residuals: [String: ResidualAnalysis] = [:], multiclass: [String: MulticlassAnalysis]? = nil,
        comparisons: [ComparisonResult] = [], gates: [GateResult] = [],
        curves: [String: ModelCurves], intervals: IntervalSettings, provenance: Provenance,
        columns: [ColumnSummary], warnings: [String], related: [ReportLink]? = nil, run: RunStamp? = nil,
        history: [HistoryRun]? = nil, data: DataResults? = nil, drift: [ColumnDrift]? = nil,
        anomalies: [DataAnomaly]? = nil, monitoring: MonitoringResults? = nil, detectors: [DetectorResult]? = nil
    ) {
        self.schema = Results.schemaIdentifier
        self.title = title
        self.description = description
        self.task = task
        self.label = label
        self.positiveLabel = positiveLabel
        self.threshold = threshold
        self.rowCount = rowCount
        self.models = models
        self.baseline = baseline
        self.rankMetric = rankMetric
        self.minSliceSize = minSliceSize
        self.overall = overall
        self.slices = slices
        self.sliceSpecs = sliceSpecs
        self.fairness = fairness
        self.residuals = residuals
        self.multiclass = multiclass
        self.comparisons = comparisons
        self.gates = gates
        self.curves = curves
        self.intervals = intervals
        self.provenance = provenance
        self.columns = columns
        self.warnings = warnings
        self.related = related
        self.run = run
        self.history = history
        self.data = data
        self.drift = drift
        self.anomalies = anomalies
        self.monitoring = monitoring
        self.detectors = detectors
    }
}

extension Results {
    private enum CodingKeys: String, CodingKey {
        case schema, title, description, task, label, positiveLabel, threshold, rowCount, models, baseline
        case rankMetric, minSliceSize, overall, slices, sliceSpecs, fairness, residuals, multiclass, comparisons, gates
        case curves, intervals, provenance, columns, warnings, related, run, history, data, drift, anomalies
        case monitoring, detectors
    }

    /// The contract's fields are required (`schema`, `title`, `task`, `label`, `rowCount`,
    /// `models`, `overall`, `slices`); everything else may be missing, as in results written by
    /// other tools: lists and maps default to empty, `threshold` to 0.5, `rankMetric` to the
    /// task's (`MetricRegistry.rankMetric`), `intervals` to 95% without a bootstrap, and `provenance` to
    /// `Provenance.unknown`, so `loupe render` draws what the file has and leaves out the rest.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        title = try c.decode(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        task = try c.decode(ModelTask.self, forKey: .task)
        label = try c.decode(String.self, forKey: .label)
        positiveLabel = try c.decodeIfPresent(String.self, forKey: .positiveLabel)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 0.5
        rowCount = try c.decode(Int.self, forKey: .rowCount)
        models = try c.decode([String].self, forKey: .models)
        baseline = try c.decodeIfPresent(String.self, forKey: .baseline)
        rankMetric = try c.decodeIfPresent(String.self, forKey: .rankMetric) ?? MetricRegistry.rankMetric(for: task)
        minSliceSize = try c.decodeIfPresent(Int.self, forKey: .minSliceSize)
        overall = try c.decode([String: MetricSet].self, forKey: .overall)
        slices = try c.decode([SliceResult].self, forKey: .slices)
        sliceSpecs = try c.decodeIfPresent([SliceSpec].self, forKey: .sliceSpecs) ?? []
        fairness = try c.decodeIfPresent([FairnessResult].self, forKey: .fairness) ?? []
        residuals = try c.decodeIfPresent([String: ResidualAnalysis].self, forKey: .residuals) ?? [:]
        multiclass = try c.decodeIfPresent([String: MulticlassAnalysis].self, forKey: .multiclass)
        comparisons = try c.decodeIfPresent([ComparisonResult].self, forKey: .comparisons) ?? []
        gates = try c.decodeIfPresent([GateResult].self, forKey: .gates) ?? []
        curves = try c.decodeIfPresent([String: ModelCurves].self, forKey: .curves) ?? [:]
        intervals =
            try c.decodeIfPresent(IntervalSettings.self, forKey: .intervals)
            ?? IntervalSettings(confidence: 0.95, bootstrapReplicates: 0, seed: 0, methods: [:])
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance) ?? .unknown
        columns = try c.decodeIfPresent([ColumnSummary].self, forKey: .columns) ?? []
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
        related = try c.decodeIfPresent([ReportLink].self, forKey: .related)
        run = try c.decodeIfPresent(RunStamp.self, forKey: .run)
        history = try c.decodeIfPresent([HistoryRun].self, forKey: .history)
        data = try c.decodeIfPresent(DataResults.self, forKey: .data)
        drift = try c.decodeIfPresent([ColumnDrift].self, forKey: .drift)
        anomalies = try c.decodeIfPresent([DataAnomaly].self, forKey: .anomalies)
        monitoring = try c.decodeIfPresent(MonitoringResults.self, forKey: .monitoring)
        detectors = try c.decodeIfPresent([DetectorResult].self, forKey: .detectors)
    }

}

/// A link to another report: its title and where it is relative to this site's folder.
public struct ReportLink: Codable, Sendable, Equatable {
    public var title: String
    public var href: String

    public init(title: String, href: String) {
        self.title = title
        self.href = href
    }
}
