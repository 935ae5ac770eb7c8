import LoupeEvaluation

/// The help pages, written to stdout by `loupe help [COMMAND]` and `--help`.
enum HelpText {
    static let overview = """
        loupe \(Loupe.version) — evaluate a model's predictions slice by slice and publish a self-contained report site

        Usage:
          loupe build [CONFIG.json] [flags]     evaluate the data, write results.json and the site
          loupe render RESULTS.json [flags]     render a site from results computed earlier (or elsewhere)
          loupe demo [--out DIR] [--rows N]     build the bundled example site from generated data
          loupe init DATA [--out CONFIG.json]   inspect a data file and write a starter config
          loupe generate --kind bench|credit|house --rows N --out FILE   write a synthetic data set
          loupe help [COMMAND] | --help | --version

        Exit status: 0 site written and every gate passed; 1 site written, a gate failed;
        2 usage, configuration or input error (nothing in the output folder was changed).

        Run 'loupe help build' for the build flags.

        """

    static let build = """
        Usage: loupe build [CONFIG.json] [flags]

        Evaluates every model on the data, overall and per slice, with 95% intervals, and writes
        DIR/index.html, the other pages and DIR/results.json. Flags override the config file.

        Data
          --data FILE               .csv, .tsv, .jsonl or .ndjson (header row required)
          --format csv|tsv|jsonl    override the format the extension implies
          --label COL               the ground truth: 0/1, true/false, yes/no or two values
                                    (a number for a regression)
          --positive-label VALUE    which label value is the positive class
          --score [NAME=]COL        a model's probability of the positive class (a regression:
                                    its prediction); repeat per model
          --baseline NAME           the model the others are compared against
          --weight COL              example weights (zero or positive)
          --timestamp COL           event time (ISO 8601 dates or times)
          --task binary|regression  the task (inferred when omitted: a numeric label with more
                                    than two values is a regression)

        Slicing
          --slice COL[,COL...]      a slicing spec: one column or a cross; COL=VALUE keeps one value
                                    (e.g. --slice region=West,sex); repeatable
          --bins COL=N|E1,E2,...    cut a numeric column into N quantile bins or at the given edges
                                    (default: by value up to 12 distinct values, else 4 quantile bins)
          --min-slice-size N        slices with fewer rows are listed without metrics (default 30)

        Fairness
          --fairness COL[=REF]      a sensitive attribute (numeric ones are binned); REF names the
                                    reference group (default: the largest); COL1,COL2 analyses the
                                    intersection of two attributes; repeatable
          --fairness-thresholds X,Y,...   thresholds for per-group rates (default 0.1,...,0.9; the
                                    decision threshold is always added)
          --cost-ratio X            cost of a false positive relative to a false negative in the
                                    threshold analysis (default 1)

        Metrics
          --threshold X             predicted positive iff score >= X (default 0.5)
          --confidence X            interval level (default 0.95)
          --bootstrap N             bootstrap replicates for F1, MCC, average precision, ECE,
                                    balanced accuracy (default 200; 0 turns them off)
          --seed N                  seed of the bootstrap (default 0)

        Runs and history
          --run-id ID               this run's identifier (e.g. a CI build number)
          --model-version V         the version of the model(s) evaluated
          --run-date DATE           the run's date: ISO 8601 date or date-time (loupe never reads the clock)
          --history DIR|FILE        earlier runs' results.json: a file, or a folder of them (every
                                    *.json in it); repeatable; adds the History page
        Gates and CI
          --gate EXPR               a validation gate, repeatable; a failed gate makes the exit status 1
                                    (the site is still written):
                                      [MODEL:]METRIC OP BOUND [for SPEC] [if significant]
                                    OP: >=, <=, >, <. BOUND: a number; baseline, baseline + X,
                                    baseline - X, baseline * X (the baseline model's value on the same
                                    rows); previous, previous + X, previous - X, previous * X (the latest
                                    run read with --history; no history fails the gate).
                                    * X is a relative change: reference + (X - 1) * |reference|.
                                    for SPEC: every slice of one of the --slice specs.
                                    if significant: fail only when the interval excludes the bound (the
                                    paired difference for a baseline bound, else the metric's interval).
                                    Without MODEL: every model except the baseline.
                                    e.g. --gate "roc_auc >= baseline" --gate "fpr <= 0.3 for race"
          --junit FILE              write the gate results as JUnit XML
          --summary FILE            write a Markdown summary (for a pull request or $GITHUB_STEP_SUMMARY)

        Output
          --title TEXT, --description TEXT
          --out DIR                 the site folder (default site-output)
          --results FILE            also write results.json here
          --templates DIR           use templates from DIR, file by file, over the built-in ones
          --quiet                   print nothing but errors

        """

    static let render = """
        Usage: loupe render RESULTS.json [--out DIR] [--templates DIR] [--history DIR|FILE ...]
                                         [--junit FILE] [--summary FILE] [--quiet]

        Draws the site from a results.json written by 'loupe build' or by another tool that
        writes the same schema (loupe.results/v1), without the data. Fields beyond the
        contract's may be missing: pages that need them are left out. --history reads earlier
        runs (as for 'loupe build') in place of those the file carries. The gates stored in the
        results are shown as they are, not judged again; --junit and --summary write them as in
        'loupe build'. Exit status 1 when a stored gate failed.

        """

    static let demo = """
        Usage: loupe demo [--out DIR] [--rows N] [--seed N] [--quiet]

        Generates two realistic data sets (default 20,000 rows each), each with a candidate and a
        benchmark model and planted problems, and builds their reports: credit default (binary
        classification, with fairness) into DIR (default site-output), and house prices
        (regression, with residual analysis) into DIR/regression. Each data set is written beside
        its site as demo-data.csv, and each report links the other.

        """

    static let initialize = """
        Usage: loupe init DATA [--out CONFIG.json] [--force]

        Reads DATA, guesses the label, score, weight, timestamp and slice columns, and writes a
        commented starter config (default loupe.json) to edit and pass to 'loupe build'.

        """

    static let generate = """
        Usage: loupe generate --kind bench|credit|house --rows N --out FILE [--seed N]

        Writes a synthetic evaluation data set: 'bench' is the reference benchmark workload
        (label, score_a, score_b, weight, sex, race, age_band, region, income, tenure, timestamp);
        'credit' is the demo's classification data set and 'house' its regression data set.

        """

    static func text(for command: String?) throws -> String {
        switch command {
        case nil: return overview
        case "build": return build
        case "render": return render
        case "demo": return demo
        case "init": return initialize
        case "generate": return generate
        case let other?: throw LoupeError.usage("help: unknown command '\(other)'")
        }
    }
}
