/// A JSON string literal for text written into JSON by hand (the starter config `loupe init`
/// writes with comments, which an encoder cannot produce).
public enum JSONString {
    /// `"text"` with quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        let hex = Array("0123456789abcdef")
        let body = ScalarEscaping.escape(text) { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\t": return "\\t"
            default:
                guard scalar.value < 0x20 else { return nil }
                let value = Int(scalar.value)
                return "\\u00" + String(hex[value >> 4]) + String(hex[value & 0xF])
            }
        }
        return "\"" + body + "\""
    }
}
