import LoupeEvaluation

/// Parses the flags of `loupe build` (the contract's table) into `BuildOptions`.
///
/// Flags take their value as the next argument or after `=` (`--threshold=0.3`). A positional
/// argument is the config file; a second one is an error, as is an unknown flag.
public enum BuildFlags {
    public struct Parsed: Equatable {
        public var configPath: String?
        public var options: BuildOptions
    }

    public static func parse(_ arguments: [String]) throws -> Parsed {
        var options = BuildOptions()
        var configPath: String?
        var scanner = ArgumentScanner(arguments)
        while let argument = scanner.next() {
            guard argument.hasPrefix("--") else {
                guard configPath == nil else {
                    throw LoupeError.usage("build: unexpected argument '\(argument)' (only one config file may be given)")
                }
                configPath = argument
                continue
            }
            let (flag, inlineValue) = ArgumentScanner.split(argument)
            func value() throws -> String { try scanner.value(for: flag, inline: inlineValue) }
            switch flag {
            case "--data": options.data = try value()
            case "--format": options.format = try value()
            case "--task": options.task = try value()
            case "--label": options.label = try value()
            case "--positive-label": options.positiveLabel = try value()
            case "--score": options.scores = (options.scores ?? []) + [try ScoreSpec.parse(value())]
            case "--baseline": options.baseline = try value()
            case "--slice": options.slices = (options.slices ?? []) + [try SliceRequest.parse(value())]
            case "--bins":
                let text = try value()
                let pair = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else {
                    throw LoupeError.usage("--bins: expected COLUMN=N or COLUMN=E1,E2,..., got '\(text)'")
                }
                options.bins = (options.bins ?? [:]).merging([pair[0]: try Binning.parse(pair[1], column: pair[0])]) { _, new in
                    new
                }
            case "--fairness": options.fairness = (options.fairness ?? []) + [try FairnessRequest.parse(value())]
            case "--fairness-thresholds": options.fairnessThresholds = try thresholdList(value(), flag: flag)
            case "--cost-ratio":
                let ratio = try scanner.number(for: flag, inline: inlineValue)
                guard ratio > 0 else { throw LoupeError.usage("--cost-ratio: must be positive, got \(ratio)") }
                options.costRatio = ratio
            case "--weight": options.weight = try value()
            case "--timestamp": options.timestamp = try value()
            case "--threshold": options.threshold = try scanner.number(for: flag, inline: inlineValue)
            case "--min-slice-size": options.minSliceSize = try scanner.integer(for: flag, inline: inlineValue, atLeast: 1)
            case "--bootstrap": options.bootstrap = try scanner.integer(for: flag, inline: inlineValue, atLeast: 0)
            case "--seed": options.seed = UInt64(try scanner.integer(for: flag, inline: inlineValue, atLeast: 0))
            case "--confidence": options.confidence = try scanner.number(for: flag, inline: inlineValue)
            case "--title": options.title = try value()
            case "--description": options.description = try value()
            case "--out": options.out = try value()
            case "--results": options.results = try value()
            case "--templates": options.templates = try value()
            // Run stamps and history.
            case "--run-id": options.runID = try value()
            case "--model-version": options.modelVersion = try value()
            case "--run-date": options.runDate = try value()
            case "--history": options.history = (options.history ?? []) + [try value()]
            case "--quiet", "-q":
                guard inlineValue == nil else { throw LoupeError.usage("--quiet takes no value") }
                options.quiet = true
            // Gates and CI outputs (issue 5): --gate, --junit, --summary.
            case "--gate":
                let text = try value()
                do {
                    options.gates = (options.gates ?? []) + [try GateParser.parse(text)]
                } catch LoupeError.usage(let message) {
                    throw LoupeError.usage("--gate: \(message)")
                }
            case "--junit": options.junit = try value()
            case "--summary": options.summary = try value()
            // End of gates and CI outputs.
            default:
                throw LoupeError.usage("build: unknown flag '\(flag)' (see 'loupe help build')")
            }
        }
        return Parsed(configPath: configPath, options: options)
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

/// Walks an argument list, handing out flag values with usage errors that name the flag.
struct ArgumentScanner {
    private var arguments: [String]
    private var index = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    mutating func next() -> String? {
        guard index < arguments.count else { return nil }
        defer { index += 1 }
        return arguments[index]
    }

    /// `--flag=value` → (`--flag`, `value`); `--flag` → (`--flag`, nil).
    static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }

    mutating func value(for flag: String, inline: String?) throws -> String {
        if let inline { return inline }
        guard let value = next(), !value.hasPrefix("--") || value == "--" else {
            throw LoupeError.usage("\(flag) needs a value")
        }
        return value
    }

    mutating func number(for flag: String, inline: String?) throws -> Double {
        let text = try value(for: flag, inline: inline)
        guard let number = Double(text), number.isFinite else {
            throw LoupeError.usage("\(flag): '\(text)' is not a number")
        }
        return number
    }

    mutating func integer(for flag: String, inline: String?, atLeast minimum: Int) throws -> Int {
        let text = try value(for: flag, inline: inline)
        guard let number = Int(text), number >= minimum else {
            throw LoupeError.usage("\(flag): '\(text)' is not a whole number of at least \(minimum)")
        }
        return number
    }
}
