import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// How large a multiclass build's per-group tables get, checked before any is allocated.
///
/// Each model's sums keep k² confusion cells per group (`MulticlassAccumulator`: a compensated
/// sum and a row count, 24 bytes a cell), its fairness k² cells per group of each attribute
/// (`MulticlassFairness`: rows, Σw and Σw², 40 bytes), and the paired comparison k³ joint cells
/// per group (`PairedMulticlassCells`: true class × candidate × baseline, two doubles). A label
/// with a few thousand distinct values makes these tens of gigabytes; past `budget` the build
/// stops with an input error that says why, instead of failing to allocate.
enum MulticlassSize {
    /// The most bytes these tables may take together.
    static let budget = 4.0 * 1_073_741_824

    /// The bytes the tables need: `groups` counts the whole data and every group of every slicing
    /// spec, `fairnessGroups` the groups of every fairness attribute.
    static func tableBytes(
        classCount k: Int, groups: Int, fairnessGroups: Int = 0, models: Int, comparing: Bool
    ) -> Double {
        let classes = Double(k), slots = Double(groups)
        let sums = Double(models) * (slots * 24 + Double(fairnessGroups) * 40) * classes * classes
        return sums + (comparing ? slots * classes * classes * classes * 16 : 0)
    }

    /// Throws an input error when the tables would exceed `budget`.
    static func check(
        classCount k: Int, groups: Int, fairnessGroups: Int, models: Int, comparing: Bool, path: String
    ) throws {
        let bytes = tableBytes(
            classCount: k, groups: groups, fairnessGroups: fairnessGroups, models: models, comparing: comparing)
        guard bytes > budget else { return }
        let what =
            comparing
            ? "per-group confusion tables and the paired comparison's joint cells (k³ per group)"
            : "per-group confusion tables (k² per group)"
        throw LoupeError.input(
            "\(path): \(NumberFormat.count(k)) classes need about \(NumberFormat.decimal(bytes / 1_073_741_824, digits: 1)) GB for the \(what) over \(groups == 1 ? "the whole data" : "\(NumberFormat.count(groups)) groups (the whole data and every slice)"), more than the \(NumberFormat.decimal(budget / 1_073_741_824, digits: 0)) GB Loupe allows; group rare classes into one, slice by fewer columns\(comparing ? ", or leave out --baseline" : "")"
        )
    }
}
