/// One regression model's evaluation rows, already filtered and ordered.
///
/// Preconditions (the caller's, as for `BinaryData`): every label and prediction is finite, every
/// weight is finite and non-negative (`nil` = every weight 1), and the rows are in timestamp order
/// when there is a timestamp (Durbin–Watson reads the residuals in the order given).
public struct RegressionData: Sendable {
    public var labels: [Double]
    public var predictions: [Double]
    public var weights: [Double]?

    public init(labels: [Double], predictions: [Double], weights: [Double]? = nil) {
        self.labels = labels
        self.predictions = predictions
        self.weights = weights
    }
}
