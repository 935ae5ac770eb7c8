import LoupeData
import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// Continuous evaluation (`--window`): the evaluated rows cut into windows of time or rows,
/// evaluated like the groups of a slice (one more grouping for the task's evaluator), with
/// control limits from the reference windows and alarms for the windows outside them.
enum MonitoringStage {
    /// The windows over the evaluated rows, and the grouping that hands them to the evaluator.
    struct Plan {
        var windows: TimeWindows
        /// Each evaluated row's timestamp (seconds, UTC) in evaluation order; `nil` without one.
        var times: [Double]?
        var spec: Slicer.SlicedSpec
        var reference: ReferenceWindows
        /// For HDDDM: the numeric feature columns (not the label, a score, the weight or the
        /// timestamp) over the evaluated rows, in evaluation order, with their names.
        var features: [[Double]] = []
        var featureNames: [String] = []
        /// The categorical feature columns, compared per window (`categoricalWindowDrift`).
        var categorical: [CategoricalFeature] = []
        /// With `--reference`: its rows, which each window's drift is measured against.
        var referenceFile: ReferenceFile? = nil
    }

    /// The plan for `settings.window` over the evaluated rows `rows` of `table` (`inFileOrder`
    /// when ascending), or `nil` without `--window`. A calendar window spanning too many windows
    /// is an input error.
    static func plan(_ settings: BuildSettings, table: Table, rows: [Int], inFileOrder: Bool) throws -> Plan? {
        guard let window = settings.window else { return nil }
        let times: [Double]? = settings.timestamp.flatMap { table.column($0)?.numbers }.map { numbers in
            numbers.gathered(at: rows, inFileOrder: inFileOrder)
        }
        let windows: TimeWindows
        switch window {
        case .rows(let size): windows = TimeWindows.rows(count: rows.count, times: times, size: size)
        default:
            let unit = TimeWindows.Unit(rawValue: window.name)!
            guard let cut = TimeWindows.calendar(times: times ?? [], unit: unit) else {
                throw LoupeError.input(
                    "\(settings.dataPath): the timestamps of '\(settings.timestamp ?? "")' span more than \(NumberFormat.count(TimeWindows.maximumWindowCount)) \(window.name) windows; use a longer window"
                )
            }
            windows = cut
        }
        guard !windows.windows.isEmpty else {
            throw LoupeError.input(
                "\(settings.dataPath): no evaluated row has a timestamp in '\(settings.timestamp ?? "")', so there are no windows to monitor"
            )
        }
        let reference = settings.referenceWindows ?? ReferenceWindows.defaultPeriod(windowCount: windows.windows.count)
        guard reference.last < windows.windows.count else {
            throw LoupeError.usage(
                "--reference-window \(reference.flagText): the data has \(windows.windows.count) window\(windows.windows.count == 1 ? "" : "s") (0..\(windows.windows.count - 1))"
            )
        }
        var codes = [UInt32](repeating: Grouping.none, count: rows.count)
        for (w, cut) in windows.windows.enumerated() {
            for p in cut.positions { codes[windows.order[p]] = UInt32(w) }
        }
        let spec = Slicer.SlicedSpec(
            request: SliceRequest(parts: [.init(column: "(window)")]),
            grouping: Grouping(codes: codes, groupCount: windows.windows.count),
            keys: windows.windows.map { [$0.label] }, binEdges: [:])
        return Plan(windows: windows, times: times, spec: spec, reference: reference)
    }

    /// `monitoring` from the evaluations, whose grouping `grouping` is the plan's windows, with
    /// the drift per window `drift` when it was computed already (`allWindowDrift`).
    static func results(
        _ plan: Plan, evaluations: [any ModelEvaluation], grouping: Int, input: EvaluationInput, settings: BuildSettings,
        drift computed: [[WindowDrift]]? = nil, distributions summarized: [WindowDistributions]? = nil
    ) -> MonitoringResults {
        let models = settings.scores.map(\.name)
        let cuts = plan.windows.windows
        let reference = plan.reference.first...plan.reference.last
        let drift = computed ?? allWindowDrift(plan, input: input, settings: settings)
        let summaries = summarized ?? windowDistributions(plan, input: input, settings: settings)
        var windows: [MonitoringWindow] = []
        for (w, cut) in cuts.enumerated() {
            var metrics: [String: MetricSet] = [:]
            for (m, model) in models.enumerated() {
                if let set = evaluations[m].groups[grouping][w] { metrics[model] = set }
            }
            let (label, predictions) = (summaries[w].label, summaries[w].predictions)
            windows.append(
                MonitoringWindow(
                    index: w, label: cut.label, start: cut.start.map(TimeWindows.instantText),
                    end: cut.end.map(TimeWindows.instantText), firstRow: cut.positions.isEmpty ? nil : cut.positions.lowerBound,
                    lastRow: cut.positions.isEmpty ? nil : cut.positions.upperBound - 1, count: cut.positions.count,
                    weightedCount: input.weights == nil ? nil : evaluations[0].groupWeights[grouping][w],
                    reference: reference.contains(w), metrics: metrics, tooSmall: metrics.isEmpty,
                    labelDistribution: label, predictions: predictions, drift: drift[w]))
        }
        var limits: [String: [String: ControlLimit]] = [:]
        var bounds: [String: [String: ControlLimits.Limits]] = [:]
        var alarms: [MonitoringAlarm] = []
        let metricNames = MetricRegistry.names(for: input.task)
        func value(_ window: MonitoringWindow, _ model: String, _ metric: String) -> ControlLimits.Value {
            let m = window.metrics[model]?[metric]
            return ControlLimits.Value(value: m?.value, lower: m?.lower, upper: m?.upper)
        }
        for model in models {
            for metric in metricNames {
                let values = windows[reference].map { value($0, model, metric) }
                guard let found = ControlLimits.limits(values, confidence: settings.confidence) else { continue }
                bounds[model, default: [:]][metric] = found
                limits[model, default: [:]][metric] = ControlLimit(
                    center: found.center, sigma: found.sigma, lower: found.lower, upper: found.upper,
                    windows: found.windows, higherIsBetter: MetricRegistry.higherIsBetter(metric) ?? true,
                    spread: found.spread, standardError: found.standardError)
            }
        }
        for window in windows where !reference.contains(window.index) {
            for model in models {
                for metric in metricNames {
                    guard let found = bounds[model]?[metric],
                        let side = ControlLimits.alarm(value(window, model, metric), limits: found),
                        let v = window.metrics[model]?[metric]?.value
                    else { continue }
                    alarms.append(
                        MonitoringAlarm(
                            window: window.index, model: model, metric: metric, value: v, side: side.rawValue,
                            worse: MetricRegistry.higherIsBetter(metric).map { (side == .below) == $0 } ?? false))
                }
            }
        }
        return MonitoringResults(
            window: settings.window?.name ?? "rows",
            rowsPerWindow: { if case .rows(let n) = settings.window { return n } else { return nil } }(),
            timestamp: settings.timestamp,
            reference: MonitoringStage.reference(plan),
            windows: windows, controlLimits: limits, alarms: alarms)
    }

    /// The label's and each model's prediction distribution over `rows` (evaluation order
    /// indices): binary positive rates and mean scores, regression means, multiclass label shares.
    /// A window's label and prediction distributions.
    struct WindowDistributions: Sendable {
        var label: DistributionSummary?
        var predictions: [String: DistributionSummary]
    }

    /// Each window's label distribution and each model's prediction distribution (a binary
    /// model's mean score and share at or above the threshold, a regression's mean, a multiclass
    /// model's predicted-class shares), in one pass over the rows in evaluation order: none of
    /// them depends on the order within a window, and a pass in time order was a cache miss per
    /// row and column. `nil` distributions for a gap.
    static func windowDistributions(_ plan: Plan, input: EvaluationInput, settings: BuildSettings) -> [WindowDistributions] {
        let windows = plan.windows.windows.count, models = settings.scores.count
        let codes = plan.spec.grouping.codes
        let classes = input.task == .multiclass ? input.classNames.count : 0
        var rows = [Int](repeating: 0, count: windows)
        // Per window: the label's sum (1s of a binary label, values of a regression's) or class
        // counts; per model and window: the prediction's sum and count at or above the threshold,
        // or predicted-class counts.
        var labelSum = [Double](repeating: 0, count: windows)
        var labelClasses = [Int](repeating: 0, count: windows * classes)
        var predictionSum = [Double](repeating: 0, count: windows * models)
        var above = [Int](repeating: 0, count: windows * models)
        var predictedClasses = [Int](repeating: 0, count: windows * models * classes)
        let decisions = classes > 0 ? (0..<models).map { MonitoringStage.predictedClasses($0, input: input) } : []
        for row in codes.indices where codes[row] != Grouping.none {
            let w = Int(codes[row])
            rows[w] += 1
            switch input.task {
            case .binary:
                labelSum[w] += Double(input.labels[row])
                for m in 0..<models {
                    let score = input.scores[m][row]
                    predictionSum[w * models + m] += score
                    if score >= settings.threshold { above[w * models + m] += 1 }
                }
            case .regression:
                labelSum[w] += input.targets[row]
                for m in 0..<models { predictionSum[w * models + m] += input.scores[m][row] }
            case .multiclass:
                let label = input.classLabels[row]
                if label >= 0 { labelClasses[w * classes + Int(label)] += 1 }
                for m in 0..<models {
                    let c = decisions[m][row]
                    if c >= 0 { predictedClasses[(w * models + m) * classes + Int(c)] += 1 }
                }
            }
        }
        return (0..<windows).map { w in
            guard rows[w] > 0 else { return WindowDistributions(label: nil, predictions: [:]) }
            let count = rows[w], n = Double(rows[w])
            func shares(_ counts: ArraySlice<Int>) -> [String: Double] {
                var shares: [String: Double] = [:]
                for (c, name) in input.classNames.enumerated() { shares[name] = Double(counts[counts.startIndex + c]) / n }
                return shares
            }
            var predictions: [String: DistributionSummary] = [:]
            for (m, score) in settings.scores.enumerated() {
                let i = w * models + m
                switch input.task {
                case .binary:
                    predictions[score.name] = DistributionSummary(
                        count: count, mean: predictionSum[i] / n, positiveRate: Double(above[i]) / n)
                case .regression: predictions[score.name] = DistributionSummary(count: count, mean: predictionSum[i] / n)
                case .multiclass:
                    predictions[score.name] = DistributionSummary(
                        count: count, classShares: shares(predictedClasses[(i * classes)..<((i + 1) * classes)]))
                }
            }
            let label: DistributionSummary
            switch input.task {
            case .binary: label = DistributionSummary(count: count, positiveRate: labelSum[w] / n)
            case .regression: label = DistributionSummary(count: count, mean: labelSum[w] / n)
            case .multiclass:
                label = DistributionSummary(count: count, classShares: shares(labelClasses[(w * classes)..<((w + 1) * classes)]))
            }
            return WindowDistributions(label: label, predictions: predictions)
        }
    }

    /// Per window: each numeric feature's, the label's and each model's prediction's drift from
    /// the rows of the reference windows to the window's rows (the distances of `drift`, binned
    /// at the reference's deciles), with the verdict by the default thresholds. Empty for a gap.
    /// Without `predictions`, the predictions are left to the task evaluator (`predictionDrift`).
    static func windowDrift(
        _ plan: Plan, input: EvaluationInput?, settings: BuildSettings, predictions: Bool = true
    ) -> [[WindowDrift]] {
        let cuts = plan.windows.windows
        var columns: [(name: String, role: String, model: String?, values: [Double])] = []
        for (f, name) in plan.featureNames.enumerated() { columns.append((name, "feature", nil, plan.features[f])) }
        if let input {
            switch input.task {
            case .binary: columns.append((settings.label, "label", nil, input.labels.map { Double($0) }))
            case .regression: columns.append((settings.label, "label", nil, input.targets))
            case .multiclass: columns.append((settings.label, "label", nil, input.classLabels.map { Double($0) }))
            }
        }
        if let input, input.task != .multiclass, predictions {
            for (m, score) in settings.scores.enumerated() {
                columns.append((score.column, "prediction", score.name, input.scores[m]))
            }
        }
        let codes = plan.spec.grouping.codes
        let referenceWindows = plan.reference.first...plan.reference.last
        let perColumn = Parallel.map(columns) { column -> [WindowDrift?] in
            var values = column.values
            var windowOfRow = codes
            var reference = referenceWindows
            if let file = plan.referenceFile {
                // The reference file's values as one more window, the reference: the same one pass.
                guard let sample = file.numeric[key(column: column.name, role: column.role, model: column.model)] else {
                    return cuts.map { _ in nil }
                }
                values += sample.values + [Double](repeating: .nan, count: sample.missingCount)
                windowOfRow += [UInt32](repeating: UInt32(cuts.count), count: sample.values.count + sample.missingCount)
                reference = cuts.count...cuts.count
            }
            let distances = WindowDistances.numeric(
                values, windowOfRow: windowOfRow, windowCount: cuts.count + (plan.referenceFile == nil ? 0 : 1),
                reference: reference
            ).prefix(cuts.count)
            return distances.map { $0.map { drift($0, column: column.name, role: column.role, model: column.model) } }
        }
        return cuts.indices.map { w in perColumn.compactMap { $0[w] } }
    }

    /// One window's drift of a column, with the verdict by the default thresholds.
    static func drift(_ d: DriftDistances, column: String, role: String, model: String?) -> WindowDrift {
        let verdict = DriftStage.verdict(column: column, d, thresholds: .defaults)
        return WindowDrift(
            column: column, role: role, model: model, psi: d.populationStabilityIndex,
            jsDistance: d.jensenShannonDistance, hellinger: d.hellingerDistance,
            ks: d.kolmogorovSmirnov?.statistic, status: verdict.status)
    }

    /// A binary model's prediction drift per window (as `windowDrift` measures it), from the rows
    /// its evaluation sorted by score: `sorted.groups[windowsAt]` are the windows' codes there.
    static func predictionDrift(
        _ sorted: SortedRows, windowsAt: Int, plan: Plan, column: String, model: String
    ) -> [WindowDrift?] {
        WindowDistances.numeric(
            sortedKeys: sorted.keys, windowOfKey: sorted.groups[windowsAt], windowCount: plan.windows.windows.count,
            reference: plan.reference.first...plan.reference.last
        ).map { $0.map { drift($0, column: column, role: "prediction", model: model) } }
    }
}
