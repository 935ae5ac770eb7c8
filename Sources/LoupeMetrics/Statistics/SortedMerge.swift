/// Two lists sorted by a key, merged into one sorted list with the entries of equal keys
/// combined: the score runs of two binary states, the |error|-to-weight maps of two regression
/// states (`MergeableState`).
enum SortedMerge {
    /// `precedes(x, y)` is the list's strict order on keys; entries neither of which precedes
    /// the other have equal keys and become `combine(x, y)`.
    static func merged<T>(_ a: [T], _ b: [T], precedes: (T, T) -> Bool, combine: (T, T) -> T) -> [T] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [T] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if precedes(a[i], b[j]) {
                out.append(a[i])
                i += 1
            } else if precedes(b[j], a[i]) {
                out.append(b[j])
                j += 1
            } else {
                out.append(combine(a[i], b[j]))
                i += 1
                j += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
