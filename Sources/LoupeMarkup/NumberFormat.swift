/// Locale-free number formatting for people (pages and charts); results.json keeps exact values.
public enum NumberFormat {
    /// `x` rounded to `digits` decimals: `decimal(0.71249, digits: 3) == "0.712"`. Non-finite
    /// values read "undefined".
    public static func decimal(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return "undefined" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrEven)
        guard scaled < 9e15 else { return x < 0 ? "-" + String(abs(x)) : String(x) }
        let whole = UInt64(scaled)
        var text = String(whole)
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return (x < 0 && whole != 0 ? "-" : "") + text
    }

    /// A count with thousands separators: `count(1234567) == "1,234,567"`.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A weighted count: whole numbers as counts, else two decimals with separators. From 9e15
    /// on, where a double has no fractional digits left, the shortest exact form (`1e+16`).
    public static func weight(_ x: Double) -> String {
        guard x.isFinite else { return "undefined" }
        if let whole = Int(safely: x), Double(whole) == x { return count(whole) }
        let text = decimal(abs(x), digits: 2)
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let whole = Int(parts[0]) else { return decimal(x, digits: 2) }
        let sign = x < 0 && text != "0.00" ? "-" : ""
        return sign + count(whole) + "." + parts[1]
    }

    /// A share as a percentage with `digits` decimals: `percent(0.4213, digits: 1) == "42.1%"`.
    public static func percent(_ x: Double, digits: Int = 1) -> String {
        guard x.isFinite else { return "undefined" }
        return decimal(x * 100, digits: digits) + "%"
    }

}

extension Int {
    /// `x` rounded toward zero when it lies strictly within ±9e15 (where every whole double is
    /// exact and far from `Int`'s limits), else `nil`: the conversion that cannot trap on a huge
    /// or non-finite value from data.
    public init?(safely x: Double) {
        guard x.isFinite, abs(x) < 9e15 else { return nil }
        self.init(x)
    }
}
