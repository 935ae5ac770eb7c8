/// Shewhart control limits from a reference period: the mean and population standard deviation
/// of the reference windows' values, and mean ± 3σ.
public enum ControlLimits {
    /// The limits' width in standard deviations.
    public static let sigmas = 3.0

    /// `(center, sigma, windows)` over the finite values among `reference`, or `nil` when none is.
    public static func limits(_ reference: [Double?]) -> (center: Double, sigma: Double, windows: Int)? {
        let values = reference.compactMap { $0 }.filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return (mean, variance.squareRoot(), values.count)
    }
}
