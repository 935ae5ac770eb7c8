/// Scalars for YAML front matter (the Hugging Face README): every string from data is written
/// double-quoted, so no value can become a key, a list, a number, a boolean, an anchor or a
/// comment, or end the front matter.
public enum YAML {
    /// `"text"`: `"` and `\` backslash-escaped; every character outside YAML's printable set,
    /// and every character a YAML reader takes as a line break (`\n`, `\r`, U+0085, U+2028,
    /// U+2029), as an escape (`\n`, `\x7f`, `\u2028`), so the value stays on its line.
    public static func quoted(_ text: String) -> String {
        let hex = Array("0123456789abcdef")
        func escape(_ value: UInt32, digits: Int, prefix: String) -> String {
            prefix + (0..<digits).reversed().map { String(hex[Int((value >> (4 * UInt32($0))) & 0xF)]) }.joined()
        }
        let body = ScalarEscaping.escape(text) { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) { return escape(value, digits: 2, prefix: "\\x") }
                if value == 0x2028 || value == 0x2029 || value == 0xFEFF || value == 0xFFFE || value == 0xFFFF {
                    return escape(value, digits: 4, prefix: "\\u")
                }
                return nil
            }
        }
        return "\"" + body + "\""
    }

    /// A number YAML 1.1 and 1.2 readers both take as a float: the shortest exact decimal, with
    /// a `.0` where Swift writes none (`1e-05` would read as a string in YAML 1.1). `nil` for a
    /// value that is not finite.
    public static func number(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        var text = "\(x)"
        if !text.contains(".") {
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: e)
            } else {
                text += ".0"
            }
        }
        return text
    }
}
