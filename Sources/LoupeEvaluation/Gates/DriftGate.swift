import LoupeMarkup
import LoupeResults

/// Gates on the data's drift: `drift:METRIC OP NUMBER [for COLUMN]`, e.g.
/// `drift:psi <= 0.2 for income`. Judged on `Results.drift`: on the one column named, or on
/// every compared column (features, the label, predictions) to which the metric applies.
///
/// Metrics: `psi`, `ks` (statistic), `ks_p_value`, `wasserstein`, `normalized_wasserstein`,
/// `js_distance`, `hellinger`, `chi_square` (statistic), `chi_square_p_value`, `l_infinity`.
/// `ks`, `ks_p_value` and both Wasserstein distances are numeric only, `l_infinity` categorical only.
public enum DriftGate {
    /// The gate's `MODEL:` prefix that makes it a data check.
    public static let prefix = "drift"

    public static let metrics = [
        "psi", "ks", "ks_p_value", "wasserstein", "normalized_wasserstein", "js_distance", "hellinger", "chi_square",
        "chi_square_p_value", "l_infinity",
    ]

    /// Whether `gate` is a drift gate (`drift:` and one of `metrics`).
    public static func isDriftGate(_ gate: Gate) -> Bool {
        gate.model == prefix && metrics.contains(gate.metric)
    }

    /// The checks parsing cannot make: a number as bound, one plain column, no class or significance.
    static func check(_ gate: Gate) throws {
        func fail(_ column: Int, _ message: String) -> LoupeError { .usage("gate '\(gate.text)': column \(column): \(message)") }
        guard case .number = gate.bound else {
            throw fail(gate.metricPosition, "a drift gate's bound is a number (there is no baseline or previous distance)")
        }
        if gate.className != nil { throw fail(gate.classPosition ?? gate.metricPosition, "a drift gate has no class") }
        if gate.requiresSignificance {
            throw fail(gate.metricPosition, "'if significant' does not apply to a drift gate; gate on ks_p_value instead")
        }
        if let slice = gate.slice, slice.parts.count != 1 || slice.parts[0].value != nil {
            throw fail(gate.slicePosition ?? 1, "a drift gate names one column ('for income')")
        }
    }

    /// Whether a metric applies to a column of `kind`.
    static func applies(_ metric: String, kind: String) -> Bool {
        switch metric {
        case "ks", "ks_p_value", "wasserstein", "normalized_wasserstein": return kind == "numeric"
        case "l_infinity": return kind == "categorical"
        default: return true
        }
    }

    static func value(_ metric: String, of drift: ColumnDrift) -> Double? {
        switch metric {
        case "psi": return drift.psi
        case "ks": return drift.ks?.statistic
        case "ks_p_value": return drift.ks?.pValue
        case "wasserstein": return drift.wasserstein
        case "normalized_wasserstein": return drift.normalizedWasserstein
        case "js_distance": return drift.jsDistance
        case "hellinger": return drift.hellinger
        case "chi_square": return drift.chiSquare?.statistic
        case "chi_square_p_value": return drift.chiSquare?.pValue
        case "l_infinity": return drift.lInfinity
        default: return nil
        }
    }

    /// One result per column judged; a column the results do not compare fails the gate.
    static func evaluate(_ gate: Gate, results: Results) -> [GateResult] {
        guard case .number(let bound) = gate.bound else { return [] }
        let drift = results.drift ?? []
        func result(_ column: String, value: Double?, passed: Bool, message: String) -> GateResult {
            GateResult(
                name: "\(prefix):\(gate.metric) \(gate.comparison.rawValue) \(gate.boundText) for \(column)", passed: passed,
                model: prefix, metric: gate.metric, comparison: gate.comparison.rawValue, value: value, bound: bound,
                boundExpression: gate.boundText, message: message)
        }
        let targets: [String]
        if let column = gate.slice?.columns.first {
            targets = [column]
        } else {
            targets = drift.filter { applies(gate.metric, kind: $0.kind) }.map(\.column)
        }
        if targets.isEmpty {
            return [
                GateResult(
                    name: gate.text, passed: false, model: prefix, metric: gate.metric, comparison: gate.comparison.rawValue,
                    value: nil, bound: bound, boundExpression: gate.boundText,
                    message: "no column has \(gate.metric) (the results compare no data with a reference) — failed")
            ]
        }
        return targets.map { column in
            guard let found = drift.first(where: { $0.column == column }) else {
                return result(
                    column, value: nil, passed: false,
                    message:
                        "'\(column)' was not compared with the reference (absent from one of them, or of another kind) — failed")
            }
            guard let value = value(gate.metric, of: found) else {
                let why = applies(gate.metric, kind: found.kind) ? "is undefined" : "does not apply to a \(found.kind) column"
                return result(column, value: nil, passed: false, message: "\(gate.metric) of '\(column)' \(why) — failed")
            }
            let passed = gate.comparison.holds(value, bound)
            let text = GateEvaluator.text(value, beside: bound)
            let message =
                passed
                ? "\(gate.metric) of '\(column)' is \(text), \(gate.comparison.rawValue) \(gate.boundText)"
                : "\(gate.metric) of '\(column)' is \(text), \(gate.comparison.negation) \(gate.boundText) — failed"
            return result(column, value: value, passed: passed, message: message)
        }
    }
}
