import LoupeMarkup
import LoupeResults

/// What a data set is expected to look like (`--schema FILE`, written by `loupe schema`): per
/// column its kind, whether it must be present and how often, a domain for a categorical column,
/// a range for a numeric one, and drift thresholds; and the environments in which a column may
/// be absent (e.g. the label in `serving`). JSON with a stable key order, meant to be edited by
/// hand and committed; `schema/data-schema.schema.json` documents it.
public struct DataSchema: Codable, Sendable, Equatable {
    public static let identifier = "loupe.data-schema/v1"

    public struct Column: Codable, Sendable, Equatable {
        public var name: String
        /// `numeric`, `categorical` or `timestamp`.
        public var kind: String
        /// Whether the column must be in the data (except in the environments of `absentIn`).
        public var required: Bool
        /// The least share of rows with a value (1 = no missing value allowed); `nil`: any.
        public var minPresence: Double?
        /// Categorical: the values allowed; `nil`: any.
        public var domain: [String]?
        /// Categorical: the least share of non-missing values inside `domain` (default 1: every one).
        public var minDomainMass: Double?
        /// Numeric: the values allowed, inclusive.
        public var range: ValueRange?
        /// When the column counts as drifted from the reference (default `DriftThresholds.defaults`).
        public var drift: DriftThresholds?
        /// Environments in which the column may be absent (`serving` for the label).
        public var absentIn: [String]?

        public init(
            name: String, kind: String, required: Bool = true, minPresence: Double? = nil, domain: [String]? = nil,
            minDomainMass: Double? = nil, range: ValueRange? = nil, drift: DriftThresholds? = nil,
            absentIn: [String]? = nil
        ) {
            self.name = name
            self.kind = kind
            self.required = required
            self.minPresence = minPresence
            self.domain = domain
            self.minDomainMass = minDomainMass
            self.range = range
            self.drift = drift
            self.absentIn = absentIn
        }

        /// Whether the column must be present in `environment`.
        public func isRequired(in environment: String?) -> Bool {
            required && !(environment.map { (absentIn ?? []).contains($0) } ?? false)
        }
    }

    /// An inclusive numeric range; either end may be open.
    public struct ValueRange: Codable, Sendable, Equatable {
        public var min: Double?
        public var max: Double?

        public init(min: Double?, max: Double?) {
            self.min = min
            self.max = max
        }
    }

    public var schema: String
    /// The environments the columns' `absentIn` may name (e.g. `training`, `serving`).
    public var environments: [String]
    public var columns: [Column]

    public init(environments: [String], columns: [Column]) {
        schema = DataSchema.identifier
        self.environments = environments
        self.columns = columns
    }

    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    /// The schema as JSON, keys in a fixed order, two-space indentation, a final newline; a column
    /// leaves out what it does not constrain. Numbers in their shortest exact form.
    public func jsonText() -> String {
        func number(_ x: Double) -> String {
            if x == x.rounded(), x.magnitude < 1e15 { return String(Int(x)) }
            return "\(x)"
        }
        func strings(_ list: [String]) -> String { "[" + list.map(JSONString.quoted).joined(separator: ", ") + "]" }
        var lines = ["{", "  \"schema\": \(JSONString.quoted(schema)),", "  \"environments\": \(strings(environments)),"]
        lines.append("  \"columns\": [")
        for (i, column) in columns.enumerated() {
            var fields = ["\"name\": \(JSONString.quoted(column.name))", "\"kind\": \(JSONString.quoted(column.kind))"]
            fields.append("\"required\": \(column.required)")
            if let share = column.minPresence { fields.append("\"minPresence\": \(number(share))") }
            if let domain = column.domain { fields.append("\"domain\": \(strings(domain))") }
            if let mass = column.minDomainMass { fields.append("\"minDomainMass\": \(number(mass))") }
            if let range = column.range {
                var ends: [String] = []
                if let low = range.min { ends.append("\"min\": \(number(low))") }
                if let high = range.max { ends.append("\"max\": \(number(high))") }
                fields.append("\"range\": {" + ends.joined(separator: ", ") + "}")
            }
            if let t = column.drift {
                fields.append(
                    "\"drift\": {\"psi\": \(number(t.psi)), \"pValue\": \(number(t.pValue)), \"minimumEffect\": \(number(t.minimumEffect))}"
                )
            }
            if let environments = column.absentIn { fields.append("\"absentIn\": \(strings(environments))") }
            lines.append("    {")
            lines.append(fields.map { "      " + $0 }.joined(separator: ",\n"))
            lines.append("    }" + (i == columns.count - 1 ? "" : ","))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
