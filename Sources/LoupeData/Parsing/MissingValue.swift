/// The spellings of a missing value: empty, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`, `None`.
/// Matched exactly (no trimming), as pandas does by default.
enum MissingValue {
    @inline(__always)
    static func isMissing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch n {
        case 0:
            return true
        case 2:
            return p[0] == 0x4E && p[1] == 0x41  // NA
        case 3:
            if p[0] == 0x4E && p[1] == 0x2F && p[2] == 0x41 { return true }  // N/A
            if p[1] == 0x61 && (p[0] == 0x4E || p[0] == 0x6E) {
                return p[2] == (p[0] == 0x4E ? 0x4E : 0x6E)  // NaN, nan
            }
            return false
        case 4:
            let word = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
            return word == 0x6C6C_756E  // null
                || word == 0x4C4C_554E  // NULL
                || word == 0x656E_6F4E  // None
        default:
            return false
        }
    }
}
