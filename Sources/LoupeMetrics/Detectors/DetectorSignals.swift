/// Where a detector raised its flags: 0-based row positions for stream detectors, 0-based window
/// indices for the window detectors (HDDDM, MD3), both in increasing order.
///
/// Warnings are kept as runs of consecutive positions, recorded as they come (`warn(at:)`): a
/// detector stays in its warning zone for long stretches (on the 5M-row monitoring benchmark,
/// millions of rows), and a position per row made the runs' arrays grow, copy and fault in
/// fresh pages for a fifth of a second of the detectors' time.
public struct DetectorSignals: Sendable, Equatable {
    public var drifts: [Int]
    /// The warning positions, `first...last` per run of consecutive ones, in order.
    public private(set) var warningRuns: [ClosedRange<Int>]

    public init(drifts: [Int] = [], warnings: [Int] = []) {
        self.drifts = drifts
        warningRuns = []
        for position in warnings { warn(at: position) }
    }

    /// Every warning position, in order.
    public var warnings: [Int] { warningRuns.flatMap { Array($0) } }

    /// Records a warning at `position`, after every earlier one.
    @inline(__always) public mutating func warn(at position: Int) {
        if let last = warningRuns.last, last.upperBound == position - 1 {
            warningRuns[warningRuns.count - 1] = last.lowerBound...position
        } else {
            warningRuns.append(position...position)
        }
    }
}
