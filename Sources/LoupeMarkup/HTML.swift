/// Markup that is safe to insert into a page as it is.
///
/// Only two things make an `HTML` value: `HTML(escaping:)`, which escapes `& < > " '`, and code
/// in this package that builds markup from other `HTML` values and fixed strings. Data strings
/// (column values, titles, model names) therefore cannot reach a page unescaped.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    public let markup: String

    /// Escapes `text` for use in element content. A value longer than `DisplayText.limit` is cut,
    /// with "…" and its full length in a tooltip.
    public init(escaping text: String) {
        if let note = DisplayText.note(text) {
            self.markup =
                "<span class=\"truncated\" title=\"\(HTML.escape(note))\">\(HTML.escape(DisplayText.shortened(text)))</span>"
        } else {
            self.markup = HTML.escape(text)
        }
    }

    /// Wraps markup written by Loupe itself (fixed tags, numbers it formatted, escaped pieces).
    /// Never pass a string that contains unescaped data.
    public init(trusted markup: String) {
        self.markup = markup
    }

    public static let empty = HTML(trusted: "")

    public var description: String { markup }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(trusted: lhs.markup + rhs.markup)
    }

    /// The five characters that can end an element, an attribute or an entity.
    public static func escape(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            return text
        }
        return ScalarEscaping.escape(text) { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&#39;"
            default: return nil
            }
        }
    }
}
