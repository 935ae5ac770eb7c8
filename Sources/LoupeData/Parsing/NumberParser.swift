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

    /// Parses a field; `readable` is how many bytes may be read from `p` (0 if unknown).
    ///
    /// The commonest shape — an optional sign, then at most 8 bytes of digits with at most one
    /// point among them — is read as one 8-byte word when at least 9 bytes may be read: the point
    /// and any other non-digit are found, the point is squeezed out and the digits combined
    /// pairwise, with no branch per byte. That yields the same mantissa and point position as
    /// `parseBytes`, hence the same value; every other shape goes to `parseBytes`.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int, readable: Int = 0) -> Double? {
        if readable < 9 || n == 0 { return parseBytes(p, n) }
        let negative = p[0] == 0x2D
        let i = negative || p[0] == 0x2B ? 1 : 0
        let count = n &- i
        if count > 8 || count == 0 { return parseBytes(p, n) }
        let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
        let inField: UInt64 = count == 8 ? ~0 : (1 &<< UInt64(8 &* count)) &- 1
        // A byte b is a digit when t = b ^ 0x30 is at most 9: neither t nor t + 0x76 has its high
        // bit set. Every non-digit is flagged; a carry (only out of a non-digit) may also flag
        // the byte after one, which only sends the field to `parseBytes`.
        let t = word ^ 0x3030_3030_3030_3030
        let nonDigit = ((t &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080 & inField
        // Bytes equal to the point: the lowest flagged byte is exact (borrows only run upward).
        let dots = word ^ 0x2E2E_2E2E_2E2E_2E2E
        let dotMask = (dots &- 0x0101_0101_0101_0101) & ~dots & 0x8080_8080_8080_8080 & inField
        let firstDot = dotMask & (0 &- dotMask)
        // Nothing but digits and (at most) that one point.
        guard nonDigit == firstDot else { return parseBytes(p, n) }
        var digits = t & inField
        var digitCount = count
        var fractionDigits = 0
        if firstDot != 0 {
            let point = UInt64(firstDot.trailingZeroBitCount &>> 3)
            let below = (1 &<< (point &* 8)) &- 1
            digits = (digits & below) | ((digits &>> 8) & ~below)
            digitCount &-= 1
            if digitCount == 0 { return parseBytes(p, n) }
            fractionDigits = digitCount &- Int(point)
        }
        // The digits, first most significant, moved to the top of the word (zeros fill the rest)
        // and combined pairwise in three multiplications.
        var v = digits &<< UInt64(64 &- 8 &* digitCount)
        v = v &* 10 &+ (v &>> 8)
        let high = (v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 &<< 32))
        let low = ((v &>> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 &<< 32))
        let mantissa = (high &+ low) &>> 32
        // Exactly `Double(mantissa)` (below 10^8): built from bits, because the conversion
        // instruction keeps a false dependency on the previous field's result.
        let m = Double(bitPattern: 0x4330_0000_0000_0000 | mantissa) - 0x1p52
        let value = fractionDigits == 0 ? m : m / powersOfTen.withUnsafeBufferPointer { $0[fractionDigits] }
        return negative ? -value : value
    }

    /// The common shape — optional sign, at most 19 digits around an optional point, nothing
    /// else — in one tight pass, a byte at a time; anything else (spaces, exponents, long
    /// mantissas) goes to `parseGeneral`, which handles every form.
    @inline(__always)
    static func parseBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
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
