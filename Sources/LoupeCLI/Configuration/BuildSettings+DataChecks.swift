import LoupeData
import LoupeEvaluation
import LoupeResults

extension BuildSettings {
    /// A build with no label and no scores: statistics of the data, drift against `--reference`
    /// and anomalies against `--schema`. Options that need a model are usage errors here.
    static func resolveDataOnly(_ options: BuildOptions, data: String) throws -> BuildSettings {
        let modelOptions: [(String, Bool)] = [
            ("--task", options.task != nil), ("--positive-label", options.positiveLabel != nil),
            ("--baseline", options.baseline != nil), ("--slice", !(options.slices ?? []).isEmpty),
            ("--fairness", !(options.fairness ?? []).isEmpty), ("--weight", options.weight != nil),
            ("--card", options.card != nil), ("--history", !(options.history ?? []).isEmpty),
        ]
        if let (flag, _) = modelOptions.first(where: \.1) {
            throw LoupeError.usage(
                "\(flag): needs a model; give --label COLUMN and --score [NAME=]COLUMN (without them, build describes the data alone)"
            )
        }
        var settings = BuildSettings(dataPath: data, label: "", scores: [])
        BuildOptions.apply(options, to: &settings)
        if options.title == nil { settings.title = "Data of \(data.split(separator: "/").last.map(String.init) ?? data)" }
        if let name = options.format {
            guard let named = DataFormat.named(name) else {
                throw LoupeError.usage("--format: expected \(DataFormat.nameList), got '\(name)'")
            }
            settings.format = named
        } else if DataFormat.infer(fromPath: data) == nil {
            throw LoupeError.usage("--data \(data): unknown file type; name it \(DataFormat.extensionList), or give --format")
        }
        try settings.resolveDataChecks(options)
        try settings.resolveRunStamp(options)
        try settings.resolveMonitoring(options)
        try settings.resolveGates(options)
        settings.recordedConfiguration = BuildOptions.recordedConfiguration(of: settings)
        return settings
    }

    /// `--reference`, `--schema` and `--environment`: an environment names one of the schema's,
    /// so it needs a schema; the reference must be a data file Loupe can read.
    mutating func resolveDataChecks(_ options: BuildOptions) throws {
        if options.environment != nil, options.schema == nil {
            throw LoupeError.usage("--environment: needs --schema FILE (the environments are the schema's)")
        }
        if options.environment?.isEmpty == true { throw LoupeError.usage("--environment: give a non-empty name") }
        if let reference = options.reference, format == nil, DataFormat.infer(fromPath: reference) == nil {
            throw LoupeError.usage(
                "--reference \(reference): unknown file type; name it \(DataFormat.extensionList), or give --format")
        }
    }
}
