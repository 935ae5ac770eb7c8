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
            if detector.warningDetected { signals.warn(at: position) }
            position += 1
        }
        return signals
    }
}
