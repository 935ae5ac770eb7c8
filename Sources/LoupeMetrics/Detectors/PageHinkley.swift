/// The Page–Hinkley test (Page 1954), exactly as River 0.26.1's `river.drift.PageHinkley`, on a
/// real-valued stream.
///
/// With x̄ the running mean since the reset (including x): the increase sum
/// U ← α·U + (x − x̄) − δ and the decrease sum L ← α·L + (x − x̄) + δ, their running minimum of U
/// and maximum of L (which starts at −1, as in River). Once at least `min_instances` rows were
/// seen, drift when U − min U > `threshold` (mode `up`), max L − L > `threshold` (`down`), or
/// either (`both`). No warning zone. Reset is lazy.
public struct PageHinkley: StreamDetector {
    /// Which direction of change in the mean is monitored.
    public enum Mode: String, Sendable, CaseIterable {
        case up, down, both
    }

    /// River's `PageHinkley(min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001,
    /// mode="both")`.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "page_hinkley"
        public static let parameterNames = ["min_instances", "delta", "threshold", "alpha", "mode"]
        public var minInstances = 30
        public var delta = 0.005
        public var threshold = 50.0
        /// The forgetting factor of the sums; River's default is 1 − 0.0001.
        public var alpha = 1 - 0.0001
        public var mode = Mode.both

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "min_instances", value: .integer(minInstances)),
                .init(name: "delta", value: .real(delta)),
                .init(name: "threshold", value: .real(threshold)),
                .init(name: "alpha", value: .real(alpha)),
                .init(name: "mode", value: .choice(mode.rawValue)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "min_instances": minInstances = try Self.integer(name, text, atLeast: 0)
            case "delta": delta = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            case "threshold": threshold = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            case "alpha": alpha = try Self.real(name, text, "a number in [0, 1]") { $0 >= 0 && $0 <= 1 }
            case "mode":
                let text = try Self.choice(name, text, among: Mode.allCases.map(\.rawValue))
                mode = Mode(rawValue: text) ?? .both
            default: throw Self.unknown(name)
            }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public var warningDetected: Bool { false }
    private var mean = RiverMean()
    private var sumIncrease = 0.0
    private var sumDecrease = 0.0
    private var minIncrease = Double.infinity
    private var maxDecrease = -1.0

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    public mutating func update(_ x: Double) {
        if driftDetected { self = PageHinkley(parameters: parameters) }
        mean.update(x)
        let deviation = x - mean.mean
        sumIncrease = parameters.alpha * sumIncrease + deviation - parameters.delta
        sumDecrease = parameters.alpha * sumDecrease + deviation + parameters.delta
        if sumIncrease < minIncrease { minIncrease = sumIncrease }
        if sumDecrease > maxDecrease { maxDecrease = sumDecrease }
        guard mean.n >= Double(parameters.minInstances) else { return }
        let testIncrease = sumIncrease - minIncrease
        let testDecrease = maxDecrease - sumDecrease
        switch parameters.mode {
        case .up: driftDetected = testIncrease > parameters.threshold
        case .down: driftDetected = testDecrease > parameters.threshold
        case .both: driftDetected = testIncrease > parameters.threshold || testDecrease > parameters.threshold
        }
    }
}
