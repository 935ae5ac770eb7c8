import Foundation
import LoupeMarkup
import LoupeResults

/// Reads a data schema (`--schema FILE`) and checks it: every error is an input error located as
/// `schema.json:12:7: columns[2].minPresence: …` (exit status 2, nothing written).
public enum DataSchemaFile {
    public static func read(path: String) throws -> DataSchema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoupeError.input("\(path): cannot read the schema file")
        }
        let bytes = [UInt8](data)
        let tree: LocatedJSON
        do {
            tree = try LocatedJSON.parse(bytes)
        } catch {
            throw LoupeError.input(
                "\(SourceText.location(path, offset: error.offset, in: bytes)): not valid JSON: \(error.message)")
        }
        func fail(_ node: LocatedJSON, _ where_: String, _ message: String) -> LoupeError {
            let name = where_.isEmpty ? "" : where_ + ": "
            return .input("\(SourceText.location(path, offset: node.offset, in: bytes)): \(name)\(TerminalText.quoted(message))")
        }
        try checkKeys(tree, allowed: rootKeys, where_: "", fail: fail)
        if case .object(let members) = tree.value, let columns = members.last(where: { $0.key == "columns" })?.value,
            case .array(let elements) = columns.value
        {
            for (i, element) in elements.enumerated() {
                try checkKeys(element, allowed: columnKeys, where_: "columns[\(i)]", fail: fail)
                guard case .object(let fields) = element.value else { continue }
                for nested in ["range", "drift"] {
                    if let node = fields.last(where: { $0.key == nested })?.value {
                        try checkKeys(
                            node, allowed: nested == "range" ? ["min", "max"] : ["psi", "pValue", "minimumEffect"],
                            where_: "columns[\(i)].\(nested)", fail: fail)
                    }
                }
            }
        }
        let schema: DataSchema
        do {
            schema = try JSONDecoder().decode(DataSchema.self, from: data)
        } catch {
            throw ResultsFile.located(error, decoding: DataSchema.self, path: path, bytes: bytes, what: "the schema")
        }
        try validate(schema, tree: tree, fail: fail)
        return schema
    }

    static let rootKeys = ["schema", "environments", "columns"]
    static let columnKeys = [
        "name", "kind", "required", "minPresence", "domain", "minDomainMass", "range", "drift", "absentIn",
    ]

    /// A key the schema does not know is an error (a misspelt `minPresense` would otherwise be
    /// ignored silently), with the closest known key suggested.
    private static func checkKeys(
        _ node: LocatedJSON, allowed: [String], where_: String, fail: (LocatedJSON, String, String) -> LoupeError
    ) throws {
        guard case .object(let members) = node.value else { return }
        for member in members where !allowed.contains(member.key) {
            let close = DidYouMean.closest(to: member.key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            throw fail(
                member.value, where_, "unknown key '\(member.key)'\(close); expected one of \(allowed.joined(separator: ", "))")
        }
    }

    /// The checks a decoder cannot make: the identifier, kinds, shares within [0, 1], ranges in
    /// order, environments declared, names unique, and no constraint of the wrong kind.
    private static func validate(
        _ schema: DataSchema, tree: LocatedJSON, fail: (LocatedJSON, String, String) -> LoupeError
    ) throws {
        func node(_ path: [String]) -> LocatedJSON { tree.resolve(path.map(SchemaKey.init)) }
        guard schema.schema == DataSchema.identifier else {
            throw fail(node(["schema"]), "schema", "expected '\(DataSchema.identifier)', got '\(schema.schema)'")
        }
        var names = Set<String>()
        for (i, column) in schema.columns.enumerated() {
            let at = "columns[\(i)]"
            func field(_ name: String) -> LocatedJSON { node(["columns", "#\(i)", name]) }
            guard names.insert(column.name).inserted else {
                throw fail(field("name"), "\(at).name", "the column '\(column.name)' is described twice")
            }
            guard ["numeric", "categorical", "timestamp"].contains(column.kind) else {
                throw fail(field("kind"), "\(at).kind", "expected numeric, categorical or timestamp, got '\(column.kind)'")
            }
            for (key, value) in [("minPresence", column.minPresence), ("minDomainMass", column.minDomainMass)] {
                if let value, !(0...1).contains(value) {
                    throw fail(field(key), "\(at).\(key)", "expected a share between 0 and 1, got \(value)")
                }
            }
            if column.kind != "categorical", column.domain != nil || column.minDomainMass != nil {
                let key = column.domain != nil ? "domain" : "minDomainMass"
                throw fail(
                    field(key), "\(at).\(key)", "only a categorical column has a domain ('\(column.name)' is \(column.kind))")
            }
            if column.minDomainMass != nil, column.domain == nil {
                throw fail(field("minDomainMass"), "\(at).minDomainMass", "needs a domain (the values allowed)")
            }
            if let range = column.range {
                if column.kind != "numeric" {
                    throw fail(
                        field("range"), "\(at).range", "only a numeric column has a range ('\(column.name)' is \(column.kind))")
                }
                if let low = range.min, let high = range.max, low > high {
                    throw fail(
                        field("range"), "\(at).range", "min \(GateEvaluator.plain(low)) is above max \(GateEvaluator.plain(high))"
                    )
                }
            }
            if let t = column.drift {
                if !(t.psi > 0) || !(0...1).contains(t.pValue) || !(0...1).contains(t.minimumEffect) {
                    throw fail(
                        field("drift"), "\(at).drift",
                        "expected psi above 0, pValue and minimumEffect between 0 and 1")
                }
            }
            for environment in column.absentIn ?? [] where !schema.environments.contains(environment) {
                throw fail(
                    field("absentIn"), "\(at).absentIn",
                    "'\(environment)' is not one of the schema's environments (\(schema.environments.joined(separator: ", ")))")
            }
        }
    }

    /// A key of a path into the tree: `#N` is an array index.
    private struct SchemaKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ name: String) {
            stringValue = name
            intValue = name.hasPrefix("#") ? Int(name.dropFirst()) : nil
        }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { self.init("#\(intValue)") }
    }
}
