import LoupeCharts
import LoupeMarkup
import LoupeResults

/// How a metric is named, ordered and explained on the pages: the registry's facts
/// (`MetricRegistry`), and for keys it does not know (later tasks, newer producers) a name made
/// from the key, no direction, and a place after the known ones.
struct MetricInfo: Sendable {
    var key: String
    var name: String
    var direction: MetricDirection
    /// Shown as a count with thousands separators rather than as a decimal.
    var isCount: Bool
    /// Why the value can be undefined, for the "undefined" tooltip.
    var undefinedReason: String
}

enum MetricCatalog {
    private static let generalReason = "Not defined for these rows (for example a slice with only one class)."

    static func info(_ key: String) -> MetricInfo {
        if let definition = MetricRegistry.definition(key) {
            return MetricInfo(
                key: key, name: definition.label, direction: definition.direction, isCount: definition.format == .count,
                undefinedReason: definition.undefinedReason)
        }
        var name = key.replacingUnderscores()
        if let first = name.first { name = first.uppercased() + name.dropFirst() }
        return MetricInfo(key: key, name: name, direction: .neutral, isCount: false, undefinedReason: generalReason)
    }

    static func name(_ key: String) -> String { info(key).name }

    /// Known metrics in registry order, then the rest sorted by key.
    static func ordered<C: Collection>(_ keys: C) -> [String] where C.Element == String {
        let present = Set(keys)
        let known = MetricRegistry.all.map(\.name)
        return known.filter(present.contains) + present.subtracting(known).sorted()
    }

    /// A readable name for an interval method as results.json spells it.
    static func methodName(_ method: String, replicates: Int) -> String {
        switch method {
        case "wilson": return "Wilson score"
        case "delong": return "DeLong"
        case "normal": return "normal approximation"
        case "bootstrap": return "bootstrap, \(NumberFormat.count(replicates)) replicates"
        case "order_statistic": return "order statistics (distribution-free)"
        default: return method
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
