/// A slicing spec as the user wrote it: one column, a cross of columns, or a value-restricted
/// cross (`region=West,sex` keeps only region West, sliced by sex).
public struct SliceRequest: Equatable, Sendable {
    /// One part of a cross: a column, optionally restricted to one value.
    public struct Part: Equatable, Sendable {
        public var column: String
        public var value: String?

        public init(column: String, value: String? = nil) {
            self.column = column
            self.value = value
        }
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    public var columns: [String] { parts.map(\.column) }

    /// `sex × age_band`, `region=West × sex`.
    public var displayName: String {
        parts.map { part in part.value.map { "\(part.column)=\($0)" } ?? part.column }.joined(separator: " × ")
    }

    /// The flag text that gives back this request: `region=West,sex`.
    public var flagText: String {
        parts.map { part in part.value.map { "\(part.column)=\($0)" } ?? part.column }.joined(separator: ",")
    }

    /// Parses `COL[,COL...]` where each part may be `COL=VALUE`.
    public static func parse(_ text: String) throws -> SliceRequest {
        var parts: [Part] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let column = pair.first, !column.isEmpty else {
                throw LoupeError.usage("--slice: empty column name in '\(text)'")
            }
            if parts.contains(where: { $0.column == column }) {
                throw LoupeError.usage("--slice: column '\(column)' appears twice in '\(text)'")
            }
            parts.append(Part(column: column, value: pair.count == 2 ? pair[1] : nil))
        }
        if parts.allSatisfy({ $0.value != nil }) {
            throw LoupeError.usage("--slice: '\(text)' restricts every column; leave at least one column to slice by")
        }
        return SliceRequest(parts: parts)
    }
}

/// How a numeric slicing column is cut: into `n` quantile bins or at given edges.
public enum Binning: Equatable, Sendable {
    case quantiles(Int)
    case edges([Double])

    /// Parses the value of `--bins COL=N` or `--bins COL=E1,E2,...`.
    public static func parse(_ text: String, column: String) throws -> Binning {
        let pieces = text.split(separator: ",").map { $0.trimmingSpaces }
        if pieces.count == 1, let n = Int(pieces[0]) {
            guard (2...100).contains(n) else {
                throw LoupeError.usage("--bins \(column)=\(text): the number of quantile bins must be 2 to 100")
            }
            return .quantiles(n)
        }
        var edges: [Double] = []
        for piece in pieces {
            guard let edge = Double(piece), edge.isFinite else {
                throw LoupeError.usage("--bins \(column)=\(text): '\(piece)' is not a number")
            }
            edges.append(edge)
        }
        guard edges.count >= 2, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw LoupeError.usage("--bins \(column)=\(text): give a bin count, or two or more increasing edges")
        }
        return .edges(edges)
    }
}

extension Substring {
    public var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
