import LoupeData
import LoupeEvaluation
import LoupeResults

extension BuildSettings {
    /// Validates `options` and applies the defaults (those of `BuildOptions.table`).
    static func resolve(_ options: BuildOptions) throws -> BuildSettings {
        guard let data = options.data else {
            throw LoupeError.usage("build: no data file; give --data FILE or a config file with \"data\"")
        }
        // With neither a label nor scores the build describes the data alone (issue 14).
        if options.label == nil, options.scores?.isEmpty ?? true { return try resolveDataOnly(options, data: data) }
        guard let label = options.label else {
            throw LoupeError.usage(
                "build: no label column; give --label COLUMN (or run 'loupe init \(data)' for a starter config)")
        }
        guard let scores = options.scores, !scores.isEmpty else {
            throw LoupeError.usage("build: no model scores; give --score [NAME=]COLUMN once per model")
        }
        var settings = BuildSettings(dataPath: data, label: label, scores: scores)
        BuildOptions.apply(options, to: &settings)
        var names = Set<String>()
        for score in scores where !names.insert(score.name).inserted {
            throw LoupeError.usage("--score: the model name '\(score.name)' is used twice")
        }
        if let baseline = options.baseline, !names.contains(baseline) {
            throw LoupeError.usage(
                "--baseline: '\(baseline)' is not one of the models (\(scores.map(\.name).joined(separator: ", ")))")
        }
        var task: ModelTask?
        if let name = options.task {
            guard let known = ModelTask(rawValue: name) else {
                let names = ModelTask.allCases.map(\.rawValue)
                throw LoupeError.usage(
                    "--task: expected \(names.dropLast().joined(separator: ", ")) or \(names.last ?? ""), got '\(name)'")
            }
            guard TaskEvaluators.supported.contains(known) else { throw TaskEvaluators.unsupported(known) }
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
            guard let named = DataFormat.named(name) else {
                throw LoupeError.usage("--format: expected \(DataFormat.nameList), got '\(name)'")
            }
            format = named
        } else if DataFormat.infer(fromPath: data) == nil {
            throw LoupeError.usage(
                "--data \(data): unknown file type; name it \(DataFormat.extensionList), or give --format")
        }
        if task != .regression, let threshold = options.threshold, !(0...1).contains(threshold) {
            throw LoupeError.usage(
                "--threshold: expected a number between 0 and 1 (a score at or above it is predicted positive), got \(Slicer.text(threshold))"
            )
        }
        guard settings.confidence > 0.5, settings.confidence < 1 else {
            throw LoupeError.usage(
                "--confidence: expected a level between 0.5 and 1 (e.g. 0.95), got \(settings.confidence)")
        }
        guard settings.bootstrap == 0 || settings.bootstrap >= 20, settings.bootstrap <= 100_000 else {
            throw LoupeError.usage(
                "--bootstrap: use 0 (no bootstrap intervals) or 20 to 100000 replicates, got \(settings.bootstrap)")
        }
        for request in options.fairness ?? [] {
            for column in request.columns where column == label || scores.contains(where: { $0.column == column }) {
                throw LoupeError.usage(
                    "--fairness \(request.flagText): '\(column)' is the label or a score column, not a sensitive attribute")
            }
        }
        let gridThresholds = options.fairnessThresholds ?? BuildSettings.fairnessGrid
        settings.fairnessThresholds = Array(Set(gridThresholds + [settings.threshold])).sorted()
        for slice in options.slices ?? [] {
            for part in slice.parts where part.column == label || scores.contains(where: { $0.column == part.column }) {
                throw LoupeError.usage(
                    "--slice \(slice.flagText): '\(part.column)' is the label or a score column, not a feature to slice by")
            }
        }
        settings.task = task
        settings.format = format
        try settings.resolveDataChecks(options)
        try settings.resolveRunStamp(options)
        try settings.resolveMonitoring(options)
        // Gates and CI outputs (issue 5).
        try settings.resolveGates(options)
        settings.recordedConfiguration = BuildOptions.recordedConfiguration(of: settings)
        return settings
    }

    /// Run stamps and history: the date must be ISO 8601; empty texts are errors, not stamps.
    mutating func resolveRunStamp(_ options: BuildOptions) throws {
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

}
extension BuildSettings {
    /// Takes the gates and CI output paths from `options`, checking each gate against the models,
    /// the baseline, the slicing specs, the fairness attributes and (when given) the task, so a
    /// gate that cannot apply is a usage error before any work is done.
    mutating func resolveGates(_ options: BuildOptions) throws {
        gates = options.gates ?? []
        junitPath = options.junit
        summaryPath = options.summary
        for gate in gates {
            if MonitoringGate.isMonitoringGate(gate), window == nil {
                throw LoupeError.usage("gate '\(gate.text)': a monitoring gate needs --window (the windows it judges)")
            }
            if DriftGate.isDriftGate(gate), referencePath == nil {
                throw LoupeError.usage("gate '\(gate.text)': a drift gate needs --reference FILE (the data to compare with)")
            }
            // A data-only build has drift and, with --window, its feature detectors' drifts.
            if isDataOnly, !DriftGate.isDriftGate(gate), !(MonitoringGate.isMonitoringGate(gate) && gate.metric == "drifts") {
                throw LoupeError.usage(
                    "gate '\(gate.text)': needs a model (give --label and --score); a data-only build takes drift gates, e.g. 'drift:psi <= 0.2 for income', and with --window 'drifts == 0'"
                )
            }
        }
        gates = try gates.map { gate in
            try GateParser.resolve(
                gate, models: scores.map(\.name), baseline: baseline, slices: slices, fairness: fairness, task: task)
        }
    }
}
