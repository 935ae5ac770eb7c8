import Foundation
import LoupeDemo
import LoupeEvaluation
import LoupeMarkup

/// `loupe generate --kind bench|credit|house --rows N --out FILE [--seed S]`: synthetic data sets,
/// for the benchmark script and for trying Loupe without data of one's own.
enum GenerateCommand {
    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        var kind: String?
        var rows: Int?
        var out: String?
        var seed: UInt64?
        var scanner = ArgumentScanner(arguments)
        while let argument = scanner.next() {
            let (flag, inline) = ArgumentScanner.split(argument)
            switch flag {
            case "--kind": kind = try scanner.value(for: flag, inline: inline)
            case "--rows": rows = try scanner.integer(for: flag, inline: inline, atLeast: 1)
            case "--out": out = try scanner.value(for: flag, inline: inline)
            case "--seed": seed = UInt64(try scanner.integer(for: flag, inline: inline, atLeast: 0))
            case "--help", "-h":
                streams.out(try HelpText.text(for: "generate"))
                return 0
            default: throw LoupeError.usage("generate: unknown argument '\(argument)' (see 'loupe help generate')")
            }
        }
        guard let rows, let out else { throw LoupeError.usage("generate: give --rows N and --out FILE") }
        guard let kind = kind.flatMap(DemoGenerator.Kind.init(rawValue:)) else {
            throw LoupeError.usage("generate: --kind must be bench, credit or house")
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
