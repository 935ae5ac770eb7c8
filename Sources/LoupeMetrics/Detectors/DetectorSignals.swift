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
