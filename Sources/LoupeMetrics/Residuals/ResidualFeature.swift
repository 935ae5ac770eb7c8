/// One column of the data over the evaluated rows, in evaluation order, as the residual analysis
/// examines it against the residuals.
public struct ResidualFeature: Sendable {
    public enum Values: Sendable {
        /// `.nan` where missing.
        case numeric([Double])
        /// Codes into `dictionary`; a code outside it is missing.
        case categorical(codes: [UInt32], dictionary: [String])
    }

    public let name: String
    public let values: Values
    /// The numbers' unit when it is not the column's own (timestamps arrive as days since the
    /// first one: "days since 2024-01-01").
    public let unit: String?

    public init(name: String, values: Values, unit: String? = nil) {
        self.name = name
        self.values = values
        self.unit = unit
    }
}
