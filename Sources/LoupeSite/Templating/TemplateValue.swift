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
    case object(TemplateFields)

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
        self = .object(TemplateFields(elements))
    }
}

/// An object's named values, as two arrays searched from the end: a context holds a few dozen
/// names at most, and building a dictionary hashes every name, as does every lookup — a page
/// of a thousand table rows builds and searches thousands of these. Of a repeated name the last
/// value counts, as in a dictionary assignment.
public struct TemplateFields: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var names: [String] = []
    private var values: [TemplateValue] = []

    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(elements) }

    init(_ elements: [(String, TemplateValue)]) {
        names.reserveCapacity(elements.count)
        values.reserveCapacity(elements.count)
        for (name, value) in elements {
            names.append(name)
            values.append(value)
        }
    }

    public subscript(name: String) -> TemplateValue? {
        get { names.lastIndex(of: name).map { values[$0] } }
        set {
            if let index = names.lastIndex(of: name) {
                if let newValue {
                    values[index] = newValue
                } else {
                    for i in names.indices.reversed() where names[i] == name {
                        names.remove(at: i)
                        values.remove(at: i)
                    }
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty }

    /// The fields as a dictionary (the last value of a repeated name).
    public var dictionary: [String: TemplateValue] {
        var dictionary: [String: TemplateValue] = [:]
        for (name, value) in zip(names, values) { dictionary[name] = value }
        return dictionary
    }

    /// The same names with the same values, in any order.
    public static func == (a: TemplateFields, b: TemplateFields) -> Bool { a.dictionary == b.dictionary }
}
