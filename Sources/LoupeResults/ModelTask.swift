/// The kinds of model Loupe evaluates, as results.json spells them (`"task"`).
///
/// Each task has its own evaluator, metrics (see `MetricRegistry`) and pages; the contract names
/// all three, and a task without an evaluator in this version is refused by `loupe build` but
/// still rendered from a results file.
public enum ModelTask: String, Codable, Sendable, CaseIterable, Comparable {
    case binary, multiclass, regression

    /// The task's name in a sentence's first words ("Binary classification of default").
    public var displayName: String {
        switch self {
        case .binary: return "Binary classification"
        case .multiclass: return "Multiclass classification"
        case .regression: return "Regression"
        }
    }

    public static func < (a: ModelTask, b: ModelTask) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
