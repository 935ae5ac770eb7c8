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

    /// Every request's run, per model for the row and score streams, once for the features.
    /// `features` are the numeric feature columns over the evaluated rows, in evaluation order;
    /// `input` is `nil` in a data-only build (the feature detectors alone).
    static func run(
        _ plan: MonitoringStage.Plan, input: EvaluationInput?, settings: BuildSettings, features: [[Double]]
    ) -> [DetectorResult] {
        let order = plan.windows.order
        let models = settings.scores.map(\.name)
        var results: [DetectorResult] = []
        for request in requests(settings, task: input?.task) {
            let configuration = effective(request, settings: settings)
            let parameters = Dictionary(uniqueKeysWithValues: configuration.settings.map { ($0.name, json($0.value)) })
            let stream = request.kind.stream
            if stream == .features {
                let windows = plan.windows.windows.map { cut in
                    features.map { column in cut.positions.map { column[order[$0]] } }
                }
                let signals = configuration.run(.featureWindows(windows)) ?? DetectorSignals()
                results.append(
                    DetectorResult(
                        name: request.kind.rawValue, parameters: parameters, stream: stream.rawValue, model: nil,
                        length: windows.count, drifts: signals.drifts.map { DetectorPoint(window: $0) },
                        warnings: signals.warnings.map { DetectorPoint(window: $0) }))
                continue
            }
            for (m, model) in models.enumerated() {
                guard let input else { break }
                let streamed: DetectorInput
                var length = order.count
                switch stream {
                case .error, .residual:
                    streamed = .values(
                        input.task == .regression && stream == .residual
                            ? residuals(m, of: input, order: order) : errors(m, of: input, order: order, settings: settings))
                case .confusion:
                    let scores = input.scores[m]
                    streamed = .confusion(
                        labels: order.map { input.labels[$0] == 1 },
                        predictions: order.map { scores[$0] >= settings.threshold })
                case .margin:
                    let scores = input.scores[m]
                    let windows = plan.windows.windows.map { cut in cut.positions.map { scores[order[$0]] } }
                    length = windows.count
                    streamed = .scoreWindows(windows)
                case .features: continue
                }
                let signals = configuration.run(streamed) ?? DetectorSignals()
                let point: (Int) -> DetectorPoint =
                    stream == .margin
                    ? { DetectorPoint(window: $0) } : { DetectorStage.point(position: $0, plan: plan) }
                results.append(
                    DetectorResult(
                        name: request.kind.rawValue, parameters: parameters, stream: stream.rawValue, model: model,
                        length: length, drifts: signals.drifts.map(point), warnings: signals.warnings.map(point)))
            }
        }
        return results
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
    static func point(position: Int, plan: MonitoringStage.Plan) -> DetectorPoint {
        let time = plan.times.map { $0[plan.windows.order[position]] }
        return DetectorPoint(
            index: position, timestamp: time.flatMap { $0.isFinite ? TimeWindows.instantText($0) : nil },
            window: plan.windows.window(ofPosition: position))
    }

    /// 1 where model `m` is wrong: a binary score on the wrong side of the threshold, a
    /// multiclass argmax (lowest class on ties) other than the label; in time order.
    static func errors(_ m: Int, of input: EvaluationInput, order: [Int], settings: BuildSettings) -> [Double] {
        switch input.task {
        case .binary:
            let scores = input.scores[m]
            return order.map { row in (scores[row] >= settings.threshold) == (input.labels[row] == 1) ? 0 : 1 }
        case .multiclass:
            let k = input.classNames.count
            switch input.classPredictions[m] {
            case .classes(let predicted):
                return order.map { predicted[$0] == input.classLabels[$0] ? 0 : 1 }
            case .probabilities(let p):
                return order.map { row in
                    var best = 0
                    for c in 1..<max(k, 1) where p[row * k + c] > p[row * k + best] { best = c }
                    return Int32(best) == input.classLabels[row] ? 0 : 1
                }
            }
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
