import Foundation
import LoupeEvaluation
import LoupeMarkup
import LoupeResults
import LoupeSite

/// `loupe card RESULTS.json --card FILE [--out DIR]`: the model card's files (MODEL_CARD.md with
/// its charts, the Hugging Face README.md, MCT's model_card.json) from results computed earlier
/// or by another program; only the contract's fields need be present.
///
/// `loupe card [RESULTS.json] --card FILE --check` writes nothing: it lists the human sections the
/// card leaves empty and exits 1 when one of them is in `loupe.required_sections`.
enum CardCommand {
    struct Options {
        var card: String?
        var out: String?
        var check: Bool?
        var quiet: Bool?
    }

    static let defaultOutFolder = "model-card"

    static var table: [Option<Options>] {
        [
            .value("--card", "FILE", \.card, .path),
            .value("--out", "DIR", \.out, .path),
            .toggle("--check", \.check, rejectsValue: true),
            .toggle("--quiet", alias: "-q", \.quiet),
        ]
    }

    static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) throws -> Int32 {
        let parser = FlagParser(
            options: table, isPositional: { !$0.hasPrefix("-") },
            checkPositional: { earlier, _ in
                guard earlier.isEmpty else { throw LoupeError.usage("card: give one results file") }
            },
            unknown: { flag, _ in LoupeError.usage("card: unknown flag '\(flag)' (see 'loupe help card')") })
        guard case .parsed(let options, let positionals) = try parser.parse(arguments, into: Options()) else {
            streams.out(try HelpText.text(for: "card"))
            return 0
        }
        guard let cardPath = options.card else {
            throw LoupeError.usage("card: give the card file: loupe card RESULTS.json --card card.json")
        }
        let card = try ModelCardFile.load(path: cardPath)
        let resultsPath = positionals.first
        if options.check == true {
            if let resultsPath { try checkModel(card, in: try ResultsFile.decode(path: resultsPath), file: cardPath) }
            return check(card, file: cardPath, streams: &streams)
        }
        guard let resultsPath else {
            throw LoupeError.usage("card: give the results file: loupe card RESULTS.json --card card.json")
        }
        let results = try ResultsFile.decode(path: resultsPath)
        try checkModel(card, in: results, file: cardPath)
        let out = options.out ?? defaultOutFolder
        try refuseSiteFolder(out)
        let files = ModelCardOutputs.files(results: results, card: card, withSite: false).map {
            SiteWriter.File(path: $0.path, text: $0.contents)
        }
        try SiteWriter.write(
            files, to: out,
            inputs: [
                SiteWriter.Input(path: resultsPath, what: "the results file"),
                SiteWriter.Input(path: cardPath, what: "the model card (--card)"),
            ])
        if options.quiet != true { streams.err("loupe: wrote \(out)/\(ModelCardOutputs.markdownPath)\n") }
        return 0
    }

    /// `--check`: every empty section on stdout, the required ones marked; exit 1 when a
    /// required section is empty.
    static func check<S: OutputStreams>(_ card: ModelCard, file: String, streams: inout S) -> Int32 {
        let required = Set(card.options.requiredSections)
        let missing = card.missingSections
        let missingRequired = missing.filter(required.contains)
        let name = TerminalText.line(file)
        if missing.isEmpty {
            streams.out("\(name): every section is provided\n")
            return 0
        }
        streams.out("\(name): \(missing.count) section\(missing.count == 1 ? "" : "s") not provided:\n")
        for section in missing {
            streams.out("  \(section.rawValue)\(required.contains(section) ? " (required)" : "")\n")
        }
        if missingRequired.isEmpty {
            streams.out("every required section is provided\n")
            return 0
        }
        streams.out(
            "\(missingRequired.count) required section\(missingRequired.count == 1 ? " is" : "s are") empty: \(missingRequired.map(\.rawValue).joined(separator: ", "))\n"
        )
        return 1
    }

    /// The card's `loupe.model` must be one of the results' models.
    static func checkModel(_ card: ModelCard, in results: Results, file: String) throws {
        if let problem = ModelCardOutputs.problem(results: results, card: card) {
            throw LoupeError.configuration(file: file, message: problem)
        }
    }

    /// The same before a build, against the models the build will evaluate.
    static func checkModel(_ input: CardInput, models: [String], file: String) throws {
        guard let model = input.card.options.model, !models.contains(model) else { return }
        let hint = DidYouMean.closest(to: model, among: models).map { " (did you mean '\($0)'?)" } ?? ""
        throw LoupeError.configuration(
            file: file,
            message: "loupe.model: no model '\(model)' is evaluated\(hint) (models: \(models.joined(separator: ", ")))")
    }

    /// Publishing into a report's folder would remove its pages (they are not in the card's
    /// file list); `loupe render RESULTS.json --card FILE` adds a card to a report.
    static func refuseSiteFolder(_ folder: String) throws {
        let manifest = (folder as NSString).appendingPathComponent(SiteWriter.manifestName)
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8),
            text.split(separator: "\n").contains("index.html")
        else { return }
        throw LoupeError.usage(
            "card: \(folder) holds a Loupe report; write the card beside it with 'loupe render RESULTS.json --card FILE --out \(folder)', or choose another --out"
        )
    }
}
