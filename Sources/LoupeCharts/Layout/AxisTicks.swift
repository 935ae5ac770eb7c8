import LoupeMarkup

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, about `target` of them.
struct AxisTicks: Equatable {
    /// A tick step `mantissa × 10^exponent` with mantissa 1, 2 or 5.
    struct Step: Equatable {
        var mantissa: Int
        var exponent: Int

        var value: Double { AxisTicks.scaled(Double(mantissa), exponent) }

        /// The i-th multiple, computed from integers so 3 × 0.1 reads 0.3, not 0.30000000000000004.
        func multiple(_ i: Int) -> Double { AxisTicks.scaled(Double(i * mantissa), exponent) }
    }

    /// The axis bounds: the data range widened to whole steps, or the fixed bounds given.
    var lower: Double
    var upper: Double
    var step: Step
    var values: [Double]
    /// Text labels of a categorical axis, one per tick at 0, 1, …, n − 1.
    var categories: [String]? = nil

    /// A categorical axis: ticks at 0 … n − 1 labelled `categories`, bounds half a step outside.
    init(categories: [String]) {
        self.lower = -0.5
        self.upper = Double(Swift.max(categories.count, 1)) - 0.5
        self.step = Step(mantissa: 1, exponent: 0)
        self.values = categories.indices.map(Double.init)
        self.categories = categories
    }

    /// Ticks for data in `low...high`. `fixedLower`/`fixedUpper` (an `Axis`'s `min`/`max`) are
    /// kept as the bounds; the other bounds are widened to the next tick. A degenerate or
    /// non-finite range becomes a small range around the value (or 0...1).
    init(low: Double, high: Double, fixedLower: Double? = nil, fixedUpper: Double? = nil, target: Int = 5) {
        var lo = fixedLower.flatMap { $0.isFinite ? $0 : nil } ?? low
        var hi = fixedUpper.flatMap { $0.isFinite ? $0 : nil } ?? high
        if !lo.isFinite || !hi.isFinite { (lo, hi) = (0, 1) }
        if lo > hi { (lo, hi) = (hi, lo) }
        // Keep the span and the widened bounds finite: beyond ±1e300 a double has no room for
        // the step arithmetic (1.7976931348623157e308 − (−1e308) overflows to infinity).
        (lo, hi) = (Swift.max(lo, -AxisTicks.limit), Swift.min(hi, AxisTicks.limit))
        if hi - lo <= Swift.max(abs(lo), abs(hi)) * 1e-12 {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            (lo, hi) = (lo - pad, hi + pad)
        }
        let step = AxisTicks.niceStep(for: (hi - lo) / Double(Swift.max(1, target)))
        let s = step.value
        if fixedLower == nil || !(fixedLower!.isFinite) {
            lo = AxisTicks.scaled((lo / s + 1e-9).rounded(.down) * Double(step.mantissa), step.exponent)
        }
        if fixedUpper == nil || !(fixedUpper!.isFinite) {
            hi = AxisTicks.scaled((hi / s - 1e-9).rounded(.up) * Double(step.mantissa), step.exponent)
        }
        var values: [Double] = []
        // Tick indices are whole numbers within ±9e15; should rounding leave none (a range tiny
        // next to its distance from 0), the bounds are the ticks.
        if let first = Int(safely: (lo / s - 1e-9).rounded(.up)), let last = Int(safely: (hi / s + 1e-9).rounded(.down)) {
            if first <= last {
                for i in first...Swift.min(last, first + 100) { values.append(step.multiple(i)) }
            }
        } else {
            values = lo == hi ? [lo] : [lo, hi]
        }
        self.lower = lo
        self.upper = hi
        self.step = step
        self.values = values
    }

    /// The largest magnitude an axis bound takes; data beyond it is drawn at the edge.
    static let limit = 1e300

    /// The smallest 1-2-5 step not below `raw`.
    static func niceStep(for raw: Double) -> Step {
        guard raw.isFinite, raw > 0 else { return Step(mantissa: 1, exponent: 0) }
        var exponent = 0
        if raw >= 1 {
            while exponent < 300 && scaled(1, exponent + 1) <= raw { exponent += 1 }
        } else {
            while exponent > -300 && scaled(1, exponent) > raw { exponent -= 1 }
        }
        for mantissa in [1, 2, 5] where scaled(Double(mantissa), exponent) >= raw * (1 - 1e-9) {
            return Step(mantissa: mantissa, exponent: exponent)
        }
        return Step(mantissa: 1, exponent: exponent + 1)
    }

    /// `x × 10^exponent`, dividing for negative exponents so decimal ticks round correctly.
    static func scaled(_ x: Double, _ exponent: Int) -> Double {
        var power = 1.0
        for _ in 0..<abs(exponent) { power *= 10 }
        return exponent >= 0 ? x * power : x / power
    }

    /// A tick label with as many decimals as the step needs; percentages when `percent`;
    /// thousands separators for whole numbers from 1,000.
    func label(_ value: Double, percent: Bool) -> String {
        if let categories {
            guard let index = Int(safely: value.rounded()) else { return "" }
            return categories.indices.contains(index) ? categories[index] : ""
        }
        if percent {
            return NumberFormat.percent(value, digits: Swift.max(0, -(step.exponent + 2)))
        }
        let digits = Swift.max(0, -step.exponent)
        if digits == 0 && abs(value) >= 1000, let whole = Int(safely: value.rounded()) {
            return NumberFormat.count(whole)
        }
        return NumberFormat.decimal(value, digits: digits)
    }
}

extension AxisTicks {
    /// Which multiple of the step `value` is (0 for categorical axes' first tick, and so on).
    func stepIndex(_ value: Double) -> Int {
        let s = categories == nil ? step.value : 1
        let q = (value / s).rounded()
        guard s > 0, q.isFinite else { return 0 }
        // Far from zero in steps (an axis at 1e300 with a step of 1e280) the multiple exceeds
        // Int; its remainder keeps which ticks an every-k thinning keeps, near enough.
        return Int(safely: q) ?? Int(q.truncatingRemainder(dividingBy: 1e15))
    }

    /// Every tick label shortened with a thousands suffix — `120k`, `1.2M`, `3B` — with as many
    /// decimals as the step needs; `nil` when the step is below 1,000 (nothing to shorten) or
    /// the axis is categorical or in percent.
    func abbreviatedLabels(percent: Bool) -> [String]? {
        guard categories == nil, !percent, step.exponent >= 3, !values.isEmpty else { return nil }
        let largest = values.map { abs($0) }.max() ?? 0
        let (power, suffix) = largest >= 1e9 ? (9, "B") : (largest >= 1e6 ? (6, "M") : (3, "k"))
        let digits = Swift.max(0, power - step.exponent)
        return values.map { NumberFormat.decimal(AxisTicks.scaled($0, -power), digits: digits) + suffix }
    }
}

/// Maps a data interval onto a pixel interval.
struct LinearScale {
    var domain: (lower: Double, upper: Double)
    var range: (lower: Double, upper: Double)

    init(_ ticks: AxisTicks, range: (Double, Double)) {
        self.domain = (ticks.lower, ticks.upper)
        self.range = range
    }

    init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = domain
        self.range = range
    }

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        guard span != 0 else { return range.lower }
        return range.lower + (value - domain.lower) / span * (range.upper - range.lower)
    }

    /// Whether `value` lies within the domain (with a little slack for rounding).
    func contains(_ value: Double) -> Bool {
        let slack = abs(domain.upper - domain.lower) * 1e-9
        return value.isFinite && value >= domain.lower - slack && value <= domain.upper + slack
    }
}
