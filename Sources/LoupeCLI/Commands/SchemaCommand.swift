import Foundation
import LoupeData
import LoupeEvaluation
import LoupeMarkup

/// `loupe schema DATA [--out FILE] [--label COL] [--format F]`: infer a data schema from a data
/// set (`DataSchema.infer`) and write it as JSON to edit and commit; `loupe build --schema`
/// validates data against it.
enum SchemaCommand {
    struct Options {
        var out: String?
        var label: String?
        var format: String?
        var force: Bool?
    }

    static var table: [Option<Options>] {
        [
            .value("--out", "FILE", \.out, .path),
            .value("--label", "COL", \.label, .text),
            .value("--format", DataFormat.all.map(\.name).joined(separator: "|"), \.format, .text),
            .toggle("--force", \.force),
        ]
    }

    static let defaultOut = "schema.json"

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        let parser = FlagParser(
            options: table, isPositional: { !$0.hasPrefix("-") },
            checkPositional: { earlier, _ in
                guard earlier.isEmpty else { throw LoupeError.usage("schema: give one data file") }
            },
            unknown: { flag, _ in LoupeError.usage("schema: unknown flag '\(flag)' (see 'loupe help schema')") })
        guard case .parsed(let options, let positionals) = try parser.parse(arguments, into: Options()) else {
            streams.out(try HelpText.text(for: "schema"))
            return 0
        }
        guard let dataPath = positionals.first else {
            throw LoupeError.usage("schema: give the data file: loupe schema DATA --out schema.json")
        }
        let out = options.out ?? defaultOut
        if FileManager.default.fileExists(atPath: out), !(options.force ?? false) {
            throw LoupeError.usage("schema: \(out) already exists; pass --force to overwrite it or --out to choose another file")
        }
        var read = ReadOptions()
        if let name = options.format {
            guard let format = DataFormat.named(name) else {
                throw LoupeError.usage("--format: expected \(DataFormat.nameList), got '\(name)'")
            }
            read.format = format
        }
        let table: Table
        do {
            table = try TableReader.read(path: dataPath, options: read)
        } catch let error as DataError {
            throw LoupeError.input(error.description)
        }
        if let label = options.label, table.column(label) == nil {
            throw LoupeError.usage(
                "--label: \(dataPath) has no column '\(label)' (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        let schema = DataSchema.infer(from: table, file: dataPath, absentInServing: options.label.map { [$0] } ?? [])
        do {
            try SiteWriter.writeFile(Array(schema.jsonText().utf8), to: URL(fileURLWithPath: out))
        } catch {
            throw LoupeError.output("\(out): cannot write the schema (\(error.localizedDescription))")
        }
        streams.err(
            "loupe: wrote \(out) (\(schema.columns.count) columns); edit it, commit it, then: loupe build --data DATA --schema \(out)\n"
        )
        return 0
    }
}
