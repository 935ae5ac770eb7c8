/// A drift detector fed one value per row, in stream order.
///
/// The flags describe the state right after the last `update`. Detectors reset lazily, as River
/// does: after a drift the state is cleared at the start of the *next* update, so the row that
/// triggered the drift is not part of the new concept.
public protocol StreamDetector: Sendable {
    /// Feeds the next value of the stream (0/1 for the error-stream detectors).
    mutating func update(_ x: Double)
    /// Whether the last update detected a drift.
    var driftDetected: Bool { get }
    /// Whether the last update put the detector in its warning zone (always false for detectors
    /// without one, such as ADWIN and Page–Hinkley).
    var warningDetected: Bool { get }
}

/// Where a detector raised its flags: 0-based row positions for stream detectors, 0-based window
/// indices for the window detectors (HDDDM, MD3), both in increasing order.
public struct DetectorSignals: Sendable, Equatable {
    public var drifts: [Int]
    public var warnings: [Int]

    public init(drifts: [Int] = [], warnings: [Int] = []) {
        self.drifts = drifts
        self.warnings = warnings
    }
}

/// Runs detectors over whole streams.
public enum DriftDetection {
    /// Updates `detector` with every value in order and records the positions after whose update
    /// the drift and warning flags were set. The detector is generic (specialised, no existential
    /// dispatch per row) and nothing is allocated per row beyond the growing index arrays.
    public static func run<Detector: StreamDetector, Values: Sequence<Double>>(
        _ detector: Detector, over values: Values
    ) -> DetectorSignals {
        var detector = detector
        var signals = DetectorSignals()
        var position = 0
        for x in values {
            detector.update(x)
            if detector.driftDetected { signals.drifts.append(position) }
            if detector.warningDetected { signals.warnings.append(position) }
            position += 1
        }
        return signals
    }
}
