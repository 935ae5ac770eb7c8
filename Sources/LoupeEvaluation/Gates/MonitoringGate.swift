import LoupeResults

/// Gates on monitoring (`--window`), judged on `Results.monitoring` and `Results.detectors`:
///
///     alarms OP N [for MODEL]
///     drifts OP N [for DETECTOR] [in last K windows]
///     OP     ==  <=  <  >=  >
///
/// `alarms` counts the windows × metrics outside their control limits (of one model with
/// `for MODEL`); `drifts` counts the detectors' drift points (of one detector with
/// `for DETECTOR`), only those in the last K windows with `in last K windows`. E.g.
/// `--gate "alarms == 0"`, `--gate "drifts == 0 in last 4 windows"`.
public enum MonitoringGate {
    /// The `MODEL:` a parsed monitoring gate carries, so it cannot be taken for a model's gate.
    public static let prefix = "monitor"
    public static let metrics = ["alarms", "drifts"]

    public static func isMonitoringGate(_ gate: Gate) -> Bool {
        gate.model == prefix && metrics.contains(gate.metric)
    }

    /// The gate when `text` starts with `alarms` or `drifts` followed by a space or an operator;
    /// `nil` for any other gate (a metric gate parses it).
    static func parse(_ text: String) throws -> Gate? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return nil }
        let metric = metrics.first {
            first == $0 || (first.hasPrefix($0) && "<>=".contains(first.dropFirst($0.count).first ?? " "))
        }
        guard let metric else { return nil }
        func fail(_ message: String) -> LoupeError {
            .usage(
                "gate '\(text)': \(message); expected '\(metric) OP N\(metric == "alarms" ? " [for MODEL]" : " [for DETECTOR] [in last K windows]")' with OP one of ==, <=, <, >=, >"
            )
        }
        // Re-split with the operator as its own word: `alarms==0`, `alarms <= 2`.
        var rest = String(text.dropFirst(metric.count)).trimmingSpaces
        guard let op = ["==", "<=", ">=", "<", ">"].first(where: { rest.hasPrefix($0) }),
            let comparison = Gate.Comparison(rawValue: op)
        else { throw fail("expected a comparison after '\(metric)'") }
        rest = String(rest.dropFirst(op.count)).trimmingSpaces
        var tail = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let number = tail.first.flatMap(Int.init), number >= 0 else {
            throw fail("expected a whole number of \(metric) after '\(op)'")
        }
        tail.removeFirst()
        var target: String?
        var last: Int?
        while !tail.isEmpty {
            if tail[0] == "for", tail.count >= 2, target == nil {
                target = tail[1]
                tail.removeFirst(2)
            } else if metric == "drifts", tail.count >= 4, tail[0] == "in", tail[1] == "last",
                tail[3] == "windows" || tail[3] == "window",
                let k = Int(tail[2]), k >= 1, last == nil
            {
                last = k
                tail.removeFirst(4)
            } else {
                throw fail("unexpected '\(tail.joined(separator: " "))'")
            }
        }
        var gate = Gate(
            text: text, model: prefix, metric: metric, comparison: comparison, bound: .number(Double(number)),
            boundText: String(number), slice: target.map { SliceRequest(parts: [.init(column: $0)]) })
        gate.lastWindows = last
        return gate
    }

    /// The gate's one result.
    static func evaluate(_ gate: Gate, results: Results) -> GateResult {
        guard case .number(let bound) = gate.bound else { preconditionFailure("a monitoring gate's bound is a number") }
        let target = gate.slice?.columns.first
        var name = "\(gate.metric) \(gate.comparison.rawValue) \(gate.boundText)"
        if let target { name += " for \(target)" }
        if let k = gate.lastWindows { name += " in last \(k) window\(k == 1 ? "" : "s")" }
        func result(_ value: Double?, _ passed: Bool, _ message: String) -> GateResult {
            GateResult(
                name: name, passed: passed, model: target ?? prefix, metric: gate.metric, comparison: gate.comparison.rawValue,
                value: value, bound: bound, boundExpression: gate.boundText, message: message)
        }
        guard let monitoring = results.monitoring else {
            return result(nil, false, "the results have no monitoring (build with --window) — failed")
        }
        let count: Int
        let what: String
        if gate.metric == "alarms" {
            if let target, !results.models.contains(target) {
                return result(nil, false, "'\(target)' is not one of the models — failed")
            }
            count = monitoring.alarms.filter { target == nil || $0.model == target }.count
            what = "window metrics outside their control limits" + (target.map { " for \($0)" } ?? "")
        } else {
            let detectors = (results.detectors ?? []).filter { target == nil || $0.name == target }
            if let target, detectors.isEmpty { return result(nil, false, "no detector '\(target)' ran — failed") }
            let from = gate.lastWindows.map { monitoring.windows.count - $0 } ?? Int.min
            count = detectors.reduce(0) { sum, detector in
                sum + detector.drifts.filter { ($0.window ?? Int.max) >= from }.count
            }
            what =
                "detector drifts" + (target.map { " of \($0)" } ?? "")
                + (gate.lastWindows.map { " in the last \($0) window\($0 == 1 ? "" : "s")" } ?? "")
        }
        let value = Double(count)
        let passed = gate.comparison.holds(value, bound)
        let relation = passed ? gate.comparison.rawValue : gate.comparison.negation
        return result(value, passed, "\(count) \(what), \(relation) \(gate.boundText)" + (passed ? "" : " — failed"))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
