/// The kind of stream a detector watches, as recorded in results.json.
public enum DetectorStream: String, Sendable, CaseIterable {
    /// One 0/1 value per row: 1 when the model was wrong.
    case error
    /// One real value per row: regression residuals, or any real-valued error (0/1 errors too).
    case residual
    /// One (label, prediction) pair of a binary classifier per row.
    case confusion
    /// Windows of numeric feature columns.
    case features
    /// Windows of classifier scores.
    case margin
}
