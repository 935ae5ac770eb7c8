/// A write position inside a caller-owned byte buffer, with number formatting that allocates
/// nothing — the inner loop of the data generators, which write hundreds of megabytes.
///
/// The cursor does not check bounds: whoever creates it reserves room for the longest row it can
/// write (see `BlockedCSVWriter`). Numbers are written in the C locale, `.` as decimal point.
struct ByteCursor {
    private(set) var pointer: UnsafeMutablePointer<UInt8>

    init(_ pointer: UnsafeMutablePointer<UInt8>) {
        self.pointer = pointer
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        pointer.pointee = value
        pointer += 1
    }

    /// Copies entry `index` of `table`.
    @inline(__always)
    mutating func bytes(_ table: ByteTable, _ index: Int) {
        let start = table.starts[index]
        let count = table.starts[index + 1] - start
        pointer.update(from: table.storage + start, count: count)
        pointer += count
    }

    /// Decimal digits of `value`, no sign, no separators: at most 20 bytes.
    @inline(__always)
    mutating func unsigned(_ value: UInt64) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        var position = pointer + digits
        rest = value
        repeat {
            position -= 1
            position.pointee = 48 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
        pointer += digits
    }

    @inline(__always)
    mutating func integer(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        unsigned(UInt64(value.magnitude))
    }

    /// `value` with exactly `decimals` digits after the point (0...9), rounded half away from zero
    /// on the binary value: `0.1234567` → `0.123457` for 6 decimals. A value that rounds to zero
    /// has no minus sign. Magnitudes beyond 1.8e19 / 10^decimals are clamped (never reached by the
    /// generators); NaN is written as zero. At most 22 + decimals bytes.
    @inline(__always)
    mutating func fixed(_ value: Double, decimals: Int) {
        let scaled = (abs(value) * Double(Self.powerOfTen(decimals))).rounded()
        var units: UInt64 = scaled < 1.8e19 ? UInt64(scaled) : (scaled.isNaN ? 0 : 18_000_000_000_000_000_000)
        if value < 0 && units != 0 { byte(UInt8(ascii: "-")) }
        // All digits of `units`, at least one before the point, written backwards; division by
        // the constant 10 compiles to a multiplication.
        var digits = 1
        var rest = units
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        digits = max(digits, decimals + 1)
        let length = decimals > 0 ? digits + 1 : digits
        var position = pointer + length
        for index in 0..<digits {
            if index == decimals && decimals > 0 {
                position -= 1
                position.pointee = UInt8(ascii: ".")
            }
            position -= 1
            position.pointee = 48 &+ UInt8(truncatingIfNeeded: units % 10)
            units /= 10
        }
        pointer += length
    }

    /// 10^exponent for 0...9; a switch rather than a table so that a constant `decimals` folds.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        default: return 1_000_000_000
        }
    }
}
