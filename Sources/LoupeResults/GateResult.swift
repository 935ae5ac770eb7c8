/// The outcome of one validation gate.
public struct GateResult: Codable, Sendable, Equatable {
    public var name: String
    public var passed: Bool
}
