import LoupeMarkup
import LoupeResults

/// `model_card.json` in Google's Model Card Toolkit format (schema v0.0.2), so teams with MCT
/// tooling can keep it: the card's human parts as MCT names them, and
/// `quantitative_analysis.performance_metrics` from the results (every value and bound as MCT's
/// strings, exact as in results.json).
///
/// Loupe's additions go where the schema allows them: `evaluation_data` is appended to
/// `model_parameters.data`, `out_of_scope_uses` stays in `considerations` (only the top level
/// forbids extra keys); `loupe` options are not written. Keys are written in the schema's order
/// with two-space indentation, so the same card gives the same bytes.
public enum MCTCardJSON {
    /// The card as MCT JSON; `metrics` replaces the card's own performance metrics when given
    /// (`nil`: the card's are kept, which reads an MCT card back without loss).
    public static func render(_ card: ModelCard, metrics: [ModelCard.PerformanceMetric]? = nil) -> String {
        var top: [(String, JSONValue?)] = [("schema_version", .string(ModelCard.mctSchemaVersion))]
        let d = card.modelDetails
        top.append(
            (
                "model_details",
                object(
                    [
                        ("name", d.name.map(JSONValue.string)), ("overview", d.overview.map(JSONValue.string)),
                        ("documentation", d.documentation.map(JSONValue.string)),
                        ("owners", list(d.owners) { object([("name", string($0.name)), ("contact", string($0.contact))]) }),
                        (
                            "version",
                            d.version.flatMap {
                                object(
                                    [("name", string($0.name)), ("date", string($0.date)), ("diff", string($0.diff))],
                                    keepEmpty: true)
                            }
                        ),
                        (
                            "licenses",
                            list(d.licenses) { license in
                                switch license {
                                case .identifier(let id): return object([("identifier", .string(id))])
                                case .customText(let text): return object([("custom_text", .string(text))])
                                }
                            }
                        ),
                        ("references", list(d.references) { object([("reference", .string($0))]) }),
                        (
                            "citations",
                            list(d.citations) { object([("style", string($0.style)), ("citation", string($0.citation))]) }
                        ),
                        ("path", string(d.path)),
                    ], keepEmpty: true)
            ))
        let p = card.modelParameters
        let data = p.data + (card.evaluationData.map { [$0] } ?? [])
        top.append(
            (
                "model_parameters",
                object([
                    ("model_architecture", string(p.modelArchitecture)),
                    ("data", list(data, dataset)),
                    ("input_format", string(p.inputFormat)),
                    ("input_format_map", list(p.inputFormatMap, keyValue)),
                    ("output_format", string(p.outputFormat)),
                    ("output_format_map", list(p.outputFormatMap, keyValue)),
                ])
            ))
        let q = card.quantitativeAnalysis
        top.append(
            (
                "quantitative_analysis",
                object([
                    ("performance_metrics", list(metrics ?? q.performanceMetrics, performanceMetric)),
                    ("graphics", q.graphics.map(graphics)),
                ])
            ))
        let c = card.considerations
        top.append(
            (
                "considerations",
                object([
                    ("users", descriptions(c.users)), ("use_cases", descriptions(c.useCases)),
                    ("out_of_scope_uses", descriptions(c.outOfScopeUses)), ("limitations", descriptions(c.limitations)),
                    ("tradeoffs", descriptions(c.tradeoffs)),
                    (
                        "ethical_considerations",
                        list(c.ethicalConsiderations) {
                            object([("name", string($0.name)), ("mitigation_strategy", string($0.mitigationStrategy))])
                        }
                    ),
                ])
            ))
        return (object(top, keepEmpty: true) ?? .object([])).rendered(indent: "") + "\n"
    }

    /// The results' performance metrics for the card's model: the headline metrics on the whole
    /// data, then the rank metric of each slice the card shows (`slice` names it:
    /// `region = North`). Undefined metrics are left out (MCT has no null).
    static func metrics(_ content: ModelCardContent) -> [ModelCard.PerformanceMetric] {
        func metric(_ key: String, _ metric: Metric?, slice: String?) -> ModelCard.PerformanceMetric? {
            guard let metric, let value = metric.value else { return nil }
            var interval: ModelCard.ConfidenceInterval?
            if let lower = metric.lower, let upper = metric.upper {
                interval = ModelCard.ConfidenceInterval(lowerBound: "\(lower)", upperBound: "\(upper)")
            }
            return ModelCard.PerformanceMetric(type: key, value: "\(value)", slice: slice, confidenceInterval: interval)
        }
        var out = content.headline.compactMap { metric($0.key, $0.metric, slice: nil) }
        var seen: Set<String> = []
        let rank = content.site.rankMetric
        for slice in content.weakest + content.namedSlices {
            let label = content.label(slice)
            guard seen.insert(label).inserted else { continue }
            if let entry = metric(rank, slice.metrics[content.model]?[rank], slice: label) { out.append(entry) }
        }
        return out + monitoringMetrics(content)
    }

    /// With `--window`, the monitoring verdict's numbers: for each metric of the card's model
    /// that left its control limits for the worse, the reference period's mean (`slice`:
    /// `monitoring reference 2024-12-30 to 2025-01-20`) and the value in each window outside the
    /// limits (`monitoring window 2025-03-17, outside the control limits 0.790 to 0.860`; the
    /// values exact, the limits in the slice's name as the pages show them), at most
    /// `monitoredWindows` of them.
    static func monitoringMetrics(_ content: ModelCardContent) -> [ModelCard.PerformanceMetric] {
        guard let monitoring = content.results.monitoring else { return [] }
        let alarms = monitoring.alarms.filter { $0.worse && $0.model == content.model }.prefix(monitoredWindows)
        var out: [ModelCard.PerformanceMetric] = []
        var referenced: Set<String> = []
        let first = monitoring.windows.first { $0.index == monitoring.reference.firstWindow }?.label ?? "?"
        let last = monitoring.windows.first { $0.index == monitoring.reference.lastWindow }?.label ?? "?"
        for alarm in alarms {
            guard let limit = monitoring.controlLimits[alarm.model]?[alarm.metric],
                let window = monitoring.windows.first(where: { $0.index == alarm.window })
            else { continue }
            if referenced.insert(alarm.metric).inserted {
                out.append(
                    ModelCard.PerformanceMetric(
                        type: alarm.metric, value: "\(limit.center)", slice: "monitoring reference \(first) to \(last)",
                        confidenceInterval: nil))
            }
            var interval: ModelCard.ConfidenceInterval?
            if let m = window.metrics[alarm.model]?[alarm.metric], let lower = m.lower, let upper = m.upper {
                interval = ModelCard.ConfidenceInterval(lowerBound: "\(lower)", upperBound: "\(upper)")
            }
            out.append(
                ModelCard.PerformanceMetric(
                    type: alarm.metric, value: "\(alarm.value)",
                    slice:
                        "monitoring window \(window.label), outside the control limits \(Formatting.decimal(limit.lower)) to \(Formatting.decimal(limit.upper))",
                    confidenceInterval: interval))
        }
        return out
    }

    /// At most this many windows outside their control limits in `performance_metrics`.
    static let monitoredWindows = 12

    private static func string(_ text: String?) -> JSONValue? { text.map(JSONValue.string) }

    private static func list<T>(_ items: [T], _ element: (T) -> JSONValue?) -> JSONValue? {
        items.isEmpty ? nil : .array(items.compactMap(element))
    }

    private static func descriptions(_ items: [String]) -> JSONValue? {
        list(items) { object([("description", .string($0))]) }
    }

    /// An object of the members that are present; `nil` when none is, unless `keepEmpty`.
    private static func object(_ members: [(String, JSONValue?)], keepEmpty: Bool = false) -> JSONValue? {
        let present = members.compactMap { key, value in value.map { (key, $0) } }
        return present.isEmpty && !keepEmpty ? nil : .object(present)
    }

    private static func dataset(_ d: ModelCard.Dataset) -> JSONValue? {
        object(
            [
                ("name", string(d.name)), ("link", string(d.link)),
                (
                    "sensitive",
                    d.sensitiveData.map {
                        object([("sensitive_data", .array($0.map(JSONValue.string)))], keepEmpty: true) ?? .object([])
                    }
                ),
                ("graphics", d.graphics.map(graphics)), ("description", string(d.description)),
            ], keepEmpty: true)
    }

    private static func graphics(_ g: ModelCard.GraphicsCollection) -> JSONValue {
        object(
            [
                ("description", string(g.description)),
                (
                    "collection",
                    list(g.collection) {
                        object(
                            [("name", string($0.name)), ("description", string($0.description)), ("image", string($0.image))],
                            keepEmpty: true)
                    }
                ),
            ], keepEmpty: true) ?? .object([])
    }

    private static func keyValue(_ kv: ModelCard.KeyValue) -> JSONValue? {
        object([("key", string(kv.key)), ("value", string(kv.value))], keepEmpty: true)
    }

    private static func performanceMetric(_ m: ModelCard.PerformanceMetric) -> JSONValue? {
        object(
            [
                ("type", string(m.type)), ("value", string(m.value)), ("slice", string(m.slice)),
                ("threshold", string(m.threshold)),
                (
                    "confidence_interval",
                    m.confidenceInterval.map {
                        object([("lower_bound", string($0.lowerBound)), ("upper_bound", string($0.upperBound))], keepEmpty: true)
                            ?? .object([])
                    }
                ),
            ], keepEmpty: true)
    }
}

/// A JSON value written by hand, members in the order given.
indirect enum JSONValue {
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func rendered(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .string(let text): return JSONString.quoted(text)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            return "{\n"
                + members.map { inner + JSONString.quoted($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n\(indent)}"
        }
    }
}
