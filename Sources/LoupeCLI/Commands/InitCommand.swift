import Foundation
import LoupeData
import LoupeEvaluation
import LoupeMarkup
import LoupeMetrics

/// `loupe init DATA`: look at a data file and write a commented starter config.
///
/// The guesses are deliberately simple and said out loud in the comments: a binary column with
/// a label-like name is the label; numeric columns within [0, 1] with many values are scores;
/// categorical columns with 2 to 50 values and numeric features are slices.
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
        let label = guessLabel(columns)
        let scores = columns.filter { $0.name != label?.name && isScoreLike($0) }
        let weight = columns.first { column in
            let name = column.name.lowercased()
            return column.kind == .numeric && (name == "w" || name.contains("weight"))
        }
        let timestamp = columns.first { $0.kind == .timestamp }
        let taken = Set([label?.name, weight?.name, timestamp?.name].compactMap { $0 } + scores.map(\.name))
        let categorical = columns.filter {
            !taken.contains($0.name) && $0.kind == .categorical && (2...50).contains($0.distinctCount)
        }
        let numeric = columns.filter { !taken.contains($0.name) && $0.kind == .numeric && $0.distinctCount >= 2 }
        var slices = (categorical + numeric).prefix(8).map { "\"\($0.name)\"" }
        if categorical.count >= 2 { slices.append("\"\(categorical[0].name),\(categorical[1].name)\"") }
        let baseline = scores.first { ["benchmark", "baseline"].contains(where: $0.name.lowercased().contains) }

        let dataRelative = relativePath(dataPath, from: configPath)
        var lines = [
            "// Loupe build configuration, written by 'loupe init' from \(table.path)",
            "// (\(table.rowCount) rows, \(table.columnNames.count) columns). Check every guess, then run:",
            "//     loupe build \(configPath)",
            "// Flags given to 'loupe build' override the values here. Paths are relative to this file.",
            "{",
            "  \"title\": \(JSONString.quoted("Evaluation of " + ((dataPath as NSString).lastPathComponent))),",
            "  \"description\": \"\",",
            "  \"data\": \(JSONString.quoted(dataRelative)),",
            "",
        ]
        if let label {
            lines.append("  // The ground truth: a column with two values (\(valuesText(label))).")
            lines.append("  \"label\": \(JSONString.quoted(label.name)),")
        } else {
            lines.append("  // No column with exactly two values was found: name the label column here.")
            lines.append("  \"label\": \"\",")
        }
        lines.append("")
        lines.append("  // One entry per model: NAME: COLUMN with its probability of the positive class.")
        lines.append("  // Guessed from numeric columns whose values lie within [0, 1].")
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
        if let weight { lines.append("  \"weight\": \(JSONString.quoted(weight.name)),") }
        if let timestamp {
            lines.append("  // Event time, for views over time.")
            lines.append("  \"timestamp\": \(JSONString.quoted(timestamp.name)),")
        }
        lines.append("")
        lines.append("  // Predicted positive iff score >= threshold.")
        lines.append("  \"threshold\": 0.5,")
        lines.append("  // Slices with fewer rows are listed without metrics.")
        lines.append("  \"minSliceSize\": 30,")
        lines.append("  \"out\": \"site-output\"")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static let labelNames = ["label", "y", "target", "outcome", "class", "truth", "ground_truth", "actual"]

    private static func guessLabel(_ columns: [Column]) -> Column? {
        let binary = columns.filter { $0.distinctCount == 2 }
        return binary.first { column in
            let name = column.name.lowercased()
            return labelNames.contains(name) || name.hasSuffix("_label") || name.contains("recid") || name.contains("default")
        } ?? binary.first { $0.kind == .numeric }
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

    /// `dataPath` as seen from the folder of the config file (absolute when that is simpler).
    private static func relativePath(_ dataPath: String, from configPath: String) -> String {
        let configFolder = URL(fileURLWithPath: configPath).deletingLastPathComponent().standardizedFileURL.path
        let data = URL(fileURLWithPath: dataPath).standardizedFileURL.path
        if data.hasPrefix(configFolder + "/") { return String(data.dropFirst(configFolder.count + 1)) }
        return data
    }
}
