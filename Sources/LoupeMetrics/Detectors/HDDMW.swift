/// Drift detection with McDiarmid bounds on exponentially weighted moving averages
/// (Frías-Blanco et al. 2014), exactly as River 0.26.1's `river.drift.binary.HDDMW`, on a 0/1 error stream.
///
/// Each sample summary holds an EWMA (first value taken as is, then λx + (1 − λ)·mean) and its
/// independent bound condition ibc ← λ² + (1 − λ)²·ibc (1 before any update). The global summary
/// sees every row; the increase cut point ewma + ε (ε = √(ibc · ln(1/`drift_confidence`)/2)) is
/// lowered whenever possible, snapshotting the global summary as S1 and restarting S2, which
/// otherwise collects the rows; likewise the decrease cut point ewma − ε is raised. A change at
/// confidence c is S2.ewma − S1.ewma > √((ibc₁ + ibc₂) · ln(1/c)/2) (both summaries non-empty).
/// Drift at `drift_confidence`, else warning at `warning_confidence`; with `two_sided_test` a
/// decrease also sets them (without clearing). As in River, the decrease statistics are
/// updated after the increase test, in every mode. Reset is lazy.
public struct HDDMW: StreamDetector {
    /// River's `HDDMW(drift_confidence=0.001, warning_confidence=0.005, lambda_val=0.05,
    /// two_sided_test=False)`.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "hddm_w"
        public static let parameterNames = ["drift_confidence", "warning_confidence", "lambda_val", "two_sided_test"]
        public var driftConfidence = 0.001
        public var warningConfidence = 0.005
        public var lambdaVal = 0.05
        public var twoSidedTest = false

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "drift_confidence", value: .real(driftConfidence)),
                .init(name: "warning_confidence", value: .real(warningConfidence)),
                .init(name: "lambda_val", value: .real(lambdaVal)),
                .init(name: "two_sided_test", value: .flag(twoSidedTest)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "drift_confidence": driftConfidence = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "warning_confidence":
                warningConfidence = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "lambda_val": lambdaVal = try Self.real(name, text, "a number in [0, 1]") { $0 >= 0 && $0 <= 1 }
            case "two_sided_test": twoSidedTest = try Self.flag(name, text)
            default: throw Self.unknown(name)
            }
        }
    }

    /// River's `SampleInfo`: an EWMA (Rust `EWMean`) and its independent bound condition.
    private struct Sample: Sendable {
        var ewma = 0.0
        var isInitialised = false
        var ibc = 1.0

        @inline(__always) mutating func update(_ x: Double, _ c: Constants) {
            ewma = isInitialised ? c.lambda * x + c.oneMinusLambda * ewma : x
            isInitialised = true
            ibc = c.lambdaSquared + c.oneMinusLambdaSquared * ibc
        }
    }

    private struct Constants: Sendable {
        let lambda: Double
        let oneMinusLambda: Double
        let lambdaSquared: Double
        let oneMinusLambdaSquared: Double
        let logInverseDrift: Double
        let logInverseWarning: Double
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public private(set) var warningDetected = false
    private let constants: Constants
    private var total = Sample()
    private var s1Decrease = Sample()
    private var s1Increase = Sample()
    private var s2Decrease = Sample()
    private var s2Increase = Sample()
    private var increaseCutPoint = Double.infinity
    private var decreaseCutPoint = -Double.infinity

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let lambda = parameters.lambdaVal
        constants = Constants(
            lambda: lambda, oneMinusLambda: 1 - lambda, lambdaSquared: lambda * lambda,
            oneMinusLambdaSquared: detectorPow(1 - lambda, 2),
            logInverseDrift: detectorLog(1 / parameters.driftConfidence),
            logInverseWarning: detectorLog(1 / parameters.warningConfidence))
    }

    /// River's `_mcdiarmid_bound`: √(ibc · ln(1/c) / 2), with ln(1/c) precomputed.
    @inline(__always) private static func bound(_ ibc: Double, _ logInverseConfidence: Double) -> Double {
        (ibc * logInverseConfidence / 2).squareRoot()
    }

    /// River's `_has_mean_changed(sample1, sample2, c)`.
    @inline(__always) private static func changed(_ first: Sample, _ second: Sample, _ logInverseConfidence: Double) -> Bool {
        guard first.isInitialised && second.isInitialised else { return false }
        return second.ewma - first.ewma > bound(first.ibc + second.ibc, logInverseConfidence)
    }

    public mutating func update(_ x: Double) {
        if driftDetected { self = HDDMW(parameters: parameters) }
        let c = constants
        total.update(x, c)

        let epsIncrease = Self.bound(total.ibc, c.logInverseDrift)
        if total.ewma + epsIncrease < increaseCutPoint {
            increaseCutPoint = total.ewma + epsIncrease
            s1Increase = total
            s2Increase = Sample()
        } else {
            s2Increase.update(x, c)
        }
        if Self.changed(s1Increase, s2Increase, c.logInverseDrift) {
            warningDetected = false
            driftDetected = true
        } else if Self.changed(s1Increase, s2Increase, c.logInverseWarning) {
            warningDetected = true
            driftDetected = false
        } else {
            warningDetected = false
            driftDetected = false
        }

        let epsDecrease = Self.bound(total.ibc, c.logInverseDrift)
        if total.ewma - epsDecrease > decreaseCutPoint {
            decreaseCutPoint = total.ewma - epsDecrease
            s1Decrease = total
            s2Decrease = Sample()
        } else {
            s2Decrease.update(x, c)
        }
        if parameters.twoSidedTest {
            if Self.changed(s2Decrease, s1Decrease, c.logInverseDrift) {
                driftDetected = true
            } else if Self.changed(s2Decrease, s1Decrease, c.logInverseWarning) {
                warningDetected = true
            }
        }
    }
}
