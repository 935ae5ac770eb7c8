import LoupeEvaluation
import LoupeResults

/// The help pages, written to stdout by `loupe help [COMMAND]` and `--help`.
enum HelpText {
    static let overview = """
        loupe \(Loupe.version) — evaluate a model's predictions slice by slice and publish a self-contained report site

        Usage:
          loupe build [CONFIG.json] [flags]     evaluate the data, write results.json and the site
          loupe render RESULTS.json [flags]     render a site from results computed earlier (or elsewhere)
          loupe card RESULTS.json --card FILE [--out DIR]   write a model card from results
          loupe demo [--out DIR] [--rows N]     build the bundled example site from generated data
          loupe init DATA [--out CONFIG.json]   inspect a data file and write a starter config
          loupe schema DATA [--out schema.json] infer a data schema to edit, commit and validate with
          loupe generate --kind KIND --rows N --out FILE   write a synthetic data set
          loupe help [COMMAND] | --help | --version (-V)

        Exit status: 0 site written and every gate passed; 1 site written, a gate failed
        (or, with --schema, the data has an error-level anomaly);
        2 usage, configuration or input error (nothing in the output folder was changed).
        'loupe demo' exits 0 even though one of its gates fails by design.

        Run 'loupe help build' for the build flags.

        """

    static var build: String {
        """
        Usage: loupe build [CONFIG.json] [flags]

        Evaluates every model on the data, overall and per slice, with 95% intervals, and writes
        DIR/index.html, the other pages and DIR/results.json. Flags override the config file.
        With no --label and no --score it describes the data alone: statistics of every column,
        drift against --reference, anomalies against --schema.

        \(sections(BuildOptions.table))
        """
    }

    static var schema: String {
        """
        \(usage("loupe schema DATA", SchemaCommand.table))

        Infers a data schema from DATA and writes it as JSON (default \(SchemaCommand.defaultOut)), to
        edit by hand and commit: per column its kind, required, minPresence, a domain (categorical
        columns with at most \(DataSchema.inferredDomainLimit) values) with minDomainMass, a range (numeric), drift
        thresholds, and absentIn environments (--label COL: the label may be absent in
        'serving'). 'loupe build --data D --schema FILE [--environment NAME]' reports the data's
        anomalies against it and exits 1 when one is an error. The format is documented by
        schema/data-schema.schema.json.

        """
    }

    static var render: String {
        """
        \(usage("loupe render RESULTS.json", RenderCommand.table))

        Draws the site from a results.json written by 'loupe build' or by another tool that
        writes the same schema (loupe.results/v1), without the data. Fields beyond the
        contract's may be missing: pages that need them are left out. --history reads earlier
        runs (as for 'loupe build') in place of those the file carries. The gates stored in the
        results are shown as they are, not judged again; --junit and --summary write them as in
        'loupe build'. Exit status 1 when a stored gate failed.

        """
    }

    static var card: String {
        """
        \(usage("loupe card [RESULTS.json]", CardCommand.table))

        Writes a model card from a results.json (written by 'loupe build' or another tool; the
        contract's fields suffice) and a card file: DIR/MODEL_CARD.md with its charts as SVG
        files, DIR/README.md (Hugging Face, with a model-index) and DIR/model_card.json (Model
        Card Toolkit, schema v0.0.2). DIR defaults to \(CardCommand.defaultOutFolder). The card file
        is an MCT model_card.json, with comments allowed, plus 'evaluation_data',
        'considerations.out_of_scope_uses' and a 'loupe' object (model, slices,
        sensitive_attributes, required_sections, hugging_face). 'loupe build --card FILE' and
        'loupe render --card FILE' write the same files into the site.

        --check writes nothing: it lists the sections the card leaves empty and exits 1 when one
        of them is listed in loupe.required_sections. The sections:
        \(wrapped(ModelCard.Section.allCases.map(\.rawValue), indent: "  "))

        """
    }

    static var demo: String {
        """
        \(usage("loupe demo", DemoCommand.table))

        Generates three realistic data sets (default 20,000 rows each), each with a candidate and
        a benchmark model and planted problems, and builds their reports: credit default (binary
        classification, with fairness) into DIR (default site-output), house prices (regression,
        with residual analysis) into DIR/regression, and document types (multiclass
        classification, 8 classes) into DIR/multiclass. Each data set is written beside its site
        as demo-data.csv, and each report links the others. --rows is at least
        \(DemoCommand.minimumRows).

        The credit and document reports configure two gates each, to show them: one passes, and
        one fails by design. The demo still exits 0 (its failing gates are the example, not an
        error); a failed gate makes 'loupe build' exit 1.

        """
    }

    static var initialize: String {
        """
        \(usage("loupe init DATA", InitCommand.table))

        Reads DATA, guesses the label, score, weight, timestamp and slice columns, and writes a
        commented starter config (default loupe.json) to edit and pass to 'loupe build'.

        """
    }

    static var generate: String {
        """
        \(usage("loupe generate", GenerateCommand.table))

        Writes a synthetic evaluation data set: 'bench' is the reference benchmark workload
        (label, score_a, score_b, weight, sex, race, age_band, region, income, tenure, timestamp);
        'credit' is the demo's classification data set, 'house' its regression data set and
        'documents' its multiclass data set (document types, 8 classes); 'bench-multiclass' is the
        multiclass benchmark workload (label 0-9, a_0 ... a_9 and b_0 ... b_9 probabilities, ink,
        device, region); 'bench-drift' is the data-drift benchmark's current data set ('bench's
        columns, every row after its drift: income x 1.35, score_a weaker), 'bench' its reference.

        """
    }

    /// Words joined by ", ", wrapped under 92 columns, each line after `indent`.
    static func wrapped(_ words: [String], indent: String) -> String {
        var lines = [indent]
        for (index, word) in words.enumerated() {
            let token = word + (index + 1 < words.count ? "," : "")
            if lines[lines.count - 1].count + token.count + 1 > 92 { lines.append(indent) }
            let line = lines[lines.count - 1]
            lines[lines.count - 1] = line + (line == indent ? "" : " ") + token
        }
        return lines.joined(separator: "\n")
    }

    /// `Usage: loupe COMMAND [--flag VALUE] ...`, wrapped under 100 columns with the
    /// continuation lines aligned after the command.
    static func usage<Options>(_ command: String, _ options: [Option<Options>]) -> String {
        let lead = "Usage: \(command) "
        let indent = String(repeating: " ", count: lead.count)
        var lines = [lead]
        for option in options {
            guard let synopsis = option.synopsis else { continue }
            let token = option.isRequired ? synopsis : "[\(synopsis)\(option.repeatable ? " ..." : "")]"
            let line = lines[lines.count - 1]
            if line.count + token.count > 100, line != lead, line != indent {
                lines[lines.count - 1] = String(line.dropLast())
                lines.append(indent + token + " ")
            } else {
                lines[lines.count - 1] = line + token + " "
            }
        }
        lines[lines.count - 1] = String(lines[lines.count - 1].dropLast())
        return lines.joined(separator: "\n")
    }

    /// The options' help by section: the flag and its value padded to column 28, the
    /// explanation beside it and its further lines below.
    static func sections<Options>(_ options: [Option<Options>]) -> String {
        HelpSection.allCases.compactMap { section -> String? in
            let entries = options.filter { $0.help?.section == section }
            guard !entries.isEmpty else { return nil }
            var lines = [section.rawValue]
            for option in entries {
                guard let help = option.help, let head = help.head ?? option.synopsis else { continue }
                let padded = head.count <= 24 ? head.padding(toLength: 26, withPad: " ", startingAt: 0) : head + "   "
                lines.append("  " + (help.lines.first.map { padded + $0 } ?? head))
                lines += help.lines.dropFirst().map { String(repeating: " ", count: 28) + $0 }
            }
            return lines.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    static func text(for command: String?) throws -> String {
        switch command {
        case nil: return overview
        case "build": return build
        case "render": return render
        case "card": return card
        case "demo": return demo
        case "init": return initialize
        case "schema": return schema
        case "generate": return generate
        case let other?: throw LoupeError.usage("help: unknown command '\(other)'")
        }
    }
}
