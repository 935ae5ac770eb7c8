import LoupeData
import LoupeEvaluation
import LoupeMetrics

extension BuildOptions {
    /// Every option of `loupe build`, declared once. Flag parsing (`BuildFlags`), config
    /// decoding (`ConfigFile`), flag-over-file merging (`overriding`), the help page and the
    /// provenance flags are all derived from it.
    ///
    /// The order is the order of results.json's `provenance.configuration` (which must not
    /// change) and of the config keys; the help page lists each section's flags in this order.
    static var table: [Option<BuildOptions>] {
        // The evaluation's own defaults: an option not given keeps them, and help quotes them.
        let defaults = BuildSettings(dataPath: "", label: "", scores: [])
        return [
            .value(
                "--title", "TEXT", key: "title", \.title, .text, apply: { $1.title = $0.title ?? $1.title },
                help: OptionHelp(section: .output, lines: [], head: "--title TEXT, --description TEXT")),
            // On the help line of `--title`.
            .value(
                "--description", "TEXT", key: "description", \.description, .text,
                apply: { $1.description = $0.description }),
            .value(
                "--data", "FILE", key: "data", \.data, .path,
                help: OptionHelp(section: .data, lines: ["\(DataFormat.extensionList) (header row required)"]),
                record: { _ in [.init("--data", .dataFile)] }),
            .value(
                "--format", DataFormat.all.map(\.name).joined(separator: "|"), key: "format", \.format, .text,
                help: OptionHelp(section: .data, lines: ["override the format the extension implies"])),
            .value(
                "--task", TaskEvaluators.supported.map(\.rawValue).joined(separator: "|"), key: "task", \.task, .text,
                help: OptionHelp(
                    section: .data,
                    lines: [
                        "the task (inferred when omitted: a numeric label with more",
                        "than two values is a regression)",
                    ]),
                record: { _ in [.init("--task", .task)] }),
            .value(
                "--label", "COL", key: "label", \.label, .text,
                help: OptionHelp(
                    section: .data,
                    lines: ["the ground truth: 0/1, true/false, yes/no or two values", "(a number for a regression)"]),
                record: { [.init("--label", $0.label)] }),
            .value(
                "--positive-label", "VALUE", key: "positiveLabel", \.positiveLabel,
                OptionValue(
                    fromFlag: { text, _ in text }, fromConfig: { try ConfigFile.scalarText($0.json, file: $0.file, key: $0.key) }),
                apply: { $1.positiveLabel = $0.positiveLabel },
                help: OptionHelp(section: .data, lines: ["which label value is the positive class"]),
                record: { settings in settings.positiveLabel.map { [.init("--positive-label", $0)] } ?? [] }),
            .list(
                "--score", "[NAME=]COL", key: "scores", \.scores, element: { text, _ in try ScoreSpec.parse(text) },
                config: { try ConfigFile.scores($0.json, file: $0.file) },
                help: OptionHelp(
                    section: .data,
                    lines: [
                        "a model's probability of the positive class (a regression:",
                        "its prediction); repeat per model",
                    ]),
                record: { settings in settings.scores.map { .init("--score", "\($0.name)=\($0.column)\($0.isPrefix ? "*" : "")") }
                }),
            .value(
                "--baseline", "NAME", key: "baseline", \.baseline, .text, apply: { $1.baseline = $0.baseline },
                help: OptionHelp(section: .data, lines: ["the model the others are compared against"]),
                record: { settings in settings.baseline.map { [.init("--baseline", $0)] } ?? [] }),
            .list(
                "--slice", "COL[,COL...]", key: "slices", \.slices, element: { text, _ in try SliceRequest.parse(text) },
                config: { try ConfigFile.slices($0.json, file: $0.file) }, apply: { $1.slices = $0.slices ?? [] },
                help: OptionHelp(
                    section: .slicing,
                    lines: [
                        "a slicing spec: one column or a cross; COL=VALUE keeps one value",
                        "(e.g. --slice region=West,sex); repeatable",
                    ]),
                record: { settings in settings.slices.map { .init("--slice", $0.flagText) } }),
            bins,
            .list(
                "--fairness", "COL[=REF]", key: "fairness", \.fairness, element: { text, _ in try FairnessRequest.parse(text) },
                config: { try ConfigFile.fairness($0.json, file: $0.file) }, apply: { $1.fairness = $0.fairness ?? [] },
                help: OptionHelp(
                    section: .fairness,
                    lines: [
                        "a sensitive attribute (numeric ones are binned); REF names the",
                        "reference group (default: the largest); COL1,COL2 analyses the",
                        "intersection of two attributes; repeatable",
                    ]),
                record: { settings in settings.fairness.map { .init("--fairness", $0.flagText) } }),
            .value(
                "--fairness-thresholds", "X,Y,...", key: "fairnessThresholds", \.fairnessThresholds,
                OptionValue(
                    fromFlag: { text, flag in try BuildFlags.thresholdList(text, flag: flag) },
                    fromConfig: { try ConfigFile.thresholds($0.json, file: $0.file, key: $0.key) }),
                help: OptionHelp(
                    section: .fairness,
                    lines: ["thresholds for per-group rates (default 0.1,...,0.9; the", "decision threshold is always added)"]),
                record: { settings in
                    guard !settings.fairness.isEmpty else { return [] }
                    return [.init("--fairness-thresholds", settings.fairnessThresholds.map(Slicer.text).joined(separator: ","))]
                }),
            .value(
                "--cost-ratio", "X", key: "costRatio", \.costRatio,
                OptionValue(
                    fromFlag: { text, flag in
                        let ratio = try ArgumentScanner.number(text, flag: flag)
                        guard ratio > 0 else { throw LoupeError.usage("--cost-ratio: must be positive, got \(ratio)") }
                        return ratio
                    },
                    fromConfig: { value in
                        let ratio = try value.number()
                        guard ratio > 0 else { throw value.failure("'costRatio' must be positive") }
                        return ratio
                    }),
                apply: { $1.costRatio = $0.costRatio ?? $1.costRatio },
                help: OptionHelp(
                    section: .fairness,
                    lines: [
                        "cost of a false positive relative to a false negative in the",
                        "threshold analysis (default \(Slicer.text(defaults.costRatio)))",
                    ]),
                record: { settings in settings.fairness.isEmpty ? [] : [.init("--cost-ratio", Slicer.text(settings.costRatio))] }),
            .value(
                "--weight", "COL", key: "weight", \.weight, .text, apply: { $1.weight = $0.weight },
                help: OptionHelp(section: .data, lines: ["example weights (zero or positive)"]),
                record: { settings in settings.weight.map { [.init("--weight", $0)] } ?? [] }),
            .value(
                "--timestamp", "COL", key: "timestamp", \.timestamp, .text, apply: { $1.timestamp = $0.timestamp },
                help: OptionHelp(section: .data, lines: ["event time (ISO 8601 dates or times)"]),
                record: { settings in settings.timestamp.map { [.init("--timestamp", $0)] } ?? [] }),
            .value(
                "--threshold", "X", key: "threshold", \.threshold, .number,
                apply: { $1.threshold = $0.threshold ?? $1.threshold },
                help: OptionHelp(
                    section: .metrics, lines: ["predicted positive iff score >= X (default \(Slicer.text(defaults.threshold)))"]),
                record: { [.init("--threshold", Slicer.text($0.threshold), binaryOnly: true)] }),
            .value(
                "--min-slice-size", "N", key: "minSliceSize", \.minSliceSize, .integer(atLeast: 1),
                apply: { $1.minSliceSize = $0.minSliceSize ?? $1.minSliceSize },
                help: OptionHelp(
                    section: .slicing,
                    lines: ["slices with fewer rows are listed without metrics (default \(defaults.minSliceSize))"]),
                record: { [.init("--min-slice-size", String($0.minSliceSize))] }),
            .value(
                "--bootstrap", "N", key: "bootstrap", \.bootstrap, .integer(atLeast: 0),
                apply: { $1.bootstrap = $0.bootstrap ?? $1.bootstrap },
                help: OptionHelp(
                    section: .metrics,
                    lines: [
                        "bootstrap replicates for F1, MCC, average precision, ECE,",
                        "balanced accuracy (default \(defaults.bootstrap); 0 turns them off)",
                    ]),
                record: { [.init("--bootstrap", String($0.bootstrap))] }),
            .value(
                "--seed", "N", key: "seed", \.seed, OptionValue.integer(atLeast: 0).map { UInt64($0) },
                apply: { $1.seed = $0.seed ?? $1.seed },
                help: OptionHelp(section: .metrics, lines: ["seed of the bootstrap (default \(defaults.seed))"]),
                record: { [.init("--seed", String($0.seed))] }),
            .value(
                "--confidence", "X", key: "confidence", \.confidence, .number,
                apply: { $1.confidence = $0.confidence ?? $1.confidence },
                help: OptionHelp(section: .metrics, lines: ["interval level (default \(Slicer.text(defaults.confidence)))"]),
                record: { [.init("--confidence", Slicer.text($0.confidence))] }),
            .value(
                "--out", "DIR", key: "out", \.out, .path, apply: { $1.outFolder = $0.out ?? $1.outFolder },
                help: OptionHelp(section: .output, lines: ["the site folder (default \(defaults.outFolder))"])),
            .value(
                "--results", "FILE", key: "results", \.results, .path, apply: { $1.resultsPath = $0.results },
                help: OptionHelp(section: .output, lines: ["also write results.json here"])),
            .value(
                "--templates", "DIR", key: "templates", \.templates, .path, apply: { $1.templatesFolder = $0.templates },
                help: OptionHelp(section: .output, lines: ["use templates from DIR, file by file, over the built-in ones"])),
            .toggle(
                "--quiet", \.quiet, apply: { $1.quiet = $0.quiet ?? false },
                help: OptionHelp(section: .output, lines: ["print nothing but errors"]), rejectsValue: true),
            // Run stamps and history: the config file's `run` object holds the three stamps.
            .configOnly("run") { options, value in try ConfigFile.runStamp(value.json, file: value.file, into: &options) },
            .value(
                "--run-id", "ID", \.runID, .text,
                help: OptionHelp(section: .runs, lines: ["this run's identifier (e.g. a CI build number)"]),
                record: { settings in settings.run?.id.map { [.init("--run-id", $0)] } ?? [] }),
            .value(
                "--model-version", "V", \.modelVersion, .text,
                help: OptionHelp(section: .runs, lines: ["the version of the model(s) evaluated"]),
                record: { settings in settings.run?.modelVersion.map { [.init("--model-version", $0)] } ?? [] }),
            .value(
                "--run-date", "DATE", \.runDate, .text,
                help: OptionHelp(
                    section: .runs, lines: ["the run's date: ISO 8601 date or date-time (loupe never reads the clock)"]),
                record: { settings in settings.run?.date.map { [.init("--run-date", $0)] } ?? [] }),
            .list(
                "--history", "DIR|FILE", key: "history", \.history, element: { text, _ in text },
                config: { try ConfigFile.history($0.json, file: $0.file, baseFolder: $0.baseFolder) },
                help: OptionHelp(
                    section: .runs,
                    lines: [
                        "earlier runs' results.json: a file, or a folder of them (every",
                        "*.json in it); repeatable; adds the History page",
                    ]),
                record: { settings in settings.history.map { .init("--history", $0) } }),
            // Gates and CI outputs.
            .list(
                "--gate", "EXPR", key: "gates", \.gates,
                element: { text, _ in
                    do {
                        return try GateParser.parse(text)
                    } catch LoupeError.usage(let message) {
                        throw LoupeError.usage("--gate: \(message)")
                    }
                },
                config: { try ConfigFile.gates($0.json, file: $0.file) },
                help: OptionHelp(section: .gates, lines: gateHelp),
                record: { settings in settings.gates.map { .init("--gate", $0.text) } }),
            .value(
                "--junit", "FILE", key: "junit", \.junit, .path,
                help: OptionHelp(section: .gates, lines: ["write the gate results as JUnit XML"])),
            .value(
                "--summary", "FILE", key: "summary", \.summary, .path,
                help: OptionHelp(
                    section: .gates, lines: ["write a Markdown summary (for a pull request or $GITHUB_STEP_SUMMARY)"])),
            // Model cards (issue 13): the file is read when the flag or key is read.
            .value(
                "--card", "FILE", key: "card", \.card, CardInput.option,
                help: OptionHelp(
                    section: .output,
                    lines: [
                        "write a model card from card.json (an MCT model_card.json plus",
                        "Loupe's additions): MODEL_CARD.md, README.md, model_card.json",
                    ])),
            // Data validation and dataset comparison (issue 14).
            .value(
                "--reference", "FILE", key: "reference", \.reference, .path, apply: { $1.referencePath = $0.reference },
                help: OptionHelp(
                    section: .data,
                    lines: ["a reference data set (e.g. the training data): statistics and drift", "of every shared column"]),
                record: { settings in settings.referencePath.map { [.init("--reference", $0)] } ?? [] }),
            .value(
                "--schema", "FILE", key: "schema", \.schema, .path, apply: { $1.schemaPath = $0.schema },
                help: OptionHelp(
                    section: .data,
                    lines: ["validate the data against a schema ('loupe schema' infers one);", "error anomalies exit 1"]),
                record: { settings in settings.schemaPath.map { [.init("--schema", $0)] } ?? [] }),
            .value(
                "--environment", "NAME", key: "environment", \.environment, .text, apply: { $1.environment = $0.environment },
                help: OptionHelp(section: .data, lines: ["the schema environment (e.g. serving: the label may be absent)"]),
                record: { settings in settings.environment.map { [.init("--environment", $0)] } ?? [] }),
            // Monitoring (issue 15): checked together by `BuildSettings.resolveMonitoring`.
            .value(
                "--window", "day|week|month|quarter|N", key: "window", \.window,
                OptionValue(
                    fromFlag: { text, _ in try WindowSpec.parse(text) },
                    fromConfig: { value in
                        if case .number = value.json.value { return .rows(try value.integer(atLeast: 1)) }
                        return try usageAsConfigFailure(value) { try WindowSpec.parse(try value.string()) }
                    }),
                apply: { $1.window = $0.window },
                help: OptionHelp(
                    section: .monitoring,
                    lines: [
                        "evaluate per window: a calendar window of --timestamp (UTC; weeks",
                        "start on Monday) or N consecutive rows in time order",
                    ]),
                record: { settings in settings.window.map { [.init("--window", $0.flagText)] } ?? [] }),
            .value(
                "--reference-window", "FIRST..LAST", key: "referenceWindow", \.referenceWindow,
                OptionValue(
                    fromFlag: { text, _ in try ReferenceWindows.parse(text) },
                    fromConfig: { value in
                        try usageAsConfigFailure(value) { try ReferenceWindows.parse(try value.string()) }
                    }),
                apply: { $1.referenceWindows = $0.referenceWindow },
                help: OptionHelp(
                    section: .monitoring,
                    lines: [
                        "the reference period, 0-based windows (default: the first",
                        "\(ReferenceWindows.defaultCount), at most half of the windows)",
                    ]),
                record: { settings in settings.referenceWindows.map { [.init("--reference-window", $0.flagText)] } ?? [] }),
            .list(
                "--detector", "NAME[:key=value,...]", key: "detectors", \.detectors,
                element: { text, _ in try DetectorRequest.parse(text) },
                config: { value in try ConfigFile.detectors(value.json, file: value.file) },
                apply: { $1.detectors = $0.detectors },
                help: OptionHelp(
                    section: .monitoring,
                    lines: [
                        "a streaming drift detector, repeatable: \(DriftDetectorKind.allCases.map(\.rawValue).joined(separator: ", ")),",
                        "parameters as River's (e.g. page_hinkley:threshold=20); default with",
                        "--window: ddm, hddm_a, adwin, page_hinkley, lfr, md3, hdddm",
                        "(those that fit the task)",
                    ]),
                record: { settings in (settings.detectors ?? []).map { .init("--detector", $0.flagText) } }),
        ]
    }

    /// A usage error from reading a config value, as a config failure at the value's position.
    private static func usageAsConfigFailure<Value>(_ value: ConfigValue, _ read: () throws -> Value) throws -> Value {
        do {
            return try read()
        } catch LoupeError.usage(let message) {
            throw value.failure(message)
        }
    }

    /// `--bins COL=N|E1,E2,...`: each flag sets one column; flags and the file's object merge
    /// column by column; provenance lists the columns sorted.
    private static var bins: Option<BuildOptions> {
        Option(
            flag: "--bins", valueName: "COL=N|E1,E2,...", repeatable: true, key: "bins",
            help: OptionHelp(
                section: .slicing,
                lines: [
                    "cut a numeric column into N quantile bins or at the given edges",
                    "(default: by value up to 12 distinct values, else 4 quantile bins)",
                ]),
            parse: { options, value in
                let text = value ?? ""
                let pair = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else {
                    throw LoupeError.usage("--bins: expected COLUMN=N or COLUMN=E1,E2,..., got '\(text)'")
                }
                let binning = try Binning.parse(pair[1], column: pair[0])
                options.bins = (options.bins ?? [:]).merging([pair[0]: binning]) { _, new in new }
            },
            decode: { options, value in options.bins = try ConfigFile.bins(value.json, file: value.file) },
            merge: { merged, flags in merged.bins = (merged.bins ?? [:]).merging(flags.bins ?? [:]) { _, new in new } },
            apply: { $1.bins = $0.bins ?? [:] },
            record: { settings in
                settings.bins.sorted { $0.key < $1.key }.map { column, binning in
                    switch binning {
                    case .quantiles(let n): return .init("--bins", "\(column)=\(n)")
                    case .edges(let edges): return .init("--bins", "\(column)=\(edges.map(Slicer.text).joined(separator: ","))")
                    }
                }
            })
    }

    private static let gateHelp = [
        "a validation gate, repeatable; a failed gate makes the exit status 1",
        "(the site is still written):",
        "  [MODEL:]METRIC OP BOUND [for SPEC | for fairness ATTR] [if significant]",
        "OP: >=, <=, >, <. BOUND: a number; baseline, baseline + X,",
        "baseline - X, baseline * X (the baseline model's value on the same",
        "rows); previous, previous + X, previous - X, previous * X (the latest",
        "run read with --history; no history fails the gate).",
        "* X is a relative change: reference + (X - 1) * |reference|.",
        "for SPEC: every slice of one of the --slice specs.",
        "for fairness ATTR: a fairness rate (fpr, tpr, selection_rate, ...) on",
        "every group of a --fairness attribute at the threshold, or a summary",
        "(demographic_parity_difference, ...) per attribute; a summary without",
        "'for' applies to every attribute; 'for ATTR' means the attribute when",
        "ATTR is a --fairness attribute and no --slice spec.",
        "if significant: fail only when the interval excludes the bound (the",
        "paired difference for a baseline bound, else the metric's interval).",
        "Without MODEL: every model except the baseline.",
        "e.g. --gate \"roc_auc >= baseline\" --gate \"fpr <= 0.3 for race\"",
        "--gate \"demographic_parity_difference <= 0.1 for fairness race\"",
        "Monitoring (with --window): alarms OP N [for MODEL];",
        "drifts OP N [for DETECTOR] [in last K windows]; OP also ==,",
        "e.g. --gate \"alarms == 0\" --gate \"drifts == 0 in last 4 windows\"",
    ]

    /// Puts every option the table applies into `settings`, defaults included.
    static func apply(_ options: BuildOptions, to settings: inout BuildSettings) {
        for option in table { option.apply?(options, &settings) }
    }

    /// The provenance record of resolved settings: every table entry's arguments, in table order.
    static func recordedConfiguration(of settings: BuildSettings) -> RecordedConfiguration {
        RecordedConfiguration(table.flatMap { $0.record?(settings) ?? [] })
    }

    /// These options where set, else `base`'s. Lists are replaced, not appended: a `--slice`
    /// on the command line replaces the config file's slices; `--bins` merge column by column.
    public func overriding(_ base: BuildOptions) -> BuildOptions {
        var merged = base
        for option in Self.table { option.merge?(&merged, self) }
        return merged
    }
}
