import LoupeResults

/// The effective configuration as `loupe build` arguments, for results.json's provenance
/// (`["--data", "eval.csv", "--task", "binary", ...]`).
///
/// Whoever resolves the settings decides what is recorded and in which order (the command
/// line derives it from its option table). The values only the evaluation knows stay
/// placeholders until `arguments(task:dataFile:)`: the task (inferred from the label when
/// not given) and the data file as provenance names it.
public struct RecordedConfiguration: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case text(String)
        /// The task the evaluation ran, given or inferred.
        case task
        /// The data file as provenance names it (`BuildSettings.provenanceDataPath` or the path read).
        case dataFile
    }

    /// One flag and its value.
    public struct Argument: Equatable, Sendable {
        public var flag: String
        public var value: Value
        /// Left out for any task but binary classification, where the option means nothing
        /// (`--threshold`).
        public var binaryOnly: Bool

        public init(_ flag: String, _ value: Value, binaryOnly: Bool = false) {
            self.flag = flag
            self.value = value
            self.binaryOnly = binaryOnly
        }

        public init(_ flag: String, _ text: String, binaryOnly: Bool = false) {
            self.init(flag, .text(text), binaryOnly: binaryOnly)
        }
    }

    public var recorded: [Argument]

    public init(_ recorded: [Argument] = []) {
        self.recorded = recorded
    }

    /// The recorded flags with the placeholders filled in.
    public func arguments(task: ModelTask, dataFile: String) -> [String] {
        recorded.flatMap { argument -> [String] in
            if argument.binaryOnly, task != .binary { return [] }
            switch argument.value {
            case .text(let text): return [argument.flag, text]
            case .task: return [argument.flag, task.rawValue]
            case .dataFile: return [argument.flag, dataFile]
            }
        }
    }
}
