/// A place in a data file, for messages a user can act on.
public struct DataLocation: Sendable, Equatable {
    /// The path as the user gave it.
    public let file: String
    /// 1-based physical line (a quoted newline starts a new line; the header is line 1).
    public let line: Int
    /// 1-based character (not byte) position in the physical line.
    public let column: Int
    /// The offending text, when there is one worth showing.
    public let text: String?

    public init(file: String, line: Int, column: Int, text: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.text = text
    }

    /// `FILE:LINE:COL`, the prefix compilers use, so editors and CI logs link to it.
    public var prefix: String { "\(file):\(line):\(column)" }
}
