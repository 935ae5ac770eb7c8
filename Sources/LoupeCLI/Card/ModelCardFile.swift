import Foundation
import LoupeEvaluation
import LoupeMarkup
import LoupeResults

/// Reads a model card: `card.json` (an MCT `model_card.json`, schema v0.0.2, plus Loupe's
/// additions), or the `card` object of a config file. Comments are allowed as in the config file;
/// an unknown key is an error with "did you mean", at `file:LINE:COLUMN`.
public enum ModelCardFile {
    /// Reads and decodes a card file.
    public static func load(path: String) throws -> ModelCard {
        try parse(ConfigFile.readText(path: path, kind: "card file"), file: path)
    }

    /// Decodes card text; `file` is used in messages.
    public static func parse(_ text: String, file: String) throws -> ModelCard {
        let root: JSONText.Located
        do {
            root = try JSONText.parse(text)
        } catch {
            throw LoupeError.configuration(
                file: "\(file):\(error.position.line):\(error.position.column)", message: error.message)
        }
        return try decode(root, file: file)
    }

    /// Decodes a parsed card (the whole file, or a config file's `card` value).
    static func decode(_ root: JSONText.Located, file: String) throws -> ModelCard {
        let card = try CardObject(root, file: file, path: "card", keys: topKeys)
        var result = ModelCard()
        result.schemaVersion = try card.string("schema_version")
        if let details = try card.object("model_details", keys: detailKeys) {
            result.modelDetails = try modelDetails(details)
        }
        if let parameters = try card.object("model_parameters", keys: parameterKeys) {
            result.modelParameters = try modelParameters(parameters)
        }
        if let analysis = try card.object("quantitative_analysis", keys: ["performance_metrics", "graphics"]) {
            result.quantitativeAnalysis = ModelCard.QuantitativeAnalysis(
                performanceMetrics: try analysis.objects("performance_metrics", keys: metricKeys).map(performanceMetric),
                graphics: try analysis.object("graphics", keys: ["description", "collection"]).map(graphics))
        }
        if let considerations = try card.object("considerations", keys: considerationKeys) {
            result.considerations = ModelCard.Considerations(
                users: try considerations.descriptions("users"),
                useCases: try considerations.descriptions("use_cases"),
                outOfScopeUses: try considerations.descriptions("out_of_scope_uses"),
                limitations: try considerations.descriptions("limitations"),
                tradeoffs: try considerations.descriptions("tradeoffs"),
                ethicalConsiderations: try considerations.objects(
                    "ethical_considerations", keys: ["name", "mitigation_strategy"]
                )
                .map { ModelCard.Risk(name: try $0.string("name"), mitigationStrategy: try $0.string("mitigation_strategy")) })
        }
        if let evaluation = try card.object("evaluation_data", keys: datasetKeys) {
            result.evaluationData = try dataset(evaluation)
        }
        if let options = try card.object("loupe", keys: optionKeys) {
            result.options = try cardOptions(options)
        }
        return result
    }

    static let topKeys = [
        "schema_version", "model_details", "model_parameters", "quantitative_analysis", "considerations",
        "evaluation_data", "loupe",
    ]
    static let detailKeys = [
        "name", "overview", "documentation", "owners", "version", "licenses", "references", "citations", "path",
    ]
    static let parameterKeys = [
        "model_architecture", "data", "input_format", "input_format_map", "output_format", "output_format_map",
    ]
    static let datasetKeys = ["name", "link", "description", "sensitive", "graphics"]
    static let metricKeys = ["type", "value", "slice", "threshold", "confidence_interval"]
    static let considerationKeys = [
        "users", "use_cases", "out_of_scope_uses", "limitations", "tradeoffs", "ethical_considerations",
    ]
    static let optionKeys = ["model", "slices", "sensitive_attributes", "required_sections", "hugging_face"]
    static let huggingFaceKeys = ["model_name", "license", "tags", "datasets", "task_type", "task_name"]

    private static func modelDetails(_ o: CardObject) throws -> ModelCard.ModelDetails {
        ModelCard.ModelDetails(
            name: try o.string("name"), overview: try o.string("overview"), documentation: try o.string("documentation"),
            owners: try o.objects("owners", keys: ["name", "contact"]).map {
                ModelCard.Owner(name: try $0.string("name"), contact: try $0.string("contact"))
            },
            version: try o.object("version", keys: ["name", "date", "diff"]).map {
                ModelCard.Version(name: try $0.string("name"), date: try $0.string("date"), diff: try $0.string("diff"))
            },
            licenses: try o.objects("licenses", keys: ["identifier", "custom_text"]).map(license),
            references: try o.objects("references", keys: ["reference"]).map { try $0.requiredString("reference") },
            citations: try o.objects("citations", keys: ["style", "citation"]).map {
                ModelCard.Citation(style: try $0.string("style"), citation: try $0.string("citation"))
            },
            path: try o.string("path"))
    }

    private static func license(_ o: CardObject) throws -> ModelCard.License {
        switch (try o.string("identifier"), try o.string("custom_text")) {
        case (let identifier?, nil): return .identifier(identifier)
        case (nil, let text?): return .customText(text)
        default: throw o.failure("a license needs exactly one of 'identifier' (SPDX) and 'custom_text'")
        }
    }

    private static func modelParameters(_ o: CardObject) throws -> ModelCard.ModelParameters {
        ModelCard.ModelParameters(
            modelArchitecture: try o.string("model_architecture"),
            data: try o.objects("data", keys: datasetKeys).map(dataset),
            inputFormat: try o.string("input_format"),
            inputFormatMap: try o.objects("input_format_map", keys: ["key", "value"]).map(keyValue),
            outputFormat: try o.string("output_format"),
            outputFormatMap: try o.objects("output_format_map", keys: ["key", "value"]).map(keyValue))
    }

    private static func keyValue(_ o: CardObject) throws -> ModelCard.KeyValue {
        ModelCard.KeyValue(key: try o.string("key"), value: try o.string("value"))
    }

    private static func dataset(_ o: CardObject) throws -> ModelCard.Dataset {
        ModelCard.Dataset(
            name: try o.string("name"), link: try o.string("link"), description: try o.string("description"),
            sensitiveData: try o.object("sensitive", keys: ["sensitive_data"]).map { try $0.strings("sensitive_data") },
            graphics: try o.object("graphics", keys: ["description", "collection"]).map(graphics))
    }

    private static func graphics(_ o: CardObject) throws -> ModelCard.GraphicsCollection {
        ModelCard.GraphicsCollection(
            description: try o.string("description"),
            collection: try o.objects("collection", keys: ["name", "image", "description"]).map {
                ModelCard.Graphic(
                    name: try $0.string("name"), image: try $0.string("image"), description: try $0.string("description"))
            })
    }

    private static func performanceMetric(_ o: CardObject) throws -> ModelCard.PerformanceMetric {
        ModelCard.PerformanceMetric(
            type: try o.string("type"), value: try o.string("value"), slice: try o.string("slice"),
            threshold: try o.string("threshold"),
            confidenceInterval: try o.object("confidence_interval", keys: ["lower_bound", "upper_bound"]).map {
                ModelCard.ConfidenceInterval(lowerBound: try $0.string("lower_bound"), upperBound: try $0.string("upper_bound"))
            })
    }

    private static func cardOptions(_ o: CardObject) throws -> CardOptions {
        var options = CardOptions()
        options.model = try o.string("model")
        options.slices = try o.list("slices") { element in
            switch element.value {
            case .string(let text):
                return text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            case .array(let parts):
                return try parts.map { part in
                    guard case .string(let name) = part.value else {
                        throw o.failure(at: part.position, "loupe.slices: a cross lists column names as strings")
                    }
                    return name
                }
            default:
                throw o.failure(
                    at: element.position, "loupe.slices: each entry must be \"col\", \"col1,col2\" or a list of columns")
            }
        }
        options.sensitiveAttributes = try o.strings("sensitive_attributes")
        options.requiredSections = try o.list("required_sections") { element in
            guard case .string(let name) = element.value else {
                throw o.failure(at: element.position, "loupe.required_sections: each entry must be a section name")
            }
            guard let section = ModelCard.Section(rawValue: name) else {
                let names = ModelCard.Section.allCases.map(\.rawValue)
                let hint = DidYouMean.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw o.failure(at: element.position, "loupe.required_sections: unknown section '\(name)'\(hint)")
            }
            return section
        }
        if let hub = try o.object("hugging_face", keys: huggingFaceKeys) {
            options.huggingFace = HuggingFaceMetadata(
                modelName: try hub.string("model_name"), license: try hub.string("license"), tags: try hub.strings("tags"),
                datasets: try hub.objects("datasets", keys: ["name", "type", "split", "config", "revision"]).map {
                    HuggingFaceDataset(
                        name: try $0.requiredString("name"), type: try $0.requiredString("type"), split: try $0.string("split"),
                        config: try $0.string("config"), revision: try $0.string("revision"))
                },
                taskType: try hub.string("task_type"), taskName: try hub.string("task_name"))
        }
        return options
    }
}

/// One JSON object of a card, its keys checked against the ones its place allows; `path` names
/// the place in messages (`model_details.owners`).
struct CardObject {
    let members: [(key: String, keyPosition: JSONText.Position, value: JSONText.Located)]
    let position: JSONText.Position
    let file: String
    let path: String

    init(_ located: JSONText.Located, file: String, path: String, keys: [String]) throws {
        guard case .object(let members) = located.value else {
            throw ConfigFile.failure(file, located.position, "'\(path)' must be an object, not \(located.value.kindName)")
        }
        for member in members where !keys.contains(member.key) {
            let hint = DidYouMean.closest(to: member.key, among: keys).map { " (did you mean '\($0)'?)" } ?? ""
            throw ConfigFile.failure(file, member.keyPosition, "\(path): unknown key '\(member.key)'\(hint)")
        }
        self.members = members
        self.position = located.position
        self.file = file
        self.path = path
    }

    func failure(_ message: String) -> LoupeError { ConfigFile.failure(file, position, "\(path): \(message)") }

    func failure(at position: JSONText.Position, _ message: String) -> LoupeError {
        ConfigFile.failure(file, position, message)
    }

    private func value(_ key: String) -> JSONText.Located? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value.value { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value.value else {
            throw failure(at: value.position, "\(path).\(key) must be a string, not \(value.value.kindName)")
        }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw failure("'\(key)' is required") }
        return text
    }

    func object(_ key: String, keys: [String]) throws -> CardObject? {
        guard let value = value(key) else { return nil }
        return try CardObject(value, file: file, path: "\(path == "card" ? "" : path + ".")\(key)", keys: keys)
    }

    func list<T>(_ key: String, _ element: (JSONText.Located) throws -> T) throws -> [T] {
        guard let value = value(key) else { return [] }
        guard case .array(let elements) = value.value else {
            throw failure(at: value.position, "\(path).\(key) must be a list, not \(value.value.kindName)")
        }
        return try elements.map(element)
    }

    func objects(_ key: String, keys: [String]) throws -> [CardObject] {
        let place = "\(path == "card" ? "" : path + ".")\(key)"
        return try list(key) { try CardObject($0, file: file, path: place, keys: keys) }
    }

    func strings(_ key: String) throws -> [String] {
        try list(key) { element in
            guard case .string(let text) = element.value else {
                throw failure(at: element.position, "\(path).\(key): each entry must be a string")
            }
            return text
        }
    }

    /// MCT's lists of `{"description": "..."}` (users, use cases, limitations, …).
    func descriptions(_ key: String) throws -> [String] {
        try objects(key, keys: ["description"]).map { try $0.requiredString("description") }
    }
}
