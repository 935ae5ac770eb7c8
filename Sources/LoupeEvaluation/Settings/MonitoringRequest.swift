import LoupeMetrics
import LoupeResults

/// How `--window` cuts the rows: a calendar window of the timestamp, or a number of rows.
public enum WindowSpec: Equatable, Sendable {
    case day, week, month, quarter
    /// N consecutive rows in time order (file order without a timestamp).
    case rows(Int)

    /// `day`, `week`, `month`, `quarter` or `rows` (results.json's `monitoring.window`).
    public var name: String {
        switch self {
        case .day: return "day"
        case .week: return "week"
        case .month: return "month"
        case .quarter: return "quarter"
        case .rows: return "rows"
        }
    }

    /// The flag text that gives back this window.
    public var flagText: String {
        if case .rows(let n) = self { return String(n) }
        return name
    }

    /// Whether the window is a calendar window (it needs `--timestamp`).
    public var isCalendar: Bool {
        if case .rows = self { return false }
        return true
    }

    static let calendarNames = ["day", "week", "month", "quarter"]

    /// Parses `day|week|month|quarter|N` (N ≥ 1).
    public static func parse(_ text: String) throws -> WindowSpec {
        switch text {
        case "day": return .day
        case "week": return .week
        case "month": return .month
        case "quarter": return .quarter
        default:
            if let n = Int(text), n >= 1 { return .rows(n) }
            let hint = DidYouMean.closest(to: text, among: calendarNames).map { "; did you mean '\($0)'?" } ?? ""
            throw LoupeError.usage(
                "--window: expected day, week, month, quarter or a number of rows (1 or more), got '\(text)'\(hint)")
        }
    }
}

/// The reference period as windows `FIRST..LAST` (0-based, inclusive).
public struct ReferenceWindows: Equatable, Sendable {
    public var first: Int
    public var last: Int

    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    /// Without `--reference-window`: the first this many windows (fewer when there are fewer
    /// than twice as many windows: at most half of them, at least one).
    public static let defaultCount = 4

    /// The default period for `windowCount` windows: windows 0 ..< min(4, max(1, count / 2)).
    public static func defaultPeriod(windowCount: Int) -> ReferenceWindows {
        ReferenceWindows(first: 0, last: max(0, min(defaultCount, max(1, windowCount / 2)) - 1))
    }

    public var flagText: String { "\(first)..\(last)" }

    /// Parses `FIRST..LAST`, two whole numbers with FIRST ≤ LAST.
    public static func parse(_ text: String) throws -> ReferenceWindows {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let first = Int(parts[0]), let last = Int(parts[1]), first >= 0, last >= first else {
            throw LoupeError.usage(
                "--reference-window: expected FIRST..LAST, two 0-based window indices with FIRST <= LAST (e.g. 0..3), got '\(text)'"
            )
        }
        return ReferenceWindows(first: first, last: last)
    }
}

/// One `--detector NAME[:key=value,...]`: a drift detector with its parameters.
public struct DetectorRequest: Equatable, Sendable {
    public var configuration: DriftDetectorConfiguration
    /// The parameters as given, in order (`threshold=20`), so the flag can be recorded as given.
    public var given: [String]

    public init(configuration: DriftDetectorConfiguration, given: [String] = []) {
        self.configuration = configuration
        self.given = given
    }

    public var kind: DriftDetectorKind { configuration.kind }

    /// The flag text that gives back this request.
    public var flagText: String { given.isEmpty ? kind.rawValue : "\(kind.rawValue):\(given.joined(separator: ","))" }

    /// The detectors that run with `--window` and no `--detector`, by task: on the error stream
    /// DDM and HDDM_A, on the error or residual stream ADWIN and Page–Hinkley, LFR and MD3 for a
    /// binary classifier, and HDDDM on the feature windows (the only one of a data-only build).
    public static func defaultSet(for task: ModelTask?) -> [DetectorRequest] {
        let kinds: [DriftDetectorKind]
        switch task {
        case .binary: kinds = [.ddm, .hddmA, .adwin, .pageHinkley, .md3, .hdddm]
        case .multiclass: kinds = [.ddm, .hddmA, .adwin, .pageHinkley, .hdddm]
        case .regression: kinds = [.adwin, .pageHinkley, .hdddm]
        case nil: kinds = [.hdddm]
        }
        return kinds.map { DetectorRequest(configuration: $0.defaultConfiguration) }
    }

    /// Parses `NAME` or `NAME:key=value,...`; an unknown detector or parameter is a usage error
    /// with a "did you mean" and the valid names.
    public static func parse(_ text: String) throws -> DetectorRequest {
        let head = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = head[0]
        guard let kind = DriftDetectorKind(rawValue: name) else {
            let valid = DriftDetectorKind.allCases.map(\.rawValue)
            let hint = DidYouMean.closest(to: name, among: valid).map { "did you mean '\($0)'? " } ?? ""
            throw LoupeError.usage(
                "--detector: unknown drift detector '\(name)'; \(hint)valid detectors: \(valid.joined(separator: ", "))")
        }
        var pairs: [(name: String, value: String)] = []
        var given: [String] = []
        if head.count == 2 {
            for piece in head[1].split(separator: ",", omittingEmptySubsequences: false) {
                let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                    throw LoupeError.usage("--detector \(text): expected key=value, got '\(piece)'")
                }
                pairs.append((pair[0], pair[1]))
                given.append(String(piece))
            }
        }
        do {
            return DetectorRequest(configuration: try kind.configure(pairs), given: given)
        } catch .unknownParameter(let detector, let parameter, let valid) {
            let hint = DidYouMean.closest(to: parameter, among: valid).map { "did you mean '\($0)'? " } ?? ""
            throw LoupeError.usage(
                "--detector \(text): \(detector) has no parameter '\(parameter)'; \(hint)valid parameters: \(valid.joined(separator: ", "))"
            )
        } catch {
            throw LoupeError.usage("--detector \(text): \(error.description)")
        }
    }
}

extension DetectorRequest {
    /// Whether the detector's stream exists for `task`: error streams need a classifier, LFR and
    /// MD3 a binary one; a data-only build has only the feature windows (HDDDM). A `nil` task
    /// with `dataOnly` false is not yet known and fits everything.
    public static func check(_ request: DetectorRequest, task: ModelTask?, dataOnly: Bool) throws {
        let name = request.kind.rawValue
        if dataOnly {
            guard request.kind.stream == .features else {
                throw LoupeError.usage(
                    "--detector \(name): needs a model (give --label and --score); a data-only build runs hdddm only")
            }
            return
        }
        guard let task else { return }
        switch (request.kind.stream, task) {
        case (.error, .regression):
            throw LoupeError.usage(
                "--detector \(name): watches a classifier's 0/1 error stream; for a regression use adwin or page_hinkley (residuals)"
            )
        case (.confusion, .multiclass), (.confusion, .regression), (.margin, .multiclass), (.margin, .regression):
            throw LoupeError.usage("--detector \(name): needs a binary classifier, not a \(task.rawValue) task")
        default: return
        }
    }
}
