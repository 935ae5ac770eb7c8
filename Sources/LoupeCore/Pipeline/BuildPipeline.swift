import Foundation
import LoupeCharts
import LoupeData
import LoupeDigest
import LoupeMetrics
import LoupeResults

/// Computes a `Results` value from data: read the columns in use, drop rows without a label or
/// score, slice, evaluate every model (models in parallel), and rank slices against overall.
struct BuildPipeline {
    /// The metric slices are ranked by, per task.
    static func rankMetric(_ task: BuildSettings.Task) -> String { task == .binary ? "roc_auc" : "rmse" }

    let settings: BuildSettings
    let progress: Progress

    /// What the evaluation needs from the data. The parsed table itself is dropped once this is
    /// made, so its columns (labels as numbers, category codes, timestamps) are not held while
    /// the models are evaluated.
    private struct Prepared {
        var input: EvaluationInput
        var sliced: [Slicer.SlicedSpec]
        var fairness: [FairnessStage.Attribute]
        /// Regression: every column that is not the label, a score or the weight, over the
        /// evaluated rows, for the residual analysis.
        var features: [FeatureColumn]
        var rowsRead: Int
        var rowsUsed: Int
        var columns: [ColumnSummary]
    }

    func run() throws -> Results {
        let path = settings.dataPath
        let prepared = try prepare()
        var evaluationOptions = EvaluationOptions()
        evaluationOptions.threshold = settings.threshold
        evaluationOptions.confidence = settings.confidence
        evaluationOptions.bootstrapReplicates = settings.bootstrap
        evaluationOptions.seed = settings.seed
        evaluationOptions.minGroupSize = settings.minSliceSize
        // The provenance hash reads the file again; it runs beside the evaluation.
        let hashing = BackgroundTask { try SHA256.hexDigest(ofFile: path) }
        var outcome: Outcome
        switch prepared.input.task {
        case .binary: outcome = evaluateBinary(prepared, options: evaluationOptions)
        case .regression: outcome = evaluateRegression(prepared, options: evaluationOptions)
        }
        compare(prepared, &outcome, options: evaluationOptions)
        outcome.digest = try hashing.result()
        return assemble(prepared, outcome)
    }

    /// What the evaluation of every model produced, for `assemble`.
    private struct Outcome {
        var evaluations: [any ModelEvaluation]
        var curves: [String: ModelCurves] = [:]
        var fairness: [FairnessResult] = []
        var residuals: [String: ResidualAnalysis] = [:]
        var intervalMethods: [String: String]
        var comparisons: [LoupeResults.ComparisonResult] = []
        var digest = ""
    }

    /// The models against the baseline, when there is one (`ComparisonStage`).
    private func compare(_ prepared: Prepared, _ outcome: inout Outcome, options: EvaluationOptions) {
        let models = settings.scores.map(\.name)
        guard let stage = ComparisonStage(models: models, baseline: settings.baseline, specs: prepared.sliced, options: options)
        else { return }
        outcome.comparisons =
            prepared.input.task == .binary
            ? stage.binary(prepared.input, evaluations: outcome.evaluations)
            : stage.regression(prepared.input, evaluations: outcome.evaluations)
        progress.stage("compared \(models.count - 1) model\(models.count == 2 ? "" : "s") with the baseline, slice by slice")
    }

    private func evaluateBinary(_ prepared: Prepared, options: EvaluationOptions) -> Outcome {
        let input = prepared.input
        let fairnessGroupings = FairnessStage.groupings(prepared.fairness, specCount: prepared.sliced.count)
        let groupings = prepared.sliced.map(\.grouping) + fairnessGroupings.extra
        // Each model is evaluated and then analysed for fairness on the rows its evaluation sorted,
        // models in parallel.
        let attributes = prepared.fairness
        let perModel = Parallel.map(Array(settings.scores.indices)) { m -> (BinaryEvaluation, [FairnessResult]) in
            let data = BinaryData(labels: input.labels, scores: input.scores[m], weights: input.weights)
            guard !attributes.isEmpty else {
                return (BinaryEvaluator.evaluate(data, groupings: groupings, options: options), [])
            }
            let (evaluation, sorted) = BinaryEvaluator.evaluate(
                data, groupings: groupings, options: options, keepingSortedGroupings: fairnessGroupings.index)
            return (
                evaluation,
                FairnessStage.analyze(
                    attributes, model: settings.scores[m].name, settings: settings, evaluation: evaluation, sorted: sorted,
                    groupingIndex: fairnessGroupings.index)
            )
        }
        progress.stage(
            "evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s")"
                + (attributes.isEmpty
                    ? "" : " and their fairness on \(attributes.count) attribute\(attributes.count == 1 ? "" : "s")"))
        var curves: [String: ModelCurves] = [:]
        for (m, score) in settings.scores.enumerated() { curves[score.name] = perModel[m].0.curves }
        return Outcome(
            evaluations: perModel.map(\.0), curves: curves,
            // Attribute by attribute, models in configured order.
            fairness: attributes.indices.flatMap { a in perModel.map { $0.1[a] } },
            intervalMethods: BinaryEvaluator.intervalMethods)
    }

    private func evaluateRegression(_ prepared: Prepared, options: EvaluationOptions) -> Outcome {
        let input = prepared.input
        let groupings = prepared.sliced.map(\.grouping)
        let perModel = Parallel.map(Array(settings.scores.indices)) { m -> (RegressionEvaluation, ResidualAnalysis) in
            let data = RegressionData(labels: input.targets, predictions: input.scores[m], weights: input.weights)
            let evaluation = RegressionEvaluator.evaluate(data, groupings: groupings, options: options)
            let residuals = ResidualStage.analyze(
                labels: input.targets, predictions: input.scores[m], rows: input.rows, features: prepared.features,
                order: settings.timestamp, confidence: settings.confidence)
            return (evaluation, residuals)
        }
        progress.stage("evaluated \(settings.scores.count) model\(settings.scores.count == 1 ? "" : "s") and their residuals")
        var residuals: [String: ResidualAnalysis] = [:]
        for (m, score) in settings.scores.enumerated() { residuals[score.name] = perModel[m].1 }
        return Outcome(
            evaluations: perModel.map(\.0), residuals: residuals, intervalMethods: RegressionEvaluator.intervalMethods)
    }

    private func prepare() throws -> Prepared {
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
        let table = try readingData { try TableReader.read(path: path, options: options) }
        progress.stage("read \(NumberFormat.count(table.rowCount)) rows")

        let task = try EvaluationInput.task(of: table, settings: settings)
        let input = try EvaluationInput.prepare(table, settings: settings, task: task)
        var features: [FeatureColumn] = []
        if task == .regression {
            // The residuals are examined against every other column, including those not read yet.
            let roles = Set([settings.label] + settings.scores.map(\.column) + [settings.weight].compactMap { $0 })
            var rest = options
            rest.columns = Set(header.filter { !roles.contains($0) && table.column($0) == nil })
            let others = rest.columns!.isEmpty ? nil : try readingData { try TableReader.read(path: path, options: rest) }
            for name in header where !roles.contains(name) {
                guard let column = table.column(name) ?? others?.column(name) else { continue }
                features.append(FeatureColumn(column, rows: input.rows, inFileOrder: input.rowsInFileOrder))
            }
        }
        var slicing = Slicer(table: table, bins: settings.bins, rows: input.rows)
        slicing.rowsInFileOrder = input.rowsInFileOrder
        let slicer = slicing
        let sliced = try Parallel.map(settings.slices) { request in Result { try slicer.slice(request) } }.map { try $0.get() }
        progress.stage("sliced \(sliced.count) specs into \(sliced.reduce(0) { $0 + $1.keys.count }) slices")

        var roles: [String: String] = [settings.label: "label"]
        for score in settings.scores { roles[score.column] = "score" }
        if let weight = settings.weight { roles[weight] = "weight" }
        if let timestamp = settings.timestamp { roles[timestamp] = "timestamp" }
        for slice in settings.slices { for column in slice.columns where roles[column] == nil { roles[column] = "slice" } }
        let columns = table.columnNames.compactMap { name -> ColumnSummary? in
            guard let column = table.column(name) else { return nil }
            return ColumnSummary(
                name: name, kind: column.kind.rawValue, missing: column.missingCount,
                distinct: column.distinctCount, role: roles[name])
        }
        var trimmed = input
        // Only the slicer needed the row numbers, and a regression's largest errors, which name them.
        if task == .binary { trimmed.rows = [] }
        let fairness = try FairnessStage.attributes(settings.fairness, slicer: slicer, specs: sliced)
        return Prepared(
            input: trimmed, sliced: sliced, fairness: fairness, features: features, rowsRead: table.rowCount,
            rowsUsed: input.rows.count, columns: columns)
    }

    private func readingData<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DataError {
            throw LoupeError.input(error.description)
        }
    }

    private func assemble(_ prepared: Prepared, _ outcome: Outcome) -> Results {
        let input = prepared.input
        let sliced = prepared.sliced
        let evaluations = outcome.evaluations
        let rankMetric = Self.rankMetric(input.task)
        let models = settings.scores.map(\.name)
        var overall: [String: MetricSet] = [:]
        for (m, model) in models.enumerated() { overall[model] = evaluations[m].overall }
        let totalWeight = input.weights.map { $0.reduce(0, +) } ?? Double(prepared.rowsUsed)
        let higherIsBetter = SliceGaps.higherIsBetter(rankMetric)
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
                for (m, model) in models.enumerated() {
                    guard let set = evaluations[m].groups[s][g] else { continue }
                    metrics[model] = set
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
                        tooSmall: isTooSmall, metrics: metrics, gap: gaps))
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

        let bytes = (try? FileManager.default.attributesOfItem(atPath: settings.dataPath)[.size] as? Int) ?? 0
        var flags = settings
        flags.task = input.task
        return Results(
            title: settings.title, description: settings.description, task: input.task.rawValue, label: settings.label,
            positiveLabel: input.task == .binary ? input.positiveLabel : nil, threshold: settings.threshold,
            rowCount: prepared.rowsUsed, models: models, baseline: settings.baseline, rankMetric: rankMetric,
            minSliceSize: settings.minSliceSize, overall: overall, slices: slices, sliceSpecs: specs,
            fairness: outcome.fairness, residuals: outcome.residuals, comparisons: outcome.comparisons,
            curves: outcome.curves,
            intervals: IntervalSettings(
                confidence: settings.confidence, bootstrapReplicates: settings.bootstrap,
                seed: settings.seed, methods: outcome.intervalMethods),
            provenance: Provenance(
                dataFile: settings.dataPath, dataSHA256: outcome.digest, dataBytes: bytes,
                rowsRead: prepared.rowsRead, rowsExcluded: input.excluded,
                toolVersion: Loupe.version, configuration: flags.flags),
            columns: prepared.columns, warnings: warnings)
    }
}
