import LoupeMetrics
import LoupeResults

/// Reads gate expressions (the contract's grammar plus two additions):
///
///     [MODEL:]METRIC OP BOUND [for SPEC] [if significant]
///     METRIC NAME | NAME[CLASS]
///     CLASS  a class name (spaces around it dropped) without [ ] " ' \, or quoted: "..." or '...',
///            inside which \ makes the next character literal (\" \' \\)
///     OP     >=  <=  >  <
///     BOUND  NUMBER | baseline | previous, optionally followed by + X, - X or * X
///     SPEC   one of the build's slicing specs: race, sex,race
///
/// Monitoring gates (`alarms == 0`, `drifts == 0 in last 4 windows`) have their own small
/// grammar, read by `MonitoringGate.parse` before this one.
///
/// Errors are usage errors naming the gate and the 1-based column of the problem:
/// `gate 'roc_auc >= basline': column 12: expected a number, 'baseline' or 'previous', found 'basline'`.
public enum GateParser {
    public static func parse(_ source: String) throws -> Gate {
        if let gate = try MonitoringGate.parse(trimmed(source)) { return gate }
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
        if DriftGate.isDriftGate(gate), !models.contains(DriftGate.prefix) {
            try DriftGate.check(gate)
            return gate
        }
        if MonitoringGate.isMonitoringGate(gate) { return gate }
        var gate = gate
        if let slice = gate.slice, !slices.contains(where: { $0.parts == slice.parts }),
            slice.parts.allSatisfy({ $0.value == nil }), fairness.contains(where: { $0.columns == slice.columns })
        {
            gate.fairness = slice.columns
            gate.slice = nil
        }
        let attributes = fairness.map { "--fairness \($0.columns.joined(separator: ","))" }.joined(separator: ", ")
        if gate.className != nil { try checkPerClass(gate, task: task) }
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
        } else if gate.className == nil, let task {
            // Without a task (it is inferred from the data) the metric is checked once it is known,
            // so the message lists the metrics of that task only.
            let known = MetricRegistry.names(for: task)
            if task == .multiclass, !known.contains(gate.metric), ClassMetrics.metricNames.contains(gate.metric) {
                let averages = ["macro_", "weighted_"].map { $0 + gate.metric }.filter(known.contains)
                let or = averages.isEmpty ? "" : ", or an average: \(averages.joined(separator: ", "))"
                throw fail(
                    gate.metricPosition,
                    "'\(gate.metric)' is measured per class in a multiclass task; write '\(gate.metric)[CLASS]'\(or)")
            }
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

    /// A per-class gate (`recall[cat]`): a per-class metric, on a multiclass task (when the task
    /// is known), on all rows or slices (not the fairness analysis).
    static func checkPerClass(_ gate: Gate, task: ModelTask?) throws {
        func fail(_ column: Int, _ message: String) -> LoupeError {
            .usage("gate '\(gate.text)': column \(column): \(message)")
        }
        let names = ClassMetrics.metricNames
        if FairnessGateMetrics.multiclass.contains(gate.metric) && gate.metric != "accuracy" && !names.contains(gate.metric) {
            // One class of a multiclass model's fairness analysis: `tpr[fox] >= 0.7 for fairness region`.
            if let task, task != .multiclass {
                throw fail(
                    gate.classPosition ?? gate.metricPosition,
                    "a class ('\(gate.metricText)') needs a multiclass task, and this is a \(task.rawValue) task; "
                        + "write '\(gate.metric)' without a class")
            }
            if !gate.isFairnessGate {
                throw fail(
                    gate.metricPosition,
                    "'\(gate.metric)' is a fairness rate, measured per group of a fairness attribute; write "
                        + "'\(gate.metricText) \(gate.comparison.rawValue) \(gate.boundText) for fairness COLUMN'")
            }
            return
        }
        if !names.contains(gate.metric) {
            throw fail(
                gate.metricPosition,
                "unknown per-class metric '\(gate.metric)'\(suggestion(gate.metric, among: names)) "
                    + "(per class: \(names.joined(separator: ", ")))")
        }
        if let task, task != .multiclass {
            throw fail(
                gate.classPosition ?? gate.metricPosition,
                "a per-class metric ('\(gate.metricText)') needs a multiclass task, and this is a \(task.rawValue) task; "
                    + "write '\(gate.metric)' without a class")
        }
        if gate.fairness != nil {
            throw fail(
                gate.slicePosition ?? gate.metricPosition,
                "a per-class gate is judged on all rows or on the slices of a slicing spec, not on a fairness attribute")
        }
        if case .relative(.previous, _) = gate.bound {
            throw fail(
                gate.metricPosition,
                "a per-class gate cannot use 'previous': earlier runs keep no per-class metrics; use a number or 'baseline'")
        }
    }

    /// The gate with its class matched to one of the build's `classes` (as a label is: the same
    /// text, or the same number, so `recall[1]` finds class `1.0`); an unknown class is a usage
    /// error naming the classes, with a "did you mean". A gate without a class is returned as is.
    public static func resolveClass(_ gate: Gate, classes: [String]) throws -> Gate {
        guard let name = gate.className else { return gate }
        if classes.contains(name) { return gate }
        if let number = Double(name), let match = classes.first(where: { Double($0) == number }) {
            var resolved = gate
            resolved.className = match
            return resolved
        }
        let list = classes.map(Gate.classSpelling).joined(separator: ", ")
        throw LoupeError.usage(
            "gate '\(gate.text)': column \(gate.classPosition ?? gate.metricPosition): "
                + "'\(name)' is not one of the classes\(suggestion(name, among: classes)) (\(list))")
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
            if let colon = modelColon(before: comparisonStart) {
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
            var className: String?
            var classPosition: Int?
            if !atEnd && characters[index] == "[" {
                classPosition = column
                className = try classInBrackets()
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
                requiresSignificance: significant, fairness: fairness, className: className, classPosition: classPosition)
        }

        /// The `:` ending a model prefix: the first one before `end` followed by a metric name and
        /// then `[` or the comparison, so a `:` inside a class name (`recall[a:b]`) is not one.
        func modelColon(before end: Int) -> Int? {
            characters[..<end].indices.first { colon in
                guard characters[colon] == ":" else { return false }
                var i = colon + 1
                while i < end && characters[i].isWhitespace { i += 1 }
                let start = i
                while i < end && (characters[i].isLetter || characters[i].isNumber || characters[i] == "_") { i += 1 }
                guard i > start else { return false }
                while i < end && characters[i].isWhitespace { i += 1 }
                return i == end || characters[i] == "["
            }
        }

        /// `[CLASS]` after a metric name, the cursor on the `[`: the class name, unquoted (spaces
        /// around it dropped) or quoted with `"` or `'` (a backslash makes the next character
        /// literal).
        mutating func classInBrackets() throws -> String {
            let open = column
            index += 1
            while !atEnd && characters[index].isWhitespace { index += 1 }
            var name = ""
            if !atEnd, characters[index] == "\"" || characters[index] == "'" {
                let quote = characters[index], quoteColumn = column
                index += 1
                while true {
                    guard !atEnd else {
                        throw error(at: quoteColumn, "unterminated quoted class name: expected a closing \(quote)")
                    }
                    let character = characters[index]
                    index += 1
                    if character == quote { break }
                    if character == "\\" {
                        guard !atEnd else {
                            throw error(at: quoteColumn, "unterminated quoted class name: expected a closing \(quote)")
                        }
                        name.append(characters[index])
                        index += 1
                    } else {
                        name.append(character)
                    }
                }
                guard !name.isEmpty else {
                    throw error(at: quoteColumn, "expected a class name between the quotes, found an empty one")
                }
                while !atEnd && characters[index].isWhitespace { index += 1 }
                guard !atEnd, characters[index] == "]" else {
                    throw error(at: column, "expected ']' after the quoted class name, found \(found)")
                }
            } else {
                let start = index
                while !atEnd && characters[index] != "]" {
                    let character = characters[index]
                    if character == "[" || character == "\"" || character == "'" || character == "\\" {
                        throw error(
                            at: column,
                            "'\(character)' in a class name must be quoted: write the class in double quotes, "
                                + "e.g. recall[\"a [b]\"], with \\\" and \\\\ for a quote and a backslash")
                    }
                    index += 1
                }
                guard !atEnd else { throw error(at: open, "expected ']' to close the class name opened here") }
                name = Scanner.trim(String(characters[start..<index]))
                guard !name.isEmpty else {
                    throw error(at: open, "expected a class name between the brackets (e.g. recall[cat]), found '[]'")
                }
            }
            index += 1
            return name
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
