import Foundation
import LoupeDemo
import LoupeEvaluation
import LoupeMarkup

/// `loupe generate --kind KIND --rows N --out FILE [--seed S]`: synthetic data sets,
/// for the benchmark script and for trying Loupe without data of one's own.
enum GenerateCommand {
    struct Options {
        var kind: String?
        var rows: Int?
        var out: String?
        var seed: UInt64?
    }

    /// The options of `generate`, in the order of its usage line.
    static var table: [Option<Options>] {
        [
            Option.value("--kind", "KIND", \.kind, .text).required(),
            Option.value("--rows", "N", \.rows, .integer(atLeast: 1)).required(),
            Option.value("--out", "FILE", \.out, .path).required(),
            .value("--seed", "N", \.seed, OptionValue.integer(atLeast: 0).map { UInt64($0) }),
        ]
    }

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        let parser = FlagParser<Options>(
            options: table,
            unknown: { _, argument in
                LoupeError.usage("generate: unknown argument '\(argument)' (see 'loupe help generate')")
            })
        guard case .parsed(let options, _) = try parser.parse(arguments, into: Options()) else {
            streams.out(try HelpText.text(for: "generate"))
            return 0
        }
        let (kind, rows, out, seed) = (options.kind, options.rows, options.out, options.seed)
        guard let rows, let out else { throw LoupeError.usage("generate: give --rows N and --out FILE") }
        guard let kind = kind.flatMap(DemoGenerator.Kind.init(rawValue:)) else {
            let kinds = DemoGenerator.Kind.allCases.map(\.rawValue)
            throw LoupeError.usage("generate: --kind must be \(kinds.dropLast().joined(separator: ", ")) or \(kinds.last!)")
        }
        do {
            try DemoGenerator.write(kind, rows: rows, seed: seed, to: out)
        } catch {
            throw LoupeError.output("\(out): cannot write the data (\(error))")
        }
        streams.err("loupe: wrote \(NumberFormat.count(rows)) rows to \(out)\n")
        return 0
    }
}
