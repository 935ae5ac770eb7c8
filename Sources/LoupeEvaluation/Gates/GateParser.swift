import LoupeMetrics
import LoupeResults

/// Reads gate expressions (the contract's grammar plus two additions):
///
///     [MODEL:]METRIC OP BOUND [for SPEC] [if significant]
///     OP     >=  <=  >  <
///     BOUND  NUMBER | baseline | previous, optionally followed by + X, - X or * X
///     SPEC   one of the build's slicing specs: race, sex,race
///
/// Errors are usage errors naming the gate and the 1-based column of the problem:
/// `gate 'roc_auc >= basline': column 12: expected a number, 'baseline' or 'previous', found 'basline'`.
public enum GateParser {
    public static func parse(_ source: String) throws -> Gate {
        var scanner = Scanner(text: trimmed(source))
        return try scanner.gate()
    }

    /// Checks a parsed gate against the build: the model, the metric (when the task is known;
    /// `BuildPipeline` checks again once it has inferred the task), the baseline a baseline bound
    /// needs, and the slicing spec or fairness attribute.
    public static func validate(
        _ gate: Gate, models: [String], baseline: String?, slices: [SliceRequest], fairness: [FairnessRequest] = [],
        task: ModelTask?
    ) throws {
        _ = try resolve(gate, models: models, baseline: baseline, slices: slices, fairness: fairness, task: task)
    }

    /// The gate checked against the build (as `validate`), with `for SPEC` resolved: a spec that
    /// is no slicing spec but names a fairness attribute becomes `for fairness ATTRIBUTE`.
    public static func resolve(
        _ gate: Gate, models: [String], baseline: String?, slices: [SliceRequest], fairness: [FairnessRequest] = [],
        task: ModelTask?
    ) throws -> Gate {
        func fail(_ column: Int, _ message: String) -> LoupeError {
            .usage("gate '\(gate.text)': column \(column): \(message)")
        }
        var gate = gate
        if let slice = gate.slice, !slices.contains(where: { $0.parts == slice.parts }),
            slice.parts.allSatisfy({ $0.value == nil }), fairness.contains(where: { $0.columns == slice.columns })
        {
            gate.fairness = slice.columns
            gate.slice = nil
        }
        let attributes = fairness.map { "--fairness \($0.columns.joined(separator: ","))" }.joined(separator: ", ")
        if gate.isFairnessGate {
            if task == .regression {
                throw fail(gate.metricPosition, "a fairness gate needs a binary task, and this is a regression")
            }
            if gate.slice != nil {
                throw fail(
                    gate.slicePosition ?? 1,
                    "'\(gate.metric)' is a fairness summary, measured per attribute, not per slice; write 'for fairness COLUMN'"
                )
            }
            let names = FairnessGateMetrics.all
            if !names.contains(gate.metric) {
                throw fail(
                    gate.metricPosition,
                    "unknown fairness metric '\(gate.metric)'\(suggestion(gate.metric, among: names)) "
                        + "(per group: \(FairnessGateMetrics.rates.joined(separator: ", ")); "
                        + "per attribute: \(FairnessGateMetrics.summary.joined(separator: ", ")))")
            }
            if task == .multiclass, !FairnessGateMetrics.multiclass.contains(gate.metric) {
                throw fail(
                    gate.metricPosition,
                    "'\(gate.metric)' is not in a multiclass model's fairness analysis "
                        + "(per class and group: \(FairnessGateMetrics.multiclass.joined(separator: ", ")))")
            }
            if let columns = gate.fairness, !fairness.contains(where: { $0.columns == columns }) {
                let given = fairness.isEmpty ? "none were given" : attributes
                throw fail(
                    gate.slicePosition ?? 1,
                    "'\(columns.joined(separator: ","))' is not one of the build's fairness attributes (\(given))")
            }
            if fairness.isEmpty {
                throw fail(
                    gate.metricPosition,
                    "'\(gate.metric)' is measured by the fairness analysis; give --fairness COLUMN (and 'for fairness COLUMN')")
            }
            if case .relative(.previous, _) = gate.bound {
                throw fail(
                    gate.metricPosition,
                    "a fairness gate cannot use 'previous': earlier runs keep no fairness analysis; use a number or 'baseline'")
            }
        } else if let task {
            // Without a task (it is inferred from the data) the metric is checked once it is known,
            // so the message lists the metrics of that task only.
            let known = MetricRegistry.names(for: task)
            if !known.contains(gate.metric) {
                if task != .regression, FairnessGateMetrics.rates.contains(gate.metric) {
                    let spec = fairness.first.map { $0.columns.joined(separator: ",") } ?? "COLUMN"
                    throw fail(
                        gate.metricPosition,
                        "'\(gate.metric)' is a fairness rate, measured per group of a fairness attribute; "
                            + "write '\(gate.metric) \(gate.comparison.rawValue) \(gate.boundText) for fairness \(spec)'")
                }
                let fairnessNames = task == .regression ? [] : FairnessGateMetrics.all
                throw fail(
                    gate.metricPosition,
                    "unknown metric '\(gate.metric)'\(suggestion(gate.metric, among: known + fairnessNames)) "
                        + "(metrics of a \(task.rawValue) task: \(known.joined(separator: ", ")))")
            }
        }
        if let model = gate.model, !models.contains(model) {
            throw fail(
                gate.modelPosition ?? 1,
                "'\(model)' is not one of the models\(suggestion(model, among: models)) (\(models.joined(separator: ", ")))")
        }
        if gate.usesBaseline && baseline == nil {
            throw fail(gate.metricPosition, "a 'baseline' bound needs a baseline model; give --baseline NAME")
        }
        if gate.model == nil, let baseline, models == [baseline] {
            throw fail(
                gate.metricPosition, "applies to no model: the only model is the baseline; write '\(baseline):\(gate.text)'")
        }
        if let slice = gate.slice, !slices.contains(where: { $0.parts == slice.parts }) {
            let specs = slices.isEmpty ? "none were given" : slices.map { "--slice \($0.flagText)" }.joined(separator: ", ")
            let alsoFairness = fairness.isEmpty ? "" : "; fairness attributes: \(attributes)"
            throw fail(
                gate.slicePosition ?? 1, "'\(slice.flagText)' is not one of the build's slicing specs (\(specs)\(alsoFairness))")
        }
        return gate
    }

    /// ` (did you mean 'roc_auc'?)` for the closest name, or nothing.
    static func suggestion(_ word: String, among names: [String]) -> String {
        DidYouMean.closest(to: word, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// A cursor over the expression's characters; `column` is 1-based.
    private struct Scanner {
        let text: String
        let characters: [Character]
        var index = 0

        init(text: String) {
            self.text = text
            characters = Array(text)
        }

        var column: Int { index + 1 }
        var atEnd: Bool { index >= characters.count }

        func error(at column: Int, _ message: String) -> LoupeError {
            .usage("gate '\(text)': column \(column): \(message)")
        }

        /// What is at the cursor, for messages: `'basline'` or `the end`.
        var found: String {
            guard !atEnd else { return "the end" }
            let word = characters[index...].prefix { !$0.isWhitespace }
            return "'\(String(word))'"
        }

        mutating func skipSpaces() {
            while !atEnd && characters[index].isWhitespace { index += 1 }
        }

        mutating func word() -> String {
            let start = index
            while !atEnd && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_") {
                index += 1
            }
            return String(characters[start..<index])
        }

        mutating func gate() throws -> Gate {
            guard !characters.isEmpty else {
                throw LoupeError.usage("gate '': empty expression; write e.g. 'roc_auc >= 0.75'")
            }
            // A model prefix is whatever comes before a ':' that precedes the comparison.
            var model: String?
            var modelPosition: Int?
            let comparisonStart = characters.firstIndex { $0 == "<" || $0 == ">" } ?? characters.count
            if let colon = characters[..<comparisonStart].firstIndex(of: ":") {
                skipSpaces()
                modelPosition = column
                let name = Scanner.trim(String(characters[index..<colon]))
                guard !name.isEmpty else { throw error(at: column, "expected a model name before ':'") }
                model = name
                index = colon + 1
            }
            skipSpaces()
            let metricPosition = column
            let metric = word()
            guard !metric.isEmpty else {
                throw error(at: metricPosition, "expected a metric name (e.g. roc_auc), found \(found)")
            }
            skipSpaces()
            let comparison = try self.comparison()
            skipSpaces()
            let (bound, boundText) = try self.bound(after: comparison)
            skipSpaces()
            var slice: SliceRequest?
            var fairness: [String]?
            var slicePosition: Int?
            var significant = false
            while !atEnd {
                let position = column
                let keyword = word()
                switch keyword {
                case "for" where slice == nil && fairness == nil && !significant:
                    skipSpaces()
                    slicePosition = column
                    if let columns = try fairnessAttribute() {
                        fairness = columns
                    } else {
                        slice = try spec()
                    }
                case "if":
                    skipSpaces()
                    let next = column
                    guard word() == "significant" else {
                        index = next - 1
                        throw error(at: next, "expected 'significant' after 'if', found \(found)")
                    }
                    significant = true
                case "significant" where !significant:
                    significant = true
                default:
                    index = position - 1
                    let expected =
                        slice == nil && fairness == nil && !significant ? "'for SPEC', 'if significant' or the end" : "the end"
                    throw error(at: position, "expected \(expected), found \(found)")
                }
                skipSpaces()
            }
            return Gate(
                text: text, model: model, metric: metric, comparison: comparison, bound: bound, boundText: boundText,
                slice: slice, slicePosition: slicePosition, metricPosition: metricPosition, modelPosition: modelPosition,
                requiresSignificance: significant, fairness: fairness)
        }

        /// `fairness ATTRIBUTE` after `for`: the attribute's columns, or nil (cursor unmoved) when
        /// the spec does not start with the word `fairness` followed by more (a column named
        /// `fairness` is still a slicing spec).
        mutating func fairnessAttribute() throws -> [String]? {
            let start = index
            guard word() == "fairness", !atEnd, characters[index].isWhitespace else {
                index = start
                return nil
            }
            skipSpaces()
            let position = column
            guard !atEnd, !(characters[index...].starts(with: "if significant")) else {
                throw error(
                    at: position, "expected a fairness attribute after 'for fairness' (e.g. 'for fairness race'), found \(found)")
            }
            let request = try spec()
            if request.parts.contains(where: { $0.value != nil }) {
                throw error(
                    at: position,
                    "a fairness gate applies to every group of the attribute; write 'for fairness \(request.columns.joined(separator: ","))'"
                )
            }
            return request.columns
        }

        mutating func comparison() throws -> Gate.Comparison {
            let position = column
            for candidate in [Gate.Comparison.atLeast, .atMost, .greater, .less] {
                let symbol = Array(candidate.rawValue)
                if index + symbol.count <= characters.count && Array(characters[index..<index + symbol.count]) == symbol {
                    index += symbol.count
                    return candidate
                }
            }
            throw error(at: position, "expected a comparison (>=, <=, > or <), found \(found)")
        }

        mutating func bound(after comparison: Gate.Comparison) throws -> (Gate.Bound, String) {
            let position = column
            guard !atEnd else {
                throw error(
                    at: position, "expected a number, 'baseline' or 'previous' after '\(comparison.rawValue)', found the end")
            }
            if characters[index].isLetter {
                let name = word()
                guard let reference = Gate.Reference(rawValue: name) else {
                    index = position - 1
                    throw error(at: position, "expected a number, 'baseline' or 'previous', found '\(name)'")
                }
                let afterName = index
                skipSpaces()
                guard !atEnd, let operation = "+-*".firstIndex(of: characters[index]) else {
                    index = afterName
                    return (.relative(reference, .none), name)
                }
                let symbol = characters[index]
                index += 1
                skipSpaces()
                let numberPosition = column
                let amount = try number(what: "a number after '\(name) \(symbol)'")
                let adjustment: Gate.Adjustment
                switch "+-*".distance(from: "+-*".startIndex, to: operation) {
                case 0: adjustment = .plus(amount)
                case 1: adjustment = .minus(amount)
                default:
                    guard amount > 0 else {
                        throw error(at: numberPosition, "a relative bound '\(name) * X' needs X > 0 (e.g. 1.02 or 0.98)")
                    }
                    adjustment = .times(amount)
                }
                return (.relative(reference, adjustment), "\(name) \(symbol) \(Scanner.spelling(amount))")
            }
            let value = try number(what: "a number, 'baseline' or 'previous' after '\(comparison.rawValue)'")
            return (.number(value), Scanner.spelling(value))
        }

        /// A decimal number, optionally signed, with an optional exponent.
        mutating func number(what: String) throws -> Double {
            let position = column
            var end = index
            if end < characters.count && (characters[end] == "-" || characters[end] == "+") { end += 1 }
            while end < characters.count {
                let character = characters[end]
                if character.isNumber || character == "." {
                    end += 1
                } else if character == "e" || character == "E" {
                    end += 1
                    if end < characters.count && (characters[end] == "-" || characters[end] == "+") { end += 1 }
                } else {
                    break
                }
            }
            guard end > index, let value = Double(String(characters[index..<end])), value.isFinite else {
                throw error(at: position, "expected \(what), found \(found)")
            }
            index = end
            return value
        }

        /// `SPEC` up to `if significant`, `significant` or the end: columns separated by commas.
        mutating func spec() throws -> SliceRequest {
            let position = column
            var end = characters.count
            var words: [(start: Int, word: String)] = []
            var cursor = index
            while cursor < characters.count {
                while cursor < characters.count && characters[cursor].isWhitespace { cursor += 1 }
                let start = cursor
                while cursor < characters.count && !characters[cursor].isWhitespace { cursor += 1 }
                if cursor > start { words.append((start, String(characters[start..<cursor]))) }
            }
            if let last = words.last, last.word == "significant", words.count >= 2 {
                end = last.start
                if words[words.count - 2].word == "if", words.count >= 3 { end = words[words.count - 2].start }
            }
            let spec = String(characters[index..<end])
            let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map { Scanner.trim(String($0)) }
            guard !Scanner.trim(spec).isEmpty else {
                throw error(
                    at: position, "expected a slicing spec after 'for' (e.g. 'for race' or 'for sex,race'), found \(found)")
            }
            if let bad = parts.firstIndex(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
                throw error(
                    at: position,
                    "expected a slicing spec of comma-separated columns, found '\(Scanner.trim(spec))'"
                        + (parts[bad].isEmpty ? " (an empty column name)" : " ('\(parts[bad])' has a space)"))
            }
            do {
                let request = try SliceRequest.parse(parts.joined(separator: ","))
                index = end
                return request
            } catch LoupeError.usage(let message) {
                let reason = message.hasPrefix("--slice: ") ? String(message.dropFirst("--slice: ".count)) : message
                throw error(at: position, reason)
            }
        }

        static func trim(_ text: String) -> String {
            String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }

        /// A number as the user would write it: `0.75`, `1.02`, `3`.
        static func spelling(_ x: Double) -> String {
            let text = "\(x)"
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
    }
}
