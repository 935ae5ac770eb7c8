/// Rewrites text scalar by scalar: each escaper (`HTML`, `XML`, `JSONString`) says only what
/// replaces the scalars its format must not carry as they are.
enum ScalarEscaping {
    /// `text` with every scalar for which `replacement` returns a string replaced by it.
    static func escape(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                out += replaced
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
