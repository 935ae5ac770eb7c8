/// Text that is safe inside XML (the JUnit report).
public enum XML {
    /// Text for an XML attribute or element: `& < > " '` as entities, line breaks as character
    /// references (so attributes keep them), and characters XML 1.0 cannot carry as U+FFFD.
    public static func escape(_ text: String) -> String {
        ScalarEscaping.escape(text) { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&apos;"
            case "\n": return "&#10;"
            case "\r": return "&#13;"
            case "\t": return "&#9;"
            default:
                let value = scalar.value
                let allowed =
                    value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
                return allowed ? nil : "\u{FFFD}"
            }
        }
    }
}
