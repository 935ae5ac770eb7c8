import LoupeData
import LoupeResults

/// A complete, validated build configuration: `BuildOptions` with defaults applied.
struct BuildSettings: Equatable {
    /// The kinds of model Loupe evaluates.
    enum Task: String, Equatable {
        case binary, regression
    }

    var title: String
    /// `nil` until the data is read when not given: a numeric label with more than two distinct
    /// values makes it a regression, anything else binary.
    var task: Task?
    var description: String?
    var dataPath: String
    var format: DataFormat?
    var label: String
    var positiveLabel: String?
    var scores: [ScoreSpec]
    var baseline: String?
    var slices: [SliceRequest]
    var bins: [String: Binning]
    var fairness: [FairnessRequest]
    /// Thresholds of the fairness analysis: the configured ones (default 0.1 … 0.9) plus the
    /// decision threshold, ascending.
    var fairnessThresholds: [Double]
    var costRatio: Double
    var weight: String?
    var timestamp: String?
    var threshold: Double
    var minSliceSize: Int
    var bootstrap: Int
    var seed: UInt64
    var confidence: Double
    var outFolder: String
    var resultsPath: String?
    var templatesFolder: String?
    var quiet: Bool

    // MARK: Run stamps and history

    /// This run's stamp; `nil` when no `--run-id`, `--model-version` or `--run-date` was given.
    var run: RunStamp? = nil
    /// Earlier runs' results.json files or folders (`--history`), as given.
    var history: [String] = []
    // Gates and CI outputs (issue 5).
    var gates: [Gate] = []
    var junitPath: String?
    var summaryPath: String?
    // End of gates and CI outputs.

    static let defaultOutFolder = "site-output"

    static func resolve(_ options: BuildOptions) throws -> BuildSettings {
        guard let data = options.data else {
            throw LoupeError.usage("build: no data file; give --data FILE or a config file with \"data\"")
        }
        guard let label = options.label else {
            throw LoupeError.usage(
                "build: no label column; give --label COLUMN (or run 'loupe init \(data)' for a starter config)")
        }
        guard let scores = options.scores, !scores.isEmpty else {
            throw LoupeError.usage("build: no model scores; give --score [NAME=]COLUMN once per model")
        }
        var names = Set<String>()
        for score in scores where !names.insert(score.name).inserted {
            throw LoupeError.usage("--score: the model name '\(score.name)' is used twice")
        }
        if let baseline = options.baseline, !names.contains(baseline) {
            throw LoupeError.usage(
                "--baseline: '\(baseline)' is not one of the models (\(scores.map(\.name).joined(separator: ", ")))")
        }
        var task: Task?
        if let name = options.task {
            guard let known = Task(rawValue: name) else {
                if name == "multiclass" {
                    throw LoupeError.usage(
                        "--task multiclass: this version of loupe evaluates binary classifiers and regression models")
                }
                throw LoupeError.usage("--task: expected binary, multiclass or regression, got '\(name)'")
            }
            task = known
        }
        if task == .regression, let request = options.fairness?.first {
            throw LoupeError.usage(
                "--fairness \(request.flagText): the fairness analysis needs a binary task (rates at thresholds), not a regression"
            )
        }
        if task == .regression, options.positiveLabel != nil {
            throw LoupeError.usage("--positive-label: a regression label has no positive class")
        }
        var format: DataFormat?
        if let name = options.format {
            switch name.lowercased() {
            case "csv": format = .csv
            case "tsv": format = .tsv
            case "jsonl", "ndjson", "jsonlines": format = .jsonLines
            default: throw LoupeError.usage("--format: expected csv, tsv or jsonl, got '\(name)'")
            }
        } else if DataFormat.infer(fromPath: data) == nil {
            throw LoupeError.usage("--data \(data): unknown file type; name it .csv, .tsv, .jsonl or .ndjson, or give --format")
        }
        let threshold = options.threshold ?? 0.5
        let confidence = options.confidence ?? 0.95
        guard confidence > 0.5, confidence < 1 else {
            throw LoupeError.usage("--confidence: expected a level between 0.5 and 1 (e.g. 0.95), got \(confidence)")
        }
        let bootstrap = options.bootstrap ?? 200
        guard bootstrap == 0 || bootstrap >= 20, bootstrap <= 100_000 else {
            throw LoupeError.usage("--bootstrap: use 0 (no bootstrap intervals) or 20 to 100000 replicates, got \(bootstrap)")
        }
        for request in options.fairness ?? [] {
            for column in request.columns where column == label || scores.contains(where: { $0.column == column }) {
                throw LoupeError.usage(
                    "--fairness \(request.flagText): '\(column)' is the label or a score column, not a sensitive attribute")
            }
        }
        let gridThresholds = options.fairnessThresholds ?? (1...9).map { Double($0) / 10 }
        let fairnessThresholds = Array(Set(gridThresholds + [threshold])).sorted()
        for slice in options.slices ?? [] {
            for part in slice.parts where part.column == label || scores.contains(where: { $0.column == part.column }) {
                throw LoupeError.usage(
                    "--slice \(slice.flagText): '\(part.column)' is the label or a score column, not a feature to slice by")
            }
        }
        var settings = BuildSettings(
            title: options.title ?? "Evaluation of \(scores.map(\.name).joined(separator: ", "))",
            task: task,
            description: options.description,
            dataPath: data,
            format: format,
            label: label,
            positiveLabel: options.positiveLabel,
            scores: scores,
            baseline: options.baseline,
            slices: options.slices ?? [],
            bins: options.bins ?? [:],
            fairness: options.fairness ?? [],
            fairnessThresholds: fairnessThresholds,
            costRatio: options.costRatio ?? 1,
            weight: options.weight,
            timestamp: options.timestamp,
            threshold: threshold,
            minSliceSize: options.minSliceSize ?? 30,
            bootstrap: bootstrap,
            seed: options.seed ?? 0,
            confidence: confidence,
            outFolder: options.out ?? defaultOutFolder,
            resultsPath: options.results,
            templatesFolder: options.templates,
            quiet: options.quiet ?? false
        )
        try settings.resolveRunStamp(options)
        // Gates and CI outputs (issue 5).
        try settings.resolveGates(options)
        return settings
    }

    /// Run stamps and history: the date must be ISO 8601; empty texts are errors, not stamps.
    private mutating func resolveRunStamp(_ options: BuildOptions) throws {
        for (flag, value) in [("--run-id", options.runID), ("--model-version", options.modelVersion)] where value?.isEmpty == true
        {
            throw LoupeError.usage("\(flag): give a non-empty value")
        }
        if let date = options.runDate { try RunDate.validate(date) }
        if options.runID != nil || options.modelVersion != nil || options.runDate != nil {
            run = RunStamp(id: options.runID, modelVersion: options.modelVersion, date: options.runDate)
        }
        history = options.history ?? []
        for path in history where path.isEmpty { throw LoupeError.usage("--history: give a results file or folder") }
    }

    /// The columns the build reads: nothing else in the file is converted.
    var columnsUsed: [String] {
        var names = [label] + scores.map(\.column)
        if let weight { names.append(weight) }
        if let timestamp { names.append(timestamp) }
        for slice in slices { names += slice.columns }
        for request in fairness { names += request.columns }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// The effective configuration as `loupe build` arguments, for provenance:
    /// `["--data", "eval.csv", "--label", "y", ...]`.
    var flags: [String] {
        var out = ["--data", dataPath, "--task", (task ?? .binary).rawValue, "--label", label]
        if let positiveLabel { out += ["--positive-label", positiveLabel] }
        for score in scores { out += ["--score", "\(score.name)=\(score.column)"] }
        if let baseline { out += ["--baseline", baseline] }
        for slice in slices { out += ["--slice", slice.flagText] }
        for (column, binning) in bins.sorted(by: { $0.key < $1.key }) {
            switch binning {
            case .quantiles(let n): out += ["--bins", "\(column)=\(n)"]
            case .edges(let edges): out += ["--bins", "\(column)=\(edges.map(Slicer.text).joined(separator: ","))"]
            }
        }
        for request in fairness { out += ["--fairness", request.flagText] }
        if !fairness.isEmpty {
            out += ["--fairness-thresholds", fairnessThresholds.map(Slicer.text).joined(separator: ",")]
            out += ["--cost-ratio", Slicer.text(costRatio)]
        }
        if let weight { out += ["--weight", weight] }
        if let timestamp { out += ["--timestamp", timestamp] }
        if task != .regression { out += ["--threshold", Slicer.text(threshold)] }
        out += ["--min-slice-size", String(minSliceSize)]
        out += ["--bootstrap", String(bootstrap), "--seed", String(seed), "--confidence", Slicer.text(confidence)]
        // Run stamps and history.
        if let id = run?.id { out += ["--run-id", id] }
        if let version = run?.modelVersion { out += ["--model-version", version] }
        if let date = run?.date { out += ["--run-date", date] }
        for path in history { out += ["--history", path] }
        // Gates and CI outputs (issue 5).
        for gate in gates { out += ["--gate", gate.text] }
        return out
    }
}

// MARK: - Gates and CI outputs (issue 5)

extension BuildSettings {
    /// Takes the gates and CI output paths from `options`, checking each gate against the models,
    /// the baseline, the slicing specs and (when given) the task, so a gate that cannot apply is
    /// a usage error before any work is done.
    mutating func resolveGates(_ options: BuildOptions) throws {
        gates = options.gates ?? []
        junitPath = options.junit
        summaryPath = options.summary
        for gate in gates {
            try GateParser.validate(gate, models: scores.map(\.name), baseline: baseline, slices: slices, task: task)
        }
    }
}
