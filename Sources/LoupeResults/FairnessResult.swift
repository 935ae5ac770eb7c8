/// Fairness results per sensitive attribute and model (filled by the fairness analysis).
public struct FairnessResult: Codable, Sendable, Equatable {
    public var attribute: String
    public var model: String
    public var reference: String
}
