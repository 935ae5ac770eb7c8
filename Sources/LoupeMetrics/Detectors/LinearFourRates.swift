/// Linear Four Rates (Wang & Abraham 2015) with deterministic normal-approximation bounds, on a
/// stream of (label y, prediction ŷ) pairs of a binary classifier.
///
/// State: a confusion table C[y][ŷ] with a pseudo-count of 1 in each cell, four rates R (TPR,
/// TNR, PPV, NPV) starting at 0.5, and the number t of rows since the (re)start. One step:
///
/// 1. lazy reset: if the previous step detected drift, the state goes back to the start;
/// 2. t += 1 and C[y][ŷ] += 1 — the table is updated *before* the rates and bounds, so the bounds
///    of a step describe all rows seen so far, this one included;
/// 3. each rate the row bears on (TPR when y = 1, TNR when y = 0, PPV when ŷ = 1, NPV when ŷ = 0)
///    becomes η·R + (1 − η)·1[y = ŷ], with η = `time_decay_factor`;
/// 4. when t > `burn_in`, every rate (updated this step or not) is checked: with P its empirical
///    value from C and N its denominator (TPR = C11/(C10 + C11), TNR = C00/(C00 + C01),
///    PPV = C11/(C01 + C11), NPV = C00/(C00 + C10), pseudo-counts included),
///    μ = P(1 − η^N) and σ² = P(1 − P)(1 − η)²(1 − η^(2N))/(1 − η²); the rate is out of bounds at
///    level a when |R − μ| > z(1 − a)·σ, z the standard normal quantile. Drift when any rate is out
///    at `detect_level`; otherwise a warning when any is out at `warning_level` (a drift row is
///    never also a warning).
///
/// μ ignores the rate's starting value 0.5 (its weight η^(N−2) fades): with a slow decay (η near 1)
/// and a short `burn_in` the first checks can fire on that alone.
public struct LinearFourRates: Sendable {
    /// `time_decay_factor` η = 0.9, `warning_level` 0.01, `detect_level` 0.0001 (one-sided normal
    /// tail probabilities; warning_level ≥ detect_level), `burn_in` 50 rows.
    public struct Parameters: DetectorParameters {
        public static let detectorName = "lfr"
        public static let parameterNames = ["time_decay_factor", "warning_level", "detect_level", "burn_in"]
        public var timeDecayFactor = 0.9
        public var warningLevel = 0.01
        public var detectLevel = 0.0001
        public var burnIn = 50

        public init() {}

        public var settings: [DetectorParameterSetting] {
            [
                .init(name: "time_decay_factor", value: .real(timeDecayFactor)),
                .init(name: "warning_level", value: .real(warningLevel)),
                .init(name: "detect_level", value: .real(detectLevel)),
                .init(name: "burn_in", value: .integer(burnIn)),
            ]
        }

        public mutating func set(_ name: String, to text: String) throws(DetectorParameterError) {
            switch name {
            case "time_decay_factor":
                timeDecayFactor = try Self.real(name, text, "a number in (0, 1)") { $0 > 0 && $0 < 1 }
            case "warning_level": warningLevel = try Self.real(name, text, "a number in (0, 0.5)") { $0 > 0 && $0 < 0.5 }
            case "detect_level": detectLevel = try Self.real(name, text, "a number in (0, 0.5)") { $0 > 0 && $0 < 0.5 }
            case "burn_in": burnIn = try Self.integer(name, text, atLeast: 0)
            default: throw Self.unknown(name)
            }
        }

        public func validate() throws(DetectorParameterError) {
            if warningLevel < detectLevel {
                throw .inconsistent(detector: Self.detectorName, reason: "warning_level must be ≥ detect_level")
            }
        }
    }

    public let parameters: Parameters
    public private(set) var driftDetected = false
    public private(set) var warningDetected = false
    private let zWarning: Double
    private let zDetect: Double
    // C[y][ŷ] as c00, c01, c10, c11.
    private var c00 = 1, c01 = 1, c10 = 1, c11 = 1
    private var tpr = 0.5, tnr = 0.5, ppv = 0.5, npv = 0.5
    private var rows = 0
    /// (1 − η)² and 1 − η², as the bounds compute them.
    private let decaySquared: Double
    private let oneMinusEtaSquared: Double
    /// η^k for k = 0, 1, …, as `pow` gives them: each bound needs η^N and η^(2N) for a whole N,
    /// and four `pow` calls per rate and row were most of this detector's time. Kept on reset.
    private var powers: [Double] = []
    /// The last check of each rate (TPR, TNR, PPV, NPV), valid once `checked`.
    private var checks = [(detect: Bool, warning: Bool)](repeating: (false, false), count: 4)
    private var checked = false

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
        zWarning = Intervals.normalQuantile(1 - parameters.warningLevel)
        zDetect = Intervals.normalQuantile(1 - parameters.detectLevel)
        decaySquared = detectorPow(1 - parameters.timeDecayFactor, 2)
        oneMinusEtaSquared = 1 - detectorPow(parameters.timeDecayFactor, 2)
    }

    /// The most powers kept; beyond, `pow` is called (a decay factor so near 1 that η^k is not 0).
    private static let powerTableLimit = 1 << 20

    /// `pow(η, k)`, from the table when it holds k, else computed (and the table grown up to k
    /// while it is short of the limit). Once a power is 0 every later one is 0 as well.
    @inline(__always) private mutating func power(_ k: Int) -> Double {
        if k < powers.count { return powers[k] }
        if let last = powers.last, last == 0 { return 0 }
        let eta = parameters.timeDecayFactor
        guard k < Self.powerTableLimit else { return detectorPow(eta, Double(k)) }
        while powers.count <= k { powers.append(detectorPow(eta, Double(powers.count))) }
        return powers[k]
    }

    public mutating func update(label y: Bool, prediction yHat: Bool) {
        if driftDetected {
            let table = powers
            self = LinearFourRates(parameters: parameters)
            powers = table
        }
        rows += 1
        switch (y, yHat) {
        case (false, false): c00 += 1
        case (false, true): c01 += 1
        case (true, false): c10 += 1
        case (true, true): c11 += 1
        }
        let eta = parameters.timeDecayFactor
        let hit: Double = y == yHat ? 1 : 0
        if y { tpr = eta * tpr + (1 - eta) * hit } else { tnr = eta * tnr + (1 - eta) * hit }
        if yHat { ppv = eta * ppv + (1 - eta) * hit } else { npv = eta * npv + (1 - eta) * hit }
        guard rows > parameters.burnIn else { return }
        // A rate the row does not bear on keeps its value, numerator and denominator, so its check
        // is the previous row's: only the two rates the row updated are checked again.
        if y || !checked { checks[0] = check(tpr, c11, c10 + c11) }
        if !y || !checked { checks[1] = check(tnr, c00, c00 + c01) }
        if yHat || !checked { checks[2] = check(ppv, c11, c01 + c11) }
        if !yHat || !checked { checks[3] = check(npv, c00, c00 + c10) }
        checked = true
        let outDetect = checks[0].detect || checks[1].detect || checks[2].detect || checks[3].detect
        let outWarning = checks[0].warning || checks[1].warning || checks[2].warning || checks[3].warning
        driftDetected = outDetect
        warningDetected = !outDetect && outWarning
    }

    /// Whether one rate is out of its detect and warning bounds: |R − μ| against z·σ, in the
    /// reference script's order of operations (C `pow` for every power, as Python's `**`).
    @inline(__always) private mutating func check(_ rate: Double, _ numerator: Int, _ denominator: Int) -> (
        detect: Bool, warning: Bool
    ) {
        let n = Double(denominator)
        let p = Double(numerator) / n
        let mu = p * (1 - power(denominator))
        let variance = p * (1 - p) * decaySquared * (1 - power(2 * denominator)) / oneMinusEtaSquared
        let sigma = variance.squareRoot()
        let distance = (rate - mu).magnitude
        return (distance > zDetect * sigma, distance > zWarning * sigma)
    }
}

extension LinearFourRates {
    /// Runs a fresh detector over paired labels and predictions (the shorter length wins) and
    /// returns the 0-based rows of drifts and warnings.
    public static func run(labels: [Bool], predictions: [Bool], parameters: Parameters = Parameters()) -> DetectorSignals {
        var detector = LinearFourRates(parameters: parameters)
        var signals = DetectorSignals()
        for row in 0..<min(labels.count, predictions.count) {
            detector.update(label: labels[row], prediction: predictions[row])
            if detector.driftDetected { signals.drifts.append(row) }
            if detector.warningDetected { signals.warn(at: row) }
        }
        return signals
    }
}
