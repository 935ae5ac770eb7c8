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
