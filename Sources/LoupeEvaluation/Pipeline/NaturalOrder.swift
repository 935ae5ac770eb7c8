/// Orders category values the way people expect: numbers numerically (`2` before `10`), then
/// text by its Unicode scalars, so the order never depends on a locale.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        switch (Double(a), Double(b)) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        }
    }
}
