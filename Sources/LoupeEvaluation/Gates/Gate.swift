import LoupeMetrics

/// A validation gate as parsed from `--gate EXPR` or the config file's `gates`:
/// `[MODEL:]METRIC OP BOUND [for SPEC | for fairness ATTRIBUTE] [if significant]`, where `METRIC` is
/// a metric's name or `NAME[CLASS]`.
///
/// `METRIC[CLASS]` names one class's one-vs-rest metric of a multiclass model (`recall[cat]`),
/// judged on `Results.multiclass[model].perClass` for all rows and on `slices[].perClass` per
/// slice; `GateParser.resolveClass` matches `CLASS` to the build's classes once they are known.
///
/// A gate is judged on all rows, on every slice of a slicing spec (`for race`), or on a fairness
/// attribute (`for fairness race`): a fairness rate (`fpr`, `tpr`, ...) on every group of the
/// attribute at the decision threshold, a fairness summary (`demographic_parity_difference`, ...)
/// once per attribute. A summary metric without `for` applies to every fairness attribute, and
/// `for race` means the fairness attribute when race is one and no slicing spec is
/// (`GateParser.resolve` decides, once the build is known).
///
/// Parsing checks only the expression's shape; whether the model, metric and slicing spec exist
/// in this build is checked by `GateParser.validate` once the configuration is known.
public struct Gate: Equatable, Sendable {
    /// The comparison the measured value must satisfy against the bound.
    public enum Comparison: String, Equatable, Sendable, CaseIterable {
        case atLeast = ">="
        case atMost = "<="
        case greater = ">"
        case less = "<"
        /// Only in monitoring gates (`alarms == 0`), whose values are counts.
        case equal = "=="

        func holds(_ value: Double, _ bound: Double) -> Bool {
            switch self {
            case .atLeast: return value >= bound
            case .atMost: return value <= bound
            case .greater: return value > bound
            case .less: return value < bound
            case .equal: return value == bound
            }
        }

        /// The relation that holds when this one does not: `>=` fails as `<`.
        var negation: String {
            switch self {
            case .atLeast: return "<"
            case .atMost: return ">"
            case .greater: return "<="
            case .less: return ">="
            case .equal: return "!="
            }
        }

        /// Whether larger values are the passing side (`>=`, `>`).
        var wantsHigher: Bool { self == .atLeast || self == .greater }
    }

    /// What a bound is measured from: the baseline model on the same rows, or the previous run.
    public enum Reference: String, Equatable, Sendable {
        case baseline, previous
    }

    /// How a reference value is moved to give the bound.
    public enum Adjustment: Equatable, Sendable {
        case none
        case plus(Double)
        case minus(Double)
        /// A relative change: `reference * F` is `reference + (F − 1)·|reference|`, i.e. the gate
        /// holds `(value − reference) / |reference|` against `F − 1`; for a positive reference this
        /// is plain multiplication, for a negative one it keeps "1.02 = 2% above" meaning above.
        case times(Double)

        /// The reference moved: `r`, `r + x`, `r − x`, `r + (f − 1)·|r|`.
        func apply(to reference: Double) -> Double {
            switch self {
            case .none: return reference
            case .plus(let x): return reference + x
            case .minus(let x): return reference - x
            case .times(let factor): return reference + (factor - 1) * reference.magnitude
            }
        }
    }

    public enum Bound: Equatable, Sendable {
        case number(Double)
        case relative(Reference, Adjustment)
    }

    /// The expression as written, spaces trimmed.
    public var text: String
    /// The one model the gate applies to; `nil` means every model except the baseline.
    public var model: String?
    public var metric: String
    /// `METRIC[CLASS]`: the class whose one-vs-rest metric is judged; `nil` for a metric of the
    /// whole model (an averaged one for a multiclass task).
    public var className: String?
    /// Where `CLASS` starts in `text` (1-based column: the `[`), for errors found after parsing.
    public var classPosition: Int?
    public var comparison: Comparison
    public var bound: Bound
    /// The bound as written, spacing normalised: `0.75`, `baseline * 1.02`, `previous - 0.01`.
    public var boundText: String
    /// `for SPEC`: the gate applies to every slice of this slicing spec instead of all rows.
    public var slice: SliceRequest?
    /// Where `SPEC` starts in `text` (1-based column), for errors found after parsing.
    public var slicePosition: Int?
    /// Where `METRIC` and `MODEL` start in `text`, for the same reason.
    public var metricPosition: Int
    public var modelPosition: Int?
    /// `if significant`: fail only when the interval excludes the bound.
    public var requiresSignificance: Bool
    /// `for fairness ATTRIBUTE`: the attribute's columns (one, or two for an intersection).
    public var fairness: [String]?
    /// Monitoring gates' `in last K windows`: only detector drifts in the last K windows count.
    public var lastWindows: Int? = nil

    /// Whether the gate is judged on the fairness analysis: `for fairness ATTRIBUTE`, or a
    /// fairness summary metric, which exists only per attribute.
    public var isFairnessGate: Bool { fairness != nil || FairnessGateMetrics.summary.contains(metric) }

    public init(
        text: String, model: String? = nil, metric: String, comparison: Comparison, bound: Bound, boundText: String,
        slice: SliceRequest? = nil, slicePosition: Int? = nil, metricPosition: Int = 1, modelPosition: Int? = nil,
        requiresSignificance: Bool = false, fairness: [String]? = nil, className: String? = nil, classPosition: Int? = nil
    ) {
        self.text = text
        self.model = model
        self.metric = metric
        self.className = className
        self.classPosition = classPosition
        self.comparison = comparison
        self.bound = bound
        self.boundText = boundText
        self.slice = slice
        self.slicePosition = slicePosition
        self.metricPosition = metricPosition
        self.modelPosition = modelPosition
        self.requiresSignificance = requiresSignificance
        self.fairness = fairness
    }

    /// The gate's name in results.json, JUnit and the report: the canonical spelling, with the
    /// rows it was judged on when it applies to some (`fpr <= 0.3 for race = Caucasian`,
    /// `fpr <= 0.3 for fairness race = Caucasian`, `demographic_parity_difference <= 0.1 for
    /// fairness race`).
    func name(rowsLabel: String?) -> String {
        var name = (model.map { "\($0):" } ?? "") + "\(metricText) \(comparison.rawValue) \(boundText)"
        if let label = rowsLabel ?? slice?.flagText ?? fairness.map({ "fairness " + $0.joined(separator: ",") }) {
            name += " for " + label
        }
        if requiresSignificance { name += " if significant" }
        return name
    }

    /// The metric as the gate's name and messages spell it: `macro_f1`, `recall[cat]`, or with
    /// the class quoted when it could not be read back unquoted: `recall["big [cat]"]`.
    public var metricText: String {
        guard let className else { return metric }
        return "\(metric)[\(Gate.classSpelling(className))]"
    }

    /// A class name as written between the brackets: as it is when it holds none of `[ ] " ' \`
    /// and no leading or trailing space (and is not empty), else in double quotes with `"` and
    /// `\` backslash-escaped, so the spelling parses back to the same name.
    public static func classSpelling(_ name: String) -> String {
        let plain =
            !name.isEmpty && !name.contains(where: { "[]\"'\\".contains($0) })
            && name.first.map { !$0.isWhitespace } == true && name.last.map { !$0.isWhitespace } == true
        if plain { return name }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// Whether the bound needs the baseline model.
    var usesBaseline: Bool {
        if case .relative(.baseline, _) = bound { return true }
        return false
    }
}

/// The metrics a gate can judge on the fairness analysis, from LoupeMetrics' own lists: the
/// per-group rates (`FairnessRate`) and the per-attribute summaries (`FairnessSummary`).
public enum FairnessGateMetrics {
    public static var rates: [String] { FairnessRate.names }
    public static var summary: [String] { FairnessSummary.metricNames }
    public static var all: [String] { rates + summary }
    /// A multiclass model's: each class's one-vs-rest rates per group, each group's accuracy, and
    /// each class's summary metrics.
    public static var multiclass: [String] { MulticlassFairness.rates + ["accuracy"] + summary }
}
