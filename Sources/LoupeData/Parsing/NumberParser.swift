import Foundation

/// Decimal text to `Double`, straight from bytes, correctly rounded.
///
/// Grammar: optional surrounding spaces, `[+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?`.
/// `inf`, `nan`, hex and digit separators are not numbers. Clinger's fast path handles the common
/// case exactly: up to 19 significant digits accumulate in a `UInt64`; when that mantissa is below
/// 2^53 and the decimal exponent is within ±22, one IEEE multiplication or division by an exactly
/// representable power of ten is correctly rounded. Anything else goes to `strtod` (correctly
/// rounded in glibc and Apple's libc) on a small stack copy.
enum NumberParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The common shape — optional sign, at most 19 digits around an optional point, nothing
    /// else — in one tight pass; anything else (spaces, exponents, long mantissas) goes to
    /// `parseGeneral`, which handles every form.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if n == 0 { return nil }
        var i = 0
        let negative = p[0] == 0x2D
        if negative || p[0] == 0x2B { i = 1 }
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < n {
            let d = p[i] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i &+= 1
        }
        var digits = i &- integerStart
        var fractionDigits = 0
        if i < n && p[i] == 0x2E {
            i &+= 1
            let fractionStart = i
            while i < n {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i &+= 1
            }
            fractionDigits = i &- fractionStart
            digits &+= fractionDigits
        }
        guard i == n, digits > 0, digits <= 19, mantissa < (1 << 53), fractionDigits <= 22 else {
            return parseGeneral(p, n)
        }
        let m = Double(mantissa)
        let value = fractionDigits == 0 ? m : m / powersOfTen.withUnsafeBufferPointer { $0[fractionDigits] }
        return negative ? -value : value
    }

    static func parseGeneral(_ start: UnsafePointer<UInt8>, _ length: Int) -> Double? {
        var p = start
        var n = length
        while n > 0 && p[0] == 0x20 { p += 1; n -= 1 }
        while n > 0 && p[n - 1] == 0x20 { n -= 1 }
        if n == 0 { return nil }
        var i = 0
        var negative = false
        if p[0] == 0x2D { negative = true; i = 1 } else if p[0] == 0x2B { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var truncated = false
        var sawDigit = false
        while i < n {
            let d = p[i] &- 0x30
            if d >= 10 { break }
            sawDigit = true
            if digits < 19 {
                if mantissa != 0 || d != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    digits &+= 1
                }
            } else {
                exponent &+= 1
                if d != 0 { truncated = true }
            }
            i &+= 1
        }
        if i < n && p[i] == 0x2E {
            i &+= 1
            while i < n {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                sawDigit = true
                if digits < 19 {
                    if mantissa != 0 || d != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        digits &+= 1
                    }
                    exponent &-= 1
                } else if d != 0 {
                    truncated = true
                }
                i &+= 1
            }
        }
        if !sawDigit { return nil }
        if i < n && (p[i] | 0x20) == 0x65 {
            i &+= 1
            var exponentNegative = false
            if i < n && (p[i] == 0x2D || p[i] == 0x2B) { exponentNegative = p[i] == 0x2D; i &+= 1 }
            var value = 0
            var sawExponentDigit = false
            while i < n {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                sawExponentDigit = true
                if value < 1_000_000 { value = value &* 10 &+ Int(d) }
                i &+= 1
            }
            if !sawExponentDigit { return nil }
            exponent &+= exponentNegative ? -value : value
        }
        if i != n { return nil }
        if mantissa == 0 && !truncated { return negative ? -0.0 : 0.0 }
        if !truncated && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let value =
                exponent < 0
                ? m / powersOfTen.withUnsafeBufferPointer { $0[-exponent] }
                : m * powersOfTen.withUnsafeBufferPointer { $0[exponent] }
            return negative ? -value : value
        }
        return slowPath(p, n)
    }

    /// `strtod` on a NUL-terminated copy; the text is already known to be a valid number.
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
            guard let out = buffer.baseAddress else { return .nan }
            UnsafeMutableRawPointer(out).copyMemory(from: p, byteCount: n)
            out[n] = 0
            return strtod(out, nil)
        }
    }
}
