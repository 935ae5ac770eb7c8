import LoupeMarkup
import LoupeResults

/// Judges gates on finished results: one `GateResult` per gate, per model it applies to, per
/// set of rows (all rows, or each slice of the gate's `for SPEC`).
///
/// A gate fails, with a message saying why, when its value cannot be judged: the metric was not
/// computed or is undefined (`null`), the slice is missing or too small, the baseline's or the
/// previous run's value is missing. With `if significant` a gate that fails on the point
/// estimates passes unless the interval excludes the bound: for a baseline bound the paired
/// difference's interval from `results.comparisons` (the metric's own interval when there is no
/// comparison, which the message says), otherwise the metric's own interval.
public enum GateEvaluator {
    public static func evaluate(_ gates: [Gate], results: Results) -> [GateResult] {
        gates.flatMap { gate in
            if DriftGate.isDriftGate(gate) { return DriftGate.evaluate(gate, results: results) }
            if MonitoringGate.isMonitoringGate(gate) { return [MonitoringGate.evaluate(gate, results: results)] }
            return models(for: gate, in: results).flatMap { model in
                targets(for: gate, in: results).map { target in
                    Judgement(gate: gate, model: model, target: target, results: results).result()
                }
            }
        }
    }

    /// The named model, or every model but the baseline.
    static func models(for gate: Gate, in results: Results) -> [String] {
        if let model = gate.model { return [model] }
        return results.models.filter { $0 != results.baseline }
    }

    /// The rows a gate is judged on: all of them, or each slice of its spec (one `missing`
    /// target when the spec has no slices, so the gate still fails visibly).
    enum Target {
        case overall
        case slice(SliceResult)
        case missing(SliceRequest)
        /// A fairness summary metric of one attribute (`race`, `sex × race`); for a multiclass
        /// model, of one class.
        case fairnessSummary(attribute: String, className: String?)
        /// A fairness rate of one group of an attribute; for a multiclass model, a class's
        /// one-vs-rest rate (`className`) or the group's accuracy (`nil`).
        case fairnessGroup(attribute: String, className: String?, group: String)
        /// The results have no fairness analysis of this attribute (or of any, when nil).
        case missingFairness(attribute: String?)
    }

    static func targets(for gate: Gate, in results: Results) -> [Target] {
        if gate.isFairnessGate { return fairnessTargets(for: gate, in: results) }
        guard let request = gate.slice else { return [.overall] }
        let slices = results.slices.filter { slice in
            slice.spec == request.columns
                && request.parts.allSatisfy { part in part.value.map { slice.key[part.column] == $0 } ?? true }
        }
        return slices.isEmpty ? [.missing(request)] : slices.map(Target.slice)
    }

    /// A fairness gate's targets: each named attribute (every attribute of the results when the
    /// gate names none), and for a rate each group of it, in the results' order.
    static func fairnessTargets(for gate: Gate, in results: Results) -> [Target] {
        var attributes: [String] = []
        for result in results.fairness where !attributes.contains(result.attribute) { attributes.append(result.attribute) }
        if let columns = gate.fairness {
            let name = columns.joined(separator: " × ")
            guard attributes.contains(name) else { return [.missingFairness(attribute: name)] }
            attributes = [name]
        }
        guard !attributes.isEmpty else { return [.missingFairness(attribute: nil)] }
        let rate = FairnessGateMetrics.rates.contains(gate.metric)
        return attributes.flatMap { attribute -> [Target] in
            let analysis = results.fairness.first { $0.attribute == attribute }
            if let analysis, analysis.isMulticlass {
                // A multiclass model: every class (and group), one result each; accuracy per group.
                // `tpr[fox]`: that class only.
                let classes = (analysis.classes ?? []).map(\.className).filter { gate.className == nil || $0 == gate.className }
                if classes.isEmpty { return [.missingFairness(attribute: attribute)] }
                let groups = (analysis.accuracy ?? []).map(\.group)
                if !rate { return classes.map { .fairnessSummary(attribute: attribute, className: $0) } }
                if gate.metric == "accuracy" {
                    return groups.map { .fairnessGroup(attribute: attribute, className: nil, group: $0) }
                }
                return classes.flatMap { c in groups.map { .fairnessGroup(attribute: attribute, className: c, group: $0) } }
            }
            guard rate else { return [.fairnessSummary(attribute: attribute, className: nil)] }
            let groups =
                results.fairness.first { $0.attribute == attribute }
                .flatMap { decisionThreshold(of: $0, in: results) }?.groups.map(\.group) ?? []
            return groups.isEmpty
                ? [.missingFairness(attribute: attribute)]
                : groups.map { .fairnessGroup(attribute: attribute, className: nil, group: $0) }
        }
    }

    /// A fairness result's rates at the results' decision threshold.
    static func decisionThreshold(of fairness: FairnessResult, in results: Results) -> FairnessThreshold? {
        fairness.thresholds.first { ($0.threshold - results.threshold).magnitude < 1e-12 }
    }

    /// `race = African-American` or `sex = F, race = Other`, columns in spec order.
    static func label(of slice: SliceResult) -> String {
        slice.spec.map { "\($0) = \(slice.key[$0] ?? "(missing)")" }.joined(separator: ", ")
    }

    /// A number from the gate's text as the user wrote it: `0.05`, `1.02`, `3`.
    static func plain(_ x: Double) -> String {
        let text = "\(x)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Numbers in messages: three decimals, more when two different numbers would read the same.
    static func text(_ x: Double, beside other: Double? = nil) -> String {
        var digits = x.magnitude >= 1000 ? 1 : 3
        while let other, other != x, digits < 9,
            NumberFormat.decimal(x, digits: digits) == NumberFormat.decimal(other, digits: digits)
        {
            digits += 1
        }
        return NumberFormat.decimal(x, digits: digits)
    }
}

/// One gate on one model and one set of rows.
private struct Judgement {
    let gate: Gate
    let model: String
    let target: GateEvaluator.Target
    let results: Results

    var spec: [String]? {
        switch target {
        case .overall, .fairnessSummary, .fairnessGroup, .missingFairness: return nil
        case .slice(let slice): return slice.spec
        case .missing(let request): return request.columns
        }
    }

    /// The fairness attribute a fairness gate was judged on.
    var attribute: String? {
        switch target {
        case .fairnessSummary(let attribute, _), .fairnessGroup(let attribute, _, _): return attribute
        case .missingFairness(let attribute): return attribute
        default: return nil
        }
    }

    /// `, class fox` after a multiclass fairness gate's rows, unless the gate names its class
    /// (`tpr[fox]`) already.
    func classSuffix(_ className: String?) -> String {
        guard gate.className == nil, let className else { return "" }
        return ", class \(className)"
    }

    /// The class a multiclass model's fairness gate was judged on (one result per class).
    var fairnessClass: String? {
        switch target {
        case .fairnessSummary(_, let className), .fairnessGroup(_, let className, _): return className
        default: return nil
        }
    }

    var group: String? {
        if case .fairnessGroup(_, _, let group) = target { return group }
        return nil
    }

    var key: [String: String]? {
        if case .slice(let slice) = target { return slice.key }
        return nil
    }

    /// The rows as the gate's name and messages say them after `for`.
    var sliceLabel: String? {
        switch target {
        case .overall: return nil
        case .slice(let slice): return GateEvaluator.label(of: slice)
        case .missing(let request): return request.flagText
        case .fairnessSummary(let attribute, let className):
            return "fairness \(attribute)" + classSuffix(className)
        case .fairnessGroup(let attribute, let className, let group):
            return "fairness \(attribute) = \(group)" + classSuffix(className)
        case .missingFairness(let attribute): return attribute.map { "fairness \($0)" } ?? "fairness"
        }
    }

    /// ` for race = Caucasian`, or nothing for all rows.
    var rowsPhrase: String { sliceLabel.map { " for \($0)" } ?? "" }

    var confidence: String { NumberFormat.percent(results.intervals.confidence, digits: 0) }

    func result() -> GateResult {
        do {
            return try judge()
        } catch let failure as Unjudgeable {
            return make(passed: false, value: failure.value, bound: nil, message: "\(model): \(failure.reason) — failed")
        } catch {
            return make(passed: false, value: nil, bound: nil, message: "\(model): \(error) — failed")
        }
    }

    /// A reason the gate cannot be judged, so it fails.
    struct Unjudgeable: Error {
        var reason: String
        var value: Double? = nil
    }

    func make(passed: Bool, value: Double?, bound: Double?, message: String) -> GateResult {
        GateResult(
            name: gate.name(rowsLabel: sliceLabel), passed: passed, model: model, metric: gate.metric,
            comparison: gate.comparison.rawValue, value: value, bound: bound, boundExpression: gate.boundText, spec: spec,
            key: key, attribute: attribute, group: group, className: gate.className ?? fairnessClass,
            requiresSignificance: gate.requiresSignificance, message: message)
    }

    /// The metric of `model` on this gate's rows in this run.
    func metric(of model: String) throws -> Metric {
        let metrics: MetricSet?
        switch target {
        case .overall:
            metrics = results.overall[model]
        case .slice(let slice):
            if slice.tooSmall {
                let minimum = results.minSliceSize.map { ", fewer than \(NumberFormat.count($0))" } ?? ""
                throw Unjudgeable(
                    reason: "\(gate.metricText)\(rowsPhrase) cannot be judged: the slice is too small "
                        + "(\(NumberFormat.count(slice.count)) rows\(minimum))")
            }
            metrics = slice.metrics[model]
        case .missing(let request):
            throw Unjudgeable(
                reason:
                    "\(gate.metricText) for \(request.flagText) cannot be judged: the results have no slices of \(request.flagText)"
            )
        case .fairnessSummary(let attribute, let className?):
            metrics = try classRates(of: model, attribute: attribute, className: className).summary
        case .fairnessSummary(let attribute, nil):
            metrics = try fairnessThreshold(of: model, attribute: attribute).summary
        case .fairnessGroup(let attribute, let className, let name):
            let groups: [FairnessGroup]
            if let className {
                groups = try classRates(of: model, attribute: attribute, className: className).groups
            } else if let analysis = results.fairness.first(where: { $0.attribute == attribute && $0.model == model }),
                let accuracy = analysis.accuracy
            {
                groups = accuracy.map {
                    FairnessGroup(
                        group: $0.group, count: $0.count, positives: $0.correct, tooSmall: $0.tooSmall,
                        metrics: ["accuracy": $0.accuracy], gaps: [:])
                }
            } else {
                groups = try fairnessThreshold(of: model, attribute: attribute).groups
            }
            guard let group = groups.first(where: { $0.group == name }) else {
                throw Unjudgeable(reason: "\(gate.metricText)\(rowsPhrase) is missing from the results")
            }
            if group.tooSmall {
                let minimum = results.minSliceSize.map { ", fewer than \(NumberFormat.count($0))" } ?? ""
                throw Unjudgeable(
                    reason: "\(gate.metricText)\(rowsPhrase) cannot be judged: the group is too small "
                        + "(\(NumberFormat.count(group.count)) rows\(minimum))")
            }
            metrics = group.metrics
        case .missingFairness(let attribute):
            let what = attribute.map { "of \($0) " } ?? ""
            throw Unjudgeable(
                reason: "\(gate.metricText)\(rowsPhrase) cannot be judged: the results have no fairness analysis \(what)"
                    + "at the decision threshold")
        }
        if let className = gate.className, !gate.isFairnessGate {
            return try classMetric(of: model, className: className)
        }
        guard let metric = metrics?[gate.metric] else {
            throw Unjudgeable(reason: "\(gate.metricText)\(rowsPhrase) is missing from the results")
        }
        return metric
    }

    /// A per-class metric of `model` on this gate's rows: from `multiclass[model].perClass` for
    /// all rows, `perClass[model]` of the slice for a slice. A class without rows here has an
    /// undefined recall (and AUC, AP), which the caller fails as any undefined value; the reason
    /// says the class has no rows.
    func classMetric(of model: String, className: String) throws -> Metric {
        let classes: [ClassMetrics]?
        switch target {
        case .overall: classes = results.multiclass?[model]?.perClass
        case .slice(let slice): classes = slice.perClass[model]
        default: classes = nil
        }
        guard let perClass = classes?.first(where: { $0.className == className }),
            let metric = perClass.metrics[gate.metric]
        else {
            throw Unjudgeable(reason: "\(gate.metricText)\(rowsPhrase) is missing from the results")
        }
        if metric.value == nil && perClass.support == 0 {
            throw Unjudgeable(
                reason: "\(gate.metricText)\(rowsPhrase) is undefined (null): class \(Gate.classSpelling(className)) "
                    + "has no rows here, so the gate cannot pass")
        }
        return metric
    }

    /// A multiclass model's one-vs-rest rates of one class on a fairness attribute.
    func classRates(of model: String, attribute: String, className: String) throws -> FairnessClassRates {
        guard let fairness = results.fairness.first(where: { $0.attribute == attribute && $0.model == model }),
            let rates = fairness.classes?.first(where: { $0.className == className })
        else {
            throw Unjudgeable(
                reason: "\(gate.metricText)\(rowsPhrase) cannot be judged: the results have no fairness analysis of "
                    + "\(model) on \(attribute) for class \(className)")
        }
        return rates
    }

    /// The rates of `model` on a fairness attribute at the decision threshold.
    func fairnessThreshold(of model: String, attribute: String) throws -> FairnessThreshold {
        guard let fairness = results.fairness.first(where: { $0.attribute == attribute && $0.model == model }),
            let threshold = GateEvaluator.decisionThreshold(of: fairness, in: results)
        else {
            throw Unjudgeable(
                reason: "\(gate.metricText)\(rowsPhrase) cannot be judged: the results have no fairness analysis of "
                    + "\(model) on \(attribute) at the decision threshold")
        }
        return threshold
    }

    func judge() throws -> GateResult {
        let measured = try metric(of: model)
        guard let value = measured.value else {
            throw Unjudgeable(reason: "\(gate.metricText)\(rowsPhrase) is undefined (null), so the gate cannot pass")
        }
        let (bound, reference, describe) = try resolveBound(value: value)
        let holds = gate.comparison.holds(value, bound)
        let relation = holds ? gate.comparison.rawValue : gate.comparison.negation
        var sentence =
            "\(model): \(gate.metricText) \(GateEvaluator.text(value, beside: bound)) \(relation) "
            + "\(GateEvaluator.text(bound, beside: value))\(describe)\(rowsPhrase)"
        guard gate.requiresSignificance else {
            return make(passed: holds, value: value, bound: bound, message: sentence + (holds ? " — passed" : " — failed"))
        }
        guard !holds else {
            return make(passed: true, value: value, bound: bound, message: sentence + " — passed")
        }
        let (significant, note) = significance(value: value, metric: measured, bound: bound, reference: reference)
        sentence += significant ? " — failed, significantly: \(note)" : " — passed, as the shortfall is not significant: \(note)"
        return make(passed: !significant, value: value, bound: bound, message: sentence)
    }

    /// The bound as a number, the reference value it came from, and how to say where it came from.
    func resolveBound(value: Double) throws -> (bound: Double, reference: Double?, description: String) {
        switch gate.bound {
        case .number(let number):
            return (number, nil, "")
        case .relative(let kind, let adjustment):
            let reference: Double
            let source: String
            switch kind {
            case .baseline:
                guard let baseline = results.baseline else {
                    throw Unjudgeable(reason: "\(gate.metricText): a 'baseline' bound needs a baseline model", value: value)
                }
                guard let number = try metric(of: baseline).value else {
                    throw Unjudgeable(
                        reason:
                            "the baseline \(baseline)'s \(gate.metricText)\(rowsPhrase) is undefined (null), so there is no bound",
                        value: value)
                }
                reference = number
                source = "baseline \(baseline)"
            case .previous:
                let (number, run) = try previous(value: value)
                reference = number
                source = "previous run \(run)"
            }
            let bound = adjustment.apply(to: reference)
            let referenceText = GateEvaluator.text(reference)
            switch adjustment {
            case .none: return (bound, reference, " (\(source))")
            case .plus(let x): return (bound, reference, " (\(source) \(referenceText) + \(GateEvaluator.plain(x)))")
            case .minus(let x): return (bound, reference, " (\(source) \(referenceText) - \(GateEvaluator.plain(x)))")
            case .times(let factor):
                let change = NumberFormat.percent(factor - 1, digits: 1)
                let sign = factor >= 1 ? "+" : ""
                let note = reference < 0 ? ", a relative change of \(sign)\(change) of |\(referenceText)|" : ""
                return (bound, reference, " (\(source) \(referenceText) * \(GateEvaluator.plain(factor))\(note))")
            }
        }
    }

    /// The previous run's value of this model, metric and rows, and how to name that run.
    func previous(value: Double) throws -> (Double, String) {
        guard let run = results.history?.last else {
            throw Unjudgeable(
                reason:
                    "\(gate.metricText)\(rowsPhrase) has no previous run to compare with (the results have no history; give --history)",
                value: value)
        }
        let name = run.run.id ?? run.run.modelVersion ?? run.run.date ?? run.source
        let metrics: MetricSet?
        switch target {
        case .overall: metrics = run.overall[model]
        case .slice(let slice):
            metrics = run.slices.first { $0.spec == slice.spec && $0.key == slice.key && !$0.tooSmall }?.metrics[model]
        case .missing, .fairnessSummary, .fairnessGroup, .missingFairness: metrics = nil
        }
        guard let number = metrics?[gate.metric]?.value else {
            throw Unjudgeable(
                reason: "the previous run \(name) has no value of \(gate.metricText)\(rowsPhrase), so there is no bound",
                value: value)
        }
        return (number, name)
    }

    /// Whether an interval lies wholly on the failing side of `threshold`, and a clause saying so.
    func excludes(lower: Double, upper: Double, threshold: Double) -> Bool {
        switch gate.comparison {
        case .atLeast: return upper < threshold
        case .greater: return upper <= threshold
        case .atMost: return lower > threshold
        case .less: return lower >= threshold
        case .equal: return !(lower...upper).contains(threshold)
        }
    }

    func significance(value: Double, metric: Metric, bound: Double, reference: Double?) -> (Bool, String) {
        if gate.usesBaseline, !gate.isFairnessGate, gate.className == nil, let reference, let baseline = results.baseline {
            let comparison = results.comparisons.first { comparison in
                comparison.model == model && comparison.baseline == baseline && comparison.spec == (spec ?? [])
                    && comparison.key == (key ?? [:])
            }?.metrics[gate.metric]
            if let comparison, let lower = comparison.difference.lower, let upper = comparison.difference.upper {
                // The gate holds value − baseline against bound − baseline on the paired difference.
                let allowed = bound - reference
                let difference = comparison.difference.value ?? (value - reference)
                let method = comparison.method.map { ", \($0)" } ?? ""
                let interval =
                    "the paired difference from the baseline, \(GateEvaluator.text(difference)) "
                    + "(\(confidence) interval \(GateEvaluator.text(lower)) to \(GateEvaluator.text(upper))\(method)),"
                let excluded = excludes(lower: lower, upper: upper, threshold: allowed)
                return (
                    excluded,
                    "\(interval) \(excluded ? "excludes" : "includes") the allowed difference \(GateEvaluator.text(allowed))"
                )
            }
            let fallback = ownInterval(metric: metric, bound: bound)
            return (
                fallback.0,
                "no paired comparison with the baseline in the results, so judged on \(gate.metricText)'s own interval: "
                    + fallback.1
            )
        }
        return ownInterval(metric: metric, bound: bound)
    }

    func ownInterval(metric: Metric, bound: Double) -> (Bool, String) {
        guard let lower = metric.lower, let upper = metric.upper else {
            return (true, "\(gate.metricText) has no interval, so the point estimate decides")
        }
        let excluded = excludes(lower: lower, upper: upper, threshold: bound)
        return (
            excluded,
            "the \(confidence) interval \(GateEvaluator.text(lower)) to \(GateEvaluator.text(upper)) "
                + "\(excluded ? "excludes" : "includes") \(GateEvaluator.text(bound))"
        )
    }
}
