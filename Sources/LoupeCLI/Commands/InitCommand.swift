import Foundation
import LoupeData
import LoupeEvaluation
import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// `loupe init DATA`: look at a data file and write a commented starter config.
///
/// The guesses are deliberately simple and said out loud in the comments: a binary column with
/// a label-like name is the label and numeric columns within [0, 1] are scores; failing that, a
/// numeric label with predictions on its scale is a regression. Categorical columns with 2 to 50
/// values and numeric features are slices, never the label, a score or a binned copy of a score;
/// columns beyond the cap and those left out are named in comments; sensitive-looking columns are
/// suggested for the fairness analysis in a comment.
enum InitCommand {
    struct Options {
        var out: String?
        var force: Bool?
    }

    /// The options of `init`, in the order of its usage line.
    static var table: [Option<Options>] {
        [
            .value("--out", "CONFIG.json", \.out, .path),
            .toggle("--force", \.force),
        ]
    }

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        let parser = FlagParser(
            options: table, isPositional: { !$0.hasPrefix("-") },
            checkPositional: { earlier, _ in
                guard earlier.isEmpty else { throw LoupeError.usage("init: give one data file") }
            },
            unknown: { flag, _ in LoupeError.usage("init: unknown flag '\(flag)' (see 'loupe help init')") })
        guard case .parsed(let options, let positionals) = try parser.parse(arguments, into: Options()) else {
            streams.out(try HelpText.text(for: "init"))
            return 0
        }
        let dataPath = positionals.first
        let out = options.out ?? "loupe.json"
        let force = options.force ?? false
        guard let dataPath else { throw LoupeError.usage("init: give the data file: loupe init DATA") }
        if FileManager.default.fileExists(atPath: out), !force {
            throw LoupeError.usage("init: \(out) already exists; pass --force to overwrite it or --out to choose another file")
        }
        let table: Table
        do {
            table = try TableReader.read(path: dataPath, options: ReadOptions())
        } catch let error as DataError {
            throw LoupeError.input(error.description)
        }
        let text = starterConfig(for: table, dataPath: dataPath, configPath: out)
        do {
            try SiteWriter.writeFile(Array(text.utf8), to: URL(fileURLWithPath: out))
        } catch {
            throw LoupeError.output("\(out): cannot write the config (\(error.localizedDescription))")
        }
        streams.err("loupe: wrote \(out); check the guesses, then run: loupe build \(out)\n")
        return 0
    }

    static func starterConfig(for table: Table, dataPath: String, configPath: String) -> String {
        let columns = table.columnNames.compactMap { table.column($0) }
        let guess = guessRoles(columns)
        let label = guess.label
        let scores = guess.scores
        let regression = guess.task == .regression
        let weight = columns.first { column in
            let name = column.name.lowercased()
            return column.kind == .numeric && (name == "w" || name.contains("weight"))
        }
        let timestamp = columns.first { $0.kind == .timestamp }
        let taken = Set([label?.name, weight?.name, timestamp?.name].compactMap { $0 } + scores.map(\.name))
        // A binned copy of a score (decile_score, score_text beside compas_score) would slice
        // by the prediction itself; so would the label.
        let binned = columns.filter { column in
            !taken.contains(column.name) && scores.contains { isBinnedCopy(column, of: $0) }
        }
        var skipped: [(String, String)] = binned.map { ($0.name, "a binned copy of a score") }
        var sliceable: [Column] = []
        for column in columns where !taken.contains(column.name) && !binned.contains(where: { $0.name == column.name }) {
            switch column.kind {
            case .categorical where (2...50).contains(column.distinctCount): sliceable.append(column)
            case .categorical where column.distinctCount > 50:
                skipped.append((column.name, "\(column.distinctCount) distinct values"))
            case .numeric where column.distinctCount >= 2: sliceable.append(column)
            default: skipped.append((column.name, column.distinctCount < 2 ? "a single value" : "not sliceable"))
            }
        }
        let categorical = sliceable.filter { $0.kind == .categorical }
        let ordered = categorical + sliceable.filter { $0.kind != .categorical }
        let shown = ordered.prefix(sliceCap)
        var slices = shown.map { JSONString.quoted($0.name) }
        if categorical.count >= 2 { slices.append(JSONString.quoted("\(categorical[0].name),\(categorical[1].name)")) }
        let more = ordered.dropFirst(sliceCap)
        let baseline = scores.first { ["benchmark", "baseline"].contains(where: $0.name.lowercased().contains) }
        let sensitive = regression ? [] : columns.filter { !taken.contains($0.name) && looksSensitive($0.name) }

        let dataRelative = relativePath(dataPath, from: configPath)
        var lines = [
            "// Loupe build configuration, written by 'loupe init' from \(table.path)",
            "// (\(table.rowCount) rows, \(table.columnNames.count) columns). Check every guess, then run:",
            "//     loupe build \(configPath)",
            "// Flags given to 'loupe build' override the values here. Paths are relative to this file.",
            "{",
            "  \"title\": \(JSONString.quoted("Evaluation of " + ((dataPath as NSString).lastPathComponent))),",
            "  \"data\": \(JSONString.quoted(dataRelative)),",
            "",
        ]
        if let label {
            if regression {
                lines.append("  // A regression: the label is numeric, and the score columns predict it on its scale.")
                lines.append("  \"task\": \"regression\",")
                lines.append("  // The ground truth: a number per row.")
            } else {
                lines.append("  // The ground truth: a column with two values (\(valuesText(label))).")
            }
            lines.append("  \"label\": \(JSONString.quoted(label.name)),")
        } else {
            lines.append("  // No label column was recognised: name it here (two values, or a number for a regression).")
            lines.append("  \"label\": \"\",")
        }
        lines.append("")
        if regression {
            lines.append("  // One entry per model: NAME: COLUMN with its prediction of the label.")
            lines.append("  // Guessed from numeric columns on the label's scale that follow it closely.")
        } else {
            lines.append("  // One entry per model: NAME: COLUMN with its probability of the positive class.")
            lines.append("  // Guessed from numeric columns whose values lie within [0, 1].")
        }
        let scoreLines = scores.map { "    \(JSONString.quoted($0.name)): \(JSONString.quoted($0.name))" }
        lines.append("  \"scores\": {" + (scoreLines.isEmpty ? "}," : "\n" + scoreLines.joined(separator: ",\n") + "\n  },"))
        if let baseline {
            lines.append("  // The benchmark model the others are compared against.")
            lines.append("  \"baseline\": \(JSONString.quoted(baseline.name)),")
        } else if scores.count > 1 {
            lines.append("  // Name the benchmark model the others are compared against:")
            lines.append("  // \"baseline\": \(JSONString.quoted(scores[scores.count - 1].name)),")
        }
        lines.append("")
        lines.append("  // Slicing specs: one column, or a cross \"col1,col2\". Numeric columns with more than")
        lines.append("  // 12 values are cut into quantile bins; set \"bins\": {\"col\": 5} or edges to change that.")
        lines.append("  \"slices\": [" + slices.joined(separator: ", ") + "],")
        if !more.isEmpty {
            lines.append("  // More columns to slice by (add them above):")
            lines.append("  //   " + more.map { JSONString.quoted($0.name) }.joined(separator: ", "))
        }
        if !skipped.isEmpty {
            lines.append("  // Not proposed as slices: " + skipped.map { "\($0.0) (\($0.1))" }.joined(separator: ", ") + ".")
        }
        if !sensitive.isEmpty {
            lines.append("  // These columns look sensitive; to compare the groups' error rates, uncomment:")
            lines.append("  // \"fairness\": [" + sensitive.map { JSONString.quoted($0.name) }.joined(separator: ", ") + "],")
        }
        if let weight { lines.append("  \"weight\": \(JSONString.quoted(weight.name)),") }
        if let timestamp {
            lines.append("  // Event time, for views over time.")
            lines.append("  \"timestamp\": \(JSONString.quoted(timestamp.name)),")
        }
        lines.append("")
        if !regression {
            lines.append("  // Predicted positive iff score >= threshold.")
            lines.append("  \"threshold\": 0.5,")
        }
        lines.append("  // Slices with fewer rows are listed without metrics.")
        lines.append("  \"minSliceSize\": 30,")
        lines.append("  \"out\": \"site-output\"")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// How many single-column slicing specs the config lists; the rest are named in a comment.
    static let sliceCap = 12

    private static let labelNames = ["label", "y", "target", "outcome", "class", "truth", "ground_truth", "actual"]

    /// Name parts that suggest a sensitive attribute (`age_band`, `Race`, `applicant_gender`).
    private static let sensitiveWords: Set<String> = [
        "sex", "gender", "race", "ethnicity", "ethnic", "age", "religion", "nationality", "disability", "marital",
        "citizenship",
    ]

    static func looksSensitive(_ name: String) -> Bool {
        name.lowercased().split { !$0.isLetter }.contains { sensitiveWords.contains(String($0)) }
    }

    /// The label, the scores and the task they suggest: a two-valued column with a label-like
    /// name makes a binary task; else a numeric label that other columns predict on its scale (a
    /// regression); else the first two-valued numeric column.
    private static func guessRoles(_ columns: [Column]) -> (label: Column?, scores: [Column], task: ModelTask) {
        let binary = columns.filter { $0.distinctCount == 2 }
        let named = binary.first { column in
            let name = column.name.lowercased()
            return labelNames.contains(name) || name.hasSuffix("_label") || name.contains("recid") || name.contains("default")
        }
        if let named { return (named, probabilities(columns, besides: named), .binary) }
        if let (label, predictions) = regressionGuess(columns) { return (label, predictions, .regression) }
        let label = binary.first { $0.kind == .numeric } ?? binary.first
        return (label, probabilities(columns, besides: label), .binary)
    }

    /// The score-like columns; when some of them have a model-like name (`p_`, `prob`, `score`,
    /// `pred`), only those, so a feature within [0, 1] (`debt_to_income`) is not taken for a model.
    private static func probabilities(_ columns: [Column], besides label: Column?) -> [Column] {
        let scores = columns.filter { $0.name != label?.name && isScoreLike($0) }
        let named = scores.filter { column in
            let name = column.name.lowercased()
            return name.hasPrefix("p_") || ["prob", "score", "pred"].contains(where: name.contains)
        }
        return named.isEmpty ? scores : named
    }

    /// A numeric label and its predictions: columns on the same scale (means within half a
    /// standard deviation, deviations within a factor of 4) correlated above 0.5. The label is
    /// the column with the most such partners; on a tie, one whose name the others contain
    /// (`price` in `predicted_price`) or a label-like name, else the first.
    private static func regressionGuess(_ columns: [Column]) -> (Column, [Column])? {
        let numeric = columns.filter { $0.kind == .numeric && $0.distinctCount > 2 }
        guard numeric.count >= 2 else { return nil }
        let moments = numeric.map { column -> (mean: Double, sd: Double) in
            let finite = column.numbers.filter(\.isFinite)
            guard finite.count > 1 else { return (0, 0) }
            let mean = finite.reduce(0, +) / Double(finite.count)
            let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1)
            return (mean, variance.squareRoot())
        }
        func partners(_ i: Int, _ j: Int) -> Bool {
            let (a, b) = (moments[i], moments[j])
            guard a.sd > 0, b.sd > 0, (a.mean - b.mean).magnitude < 0.5 * max(a.sd, b.sd),
                (0.25...4).contains(a.sd / b.sd)
            else { return false }
            var (sxy, n) = (0.0, 0.0)
            let (x, y) = (numeric[i].numbers, numeric[j].numbers)
            for r in 0..<min(x.count, y.count) where x[r].isFinite && y[r].isFinite {
                sxy += (x[r] - a.mean) * (y[r] - b.mean)
                n += 1
            }
            return n > 2 && sxy / (n - 1) / (a.sd * b.sd) > 0.5
        }
        var links = [[Int]](repeating: [], count: numeric.count)
        for i in numeric.indices {
            for j in numeric.indices where j > i && partners(i, j) {
                links[i].append(j)
                links[j].append(i)
            }
        }
        func hint(_ i: Int) -> Bool {
            let name = numeric[i].name.lowercased()
            return labelNames.contains(name) || links[i].allSatisfy { numeric[$0].name.lowercased().contains(name) }
        }
        guard let most = links.map(\.count).max(), most > 0 else { return nil }
        let candidates = numeric.indices.filter { links[$0].count == most }
        let label = candidates.first(where: hint) ?? candidates[0]
        return (numeric[label], links[label].sorted().map { numeric[$0] })
    }

    /// Whether `column` only groups a score into bands: every value's score range is disjoint from
    /// the others' (`decile_score` 1–10 or `score_text` Low/Medium/High beside `compas_score`).
    static func isBinnedCopy(_ column: Column, of score: Column) -> Bool {
        guard (2...50).contains(column.distinctCount), column.kind == .categorical || column.kind == .numeric else {
            return false
        }
        var ranges: [String: (low: Double, high: Double)] = [:]
        let scores = score.numbers
        for row in 0..<scores.count {
            let s = scores[row]
            guard s.isFinite, let key = groupKey(column, row) else { continue }
            let old = ranges[key] ?? (s, s)
            ranges[key] = (min(old.low, s), max(old.high, s))
        }
        guard ranges.count >= 2 else { return false }
        let sorted = ranges.values.sorted { $0.low < $1.low }
        return zip(sorted, sorted.dropFirst()).allSatisfy { $0.high < $1.low }
    }

    private static func groupKey(_ column: Column, _ row: Int) -> String? {
        switch column.kind {
        case .categorical:
            guard row < column.codes.count else { return nil }
            let code = Int(column.codes[row])
            return code < column.dictionary.count ? column.dictionary[code] : nil
        default:
            guard row < column.numbers.count, column.numbers[row].isFinite else { return nil }
            return String(column.numbers[row])
        }
    }

    private static func isScoreLike(_ column: Column) -> Bool {
        guard column.kind == .numeric, column.distinctCount > 2 else { return false }
        let finite = column.numbers.filter { !$0.isNaN }
        return !finite.isEmpty && finite.allSatisfy { $0 >= 0 && $0 <= 1 }
    }

    private static func valuesText(_ column: Column) -> String {
        switch column.kind {
        case .categorical: return column.dictionary.joined(separator: " / ")
        default:
            return Quantiles.distinctValues(column.numbers, atMost: 2)?.map(Slicer.text).joined(separator: " / ") ?? "two values"
        }
    }

    /// `dataPath` relative to the folder of the config file (`data.csv`, `../data/eval.csv`), as
    /// the config file's paths are read.
    static func relativePath(_ dataPath: String, from configPath: String) -> String {
        let folder = URL(fileURLWithPath: configPath).deletingLastPathComponent().standardizedFileURL.pathComponents
        let data = URL(fileURLWithPath: dataPath).standardizedFileURL.pathComponents
        var common = 0
        while common < min(folder.count, data.count), folder[common] == data[common] { common += 1 }
        let ups = Array(repeating: "..", count: folder.count - common)
        return (ups + data[common...]).joined(separator: "/")
    }
}
