import Foundation
import LoupeEvaluation
import LoupeMarkup

/// Reads a build configuration from a JSON file (comments allowed).
///
/// Keys mirror the flags (`data`, `label`, `scores`, `slices`, `bins`, `threshold`,
/// `minSliceSize`, ...) plus `title` and `description`. Unknown keys are errors, so a typo
/// never silently drops an option. Relative paths are taken relative to the config file's folder.
public enum ConfigFile {
    /// The keys a config file may have, in the option table's order.
    public static var keys: [String] { BuildOptions.table.compactMap(\.key) }

    public static func load(path: String) throws -> BuildOptions {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LoupeError.configuration(file: path, message: "no such config file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoupeError.configuration(file: path, message: "cannot read the config file")
        }
        let bytes = Array(data)
        if let bad = SourceText.firstInvalidUTF8(bytes) {
            throw LoupeError.configuration(
                file: SourceText.location(path, offset: bad, in: bytes), message: "the config file is not UTF-8 text")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(text, file: path, baseFolder: folder)
    }

    /// Parses config text; `file` is used in messages, `baseFolder` to resolve relative paths.
    public static func parse(_ text: String, file: String, baseFolder: String) throws -> BuildOptions {
        let root: JSONText.Located
        do {
            root = try JSONText.parse(text)
        } catch {
            throw LoupeError.configuration(
                file: "\(file):\(error.position.line):\(error.position.column)", message: error.message)
        }
        guard case .object(let members) = root.value else {
            throw failure(file, root.position, "the config must be a JSON object")
        }
        let table = BuildOptions.table
        var options = BuildOptions()
        for member in members {
            let value = ConfigValue(key: member.key, json: member.value, file: file, baseFolder: baseFolder)
            guard let decode = table.first(where: { $0.key == member.key })?.decode else {
                let hint = DidYouMean.closest(to: member.key, among: keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw failure(file, member.keyPosition, "unknown key '\(member.key)'\(hint)")
            }
            do {
                try decode(&options, value)
            } catch LoupeError.usage(let message) {
                throw failure(file, member.value.position, message)
            }
        }
        return options
    }

    static func failure(_ file: String, _ position: JSONText.Position, _ message: String) -> LoupeError {
        .configuration(file: "\(file):\(position.line):\(position.column)", message: message)
    }

    static func resolve(_ path: String, in folder: String) -> String {
        guard !path.hasPrefix("/"), !folder.isEmpty else { return path }
        return (folder as NSString).appendingPathComponent(path)
    }

    /// A positive label may be written as a string, a number or a boolean.
    static func scalarText(_ value: JSONText.Located, file: String, key: String) throws -> String {
        switch value.value {
        case .string(let text): return text
        case .number(_, let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: throw failure(file, value.position, "'\(key)' must be a string, number or boolean")
        }
    }

    /// A column ending in `*` names a multiclass model's probability columns by their prefix, as
    /// in `--score m=p_*`.
    static func probabilityPrefix(_ spec: ScoreSpec) -> ScoreSpec {
        guard spec.column.hasSuffix("*"), spec.column.count > 1 else { return spec }
        return ScoreSpec(name: spec.name, column: String(spec.column.dropLast()), isPrefix: true)
    }

    /// `scores` as `{"candidate": "p_new", ...}` (order kept), `["candidate=p_new", ...]`,
    /// or `[{"name": "candidate", "column": "p_new"}, ...]`.
    static func scores(_ value: JSONText.Located, file: String) throws -> [ScoreSpec] {
        switch value.value {
        case .object(let members):
            return try members.map { member in
                guard case .string(let column) = member.value.value else {
                    throw failure(file, member.value.position, "scores: the column of '\(member.key)' must be a string")
                }
                return probabilityPrefix(ScoreSpec(name: member.key, column: column))
            }
        case .array(let elements):
            return try elements.map { element in
                switch element.value {
                case .string(let text):
                    do {
                        return try ScoreSpec.parse(text)
                    } catch LoupeError.usage(let message) {
                        throw failure(file, element.position, message)
                    }
                case .object(let members):
                    let name = members.first { $0.key == "name" }?.value.value
                    let column = members.first { $0.key == "column" }?.value.value
                    guard case .string(let columnText)? = column else {
                        throw failure(file, element.position, "scores: each object needs a string 'column'")
                    }
                    if case .string(let nameText)? = name {
                        return probabilityPrefix(ScoreSpec(name: nameText, column: columnText))
                    }
                    return try ScoreSpec.parse(columnText)
                default:
                    throw failure(file, element.position, "scores: each entry must be \"NAME=COLUMN\" or {\"name\", \"column\"}")
                }
            }
        default:
            throw failure(file, value.position, "'scores' must be an object or a list")
        }
    }

    /// `slices` as a list of `"region"`, `"sex,age_band"` or `["sex", "age_band"]`.
    static func slices(_ value: JSONText.Located, file: String) throws -> [SliceRequest] {
        guard case .array(let elements) = value.value else {
            throw failure(file, value.position, "'slices' must be a list")
        }
        return try elements.map { element in
            switch element.value {
            case .string(let text):
                do {
                    return try SliceRequest.parse(text)
                } catch LoupeError.usage(let message) {
                    throw failure(file, element.position, message)
                }
            case .array(let parts):
                let names: [String] = try parts.map { part in
                    guard case .string(let name) = part.value else {
                        throw failure(file, part.position, "slices: a cross must list column names as strings")
                    }
                    return name
                }
                return try SliceRequest.parse(names.joined(separator: ","))
            default:
                throw failure(file, element.position, "slices: each entry must be \"col\", \"col1,col2\" or a list of columns")
            }
        }
    }

    /// `fairness` as a list of `"race"`, `"race=Caucasian"`, `"sex,race"` or `["sex", "race"]`.
    static func fairness(_ value: JSONText.Located, file: String) throws -> [FairnessRequest] {
        guard case .array(let elements) = value.value else {
            throw failure(file, value.position, "'fairness' must be a list")
        }
        return try elements.map { element in
            let text: String
            switch element.value {
            case .string(let string): text = string
            case .array(let parts):
                text = try parts.map { part -> String in
                    guard case .string(let name) = part.value else {
                        throw failure(file, part.position, "fairness: an intersection lists column names as strings")
                    }
                    return name
                }.joined(separator: ",")
            default:
                throw failure(
                    file, element.position, "fairness: each entry must be \"col\", \"col=reference\" or a list of two columns")
            }
            do {
                return try FairnessRequest.parse(text)
            } catch LoupeError.usage(let message) {
                throw failure(file, element.position, message)
            }
        }
    }

    /// A list of thresholds in [0, 1].
    static func thresholds(_ value: JSONText.Located, file: String, key: String) throws -> [Double] {
        guard case .array(let elements) = value.value, !elements.isEmpty else {
            throw failure(file, value.position, "'\(key)' must be a list of thresholds")
        }
        return try elements.map { element in
            guard case .number(let number, _) = element.value, (0...1).contains(number) else {
                throw failure(file, element.position, "'\(key)': each threshold must be a number between 0 and 1")
            }
            return number
        }
    }

    /// `bins` as `{"income": 5, "age": [18, 30, 45, 65]}`.
    static func bins(_ value: JSONText.Located, file: String) throws -> [String: Binning] {
        guard case .object(let members) = value.value else {
            throw failure(file, value.position, "'bins' must be an object of column → count or edges")
        }
        var result: [String: Binning] = [:]
        for member in members {
            switch member.value.value {
            case .number(_, let text): result[member.key] = try Binning.parse(text, column: member.key)
            case .array(let edges):
                let texts: [String] = try edges.map { edge in
                    guard case .number(_, let text) = edge.value else {
                        throw failure(file, edge.position, "bins: edges of '\(member.key)' must be numbers")
                    }
                    return text
                }
                result[member.key] = try Binning.parse(texts.joined(separator: ","), column: member.key)
            default:
                throw failure(file, member.value.position, "bins: '\(member.key)' must be a bin count or a list of edges")
            }
        }
        return result
    }

    // MARK: Run stamps and history

    /// `run` as `{"id": "run-7", "modelVersion": "v1.3", "date": "2026-10-01"}`, every key optional.
    static func runStamp(_ value: JSONText.Located, file: String, into options: inout BuildOptions) throws {
        guard case .object(let members) = value.value else {
            throw failure(file, value.position, "'run' must be an object with 'id', 'modelVersion' and 'date'")
        }
        for member in members {
            guard case .string(let text) = member.value.value else {
                throw failure(file, member.value.position, "run: '\(member.key)' must be a string")
            }
            switch member.key {
            case "id": options.runID = text
            case "modelVersion": options.modelVersion = text
            case "date": options.runDate = text
            default:
                throw failure(file, member.keyPosition, "run: unknown key '\(member.key)' (expected id, modelVersion or date)")
            }
        }
    }

    /// `history` as a list of results.json files or folders (or one path as a string).
    static func history(_ value: JSONText.Located, file: String, baseFolder: String) throws -> [String] {
        switch value.value {
        case .string(let text): return [resolve(text, in: baseFolder)]
        case .array(let elements):
            return try elements.map { element in
                guard case .string(let text) = element.value else {
                    throw failure(file, element.position, "history: each entry must be a file or folder path")
                }
                return resolve(text, in: baseFolder)
            }
        default:
            throw failure(file, value.position, "'history' must be a list of results files or folders")
        }
    }
    // MARK: Gates and CI outputs (issue 5)

    /// `gates` as a list of expressions: `["roc_auc >= baseline", "fpr <= 0.3 for race"]`.
    static func gates(_ value: JSONText.Located, file: String) throws -> [Gate] {
        guard case .array(let elements) = value.value else {
            throw failure(file, value.position, "'gates' must be a list of gate expressions")
        }
        return try elements.map { element in
            guard case .string(let text) = element.value else {
                throw failure(file, element.position, "gates: each gate must be a string such as \"roc_auc >= 0.75\"")
            }
            do {
                return try GateParser.parse(text)
            } catch LoupeError.usage(let message) {
                throw failure(file, element.position, message)
            }
        }
    }

    // MARK: Monitoring (issue 15)

    /// `detectors` as a list of `NAME[:key=value,...]` texts, as on the command line.
    static func detectors(_ value: JSONText.Located, file: String) throws -> [DetectorRequest] {
        guard case .array(let elements) = value.value else {
            throw failure(file, value.position, "'detectors' must be a list such as [\"ddm\", \"adwin:delta=0.01\"]")
        }
        return try elements.map { element in
            guard case .string(let text) = element.value else {
                throw failure(file, element.position, "detectors: each detector must be a string such as \"adwin:delta=0.01\"")
            }
            do {
                return try DetectorRequest.parse(text)
            } catch LoupeError.usage(let message) {
                throw failure(file, element.position, message)
            }
        }
    }
}
