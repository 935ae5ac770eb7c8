import LoupeMarkup

/// Element ids for a chart's `<title>`, `<desc>` and clip path, unique on a page and stable
/// across runs: `chart-<slug of the title>-<suffix>`. The suffix is the caller's `idSuffix` or
/// else a hash (FNV-1a) of the chart drawn with a placeholder id, so two charts differ in id
/// whenever they differ in anything; two identical charts on one page need an `idSuffix`.
enum ChartID {
    static func resolve(title: String, suffix: String?, draw: (String) -> HTML) -> HTML {
        let slug = self.slug(title)
        if let suffix, suffix.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
            return draw("chart-\(slug)-\(self.slug(suffix))")
        }
        let probe = draw("chart")
        return draw("chart-\(slug)-\(hex(fnv1a(probe.markup)))")
    }

    /// Lower-case ASCII letters and digits, other runs as one `-`, at most 40 characters.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if out.unicodeScalars.count >= 40 { break }
            switch scalar {
            case "a"..."z", "0"..."9": out.unicodeScalars.append(scalar)
            case "A"..."Z": out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            default: if !out.isEmpty && !out.hasSuffix("-") { out += "-" }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "untitled" : out
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The low 32 bits as 8 hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for shift in stride(from: 28, through: 0, by: -4) {
            out.append(digits[Int((value >> UInt64(shift)) & 0xf)])
        }
        return out
    }
}
