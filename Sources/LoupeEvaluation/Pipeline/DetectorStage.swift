import LoupeMetrics
import LoupeResults

/// The streaming drift detectors (`--detector`, or the task's default set with `--window`) over
/// the evaluated rows in time order (ties by row order): each model's 0/1 error stream
/// (misclassified at the threshold, or by argmax), residual stream (label − prediction of a
/// regression; the error stream of a classifier), (label, prediction) pairs of a binary
/// classifier, and per window its scores (MD3) and the numeric feature columns (HDDDM).
enum DetectorStage {
    /// The requests that run: those given, else the task's default set.
    static func requests(_ settings: BuildSettings, task: ModelTask?) -> [DetectorRequest] {
        settings.detectors ?? DetectorRequest.defaultSet(for: task)
    }

    /// Every request's run, per model but the baseline for the row and score streams, once for the features.
    /// `features` are the numeric feature columns over the evaluated rows, in evaluation order;
    /// `input` is `nil` in a data-only build (the feature detectors alone). Each stream is built
    /// once per model and shared by the detectors that watch it; the detectors are independent of
    /// each other and run on all cores, results in request order.
    static func run(
        _ plan: MonitoringStage.Plan, input: EvaluationInput?, settings: BuildSettings, features: [[Double]]
    ) -> [DetectorResult] {
        let order = plan.windows.order
        let models = settings.scores.map(\.name)
        // Every model but the baseline: a benchmark is there to compare with, not to watch, and
        // watching it would double the detectors' time and the page's marks.
        let watched = input == nil ? [] : models.indices.filter { models[$0] != settings.baseline }
        let requests = requests(settings, task: input?.task)
        let streams = Set(requests.map(\.kind.stream))
        // The inputs, per model: the error (or residual) values, the confusion pairs, the score
        // windows; and the feature windows once.
        let needed: [(stream: DetectorStream, model: Int)] =
            [DetectorStream.error, .confusion, .margin].filter { kind in
                streams.contains(kind) || (kind == .error && streams.contains(.residual))
            }.flatMap { kind in watched.map { (kind, $0) } }
            + (streams.contains(.features) ? [(DetectorStream.features, -1)] : [])
        let windows = plan.windows.windows
        let binary = input?.task == .binary && !models.isEmpty
        let threshold = settings.threshold
        let built = Parallel.map(needed.map { DetectorStreamKey(stream: $0.stream, model: $0.model) }) { key -> DetectorInput in
            let m = key.model
            switch key.stream {
            case .error, .residual:
                return .values(input.map { errors(m, of: $0, order: order, settings: settings) } ?? [])
            case .confusion:
                guard binary, let input else { return .confusion(labels: [], predictions: []) }
                let scores = input.scores[m]
                return .confusion(
                    labels: order.map { input.labels[$0] == 1 }, predictions: order.map { scores[$0] >= threshold })
            case .margin:
                guard binary, let input else { return .scoreWindows([]) }
                return .scoreWindows(byWindow(input.scores[m], plan: plan))
            case .features:
                let perFeature = features.map { byWindow($0, plan: plan) }
                return .featureWindows(windows.indices.map { w in perFeature.map { $0[w] } })
            }
        }
        var inputs: [DetectorStreamKey: DetectorInput] = [:]
        for (key, value) in zip(needed, built) { inputs[DetectorStreamKey(stream: key.stream, model: key.model)] = value }
        var jobs: [(request: Int, model: Int)] = []
        for (r, request) in requests.enumerated() {
            if request.kind.stream == .features {
                jobs.append((r, -1))
            } else {
                jobs.append(contentsOf: watched.map { (r, $0) })
            }
        }
        let finished = inputs
        return Parallel.map(jobs.map { DetectorJob(request: $0.request, model: $0.model) }) { job -> DetectorResult in
            let request = requests[job.request]
            let configuration = effective(request, settings: settings)
            let parameters = Dictionary(uniqueKeysWithValues: configuration.settings.map { ($0.name, json($0.value)) })
            let stream = request.kind.stream
            let key = DetectorStreamKey(stream: stream == .residual ? .error : stream, model: job.model)
            guard let streamed = finished[key] else { preconditionFailure("no \(stream) stream built") }
            let signals = configuration.run(streamed) ?? DetectorSignals()
            let byWindow = stream == .features || stream == .margin
            let point: (Int) -> DetectorPoint =
                byWindow ? { DetectorPoint(window: $0) } : { DetectorStage.point(position: $0, plan: plan) }
            return DetectorResult(
                name: request.kind.rawValue, parameters: parameters, stream: stream.rawValue,
                model: job.model < 0 ? nil : models[job.model], length: byWindow ? windows.count : order.count,
                drifts: signals.drifts.map(point),
                warnings: byWindow
                    ? signals.warnings.map(point)
                    : signals.warningRuns.map { run in
                        // A run of warning rows is one point, the first row's, with the run's
                        // last position: a point per row made results.json grow with the rows
                        // (LFR's default level flags about one row in twenty on a stable stream).
                        DetectorStage.point(
                            position: run.lowerBound, plan: plan, lastIndex: run.count > 1 ? run.upperBound : nil)
                    })
        }
    }

    /// `column` (over the evaluated rows, in evaluation order) split by window, each window's
    /// values in row order. The window-based detectors (HDDDM's histograms, MD3's margin share)
    /// do not depend on the order within a window, so one sequential pass replaces a gather in
    /// time order, which is a cache miss per row.
    static func byWindow(_ column: [Double], plan: MonitoringStage.Plan) -> [[Double]] {
        var split = plan.windows.windows.map { cut -> [Double] in
            var values: [Double] = []
            values.reserveCapacity(cut.positions.count)
            return values
        }
        let codes = plan.spec.grouping.codes
        for (row, x) in column.enumerated() where codes[row] != Grouping.none { split[Int(codes[row])].append(x) }
        return split
    }

    /// MD3's `threshold` follows `--threshold` unless given.
    static func effective(_ request: DetectorRequest, settings: BuildSettings) -> DriftDetectorConfiguration {
        guard request.kind == .md3, !request.given.contains(where: { $0.hasPrefix("threshold=") }) else {
            return request.configuration
        }
        var pairs: [(name: String, value: String)] = [("threshold", String(settings.threshold))]
        for text in request.given {
            let pair = text.split(separator: "=", maxSplits: 1).map(String.init)
            pairs.append((pair[0], pair[1]))
        }
        return (try? request.kind.configure(pairs)) ?? request.configuration
    }

    /// A row position in time order with its timestamp and window.
    static func point(position: Int, plan: MonitoringStage.Plan, lastIndex: Int? = nil) -> DetectorPoint {
        let time = plan.times.map { $0[plan.windows.order[position]] }
        return DetectorPoint(
            index: position, timestamp: time.flatMap { $0.isFinite ? TimeWindows.instantText($0) : nil },
            window: plan.windows.window(ofPosition: position), lastIndex: lastIndex)
    }

    /// 1 for a binary score on the wrong side of the threshold, else 0.
    static func error(score: Double, label: UInt8, threshold: Double) -> Double {
        (score >= threshold) == (label == 1) ? 0 : 1
    }

    /// 1 where model `m` is wrong: a binary score on the wrong side of the threshold, a
    /// multiclass argmax (lowest class on ties) other than the label; in time order.
    static func errors(_ m: Int, of input: EvaluationInput, order: [Int], settings: BuildSettings) -> [Double] {
        switch input.task {
        case .binary:
            // Each row's error in row order first (one sequential pass), then gathered in time
            // order from that byte per row: the gather's random reads stay within a cache-sized
            // array instead of missing in the scores and the labels for every row.
            let scores = input.scores[m], threshold = settings.threshold
            let wrong = zip(scores, input.labels).map { UInt8(error(score: $0, label: $1, threshold: threshold)) }
            return wrong.withUnsafeBufferPointer { wrong in order.map { Double(wrong[$0]) } }
        case .multiclass:
            let wrong = zip(MonitoringStage.predictedClasses(m, input: input), input.classLabels).map { UInt8($0 == $1 ? 0 : 1) }
            return wrong.withUnsafeBufferPointer { wrong in order.map { Double(wrong[$0]) } }
        case .regression:
            return residuals(m, of: input, order: order)
        }
    }

    /// Label − prediction of a regression, in time order.
    static func residuals(_ m: Int, of input: EvaluationInput, order: [Int]) -> [Double] {
        let predictions = input.scores[m]
        return order.map { input.targets[$0] - predictions[$0] }
    }

    static func json(_ value: DetectorParameterValue) -> DetectorParameter {
        switch value {
        case .integer(let n): return .number(Double(n))
        case .real(let x): return .number(x)
        case .flag(let b): return .flag(b)
        case .choice(let text): return .text(text)
        }
    }
}

/// One stream's input for the detectors: the stream and the model (-1 for the features).
private struct DetectorStreamKey: Hashable, Sendable {
    var stream: DetectorStream
    var model: Int
}

/// One detector run: the request's index and the model's (-1 for the features).
private struct DetectorJob: Sendable {
    var request: Int
    var model: Int
}
