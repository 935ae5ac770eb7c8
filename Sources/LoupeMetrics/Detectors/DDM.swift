/// The Drift Detection Method (Gama et al. 2004), exactly as River 0.26.1's
/// `river.drift.binary.DDM`, on a 0/1 error stream (1 = the model was wrong).
///
/// With p the running error rate after n rows and s = √(p(1 − p)/n): once n > `warm_start`, the
/// pair (p_min, s_min) is replaced whenever p + s ≤ p_min + s_min; the detector warns when
/// p + s > p_min + `warning_threshold`·s_min and detects drift when
/// p + s > p_min + `drift_threshold`·s_min (which clears the warning). Until n > `warm_start`
/// the flags keep their reset value, false. Reset is lazy (see `StreamDetector`).
public struct DDM: StreamDetector {
    /// River's `DDM(warm_start=30, warning_threshold=2.0, drift_threshold=3.0)`.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "ddm"
        public static let parameterNames = ["warm_start", "warning_threshold", "drift_threshold"]
        /// Rows before detection can start (detection from row warm_start + 1).
        public var warmStart = 30
        public var warningThreshold = 2.0
        public var driftThreshold = 3.0

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "warm_start", value: .integer(warmStart)),
                .init(name: "warning_threshold", value: .real(warningThreshold)),
                .init(name: "drift_threshold", value: .real(driftThreshold)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "warm_start": warmStart = try Self.integer(name, text, atLeast: 0)
            case "warning_threshold": warningThreshold = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            case "drift_threshold": driftThreshold = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            default: throw Self.unknown(name)
            }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public private(set) var warningDetected = false
    private var errorRate = RiverMean()
    // NaN until the first comparison after the warm start sets them (River's None).
    private var pMin = Double.nan
    private var sMin = Double.nan
    private var psMin = Double.infinity

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    public mutating func update(_ x: Double) {
        if driftDetected { self = DDM(parameters: parameters) }
        errorRate.update(x)
        let p = errorRate.mean
        let n = errorRate.n
        let s = (p * (1 - p) / n).squareRoot()
        guard n > Double(parameters.warmStart) else { return }
        if p + s <= psMin {
            pMin = p
            sMin = s
            psMin = pMin + sMin
        }
        warningDetected = p + s > pMin + parameters.warningThreshold * sMin
        if p + s > pMin + parameters.driftThreshold * sMin {
            driftDetected = true
            warningDetected = false
        }
    }
}
