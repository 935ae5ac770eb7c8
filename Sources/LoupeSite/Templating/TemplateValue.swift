import LoupeCharts
import LoupeMarkup

/// What a template can show: the data a page hands to its template.
///
/// Numbers are formatted by the page code (locale-free, see `NumberFormat`) and arrive as text.
/// `text` is always escaped when inserted; `html` is inserted as it is, and only Loupe's own
/// code can make one (`HTML(escaping:)` or fixed markup), so data never reaches a page raw.
public enum TemplateValue: Sendable, Equatable {
    case text(String)
    case html(HTML)
    /// Gates a section (`{{#flag}}`) or its inverse (`{{^flag}}`).
    case bool(Bool)
    /// A section renders once per item, with the item pushed on the context stack.
    case list([TemplateValue])
    /// Named values; a section over an object renders once with the object pushed.
    case object([String: TemplateValue])

    /// An optional object as a section: rendered once when present, skipped when `nil`.
    public static func optional(_ value: TemplateValue?) -> TemplateValue {
        value.map { .list([$0]) } ?? .list([])
    }

    /// What the value is, for error messages.
    var kindName: String {
        switch self {
        case .text: return "text"
        case .html: return "HTML"
        case .bool: return "a bool"
        case .list: return "a list"
        case .object: return "an object"
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// Later duplicates win, as in a dictionary assignment.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        var object: [String: TemplateValue] = [:]
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
