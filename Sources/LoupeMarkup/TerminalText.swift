/// Text from data made safe for one line of a terminal or a CI log: control characters
/// (C0, DEL, C1, and the line and paragraph separators) become visible escapes such as `\n`,
/// `\u{1B}`, so a value cannot move the cursor, set a title, or start a line that a CI runner
/// reads as a workflow command (`::error file=…::`); and long text is cut in the middle, so a
/// 200 MB column name does not make a 200 MB message.
public enum TerminalText {
    /// The most characters a quoted value keeps.
    public static let quoteLimit = 200
    /// The most characters a whole message keeps (quoted values are cut well before this).
    public static let messageLimit = 4000

    /// One message line: control characters escaped, at most `messageLimit` characters.
    public static func line(_ message: String) -> String {
        escaped(truncated(message, to: messageLimit))
    }

    /// A value quoted in a message: control characters escaped, at most `quoteLimit` characters.
    public static func quoted(_ value: String) -> String {
        escaped(truncated(value, to: quoteLimit))
    }

    /// `text` with its control characters written as escapes.
    public static func escaped(_ text: String) -> String {
        ScalarEscaping.escape(text) { scalar in
            switch scalar.value {
            case 0x0A: return "\\n"
            case 0x0D: return "\\r"
            case 0x09: return "\\t"
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029:
                return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: return nil
            }
        }
    }

    /// `text` cut to its first and last characters around "…(N characters)…" when it is longer
    /// than `limit` characters.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let scalars = text.unicodeScalars
        let total = scalars.count
        guard total > limit else { return text }
        let head = limit * 3 / 4
        let tail = limit / 4
        let start = scalars.index(scalars.startIndex, offsetBy: head)
        let end = scalars.index(scalars.endIndex, offsetBy: -tail)
        return String(scalars[..<start]) + "…(\(total - head - tail) more characters)…" + String(scalars[end...])
    }
}
