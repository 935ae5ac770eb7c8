/// Fairness results per sensitive attribute and model (filled by the fairness analysis).
public struct FairnessResult: Codable, Sendable, Equatable {
    public var attribute: String
    public var model: String
    public var reference: String
}

/// A candidate-versus-baseline comparison (filled by the comparison analysis).
public struct ComparisonResult: Codable, Sendable, Equatable {
    public var model: String
    public var baseline: String
}

/// The outcome of one validation gate.
public struct GateResult: Codable, Sendable, Equatable {
    public var name: String
    public var passed: Bool
}
