@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// A JSON Schema (draft 2020-12) validator for the subset `schema/results.schema.json` uses:
/// `type` (a name or a list of names), `properties`, `required`, `additionalProperties` (a
/// boolean or a schema), `items`, `enum`, `anyOf`, `oneOf`, `minimum`, and `$ref` to
/// `#/$defs/NAME` (or draft 7's `#/definitions/NAME`, for MCT's model card schema). Annotations
/// (`$schema`, `$id`, `title`, `description`, `$defs`, `definitions`, and `format`,
/// `contentEncoding` and `contentMediaType`, which draft 7 does not assert) are skipped;
/// any other keyword is reported as unsupported, so the schema cannot silently rely on one this
/// validator does not check.
struct SchemaValidator {
    let schema: JSONText
    private let definitions: [String: JSONText]

    private static let annotations: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "definitions", "format", "contentEncoding", "contentMediaType",
    ]

    init(schemaText: String) throws {
        schema = try JSONText.parse(schemaText).value
        var definitions: [String: JSONText] = [:]
        for name in ["$defs", "definitions"] {
            if let defs = SchemaValidator.member(name, of: schema), case .object(let members) = defs {
                for member in members { definitions["#/\(name)/" + member.key] = member.value.value }
            }
        }
        self.definitions = definitions
    }

    /// Every violation of `document` as `path: problem` (`/slices/0/count: expected integer`);
    /// empty when it conforms.
    func violations(of document: String) throws -> [String] {
        var errors: [String] = []
        check(try JSONText.parse(document).value, against: schema, at: "", into: &errors)
        return errors
    }

    private func check(_ value: JSONText, against schema: JSONText, at path: String, into errors: inout [String]) {
        guard case .object(let keywords) = schema else {
            if case .bool(false) = schema { errors.append("\(where_(path)): no value is allowed here") }
            return
        }
        for keyword in keywords {
            let rule = keyword.value.value
            switch keyword.key {
            case "$ref":
                guard case .string(let reference) = rule, let target = definitions[reference] else {
                    errors.append("\(where_(path)): unresolvable $ref \(rule)")
                    continue
                }
                check(value, against: target, at: path, into: &errors)
            case "type":
                let names: [String]
                switch rule {
                case .string(let name): names = [name]
                case .array(let list):
                    names = list.compactMap { if case .string(let name) = $0.value { return name } else { return nil } }
                default: names = []
                }
                if !names.contains(where: { SchemaValidator.matches(value, type: $0) }) {
                    errors.append("\(where_(path)): expected \(names.joined(separator: " or ")), found \(value.kindName)")
                }
            case "properties":
                guard case .object(let members) = value, case .object(let properties) = rule else { continue }
                for property in properties {
                    if let member = members.first(where: { $0.key == property.key }) {
                        check(member.value.value, against: property.value.value, at: path + "/" + property.key, into: &errors)
                    }
                }
            case "required":
                guard case .object(let members) = value, case .array(let names) = rule else { continue }
                for case .string(let name) in names.map(\.value) where !members.contains(where: { $0.key == name }) {
                    errors.append("\(where_(path)): missing required property '\(name)'")
                }
            case "additionalProperties":
                guard case .object(let members) = value else { continue }
                let declared = SchemaValidator.member("properties", of: schema).map(SchemaValidator.keys) ?? []
                for member in members where !declared.contains(member.key) {
                    if case .bool(let allowed) = rule {
                        if !allowed { errors.append("\(where_(path)): property '\(member.key)' is not allowed") }
                    } else {
                        check(member.value.value, against: rule, at: path + "/" + member.key, into: &errors)
                    }
                }
            case "items":
                guard case .array(let elements) = value else { continue }
                for (index, element) in elements.enumerated() {
                    check(element.value, against: rule, at: path + "/\(index)", into: &errors)
                }
            case "enum":
                guard case .array(let options) = rule else { continue }
                if !options.contains(where: { $0.value == value }) {
                    errors.append("\(where_(path)): \(SchemaValidator.describe(value)) is not one of the allowed values")
                }
            case "anyOf", "oneOf":
                guard case .array(let options) = rule else { continue }
                let passing = options.filter { option in
                    var scratch: [String] = []
                    check(value, against: option.value, at: path, into: &scratch)
                    return scratch.isEmpty
                }.count
                if passing == 0 || (keyword.key == "oneOf" && passing > 1) {
                    errors.append("\(where_(path)): matches \(passing) of the \(keyword.key) alternatives")
                }
            case "minimum":
                guard case .number(let bound, let boundText) = rule, case .number(let number, let text) = value else { continue }
                if number < bound { errors.append("\(where_(path)): \(text) is below the minimum \(boundText)") }
            case "maximum":
                guard case .number(let bound, let boundText) = rule, case .number(let number, let text) = value else { continue }
                if number > bound { errors.append("\(where_(path)): \(text) is above the maximum \(boundText)") }
            case let other where SchemaValidator.annotations.contains(other):
                continue
            default:
                errors.append("\(where_(path)): unsupported schema keyword '\(keyword.key)'")
            }
        }
    }

    private func where_(_ path: String) -> String { path.isEmpty ? "/" : path }

    static func matches(_ value: JSONText, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let number, _)): return number == number.rounded() && number.isFinite
        default: return false
        }
    }

    static func member(_ name: String, of object: JSONText) -> JSONText? {
        guard case .object(let members) = object else { return nil }
        return members.first { $0.key == name }?.value.value
    }

    static func keys(_ object: JSONText) -> Set<String> {
        guard case .object(let members) = object else { return [] }
        return Set(members.map(\.key))
    }

    static func describe(_ value: JSONText) -> String {
        switch value {
        case .string(let text): return "'\(text)'"
        case .number(_, let text): return text
        default: return value.kindName
        }
    }
}
