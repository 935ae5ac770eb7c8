import Foundation
import LoupeData
import LoupeMarkup
import LoupeResults

/// The data analysis of a build: statistics of every column of the current data and the
/// reference (each read once, whole), the distances between them, and the anomalies against the
/// schema. Runs when the build is data-only or has `--reference` or `--schema`.
struct DataStage {
    let settings: BuildSettings
    /// Read before any long work, so a bad schema fails first (exit 2, nothing written).
    let schema: DataSchema?

    struct Outcome: Sendable {
        let data: DataResults
        let drift: [ColumnDrift]?
        let anomalies: [DataAnomaly]?
        /// The current data as read (every column), for a data-only build's provenance.
        let rowCount: Int
        let columns: [ColumnSummary]
        /// The current and reference data as read, for monitoring (`MonitoringStage`).
        let table: Table
        let referenceTable: Table?
    }

    static func applies(to settings: BuildSettings) -> Bool {
        settings.isDataOnly || settings.referencePath != nil || settings.schemaPath != nil
    }

    /// Reads and checks the schema and the environment.
    init(settings: BuildSettings) throws {
        self.settings = settings
        guard let path = settings.schemaPath else {
            schema = nil
            return
        }
        let schema = try DataSchemaFile.read(path: path)
        if let environment = settings.environment, !schema.environments.contains(environment) {
            let known = schema.environments.isEmpty ? "it declares none" : schema.environments.joined(separator: ", ")
            throw LoupeError.usage("--environment: '\(environment)' is not one of \(path)'s environments (\(known))")
        }
        self.schema = schema
    }

    func run(progress: Progress) throws -> Outcome {
        var options = ReadOptions()
        options.format = settings.format
        let current = try read(settings.dataPath, options: options)
        let currentProfile = DataProfile(current, file: settings.provenanceDataPath ?? settings.dataPath)
        progress.stage("described \(current.columnNames.count) columns of \(NumberFormat.count(current.rowCount)) rows")
        var referenceProfile: DataProfile?
        var referenceTable: Table?
        if let path = settings.referencePath {
            let reference = try read(path, options: options)
            referenceTable = reference
            referenceProfile = DataProfile(reference, file: path)
            progress.stage("described the reference: \(NumberFormat.count(reference.rowCount)) rows")
        }
        var roles: [String: DriftStage.Role] = [:]
        if !settings.label.isEmpty { roles[settings.label] = DriftStage.Role(name: "label", model: nil) }
        for score in settings.scores {
            for column in score.columns { roles[column] = DriftStage.Role(name: "prediction", model: score.name) }
        }
        let schema = self.schema
        var thresholds: [String: DriftThresholds] = [:]
        for column in schema?.columns ?? [] { thresholds[column.name] = column.drift }
        let drift = referenceProfile.map { reference in
            DriftStage.compare(reference: reference, current: currentProfile, roles: roles, thresholds: thresholds)
        }
        let anomalies = schema.map { schema in
            AnomalyDetector.detect(
                schema: schema, environment: settings.environment, table: current, profile: currentProfile, drift: drift,
                format: settings.format)
        }
        let columns = current.columnNames.compactMap { name -> ColumnSummary? in
            guard let column = current.column(name) else { return nil }
            return ColumnSummary(
                name: name, kind: column.kind.rawValue, missing: column.missingCount, distinct: column.distinctCount,
                role: roles[name]?.name == "prediction" ? "score" : roles[name]?.name)
        }
        return Outcome(
            data: DataResults(
                current: currentProfile.results, reference: referenceProfile?.results, schemaFile: settings.schemaPath,
                environment: settings.environment),
            drift: drift, anomalies: anomalies, rowCount: current.rowCount, columns: columns, table: current,
            referenceTable: referenceTable)
    }

    private func read(_ path: String, options: ReadOptions) throws -> Table {
        do {
            return try TableReader.read(path: path, options: options)
        } catch let error as DataError {
            throw LoupeError.input(error.description)
        }
    }

    /// The results of a data-only build: no model, no label; the data's statistics, drift and
    /// anomalies, with provenance. `task` is a placeholder (`binary`) that no page shows.
    func dataOnlyResults(_ outcome: Outcome, digest: String) -> Results {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: settings.dataPath)[.size] as? Int) ?? 0
        let dataFile = settings.provenanceDataPath ?? settings.dataPath
        var arguments = settings.recordedConfiguration.arguments(task: .binary, dataFile: dataFile)
        // The model's flags say nothing in a data-only build.
        var kept: [String] = []
        var i = 0
        while i < arguments.count {
            if ["--task", "--label", "--threshold"].contains(arguments[i]), i + 1 < arguments.count {
                i += 2
                continue
            }
            kept.append(arguments[i])
            i += 1
        }
        arguments = kept
        return Results(
            title: settings.title, description: settings.description, task: .binary, label: "",
            threshold: settings.threshold, rowCount: outcome.rowCount, models: [], baseline: nil,
            rankMetric: MetricRegistry.rankMetric(for: .binary), overall: [:], slices: [], sliceSpecs: [], curves: [:],
            intervals: IntervalSettings(
                confidence: settings.confidence, bootstrapReplicates: 0, seed: settings.seed, methods: [:]),
            provenance: Provenance(
                dataFile: dataFile, dataSHA256: digest, dataBytes: bytes, rowsRead: outcome.rowCount, rowsExcluded: [:],
                toolVersion: Loupe.version, configuration: arguments),
            columns: outcome.columns, warnings: [], related: settings.related, run: settings.run,
            data: outcome.data, drift: outcome.drift, anomalies: outcome.anomalies)
    }
}
