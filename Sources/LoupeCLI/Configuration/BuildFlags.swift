import LoupeEvaluation

/// Parses the flags of `loupe build` (`BuildOptions.table`) into `BuildOptions`.
///
/// Flags take their value as the next argument or after `=` (`--threshold=0.3`). A positional
/// argument is the config file; a second one is an error, as is an unknown flag.
public enum BuildFlags {
    public struct Parsed: Equatable {
        public var configPath: String?
        public var options: BuildOptions
    }

    public static func parse(_ arguments: [String]) throws -> Parsed {
        let parser = FlagParser(
            options: BuildOptions.table, handlesHelp: false, isPositional: { !$0.hasPrefix("--") },
            checkPositional: { earlier, argument in
                guard earlier.isEmpty else {
                    throw LoupeError.usage("build: unexpected argument '\(argument)' (only one config file may be given)")
                }
            },
            unknown: { flag, _ in LoupeError.usage("build: unknown flag '\(flag)' (see 'loupe help build')") })
        guard case .parsed(let options, let positionals) = try parser.parse(arguments, into: BuildOptions()) else {
            return Parsed(configPath: nil, options: BuildOptions())  // `build` handles --help before parsing.
        }
        return Parsed(configPath: positionals.first, options: options)
    }

    /// `0.1,0.2,0.5`: thresholds in [0, 1].
    static func thresholdList(_ text: String, flag: String) throws -> [Double] {
        let values = try text.split(separator: ",").map { piece -> Double in
            guard let value = Double(piece.trimmingSpaces), value.isFinite, (0...1).contains(value) else {
                throw LoupeError.usage("\(flag): '\(piece)' is not a threshold between 0 and 1")
            }
            return value
        }
        guard !values.isEmpty else { throw LoupeError.usage("\(flag): give one or more thresholds, e.g. 0.3,0.5,0.7") }
        return values
    }
}
