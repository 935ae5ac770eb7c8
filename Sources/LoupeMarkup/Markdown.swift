/// Text that is safe inside Markdown (the CI summary): escaping belongs to this type, as `HTML`'s
/// does to `HTML`.
///
/// The summary is read twice: rendered (a GitHub job summary or pull-request comment) and as
/// plain text (GitLab prints it into the job log). So nothing is written as an HTML entity, and
/// a character is backslash-escaped only where Markdown could give it a meaning: `fpr <= 0.3`
/// and `roc_auc` stay as they are, while `<b>`, `_it_` and `&amp;` become `\<b>`, `\_it\_` and
/// `\&amp;`, which render as the literal text.
public enum Markdown {
    /// Backslash-escapes the characters that could start markup so data reads as text inside a
    /// table cell or a paragraph; line breaks become spaces.
    ///
    /// Always escaped: `\`, `` ` ``, `*`, `|`, `[`, `]`, `~`. Escaped where they could mean
    /// something: `_` unless between two letters or digits (intraword `_` never emphasises);
    /// `<` before a letter, `/`, `!` or `?` (an HTML tag, comment or autolink); `&` before a letter
    /// or `#` (an entity); `!` before `[` (an image); with `atLineStart` (the text begins a line),
    /// `#`, `>`, `-` and `+` at its start (a heading, a quote, a list item).
    public static func escape(_ text: String, atLineStart: Bool = false) -> String {
        let characters = Array(text)
        var out = ""
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let escaped: Bool
            switch character {
            case "\\", "`", "*", "|", "[", "]", "~":
                escaped = true
            case "_":
                escaped = !(isWordCharacter(previous) && isWordCharacter(next))
            case "<":
                escaped = next.map { $0.isLetter || $0 == "/" || $0 == "!" || $0 == "?" } ?? false
            case "&":
                escaped = next.map { $0.isLetter || $0 == "#" } ?? false
            case "!":
                escaped = next == "["
            case "#", ">", "-", "+":
                escaped = atLineStart && index == 0
            case "\n", "\r", "\r\n":
                out.append(" ")
                continue
            default:
                escaped = false
            }
            if escaped { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber
    }
}
