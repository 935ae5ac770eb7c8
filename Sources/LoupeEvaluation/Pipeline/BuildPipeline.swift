import Foundation
import LoupeData
import LoupeDigest
import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// Computes a finished `Results` value from settings and data: read earlier runs, read the columns
/// in use, drop rows without a label or score, slice, evaluate every model (models in parallel),
/// compare them with the baseline, rank slices against overall, and judge the gates. Nothing is
/// added to the results afterwards; the command line only writes them.
public struct BuildPipeline: Sendable {
    let settings: BuildSettings
    let progress: Progress

    public init(settings: BuildSettings, progress: Progress) {
        self.settings = settings
        self.progress = progress
    }

    public func run() throws -> Results {
        let (results, prepared) = try evaluate()
        // The prepared data (the table's columns: hundreds of megabytes on a large file) is
        // freed on another thread: returning it to the system takes tens of milliseconds, which
        // the site's publishing need not wait for.
        Self.releaseInBackground(prepared)
        return results
    }

    /// The build's results, with the prepared data they were computed from, whose last
    /// reference the caller then holds (nil when nothing was prepared).
    private func evaluate() throws -> (Results, PreparedData?) {
        let path = settings.dataPath
        // A multiclass model's probability columns are found by their prefix in the header.
        if settings.scores.contains(where: \.isPrefix) {
            let header = try readingData { try TableReader.readHeader(path: path, format: settings.format) }
            let resolved = try settings.resolvingScoreColumns(in: header, file: path)
            if resolved != settings { return try BuildPipeline(settings: resolved, progress: progress).evaluate() }
        }
        // The data schema too (issue 14); a data-only build describes the data and stops there.
        let dataStage = DataStage.applies(to: settings) ? try DataStage(settings: settings) : nil
        if let dataStage, settings.isDataOnly { return (try runDataOnly(dataStage), nil) }
        // Earlier runs are read first, so a bad history file fails before the long work.
        let history = try HistoryReader.readWithData(
            settings.history,
            excluding: [settings.resultsPath, settings.outFolder + "/results.json"].compactMap { $0 })
        let prepared = try prepare()
        if prepared.input.task == .multiclass {
            // Every slicing spec's groups and the monitoring windows, plus the whole data.
            let specs = prepared.sliced + (prepared.monitoring.map { [$0.spec] } ?? [])
            try MulticlassSize.check(
                classCount: prepared.input.classNames.count,
                groups: 1 + specs.reduce(0) { $0 + max($1.grouping.groupCount, 0) },
                fairnessGroups: prepared.fairness.reduce(0) { $0 + $1.names.count }, models: settings.scores.count,
                comparing: settings.baseline != nil && settings.scores.count > 1, path: path)
        }
        // A per-class gate's class is matched once the classes are known, before any evaluation.
        let gates = try settings.gates.map { try GateParser.resolveClass($0, classes: prepared.input.classNames) }
        var evaluationOptions = EvaluationOptions()
        evaluationOptions.threshold = settings.threshold
        evaluationOptions.confidence = settings.confidence
        evaluationOptions.bootstrapReplicates = settings.bootstrap
        evaluationOptions.seed = settings.seed
        evaluationOptions.minGroupSize = settings.minSliceSize
        // The provenance hash reads the file again; it runs beside the evaluation.
        let hashing = BackgroundTask { try SHA256.hexDigest(ofFile: path) }
        let evaluator = prepared.evaluator
        // The windows are one more grouping, after the slices, so every slice keeps its index.
        var evaluated = prepared
        if let plan = prepared.monitoring { evaluated.sliced.append(plan.spec) }
        // The detectors, the worst slice per window, and the drift per window unless it is
        // measured against a --reference file (read later), need only the prepared data: they
        // run beside the evaluation. The detectors, needed last, run on an idle-priority thread:
        // on the core the comparison leaves idle in its last stretch on one core, not on the
        // cores the evaluation wants (measured: +27% for monitoring instead of +36%).
        let input = prepared.input
        let detecting = prepared.monitoring.map { plan in
            BackgroundTask(idle: true) { DetectorStage.run(plan, input: input, settings: settings, features: plan.features) }
        }
        // A binary model's window × slice groups come with its evaluation (on the rows it sorts).
        let slicing = prepared.monitoring.flatMap { plan in
            evaluator.monitorsSortedRows
                ? nil
                : BackgroundTask { [prepared, evaluationOptions] in
                    MonitoringStage.worstSlices(plan: plan, prepared: prepared, settings: settings, options: evaluationOptions)
                }
        }
        let summarizing = prepared.monitoring.map { plan in
            BackgroundTask { MonitoringStage.windowDistributions(plan, input: input, settings: settings) }
        }
        // (A task evaluator that works from its sorted rows measures the predictions' drift itself.)
        let predictionsHere = !evaluator.monitorsSortedRows
        let drifting = prepared.monitoring.flatMap { plan in
            settings.referencePath == nil
                ? BackgroundTask {
                    MonitoringStage.allWindowDrift(plan, input: input, settings: settings, predictions: predictionsHere)
                } : nil
        }
        // A multiclass comparison's paired cells need no evaluation: they are built beside it.
        var stage = ComparisonStage(
            models: settings.scores.map(\.name), baseline: settings.baseline, specs: prepared.sliced,
            options: evaluationOptions)
        if input.task == .multiclass, let early = stage {
            stage?.early = BackgroundTask { early.multiclassPairings(input) }
        }
        var outcome = evaluator.evaluate(evaluated, settings: settings, options: evaluationOptions, progress: progress)
        compare(&outcome, with: evaluator, input: input, stage: stage)
        outcome.digest = try hashing.result()
        var results = assemble(prepared, outcome, history: settings.history.isEmpty ? nil : history.map(\.run))
        results.warnings += HistoryReader.dataWarnings(
            history, dataSHA256: outcome.digest, rowsRead: results.provenance.rowsRead)
        // The data stage reads the --reference file, which the windows' drift is measured against.
        let data = try dataStage?.run(progress: progress)
        if let data { (results.data, results.drift, results.anomalies) = (data.data, data.drift, data.anomalies) }
        if var plan = prepared.monitoring {
            if let table = data?.referenceTable, let path = settings.referencePath {
                plan.referenceFile = MonitoringStage.referenceFile(
                    table, path: path, plan: plan, input: prepared.input, settings: settings)
            }
            let fromSortedRows = try outcome.sortedRowsMonitoring?.map { try $0.result() }
            var drift = try drifting?.result()
            if let predictions = fromSortedRows?.compactMap(\.predictionDrift), drift != nil {
                for w in drift!.indices { drift![w] += predictions.compactMap { w < $0.count ? $0[w] : nil } }
            }
            var monitoring = MonitoringStage.results(
                plan, evaluations: outcome.evaluations, grouping: prepared.sliced.count, input: prepared.input,
                settings: settings, drift: drift, distributions: try summarizing?.result())
            let worst =
                evaluator.monitorsSortedRows
                ? MonitoringStage.worstSlices(
                    plan: plan, prepared: prepared, settings: settings, options: evaluationOptions,
                    evaluated: fromSortedRows?.compactMap(\.windowSlices) ?? [])
                : try slicing?.result()
            worst?.apply(to: &monitoring)
            results.monitoring = monitoring
            if plan.windows.missingTimestamps > 0 {
                results.warnings.append(
                    "\(NumberFormat.count(plan.windows.missingTimestamps)) evaluated rows have no timestamp and are left out of the monitoring windows"
                )
            }
            results.detectors = try detecting?.result()
            progress.stage("evaluated \(plan.windows.windows.count) windows and ran \(results.detectors?.count ?? 0) detectors")
        }
        // Gates are judged on the finished results, after every stage that fills them.
        results.gates = GateEvaluator.evaluate(gates, results: results)
        return (results, prepared)
    }

    /// Drops `value` on a background thread: a box holds the only reference the caller gave up,
    /// and the queued work empties it.
    private static func releaseInBackground(_ value: consuming PreparedData?) {
        final class Box: @unchecked Sendable {
            var value: PreparedData?
            init(_ value: consuming PreparedData?) { self.value = value }
        }
        let box = Box(value)
        DispatchQueue.global().async { box.value = nil }
    }

    /// A build with no label and no scores: statistics, drift and anomalies, and drift gates.
    private func runDataOnly(_ stage: DataStage) throws -> Results {
        let hashing = BackgroundTask { try SHA256.hexDigest(ofFile: settings.dataPath) }
        let outcome = try stage.run(progress: progress)
        var results = stage.dataOnlyResults(outcome, digest: try hashing.result())
        if let (monitoring, detectors) = try MonitoringStage.dataOnly(
            settings, table: outcome.table, referenceTable: outcome.referenceTable)
        {
            (results.monitoring, results.detectors) = (monitoring, detectors)
            let missing = monitoring.windows.isEmpty ? 0 : outcome.rowCount - monitoring.windows.reduce(0) { $0 + $1.count }
            if missing > 0 {
                results.warnings.append(
                    "\(NumberFormat.count(missing)) rows have no timestamp and are left out of the monitoring windows")
            }
            progress.stage("cut \(monitoring.windows.count) windows and ran \(detectors.count) detectors")
        }
        results.gates = GateEvaluator.evaluate(settings.gates, results: results)
        return results
    }

    /// When the task was inferred from the data, each gate's metric is checked against it before
    /// any evaluation: a metric the task does not have is a usage error, and nothing is written.
    private func checkGates(task: ModelTask) throws {
        guard settings.task == nil else { return }
        for gate in settings.gates {
            try GateParser.validate(
                gate, models: settings.scores.map(\.name), baseline: settings.baseline, slices: settings.slices,
                fairness: settings.fairness, task: task)
        }
    }

    /// The models against the baseline, when there is one (`ComparisonStage`).
    private func compare(
        _ outcome: inout TaskOutcome, with evaluator: any TaskEvaluator, input: EvaluationInput, stage: ComparisonStage?
    ) {
        guard let stage else { return }
        let models = settings.scores.count
        outcome.comparisons = evaluator.compare(input, evaluations: outcome.evaluations, stage: stage)
        progress.stage("compared \(models - 1) model\(models == 2 ? "" : "s") with the baseline, slice by slice")
    }

    private func prepare() throws -> PreparedData {
        let path = settings.dataPath
        let header = try readingData { try TableReader.readHeader(path: path, format: settings.format) }
        let missing = settings.columnsUsed.filter { !header.contains($0) }
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw LoupeError.input("\(path): no column \(names) (columns: \(header.joined(separator: ", ")))")
        }
        var options = ReadOptions()
        options.format = settings.format
        options.columns = Set(settings.columnsUsed)
        // With `--window` the feature columns are read in the same pass (a second pass over the
        // file for them cost as much as the first); the summary still lists the columns used.
        let summarised = options.columns ?? []
        if settings.window != nil { options.columns = Set(header) }
        let table = try readingData { try TableReader.read(path: path, options: options) }
        progress.stage("read \(NumberFormat.count(table.rowCount)) rows")

        let task = try EvaluationInput.task(of: table, settings: settings)
        try checkGates(task: task)
        let evaluator = try TaskEvaluators.evaluator(for: task)
        let input = try EvaluationInput.prepare(table, settings: settings, task: task)
        var features: [FeatureColumn] = []
        if evaluator.examinesEveryColumn {
            // The residuals are examined against every other column, including those not read yet.
            let roles = Set([settings.label] + settings.scores.flatMap(\.columns) + [settings.weight].compactMap { $0 })
            var rest = options
            rest.columns = Set(header.filter { !roles.contains($0) && table.column($0) == nil })
            let others = rest.columns!.isEmpty ? nil : try readingData { try TableReader.read(path: path, options: rest) }
            for name in header where !roles.contains(name) {
                guard let column = table.column(name) ?? others?.column(name) else { continue }
                features.append(FeatureColumn(column, rows: input.rows, inFileOrder: input.rowsInFileOrder))
            }
        }
        // The monitoring windows (a sort of the timestamps) are cut beside the slicing.
        let planning = BackgroundTask { [settings] in
            try MonitoringStage.plan(settings, table: table, rows: input.rows, inFileOrder: input.rowsInFileOrder)
        }
        var slicing = Slicer(table: table, bins: settings.bins, rows: input.rows)
        slicing.rowsInFileOrder = input.rowsInFileOrder
        let slicer = slicing
        let sliced = try Parallel.map(settings.slices) { request in Result { try slicer.slice(request) } }.map { try $0.get() }
        progress.stage("sliced \(sliced.count) specs into \(sliced.reduce(0) { $0 + $1.keys.count }) slices")

        var roles: [String: String] = [settings.label: "label"]
        for score in settings.scores { for column in score.columns { roles[column] = "score" } }
        if let weight = settings.weight { roles[weight] = "weight" }
        if let timestamp = settings.timestamp { roles[timestamp] = "timestamp" }
        for slice in settings.slices { for column in slice.columns where roles[column] == nil { roles[column] = "slice" } }
        for attribute in settings.fairness {
            for column in attribute.columns where roles[column] == nil { roles[column] = "fairness" }
        }
        // The residual analysis examines every other column.
        if evaluator.examinesEveryColumn {
            for name in table.columnNames where roles[name] == nil { roles[name] = "residual feature" }
        }
        let columns = table.columnNames.compactMap { name -> ColumnSummary? in
            guard summarised.contains(name), let column = table.column(name) else { return nil }
            return ColumnSummary(
                name: name, kind: column.kind.rawValue, missing: column.missingCount,
                distinct: column.distinctCount, role: roles[name])
        }
        var monitoring = try planning.result()
        if monitoring != nil {
            let requests = DetectorStage.requests(settings, task: task)
            for request in requests { try DetectorRequest.check(request, task: task, dataOnly: false) }
            // The features feed HDDDM (numeric ones) and the drift per window.
            do {
                let roles = Set(
                    [settings.label] + settings.scores.flatMap(\.columns)
                        + [settings.weight, settings.timestamp].compactMap { $0 })
                var rest = options
                rest.columns = Set(header.filter { !roles.contains($0) && table.column($0) == nil })
                let others = rest.columns!.isEmpty ? nil : try readingData { try TableReader.read(path: path, options: rest) }
                let columns = header.filter { !roles.contains($0) }.compactMap { table.column($0) ?? others?.column($0) }
                if var plan = monitoring {
                    MonitoringStage.addFeatures(columns, rows: input.rows, inFileOrder: input.rowsInFileOrder, to: &plan)
                    monitoring = plan
                }
            }
        }
        var trimmed = input
        // Only the slicer needed the row numbers, unless the evaluator names rows (largest errors).
        if !evaluator.namesRows { trimmed.rows = [] }
        let fairness = try FairnessStage.attributes(settings.fairness, slicer: slicer, specs: sliced)
        return PreparedData(
            evaluator: evaluator, input: trimmed, sliced: sliced, fairness: fairness, features: features,
            rowsRead: table.rowCount,
            rowsUsed: input.rows.count, columns: columns, monitoring: monitoring)
    }

    private func readingData<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DataError {
            throw LoupeError.input(error.description)
        }
    }

    private func assemble(_ prepared: PreparedData, _ outcome: TaskOutcome, history: [HistoryRun]?) -> Results {
        let input = prepared.input
        let sliced = prepared.sliced
        let evaluations = outcome.evaluations
        let rankMetric = MetricRegistry.rankMetric(for: input.task)
        let models = settings.scores.map(\.name)
        var overall: [String: MetricSet] = [:]
        for (m, model) in models.enumerated() { overall[model] = evaluations[m].overall }
        let totalWeight = input.weights.map { $0.reduce(0, +) } ?? Double(prepared.rowsUsed)
        let higherIsBetter = MetricRegistry.higherIsBetter(rankMetric) ?? true
        var slices: [SliceResult] = []
        var specs: [SliceSpec] = []
        var tooSmallTotal = 0
        for (s, spec) in sliced.enumerated() {
            var tooSmall = 0
            for (g, key) in spec.keys.enumerated() {
                let count = evaluations[0].groupCounts[s][g]
                let weight = evaluations[0].groupWeights[s][g]
                var metrics: [String: MetricSet] = [:]
                var gaps: [String: SliceGap] = [:]
                var curves: [String: SliceCurves] = [:]
                var perClass: [String: [ClassMetrics]] = [:]
                for (m, model) in models.enumerated() {
                    guard let set = evaluations[m].groups[s][g] else { continue }
                    metrics[model] = set
                    if let groupCurves = evaluations[m].groupCurves.indices.contains(s) ? evaluations[m].groupCurves[s][g] : nil {
                        curves[model] = groupCurves
                    }
                    if let classes = evaluations[m].groupClasses.indices.contains(s) ? evaluations[m].groupClasses[s][g] : nil {
                        perClass[model] = classes
                    }
                    gaps[model] = SliceGaps.gap(
                        metric: rankMetric, slice: set[rankMetric] ?? .undefined,
                        overall: overall[model]?[rankMetric] ?? .undefined,
                        fraction: totalWeight > 0 ? weight / totalWeight : 0,
                        higherIsBetter: higherIsBetter, confidence: settings.confidence)
                }
                let isTooSmall = metrics.isEmpty
                if isTooSmall { tooSmall += 1 }
                var keyMap: [String: String] = [:]
                for (column, value) in zip(spec.request.columns, key) { keyMap[column] = value }
                slices.append(
                    SliceResult(
                        spec: spec.request.columns, key: keyMap, count: count,
                        weightedCount: input.weights == nil ? nil : weight,
                        tooSmall: isTooSmall, metrics: metrics, gap: gaps, curves: curves, perClass: perClass))
            }
            tooSmallTotal += tooSmall
            var restrictions: [String: String] = [:]
            for part in spec.request.parts { if let value = part.value { restrictions[part.column] = value } }
            specs.append(
                SliceSpec(
                    name: spec.request.displayName, columns: spec.request.columns, restrictions: restrictions,
                    binEdges: spec.binEdges, sliceCount: spec.keys.count, tooSmallCount: tooSmall))
        }

        var warnings = input.warnings
        let excludedTotal = input.excluded.values.reduce(0, +)
        if excludedTotal > 0 {
            let reasons = input.excluded.sorted { $0.key < $1.key }.map { "\(NumberFormat.count($0.value)) with \($0.key)" }
            warnings.append(
                "\(NumberFormat.count(excludedTotal)) of \(NumberFormat.count(prepared.rowsRead)) rows were left out: \(reasons.joined(separator: ", "))"
            )
        }
        if tooSmallTotal > 0 {
            warnings.append(
                "\(tooSmallTotal) slice\(tooSmallTotal == 1 ? " has" : "s have") fewer than \(settings.minSliceSize) rows and \(tooSmallTotal == 1 ? "shows" : "show") no metrics"
            )
        }

        warnings += ArtifactWarnings.binary(
            input: input, models: models, overall: overall, slices: slices, specs: specs, threshold: settings.threshold)

        let bytes = (try? FileManager.default.attributesOfItem(atPath: settings.dataPath)[.size] as? Int) ?? 0
        let dataFile = settings.provenanceDataPath ?? settings.dataPath
        var results = Results(
            title: settings.title, description: settings.description, task: input.task, label: settings.label,
            positiveLabel: input.task == .binary ? input.positiveLabel : nil, threshold: settings.threshold,
            rowCount: prepared.rowsUsed, models: models, baseline: settings.baseline, rankMetric: rankMetric,
            minSliceSize: settings.minSliceSize, overall: overall, slices: slices, sliceSpecs: specs,
            fairness: outcome.fairness, residuals: outcome.residuals,
            multiclass: input.task == .multiclass ? outcome.multiclass : nil, comparisons: outcome.comparisons,
            curves: outcome.curves,
            intervals: IntervalSettings(
                confidence: settings.confidence, bootstrapReplicates: settings.bootstrap,
                seed: settings.seed, methods: MetricRegistry.intervalMethods(for: input.task)),
            provenance: Provenance(
                dataFile: dataFile, dataSHA256: outcome.digest, dataBytes: bytes,
                rowsRead: prepared.rowsRead, rowsExcluded: input.excluded,
                toolVersion: Loupe.version,
                configuration: settings.recordedConfiguration.arguments(task: input.task, dataFile: dataFile)),
            columns: prepared.columns, warnings: warnings, related: settings.related, run: settings.run, history: history)
        // Sums of squares of values near 1e160 overflow: such metrics are written as null, said here.
        results.warnings += ResultsFile.nonFiniteWarnings(results)
        return results
    }
}
