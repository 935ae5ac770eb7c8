import LoupeCharts
import LoupeMarkup
import LoupeResults

/// Numbers as the pages show them: three decimals for rates, separators for counts, a real
/// minus sign, and intervals beside (not inside) the value so table columns stay narrow.
enum Formatting {
    static let digits = 3

    /// Three decimals for rates and scores; fewer for large values (prices, durations), which
    /// get thousands separators from 1,000 on: `0.712`, `153.4`, `77,354`.
    static func decimal(_ x: Double) -> String {
        guard x.isFinite else { return minus(NumberFormat.decimal(x, digits: digits)) }
        let magnitude = x.magnitude
        if magnitude >= 999.5 {
            let rounded = x.rounded()
            guard rounded.magnitude < 9e15 else { return minus(NumberFormat.decimal(x, digits: 0)) }
            return minus((x < 0 ? "-" : "") + NumberFormat.count(Int(rounded.magnitude)))
        }
        return minus(NumberFormat.decimal(x, digits: magnitude >= 99.95 ? 1 : digits))
    }

    /// `+0.022`, `−0.191`, `0.000`.
    static func signed(_ x: Double) -> String {
        let text = decimal(x)
        return x > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }

    /// `(0.698–0.726)`, or for signed quantities `(−0.232 to −0.150)`.
    static func interval(_ metric: Metric, signed: Bool = false) -> String? {
        guard let lower = metric.lower, let upper = metric.upper else { return nil }
        // A dash between negative numbers reads as a minus: such intervals say "to".
        return signed
            ? "(\(self.signed(lower)) to \(self.signed(upper)))"
            : lower < 0 ? "(\(decimal(lower)) to \(decimal(upper)))" : "(\(decimal(lower))–\(decimal(upper)))"
    }

    /// `0.712 (0.698–0.726)`, or `undefined`.
    static func estimate(_ metric: Metric?) -> String {
        guard let metric, let value = metric.value else { return "undefined" }
        return [decimal(value), interval(metric)].compactMap { $0 }.joined(separator: " ")
    }

    static func value(of key: String, _ metric: Metric) -> String? {
        guard let value = metric.value else { return nil }
        if MetricCatalog.info(key).isCount { return NumberFormat.weight(value) }
        return decimal(value)
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
