/// A categorical column's row count per category, keyed by name, with its missing count: the
/// mergeable state of categorical statistics and the input of categorical drift.
///
/// Built from dictionary codes: a code at or beyond the end of the dictionary (for example
/// `UInt32.max`) is a missing value. Codes are counted into an array indexed by code, then folded
/// by name, so two codes with the same name are one category and reference and current, each with
/// its own dictionary, meet by name. Names compare as Swift strings (canonically equivalent
/// spellings are one category). Only categories with at least one row are kept, in ascending
/// `String` order, which is the order of every result built on these counts. Two states over
/// disjoint rows merge exactly (`merge`).
public struct CategoryCounts: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// Categories with a positive count, ascending by name.
    public private(set) var entries: [Entry]
    /// Rows whose code is outside the dictionary.
    public private(set) var missingCount: Int

    /// Counts `codes` against the dictionary `names` (code i is `names[i]`).
    public init(codes: UnsafeBufferPointer<UInt32>, names: [String]) {
        var perCode = [Int](repeating: 0, count: names.count + 1)
        let missingSlot = names.count
        perCode.withUnsafeMutableBufferPointer { counts in
            for code in codes {
                let c = Int(code)
                counts[c < missingSlot ? c : missingSlot] &+= 1
            }
        }
        self.init(perCode: perCode, names: names)
    }

    /// From a count per code (code i is `names[i]`) followed by the count of missing codes, so
    /// that one pass can count many groups of rows (monitoring's windows) at once.
    public init(perCode: some Collection<Int>, names: [String]) {
        var byName: [String: Int] = [:]
        var missing = 0
        for (code, count) in perCode.enumerated() where count > 0 {
            if code < names.count { byName[names[code], default: 0] += count } else { missing += count }
        }
        self.init(counts: byName, missingCount: missing)
    }

    /// Counts `codes` against the dictionary `names`.
    public init(codes: [UInt32], names: [String]) {
        self = codes.withUnsafeBufferPointer { CategoryCounts(codes: $0, names: names) }
    }

    /// From a count per name (counts ≤ 0 are dropped).
    public init(counts: [String: Int], missingCount: Int = 0) {
        entries = counts.filter { $0.value > 0 }.map { Entry(name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }
        self.missingCount = missingCount
    }

    /// The number of non-missing rows.
    public var total: Int { entries.reduce(0) { $0 + $1.count } }

    /// Adds the counts of `other` (rows disjoint from these).
    public mutating func merge(_ other: CategoryCounts) {
        var merged: [Entry] = []
        merged.reserveCapacity(entries.count + other.entries.count)
        var i = 0, j = 0
        while i < entries.count || j < other.entries.count {
            if j == other.entries.count || (i < entries.count && entries[i].name < other.entries[j].name) {
                merged.append(entries[i])
                i += 1
            } else if i == entries.count || other.entries[j].name < entries[i].name {
                merged.append(other.entries[j])
                j += 1
            } else {
                merged.append(Entry(name: entries[i].name, count: entries[i].count + other.entries[j].count))
                i += 1
                j += 1
            }
        }
        entries = merged
        missingCount += other.missingCount
    }

    /// These counts merged with `other`'s.
    public func merging(_ other: CategoryCounts) -> CategoryCounts {
        var copy = self
        copy.merge(other)
        return copy
    }
}
