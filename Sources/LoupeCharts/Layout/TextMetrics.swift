/// Rough text measurement: SVG has no layout engine, so widths are estimated from the number
/// of characters (0.6 em each, generous for the system sans-serif fonts).
public enum TextMetrics {
    public static func width(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `text` cut to `maxCharacters` with an ellipsis, and whether it was cut.
    static func truncate(_ text: String, to maxCharacters: Int) -> (text: String, truncated: Bool) {
        guard text.count > maxCharacters, maxCharacters > 1 else { return (text, false) }
        return (String(text.prefix(maxCharacters - 1)) + "…", true)
    }

    /// `text` broken at spaces into lines of at most `maxCharacters`, at most `maxLines` lines
    /// (the last one truncated with an ellipsis).
    static func wrap(_ text: String, maxCharacters: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if candidate.count <= maxCharacters || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > maxLines {
            let kept = Array(lines.prefix(maxLines - 1))
            let rest = lines.dropFirst(maxLines - 1).joined(separator: " ")
            lines = kept + [truncate(rest, to: maxCharacters).text]
        }
        return lines.map { truncate($0, to: maxCharacters).text }
    }
}
