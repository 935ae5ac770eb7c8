/// Margin density drift detection, MD3 (Sethi & Kantardzic 2017), on the scores of a binary
/// classifier given window by window.
///
/// The margin density of a window is the share of its scores s with |s − `threshold`| < `margin`
/// (strict: a score exactly `margin` away is outside); NaN scores are dropped, and a window with no
/// scores left is skipped (no density, no signal, not part of a reference). The first
/// `reference_windows` non-skipped windows after the start, or after the window of the last drift,
/// form the reference: the mean m and sample standard deviation σ (n − 1 divisor; 0 for a single
/// window) of their densities. Each later window drifts when |md − m| > `k`·σ, and is a warning
/// when only |md − m| > `warning_k`·σ. With σ = 0 any change of density is a drift. After a drift the
/// reference is rebuilt from the windows that follow it (the drifting window is not part of it).
///
/// Defaults: `margin` 0.1 around `threshold` 0.5, `k` 2 (the paper's sensitivity θ = 2),
/// `warning_k` 1.5, `reference_windows` 5.
public struct MarginDensity: Sendable {
    /// `margin` 0.1, `threshold` 0.5, `k` 2, `warning_k` 1.5 (≤ k), `reference_windows` 5.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "md3"
        public static let parameterNames = ["margin", "threshold", "k", "warning_k", "reference_windows"]
        public var margin = 0.1
        public var threshold = 0.5
        public var k = 2.0
        public var warningK = 1.5
        public var referenceWindows = 5

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "margin", value: .real(margin)),
                .init(name: "threshold", value: .real(threshold)),
                .init(name: "k", value: .real(k)),
                .init(name: "warning_k", value: .real(warningK)),
                .init(name: "reference_windows", value: .integer(referenceWindows)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "margin": margin = try Self.real(name, text, "a number > 0") { $0 > 0 }
            case "threshold": threshold = try Self.real(name, text, "a finite number") { _ in true }
            case "k": k = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            case "warning_k": warningK = try Self.real(name, text, "a number ≥ 0") { $0 >= 0 }
            case "reference_windows": referenceWindows = try Self.integer(name, text, atLeast: 1)
            default: throw Self.unknown(name)
            }
        }

        public func validate() throws(DetectorParameterError) {
            if warningK > k { throw .inconsistent(detector: Self.detectorName, reason: "warning_k must be ≤ k") }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public private(set) var warningDetected = false
    /// The margin density of the last window (nil when it was skipped).
    public private(set) var density: Double?
    /// The reference (mean, σ), once `reference_windows` densities were collected.
    public private(set) var reference: (mean: Double, sd: Double)?
    private var referenceDensities: [Double] = []

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        referenceDensities.reserveCapacity(parameters.referenceWindows)
    }

    /// Feeds the scores of the next window.
    public mutating func update<Scores: Sequence<Double>>(_ scores: Scores) {
        if driftDetected {
            referenceDensities.removeAll(keepingCapacity: true)
            reference = nil
        }
        driftDetected = false
        warningDetected = false
        var inside = 0
        var count = 0
        for s in scores where !s.isNaN {
            count += 1
            if (s - parameters.threshold).magnitude < parameters.margin { inside += 1 }
        }
        guard count > 0 else {
            density = nil
            return
        }
        let md = Double(inside) / Double(count)
        density = md
        guard let (mean, sd) = reference else {
            referenceDensities.append(md)
            if referenceDensities.count == parameters.referenceWindows { reference = Self.meanAndDeviation(referenceDensities) }
            return
        }
        let deviation = (md - mean).magnitude
        if deviation > parameters.k * sd {
            driftDetected = true
        } else if deviation > parameters.warningK * sd {
            warningDetected = true
        }
    }

    /// Mean and sample standard deviation (0 for one value), summed in order as the reference script.
    private static func meanAndDeviation(_ values: [Double]) -> (mean: Double, sd: Double) {
        var sum = 0.0
        for v in values { sum += v }
        let mean = sum / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        var squares = 0.0
        for v in values { squares += detectorPow(v - mean, 2) }
        return (mean, (squares / Double(values.count - 1)).squareRoot())
    }
}

extension MarginDensity {
    /// Runs MD3 over windows of scores and returns the 0-based window indices of drifts and warnings.
    public static func run(windows: [[Double]], parameters: Parameters = Parameters()) -> DetectorSignals {
        var detector = MarginDensity(parameters: parameters)
        var signals = DetectorSignals()
        for (index, window) in windows.enumerated() {
            detector.update(window)
            if detector.driftDetected { signals.drifts.append(index) }
            if detector.warningDetected { signals.warn(at: index) }
        }
        return signals
    }
}
