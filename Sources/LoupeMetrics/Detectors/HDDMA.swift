/// Drift detection with Hoeffding bounds on moving averages (Frías-Blanco et al. 2014), exactly as
/// River 0.26.1's `river.drift.binary.HDDMA`, on a 0/1 error stream.
///
/// Keeps the global mean Z of all rows since the reset and two snapshots of it: X_min, retaken
/// whenever mean(X) + ε(n_X) ≥ mean(Z) + ε(n_Z), and X_max, retaken whenever
/// mean(X) − ε(n_X) ≤ mean(Z) − ε(n_Z), with ε(n) = √(ln(1/`drift_confidence`)/(2n)). An increase
/// is significant at confidence c when mean(Z) − mean(X_min) ≥ √(m/2 · ln(2/c)) with
/// m = (n_Z − n_X)/n_X · 1/n_Z (never when n_X = n_Z). Drift at `drift_confidence`, else warning
/// at `warning_confidence`; with `two_sided_test` a significant decrease (X_max − Z) also sets them,
/// without clearing the increase flags. Reset is lazy.
public struct HDDMA: StreamDetector {
    /// River's `HDDMA(drift_confidence=0.001, warning_confidence=0.005, two_sided_test=False)`.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "hddm_a"
        public static let parameterNames = ["drift_confidence", "warning_confidence", "two_sided_test"]
        public var driftConfidence = 0.001
        public var warningConfidence = 0.005
        public var twoSidedTest = false

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "drift_confidence", value: .real(driftConfidence)),
                .init(name: "warning_confidence", value: .real(warningConfidence)),
                .init(name: "two_sided_test", value: .flag(twoSidedTest)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "drift_confidence": driftConfidence = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "warning_confidence":
                warningConfidence = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "two_sided_test": twoSidedTest = try Self.flag(name, text)
            default: throw Self.unknown(name)
            }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public private(set) var warningDetected = false
    private var z = RiverMean()
    private var xMin = RiverMean()
    private var xMax = RiverMean()
    // ln(1/drift_confidence), the constant of River's `_hoeffding_bound`, and ln(2/c) for the
    // drift and warning confidences of its tests.
    private let logInverseDrift: Double
    private let logTwiceInverseDrift: Double
    private let logTwiceInverseWarning: Double

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        logInverseDrift = detectorLog(1.0 / parameters.driftConfidence)
        logTwiceInverseDrift = detectorLog(2.0 / parameters.driftConfidence)
        logTwiceInverseWarning = detectorLog(2.0 / parameters.warningConfidence)
    }

    @inline(__always) private func hoeffdingBound(_ n: Double) -> Double {
        (1.0 / (2 * n) * logInverseDrift).squareRoot()
    }

    public mutating func update(_ x: Double) {
        if driftDetected { self = HDDMA(parameters: parameters) }
        z.update(x)
        if xMin.n == 0 { xMin = z }
        if xMax.n == 0 { xMax = z }
        let epsZ = hoeffdingBound(z.n)
        if xMin.mean + hoeffdingBound(xMin.n) >= z.mean + epsZ { xMin = z }
        if xMax.mean - hoeffdingBound(xMax.n) <= z.mean - epsZ { xMax = z }
        if Self.changed(from: xMin, to: z, logTwiceInverseConfidence: logTwiceInverseDrift) {
            warningDetected = false
            driftDetected = true
        } else if Self.changed(from: xMin, to: z, logTwiceInverseConfidence: logTwiceInverseWarning) {
            warningDetected = true
            driftDetected = false
        } else {
            warningDetected = false
            driftDetected = false
        }
        if parameters.twoSidedTest {
            if Self.changed(from: z, to: xMax, logTwiceInverseConfidence: logTwiceInverseDrift, snapshotFirst: false) {
                driftDetected = true
            } else if Self.changed(from: z, to: xMax, logTwiceInverseConfidence: logTwiceInverseWarning, snapshotFirst: false) {
                warningDetected = true
            }
        }
    }

    /// River's `_mean_incr` (snapshot `low`, global `high`) and `_mean_decr` (global `low`,
    /// snapshot `high`): whether mean(high) − mean(low) ≥ √(m/2 · ln(2/c)), ln(2/c) precomputed.
    private static func changed(
        from low: RiverMean, to high: RiverMean, logTwiceInverseConfidence: Double, snapshotFirst: Bool = true
    ) -> Bool {
        let snapshot = snapshotFirst ? low : high
        let global = snapshotFirst ? high : low
        if snapshot.n == global.n { return false }
        let m = (global.n - snapshot.n) / snapshot.n * (1.0 / global.n)
        let eps = (m / 2 * logTwiceInverseConfidence).squareRoot()
        return high.mean - low.mean >= eps
    }
}
