/// Continuous evaluation (results.json `monitoring`): the rows cut into windows of time (or of
/// rows), each model's metrics per window with intervals, control limits from the reference
/// period, the windows outside them (alarms), and each window's prediction and label
/// distributions and feature drift against the reference.
///
/// Present only when the build was given `--window`; see the README's "Monitoring".
public struct MonitoringResults: Codable, Sendable, Equatable {
    /// How the rows were cut: `day`, `week`, `month`, `quarter` (calendar windows of the
    /// timestamp in UTC; weeks start on Monday) or `rows` (`rowsPerWindow` consecutive rows in
    /// time order, in file order without a timestamp).
    public let window: String
    /// For `rows` windows: the rows per window (the last window may hold fewer).
    public let rowsPerWindow: Int?
    /// The `--timestamp` column the rows were ordered and windowed by (`nil`: file order).
    public let timestamp: String?
    /// The windows whose values set the control limits, and what feature drift is measured against.
    public let reference: MonitoringReference
    /// Every window from the first row's to the last row's, in order; a calendar window without
    /// rows is kept (count 0, no metrics) so charts show it as a gap.
    public var windows: [MonitoringWindow]
    /// Per model, per metric: the reference windows' mean ± 3σ (empty in a data-only build).
    public let controlLimits: [String: [String: ControlLimit]]
    /// Every window (outside the reference period) whose metric value lies outside its control
    /// limits, in window order, then model and metric order.
    public let alarms: [MonitoringAlarm]
    /// With `--slice`: how each window's worst slice was found (`MonitoringWindow.worstSlices`),
    /// and which specs were skipped because windows × slices exceeded the cap.
    public var windowSlices: WindowSlicing? = nil

    public init(
        window: String, rowsPerWindow: Int? = nil, timestamp: String?, reference: MonitoringReference,
        windows: [MonitoringWindow], controlLimits: [String: [String: ControlLimit]], alarms: [MonitoringAlarm]
    ) {
        self.window = window
        self.rowsPerWindow = rowsPerWindow
        self.timestamp = timestamp
        self.reference = reference
        self.windows = windows
        self.controlLimits = controlLimits
        self.alarms = alarms
    }
}

/// The reference period of a monitoring run.
public struct MonitoringReference: Codable, Sendable, Equatable {
    /// The first and last reference windows (0-based, inclusive): `--reference-window`, or the
    /// first windows by default.
    public let firstWindow: Int
    public let lastWindow: Int
    /// What each window's drift compares against: `windows` (the rows of the reference windows)
    /// or `reference file` (the rows of the `--reference` data, when given).
    public let driftAgainst: String
    /// With `driftAgainst` `reference file`: the `--reference` path.
    public var referenceFile: String? = nil

    public init(firstWindow: Int, lastWindow: Int, driftAgainst: String) {
        self.firstWindow = firstWindow
        self.lastWindow = lastWindow
        self.driftAgainst = driftAgainst
    }
}

/// One window of rows.
public struct MonitoringWindow: Codable, Sendable, Equatable {
    /// 0-based position among the windows.
    public let index: Int
    /// A short name for axes and tables: `2024-03-04` (day, or the Monday of a week),
    /// `2024-03`, `2024-Q1`, or `rows 1000–1999` (1-based, inclusive).
    public let label: String
    /// Calendar windows: the first instant inside and the first instant after, ISO 8601 in UTC
    /// (`2024-03-04T00:00:00Z`). `nil` for row windows.
    public let start: String?
    public let end: String?
    /// Row windows, and calendar windows with rows: the 0-based positions in time order of the
    /// first and last rows. `nil` for an empty window.
    public let firstRow: Int?
    public let lastRow: Int?
    /// Rows evaluated in the window (0 for a gap), and their total weight under `--weight`.
    public let count: Int
    public let weightedCount: Double?
    /// Whether the window belongs to the reference period.
    public let reference: Bool
    /// Per model, the task's registry metrics on the window's rows, with intervals; empty for a
    /// gap and for a window with fewer rows than the minimum slice size (`tooSmall`).
    public let metrics: [String: MetricSet]
    public let tooSmall: Bool
    /// The label's distribution in the window (prior shift); `nil` in a data-only build.
    public let labelDistribution: DistributionSummary?
    /// Per model: its predictions' distribution in the window.
    public let predictions: [String: DistributionSummary]
    /// Each feature's, the label's and each prediction's drift from the reference to this window.
    public let drift: [WindowDrift]
    /// With `--slice`, per model: the slice (of every spec evaluated per window) with the worst
    /// value of the task's rank metric among the window's slices with at least the minimum slice
    /// size of rows; absent when no slice of the window is large enough.
    public var worstSlices: [String: WindowSlice]? = nil

    public init(
        index: Int, label: String, start: String?, end: String?, firstRow: Int?, lastRow: Int?, count: Int,
        weightedCount: Double? = nil, reference: Bool, metrics: [String: MetricSet], tooSmall: Bool,
        labelDistribution: DistributionSummary?, predictions: [String: DistributionSummary], drift: [WindowDrift]
    ) {
        self.index = index
        self.label = label
        self.start = start
        self.end = end
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.count = count
        self.weightedCount = weightedCount
        self.reference = reference
        self.metrics = metrics
        self.tooSmall = tooSmall
        self.labelDistribution = labelDistribution
        self.predictions = predictions
        self.drift = drift
    }
}

/// The worst slice of one window for one model.
public struct WindowSlice: Codable, Sendable, Equatable {
    /// The slicing spec's columns and the slice's key (as in `slices`).
    public let spec: [String]
    public let key: [String: String]
    /// Rows of the window in the slice.
    public let count: Int
    /// The rank metric's estimate (with its interval when computed).
    public let value: Metric

    public init(spec: [String], key: [String: String], count: Int, value: Metric) {
        self.spec = spec
        self.key = key
        self.count = count
        self.value = value
    }
}

/// How the windows were crossed with the slicing specs.
public struct WindowSlicing: Codable, Sendable, Equatable {
    /// The metric the worst slice is chosen by: the task's rank metric.
    public let metric: String
    /// The specs crossed with the windows (by their columns).
    public let specs: [[String]]
    /// Specs not crossed: windows × the spec's slices would exceed `maximumGroups`.
    public let skipped: [[String]]
    /// The cap on windows × slices per spec.
    public let maximumGroups: Int

    public init(metric: String, specs: [[String]], skipped: [[String]], maximumGroups: Int) {
        self.metric = metric
        self.specs = specs
        self.skipped = skipped
        self.maximumGroups = maximumGroups
    }
}

/// The distribution of a label or a prediction within one window: what a chart of prior or
/// prediction shift plots.
public struct DistributionSummary: Codable, Sendable, Equatable {
    /// Non-missing values in the window.
    public let count: Int
    /// Regression labels and predictions, and binary scores: the mean value.
    public let mean: Double?
    /// Binary: the share of positive labels, or of scores at or above the threshold.
    public let positiveRate: Double?
    /// Multiclass: the share of each class (labels, or argmax predictions).
    public let classShares: [String: Double]?

    public init(count: Int, mean: Double? = nil, positiveRate: Double? = nil, classShares: [String: Double]? = nil) {
        self.count = count
        self.mean = mean
        self.positiveRate = positiveRate
        self.classShares = classShares
    }
}

/// One column's drift from the reference to one window (the distances of `drift`, without the
/// bins): a cell of the feature × window heat map.
public struct WindowDrift: Codable, Sendable, Equatable {
    public let column: String
    /// `feature`, `label` or `prediction`.
    public let role: String
    /// `categorical` for a categorical column (no KS), absent for a numeric one.
    public var kind: String? = nil
    /// The model, for a `prediction`.
    public let model: String?
    public let psi: Double?
    public let jsDistance: Double?
    public let hellinger: Double?
    /// Numeric only: the two-sample Kolmogorov–Smirnov statistic D.
    public let ks: Double?
    /// `drifted`, `stable` or `undefined` (an empty window or reference), by the same rule as `drift`.
    public let status: String

    public init(
        column: String, role: String, model: String?, psi: Double?, jsDistance: Double?, hellinger: Double?,
        ks: Double?, status: String
    ) {
        self.column = column
        self.role = role
        self.model = model
        self.psi = psi
        self.jsDistance = jsDistance
        self.hellinger = hellinger
        self.ks = ks
        self.status = status
    }
}

/// The control limits of one model's metric over the reference windows that have a value: the
/// mean, and mean ± 3σ with σ the larger of the values' population standard deviation (`spread`)
/// and the windows' median standard error from their intervals (`standardError`).
public struct ControlLimit: Codable, Sendable, Equatable {
    public let center: Double
    public let sigma: Double
    public let lower: Double
    public let upper: Double
    /// Reference windows with a defined value.
    public let windows: Int
    public let higherIsBetter: Bool
    /// The population standard deviation of the reference windows' values.
    public let spread: Double?
    /// The median standard error of the reference windows' values; `nil` without intervals.
    public let standardError: Double?

    public init(
        center: Double, sigma: Double, lower: Double, upper: Double, windows: Int, higherIsBetter: Bool,
        spread: Double? = nil, standardError: Double? = nil
    ) {
        self.center = center
        self.sigma = sigma
        self.lower = lower
        self.upper = upper
        self.windows = windows
        self.higherIsBetter = higherIsBetter
        self.spread = spread
        self.standardError = standardError
    }
}

/// A window whose metric value is outside its control limits.
public struct MonitoringAlarm: Codable, Sendable, Equatable {
    public let window: Int
    public let model: String
    public let metric: String
    public let value: Double
    /// `below` the lower limit or `above` the upper one.
    public let side: String
    /// Whether the move is in the metric's worse direction (below for a higher-is-better metric);
    /// false for a metric without a direction (`count`, `mean_prediction`).
    public let worse: Bool

    public init(window: Int, model: String, metric: String, value: Double, side: String, worse: Bool) {
        self.window = window
        self.model = model
        self.metric = metric
        self.value = value
        self.side = side
        self.worse = worse
    }
}
