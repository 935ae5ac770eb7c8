import LoupeResults

/// The data checks a model card states (the card page and MODEL_CARD.md): the anomalies against
/// the schema, errors first, and the columns, predictions and label that drifted from the
/// reference, most moved first — as plain sentences, each output escaping them its own way.
/// Empty when the build had neither a schema nor a reference.
struct DataCheckLines {
    /// At most this many of each list; the rest are counted.
    static let limit = 10

    var anomalies: [String] = []
    var drifted: [String] = []
    /// "The data matches the schema: no anomalies." / "Nothing drifted from the reference (13 columns compared)."
    var reassurances: [String] = []

    init(_ results: Results) {
        if let found = results.anomalies {
            let ordered = found.filter(\.isError) + found.filter { !$0.isError }
            anomalies = ordered.prefix(Self.limit).map { ($0.isError ? "Error: " : "Warning: ") + $0.message }
            if ordered.count > Self.limit { anomalies.append("\(ordered.count - Self.limit) more in results.json.") }
            if found.isEmpty { reassurances.append("The data matches the schema: no anomalies.") }
        }
        if let drift = results.drift, !drift.isEmpty {
            let moved = DataPage.ranked(drift).filter(\.verdict.drifted)
            drifted = moved.prefix(Self.limit).map { d in
                let who =
                    d.role == "prediction"
                    ? "The predictions of \(d.model ?? d.column) (\(d.column))"
                    : d.role == "label" ? "The label \(d.column) (prior shift)" : "Column \(d.column)"
                return "\(who) drifted from the reference: \(DataPage.decidedBy(d))."
            }
            if moved.count > Self.limit { drifted.append("\(moved.count - Self.limit) more in results.json.") }
            if moved.isEmpty {
                reassurances.append("Nothing drifted from the reference (\(DataPage.plural(drift.count, "column")) compared).")
            }
        }
    }

    var isEmpty: Bool { anomalies.isEmpty && drifted.isEmpty && reassurances.isEmpty }
}
