/// A model to evaluate: its display name and the column holding its scores
/// (`--score candidate=p_new`, or `--score p_new`, which names the model after the column).
public struct ScoreSpec: Equatable, Sendable {
    public var name: String
    public var column: String

    public init(name: String, column: String) {
        self.name = name
        self.column = column
    }

    /// Parses `NAME=COL` or `COL`.
    public static func parse(_ text: String) throws -> ScoreSpec {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 {
            guard !parts[0].isEmpty, !parts[1].isEmpty else {
                throw LoupeError.usage("--score: expected NAME=COLUMN or COLUMN, got '\(text)'")
            }
            return ScoreSpec(name: parts[0], column: parts[1])
        }
        guard !text.isEmpty else { throw LoupeError.usage("--score: empty column name") }
        return ScoreSpec(name: text, column: text)
    }
}
