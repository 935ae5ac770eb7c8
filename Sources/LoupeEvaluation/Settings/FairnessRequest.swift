/// A sensitive attribute to analyse for fairness: one column (`race`), or an intersection of
/// two (`sex,race`), optionally naming the reference group (`race=Caucasian`,
/// `sex=Female,race=Caucasian`); without one the largest group is the reference.
public struct FairnessRequest: Equatable, Sendable {
    public var columns: [String]
    /// The reference group's value per column, in `columns` order; nil for "the largest group".
    public var reference: [String]?

    public init(columns: [String], reference: [String]? = nil) {
        self.columns = columns
        self.reference = reference
    }

    /// `race`, `sex × race`.
    public var displayName: String { columns.joined(separator: " × ") }

    /// The flag text that gives back this request.
    public var flagText: String {
        guard let reference else { return columns.joined(separator: ",") }
        return zip(columns, reference).map { "\($0)=\($1)" }.joined(separator: ",")
    }

    /// Parses `COL`, `COL=REF`, `COL1,COL2` or `COL1=REF1,COL2=REF2`.
    public static func parse(_ text: String) throws -> FairnessRequest {
        var columns: [String] = []
        var values: [String?] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let column = pair.first, !column.isEmpty else {
                throw LoupeError.usage("--fairness: empty column name in '\(text)'")
            }
            guard !columns.contains(column) else {
                throw LoupeError.usage("--fairness: column '\(column)' appears twice in '\(text)'")
            }
            columns.append(column)
            values.append(pair.count == 2 ? pair[1] : nil)
        }
        let given = values.compactMap { $0 }
        let hint = "name the reference group column by column, e.g. sex=Female,race=Caucasian"
        guard columns.count <= 2 else {
            let extra = given.isEmpty ? "" : "; \(hint)"
            throw LoupeError.usage(
                "--fairness: '\(text)' crosses \(columns.count) attributes; intersections of two are supported\(extra)")
        }
        guard given.isEmpty || given.count == columns.count else {
            throw LoupeError.usage(
                "--fairness: '\(text)' names a reference value for some columns only; \(hint), or give none")
        }
        return FairnessRequest(columns: columns, reference: given.isEmpty ? nil : given)
    }
}
