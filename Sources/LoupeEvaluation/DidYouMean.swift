/// "Did you mean …?" for a misspelled command, flag, metric, model or config key: the known name
/// closest to the word by edit distance (Levenshtein, case-insensitive), when it is close enough
/// to be a slip rather than a different word.
public enum DidYouMean {
    /// The closest of `names` to `word`, or nil when none is within the allowed distance: one
    /// edit for words of up to four characters, two up to eight, three beyond (about one edit in
    /// three characters). Ties go to the earlier name; the word itself is never suggested.
    public static func closest(to word: String, among names: [String]) -> String? {
        let typed = Array(word.lowercased())
        let allowed = typed.count <= 4 ? 1 : typed.count <= 8 ? 2 : 3
        var best: (name: String, distance: Int)?
        for name in names where name != word {
            let distance = self.distance(typed, Array(name.lowercased()))
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (name, distance) }
        }
        return best?.name
    }

    /// The Levenshtein distance: insertions, deletions and substitutions, one each.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
