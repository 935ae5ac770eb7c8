import Foundation

/// File-name and anchor-safe identifiers made from data strings.
enum Slug {
    /// Lower-case ASCII letters and digits (accents dropped), other runs as one `-`; `fallback`
    /// when nothing is left (a name written only in non-Latin script, or punctuation).
    static func make(_ text: String, fallback: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).unicodeScalars {
            let lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
            if ("a"..."z").contains(lower) || ("0"..."9").contains(lower) {
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(lower)
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? fallback : String(slug.prefix(60))
    }

    /// One slug per name, in order; a repeated slug gets `-2`, `-3`, … so every name keeps its
    /// own file whatever the other names are.
    static func unique(_ names: [String], fallback: String) -> [String] {
        var used = Set<String>()
        return names.map { name in
            let base = make(name, fallback: fallback)
            var candidate = base
            var suffix = 2
            while used.contains(candidate) {
                candidate = "\(base)-\(suffix)"
                suffix += 1
            }
            used.insert(candidate)
            return candidate
        }
    }
}
