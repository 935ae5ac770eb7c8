import LoupeCharts
import LoupeMarkup
import LoupeResults

/// Numbers as the pages show them: three decimals for rates, separators for counts, a real
/// minus sign, and intervals beside (not inside) the value so table columns stay narrow.
enum Formatting {
    static let digits = 3

    /// Three decimals for rates and scores; fewer for large values (prices, durations), which
    /// get thousands separators from 1,000 on: `0.712`, `153.4`, `77,354`.
    static func decimal(_ x: Double) -> String { decimal(x, scale: x.magnitude) }

    /// `x` with the decimals a number of magnitude `scale` gets: a column, or an estimate with its
    /// interval, reads with one convention (`82 (81.904–4,384)` would read as eighty-one thousand).
    static func decimal(_ x: Double, scale: Double) -> String {
        guard x.isFinite else { return minus(NumberFormat.decimal(x, digits: digits)) }
        let magnitude = scale.isFinite ? max(scale, x.magnitude) : x.magnitude
        if magnitude >= 999.5 {
            let rounded = x.rounded()
            guard rounded.magnitude < 9e15 else { return minus(NumberFormat.decimal(x, digits: 0)) }
            return minus((x < 0 ? "-" : "") + NumberFormat.count(Int(rounded.magnitude)))
        }
        return minus(NumberFormat.decimal(x, digits: magnitude >= 99.95 ? 1 : digits))
    }

    /// `x` with exactly `digits` decimals (and a real minus sign), for two numbers that the
    /// usual three decimals would show as equal.
    static func fixed(_ x: Double, digits: Int) -> String { minus(NumberFormat.decimal(x, digits: digits)) }

    /// An ISO 8601 instant as a person reads it: `2025-03-18T14:02:11Z` → `2025-03-18 14:02 UTC`
    /// (seconds and fractions dropped; results.json keeps the exact text). An offset other than
    /// `Z` is shown as written (`+01:00`); text that is not such an instant is returned unchanged.
    /// With `dateOnly` (data whose instants are all midnight UTC: dates), the date alone.
    static func timestamp(_ iso: String, dateOnly: Bool = false) -> String {
        let chars = Array(iso)
        func digits(_ range: Range<Int>) -> Bool {
            range.allSatisfy { chars.indices.contains($0) && chars[$0].isASCII && chars[$0].isNumber }
        }
        guard chars.count >= 16, digits(0..<4), chars[4] == "-", digits(5..<7), chars[7] == "-", digits(8..<10),
            chars[10] == "T" || chars[10] == " ", digits(11..<13), chars[13] == ":", digits(14..<16)
        else { return iso }
        let rest = chars[16...].drop { $0 == ":" || $0 == "." || ($0.isASCII && $0.isNumber) }
        let zone: String
        if rest.isEmpty {
            zone = ""
        } else if rest.first == "Z" && rest.count == 1 {
            zone = " UTC"
        } else if rest.first == "+" || rest.first == "-" {
            zone = " " + String(rest)
        } else {
            return iso
        }
        if dateOnly && zone == " UTC" && chars[11..<16].elementsEqual("00:00") { return String(chars[0..<10]) }
        return String(chars[0..<10]) + " " + String(chars[11..<16]) + zone
    }

    /// Whether `stamps` look like dates: at least two, every one midnight UTC to the second.
    static func areDates(_ stamps: [String]) -> Bool {
        stamps.count >= 2
            && stamps.allSatisfy { stamp in
                guard let t = stamp.firstIndex(of: "T") else { return false }
                let time = stamp[stamp.index(after: t)...]
                return time == "00:00:00Z" || time == "00:00Z" || time == "00:00:00.000Z"
            }
    }

    /// `+0.022`, `−0.191`, `0.000`.
    static func signed(_ x: Double) -> String { signed(x, scale: x.magnitude) }

    static func signed(_ x: Double, scale: Double) -> String {
        let text = decimal(x, scale: scale)
        return x > 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "+" + text : text
    }

    /// `(0.698–0.726)`, or for signed quantities `(−0.232 to −0.150)`; both bounds (and the
    /// estimate they go with) with the same decimals, at least those of `scale`.
    static func interval(_ metric: Metric, signed: Bool = false, scale: Double = 0) -> String? {
        guard let lower = metric.lower, let upper = metric.upper else { return nil }
        let scale = max(scale, lower.magnitude, upper.magnitude, metric.value?.magnitude ?? 0)
        // A dash between negative numbers reads as a minus: such intervals say "to".
        return signed
            ? "(\(self.signed(lower, scale: scale)) to \(self.signed(upper, scale: scale)))"
            : lower < 0
                ? "(\(decimal(lower, scale: scale)) to \(decimal(upper, scale: scale)))"
                : "(\(decimal(lower, scale: scale))–\(decimal(upper, scale: scale)))"
    }

    /// `0.712 (0.698–0.726)`, `12.3% (10.1%–14.5%)`, or `undefined`; the estimate and its
    /// interval with one convention.
    static func estimate(_ metric: Metric?, of key: String? = nil) -> String {
        guard let metric, let value = metric.value else { return "undefined" }
        if let key, isPercentage(key) {
            return [percentage(value), interval(of: key, metric)].compactMap { $0 }.joined(separator: " ")
        }
        let scale = max(value.magnitude, metric.lower?.magnitude ?? 0, metric.upper?.magnitude ?? 0)
        return [decimal(value, scale: scale), interval(metric)].compactMap { $0 }.joined(separator: " ")
    }

    /// A metric the registry formats as a percentage (MAPE): `12.3%`.
    static func isPercentage(_ key: String) -> Bool { MetricRegistry.definition(key)?.format == .percentage }

    static func percentage(_ x: Double) -> String { minus(NumberFormat.percent(x, digits: 1)) }

    /// A difference of percentages: `+1.2 pp`, `−0.4 pp`.
    static func percentagePoints(_ x: Double) -> String {
        let text = minus(NumberFormat.decimal(x * 100, digits: 1))
        return (x > 0 && text != "0.0" ? "+" : "") + text + " pp"
    }

    /// The metric's interval in its own format.
    static func interval(of key: String, _ metric: Metric) -> String? {
        guard isPercentage(key) else { return interval(metric) }
        guard let lower = metric.lower, let upper = metric.upper else { return nil }
        return "(\(percentage(lower))–\(percentage(upper)))"
    }

    static func value(of key: String, _ metric: Metric) -> String? {
        guard let value = metric.value else { return nil }
        if MetricCatalog.info(key).isCount { return NumberFormat.weight(value) }
        if isPercentage(key) { return percentage(value) }
        let scale = max(value.magnitude, metric.lower?.magnitude ?? 0, metric.upper?.magnitude ?? 0)
        return decimal(value, scale: scale)
    }

    /// The exact value for sorting (`data-value`): Swift's shortest round-trip spelling.
    static func exact(_ x: Double) -> String { "\(x)" }

    /// A configured number as the user wrote it, more or less: `0.5`, `1`, `0.3333`.
    static func plain(_ x: Double) -> String {
        let text = "\(x)"
        return minus(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    static func count(_ n: Int) -> String { NumberFormat.count(n) }

    /// A threshold: at most three decimals, trailing zeros dropped (`0.5`, `0.3`, `0.437`), so
    /// a grid value like 0.30000000000000004 reads as people wrote it.
    static func threshold(_ x: Double) -> String { decimal(x).trimmingTrailingZeros() }

    /// A p-value: `< 0.001` below that, else three decimals; `inline` gives `= 0.012` for prose.
    static func pValue(_ p: Double, inline: Bool = false) -> String {
        if p < 0.001 { return "< 0.001" }
        return inline ? "= " + decimal(p) : decimal(p)
    }

    /// A ratio with two decimals: `1.92`.
    static func ratio(_ x: Double) -> String { minus(NumberFormat.decimal(x, digits: 2)) }

    private static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}
