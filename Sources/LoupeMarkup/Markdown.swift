/// Text that is safe inside Markdown (the CI summary): escaping belongs to this type, as `HTML`'s
/// does to `HTML`.
public enum Markdown {
    /// Backslash-escapes Markdown's special characters so data reads as text inside a table
    /// cell or a paragraph; `<` and `>` become entities (GitHub drops a backslash before them in
    /// tables inconsistently), line breaks become spaces.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "|", "[", "]", "#", "~", "!":
                out.append("\\")
                out.append(character)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(character)
            }
        }
        return out
    }
}
