/// A candidate-versus-baseline comparison (filled by the comparison analysis).
public struct ComparisonResult: Codable, Sendable, Equatable {
    public var model: String
    public var baseline: String
}
