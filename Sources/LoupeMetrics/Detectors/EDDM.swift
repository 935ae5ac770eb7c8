/// The Early Drift Detection Method (Baena-García et al. 2006), exactly as River 0.26.1's
/// `river.drift.binary.EDDM`, on a 0/1 error stream (only x == 1 counts as an error).
///
/// It tracks the distances (in rows) between consecutive errors: their running mean p′ and
/// sample standard deviation s′ (Welford, n − 1 divisor, 0 for one distance). At an error after
/// row `warm_start`, m = p′ + 2s′ either raises the running maximum m_max or, once more than
/// `warm_start` errors were seen, is compared: m/m_max < `beta` is a drift, else < `alpha` a
/// warning, else the warning clears. As in River, flags change only at errors, and a drift does not
/// clear a warning raised at an earlier error (both can be set). Reset is lazy.
public struct EDDM: StreamDetector {
    /// River's `EDDM(warm_start=30, alpha=0.95, beta=0.9)`; alpha must be ≥ beta.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "eddm"
        public static let parameterNames = ["warm_start", "alpha", "beta"]
        public var warmStart = 30
        public var alpha = 0.95
        public var beta = 0.9

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "warm_start", value: .integer(warmStart)),
                .init(name: "alpha", value: .real(alpha)),
                .init(name: "beta", value: .real(beta)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "warm_start": warmStart = try Self.integer(name, text, atLeast: 0)
            case "alpha": alpha = try Self.real(name, text, "a number in [0, 1]") { $0 >= 0 && $0 <= 1 }
            case "beta": beta = try Self.real(name, text, "a number in [0, 1]") { $0 >= 0 && $0 <= 1 }
            default: throw Self.unknown(name)
            }
        }

        public func validate() throws(DetectorParameterError) {
            if alpha < beta { throw .inconsistent(detector: Self.detectorName, reason: "alpha must be ≥ beta") }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public private(set) var warningDetected = false
    private var distances = RiverMean()
    private var sumOfSquares = 0.0
    private var rows = 0
    private var lastError = 0
    private var errors = 0
    private var p2sMax = -1.0

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    public mutating func update(_ x: Double) {
        if driftDetected { self = EDDM(parameters: parameters) }
        rows += 1
        guard x == 1 else { return }
        errors += 1
        // River's stats.Var: S += (d − mean_old)(d − mean_new).
        let distance = Double(rows - lastError)
        let oldMean = distances.mean
        distances.update(distance)
        sumOfSquares += 1 * (distance - oldMean) * (distance - distances.mean)
        if rows > parameters.warmStart {
            let variance = distances.n > 1 ? sumOfSquares / (distances.n - 1) : 0
            // River writes `** 0.5`, which CPython evaluates with C `pow`.
            let p2s = distances.mean + 2 * detectorPow(variance, 0.5)
            if p2s > p2sMax {
                p2sMax = p2s
            } else if errors > parameters.warmStart {
                let level = p2s / p2sMax
                if level < parameters.beta {
                    driftDetected = true
                } else if level < parameters.alpha {
                    warningDetected = true
                } else {
                    warningDetected = false
                }
            }
        }
        lastError = rows
    }
}
