import LoupeEvaluation

/// Parses a command's arguments against its option table.
///
/// Flags take their value as the next argument or after `=` (`--threshold=0.3`); a switch takes
/// none. Arguments that match no flag are positional when the command takes any and they do
/// not look like a flag; anything else is an error.
struct FlagParser<Options> {
    enum Outcome {
        case parsed(Options, positionals: [String])
        /// `--help` or `-h` came before any error.
        case help
    }

    var options: [Option<Options>]
    /// Whether `--help` and `-h` are recognised where they stand (`build` looks for them first).
    var handlesHelp = true
    /// Whether an unmatched argument is positional; nil when the command takes none.
    var isPositional: ((String) -> Bool)? = nil
    /// Checks one more positional argument against those before it, throwing if it is one too many.
    var checkPositional: (_ earlier: [String], _ argument: String) throws -> Void = { _, _ in }
    /// The error for an unknown flag, given the flag (before any `=`) and the whole argument.
    var unknown: (_ flag: String, _ argument: String) -> LoupeError

    func parse(_ arguments: [String], into initial: Options) throws -> Outcome {
        var result = initial
        var positionals: [String] = []
        var scanner = ArgumentScanner(arguments)
        while let argument = scanner.next() {
            let (flag, inline) = ArgumentScanner.split(argument)
            if handlesHelp, flag == "--help" || flag == "-h" { return .help }
            if let option = options.first(where: { $0.flag == flag || $0.alias == flag }), let parse = option.parse {
                let value = option.valueName == nil ? inline : try scanner.value(for: flag, inline: inline)
                try parse(&result, value)
            } else if let isPositional, isPositional(argument) {
                try checkPositional(positionals, argument)
                positionals.append(argument)
            } else {
                throw suggesting(unknown(flag, argument), for: flag)
            }
        }
        return .parsed(result, positionals: positionals)
    }

    /// The unknown-flag error with the closest flag of the table suggested (`--treshold`).
    private func suggesting(_ error: LoupeError, for flag: String) -> LoupeError {
        guard flag.hasPrefix("-"), case .usage(let message) = error else { return error }
        let flags = options.flatMap { [$0.flag, $0.alias].compactMap { $0 } } + (handlesHelp ? ["--help"] : [])
        guard let closest = DidYouMean.closest(to: flag, among: flags) else { return error }
        return .usage("\(message); did you mean '\(closest)'?")
    }
}
