/// A model to evaluate: its display name and the column holding its scores
/// (`--score candidate=p_new`, or `--score p_new`, which names the model after the column), or,
/// for a multiclass model, the prefix of its probability columns (`--score candidate=p_*`: every
/// column whose name starts with `p_`, the class being the rest of the name).
public struct ScoreSpec: Equatable, Sendable {
    public var name: String
    /// The score column, or the prefix of the probability columns when `isPrefix`.
    public var column: String
    public var isPrefix: Bool
    /// The probability columns a prefix names, in the header's order, once the header is read
    /// (`BuildSettings.resolvingScoreColumns`); empty before, and for a single column.
    public var classColumns: [String]

    public init(name: String, column: String, isPrefix: Bool = false, classColumns: [String] = []) {
        self.name = name
        self.column = column
        self.isPrefix = isPrefix
        self.classColumns = classColumns
    }

    /// The columns this model reads: its score column, or its probability columns.
    public var columns: [String] { isPrefix ? classColumns : [column] }

    /// The class a probability column stands for: the rest of its name after the prefix.
    public func className(of column: String) -> String { String(column.dropFirst(self.column.count)) }

    /// Parses `NAME=COL`, `COL`, or `NAME=PREFIX*`.
    public static func parse(_ text: String) throws -> ScoreSpec {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var spec: ScoreSpec
        if parts.count == 2 {
            guard !parts[0].isEmpty, !parts[1].isEmpty else {
                throw LoupeError.usage("--score: expected NAME=COLUMN, NAME=PREFIX* or COLUMN, got '\(text)'")
            }
            spec = ScoreSpec(name: parts[0], column: parts[1])
        } else {
            guard !text.isEmpty else { throw LoupeError.usage("--score: empty column name") }
            spec = ScoreSpec(name: text, column: text)
        }
        if spec.column.hasSuffix("*") {
            spec.column.removeLast()
            spec.isPrefix = true
            guard !spec.column.isEmpty else {
                throw LoupeError.usage("--score: '\(text)': give the probability columns' prefix before '*' (e.g. m=p_*)")
            }
            if spec.name == text { spec.name = spec.column }
        }
        return spec
    }
}
