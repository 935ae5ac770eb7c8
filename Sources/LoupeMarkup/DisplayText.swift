/// Long data values cut for display. A page shows at most `limit` characters of a value and a
/// marker ("…"); the full value stays in results.json. One 200 MB category value would otherwise
/// be copied into every table and chart title that names its slice.
public enum DisplayText {
    /// Characters of a value a page shows; far beyond any real column name or category.
    public static let limit = 1000

    /// `text` cut to `limit` characters plus "…", or `text` when it is short enough.
    public static func shortened(_ text: String) -> String {
        guard let cut = cutIndex(text) else { return text }
        return String(text.unicodeScalars[..<cut]) + "…"
    }

    /// The note for a shortened value's tooltip, with its full length, or `nil` when it is short.
    public static func note(_ text: String) -> String? {
        guard cutIndex(text) != nil else { return nil }
        return "\(NumberFormat.count(text.unicodeScalars.count)) characters; the full value is in results.json"
    }

    private static func cutIndex(_ text: String) -> String.UnicodeScalarView.Index? {
        guard text.utf8.count > limit else { return nil }
        let scalars = text.unicodeScalars
        return scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex).flatMap {
            $0 == scalars.endIndex ? nil : $0
        }
    }
}
