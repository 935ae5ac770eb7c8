/// Shewhart control limits from a reference period, and the rule that makes a window an alarm.
///
/// The center is the mean of the reference windows' values. The width is 3σ with σ the larger
/// of the reference windows' population standard deviation and their median standard error (the
/// half-width of each window's confidence interval over z): a handful of reference windows can
/// agree by chance far more closely than their sampling noise allows, and limits narrower than a
/// window's own noise flag ordinary windows (the demo's four reference weeks put σ of ROC AUC
/// and average precision below their standard errors). A window is an alarm when its value is
/// outside the limits and, when it has an interval, that interval excludes the center — a small
/// window (a partial last week) is not an alarm for its sampling noise alone.
public enum ControlLimits {
    /// The limits' width in standard deviations.
    public static let sigmas = 3.0

    /// One reference window's value of a metric with its confidence interval, when it has one.
    public struct Value: Sendable, Equatable {
        public var value: Double?
        public var lower: Double?
        public var upper: Double?

        public init(value: Double?, lower: Double? = nil, upper: Double? = nil) {
            self.value = value
            self.lower = lower
            self.upper = upper
        }

        /// The interval when both ends are finite.
        var interval: (lower: Double, upper: Double)? {
            guard let lower, let upper, lower.isFinite, upper.isFinite, lower <= upper else { return nil }
            return (lower, upper)
        }
    }

    public struct Limits: Sendable, Equatable {
        public let center: Double
        /// The σ of the limits: the larger of `spread` and `standardError`.
        public let sigma: Double
        /// The population standard deviation of the reference windows' values.
        public let spread: Double
        /// The median over the reference windows with an interval of (upper − lower)/(2z).
        public let standardError: Double?
        /// Reference windows with a finite value.
        public let windows: Int
        public var lower: Double { center - ControlLimits.sigmas * sigma }
        public var upper: Double { center + ControlLimits.sigmas * sigma }
    }

    /// The limits over the finite values among `reference`, or `nil` when none is; intervals are
    /// at `confidence` (two-sided normal z for their standard errors).
    public static func limits(_ reference: [Value], confidence: Double) -> Limits? {
        let values = reference.compactMap(\.value).filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let spread = variance.squareRoot()
        let z = Intervals.normalQuantile(1 - (1 - confidence) / 2)
        let errors = reference.filter { $0.value?.isFinite ?? false }.compactMap(\.interval).map {
            ($0.upper - $0.lower) / (2 * z)
        }
        .sorted()
        let standardError: Double? =
            errors.isEmpty
            ? nil
            : errors.count % 2 == 1
                ? errors[errors.count / 2] : (errors[errors.count / 2 - 1] + errors[errors.count / 2]) / 2
        return Limits(
            center: mean, sigma: max(spread, standardError ?? 0), spread: spread, standardError: standardError,
            windows: values.count)
    }

    public enum Side: String, Sendable {
        case below, above
    }

    /// The side of the limits a window is out on when it is an alarm: its value outside
    /// [lower, upper] and its interval, when it has one, not containing the center; else `nil`.
    public static func alarm(_ window: Value, limits: Limits) -> Side? {
        guard let value = window.value, value.isFinite else { return nil }
        let side: Side? = value < limits.lower ? .below : value > limits.upper ? .above : nil
        guard let side else { return nil }
        if let interval = window.interval, interval.lower <= limits.center, limits.center <= interval.upper { return nil }
        return side
    }
}
