import LoupeCharts
import LoupeMarkup

/// A parsed template: parse once, render many times.
///
/// A strict subset of Mustache: `{{name}}` (escaped text, or an `HTML` value as it is),
/// `{{#section}}…{{/section}}` (a list iterates; a bool gates; an object is pushed as context),
/// `{{^section}}…{{/section}}` (renders when the value is `false` or an empty list),
/// `{{>partial}}`, dotted names `{{a.b}}`, `{{.}}` for the current item, and comments `{{! }}`.
/// Unlike Mustache, an unknown name is an error with its location, never an empty string, and
/// there is no `{{{raw}}}` or `{{&raw}}`: raw markup comes only from an `HTML` value.
///
/// A tag alone on its line (sections, closes, partials, comments) takes the line with it, so
/// templates can be indented freely without leaving blank lines in the output. A standalone
/// partial is inserted without the line's indentation.
public struct Template: Sendable {
    /// The file name used in error messages (`slices.html`).
    public let name: String
    let nodes: [TemplateNode]

    public init(name: String, source: String) throws {
        self.name = name
        self.nodes = try TemplateParser(file: name, source: source).parse()
    }

    /// Renders with `context` as the root of the context stack; `partials` resolves `{{>name}}`.
    public func render(_ context: TemplateValue, partials: [String: Template] = [:]) throws -> String {
        var output = ""
        var stack = [context]
        var renderer = TemplateRenderer(partials: partials, chain: [name])
        try renderer.render(nodes, file: name, stack: &stack, into: &output, depth: 0)
        return output
    }

    /// Every `{{>partial}}` this template names, with where it is named.
    var partialReferences: [(name: String, location: SourceLocation)] {
        var found: [(String, SourceLocation)] = []
        func walk(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case let .partial(name, location): found.append((name, location))
                case let .section(_, _, children, _): walk(children)
                case .text, .variable: break
                }
            }
        }
        walk(nodes)
        return found
    }
}

/// A 1-based line and column (in Unicode scalars) of a tag's `{{`.
struct SourceLocation: Sendable, Equatable {
    var line: Int
    var column: Int
}

indirect enum TemplateNode: Sendable {
    case text(String)
    /// `path` is the dotted name split at dots; `["."]` is the current item.
    case variable(path: [String], location: SourceLocation)
    case section(path: [String], inverted: Bool, children: [TemplateNode], location: SourceLocation)
    case partial(name: String, location: SourceLocation)
}

/// Walks the node tree against a stack of context values.
///
/// Expansion is bounded three ways, so partials that include each other (twice per level grows
/// as 2ⁿ) end in an error naming the chain instead of filling memory: nesting depth, the number
/// of partials inserted, and the size of the page.
struct TemplateRenderer {
    let partials: [String: Template]
    /// The template and the partials being inserted, outermost first.
    var chain: [String]
    var insertions = 0
    /// Deep enough for any real page; stops a partial that includes itself.
    static let maximumPartialDepth = 32
    /// Far more than any page inserts (one per table row at most), far fewer than a runaway.
    static let maximumInsertions = 1_000_000
    /// 256 MiB: more than any page Loupe draws (long values are cut), less than a runaway.
    static let maximumOutputBytes = 256 << 20

    mutating func render(
        _ nodes: [TemplateNode], file: String, stack: inout [TemplateValue], into output: inout String, depth: Int
    ) throws {
        for node in nodes {
            switch node {
            case let .text(text):
                output += text
                try checkSize(output, file)
            case let .variable(path, location):
                guard let value = Self.lookup(path, in: stack) else {
                    throw error(file, location, "unknown variable '\(path.joined(separator: "."))'")
                }
                switch value {
                case let .text(text):
                    // A long value is cut: in element content with its length in a tooltip, inside
                    // a tag (an attribute) with the marker alone.
                    if DisplayText.note(text) != nil && Self.isInsideTag(output) {
                        output += HTML.escape(DisplayText.shortened(text))
                    } else {
                        output += HTML(escaping: text).markup
                    }
                case let .html(html):
                    output += html.markup
                    try checkSize(output, file)
                default:
                    throw error(
                        file, location,
                        "'\(path.joined(separator: "."))' is \(value.kindName); {{…}} shows only text or HTML")
                }
            case let .section(path, inverted, children, location):
                let name = path.joined(separator: ".")
                guard let value = Self.lookup(path, in: stack) else {
                    throw error(file, location, "unknown section '\(name)'")
                }
                switch value {
                case let .bool(flag):
                    if flag != inverted {
                        try render(children, file: file, stack: &stack, into: &output, depth: depth)
                    }
                case let .list(items):
                    if inverted {
                        if items.isEmpty { try render(children, file: file, stack: &stack, into: &output, depth: depth) }
                    } else {
                        for item in items {
                            stack.append(item)
                            defer { stack.removeLast() }
                            try render(children, file: file, stack: &stack, into: &output, depth: depth)
                        }
                    }
                case .object:
                    if !inverted {
                        stack.append(value)
                        defer { stack.removeLast() }
                        try render(children, file: file, stack: &stack, into: &output, depth: depth)
                    }
                case .text, .html:
                    throw error(
                        file, location, "section '\(name)' is \(value.kindName); sections need a list, a bool or an object")
                }
            case let .partial(name, location):
                guard let partial = partials[name] else {
                    throw error(file, location, "unknown partial '\(name)'")
                }
                guard depth < Self.maximumPartialDepth else {
                    throw error(
                        file, location,
                        "partials nested more than \(Self.maximumPartialDepth) deep (does '\(name)' include itself? partials: \(chainText) → \(name))"
                    )
                }
                insertions += 1
                guard insertions <= Self.maximumInsertions else {
                    throw error(
                        file, location,
                        "more than \(Self.maximumInsertions) partials inserted: they include each other too often (partials: \(chainText) → \(name))"
                    )
                }
                chain.append(name)
                defer { chain.removeLast() }
                try render(partial.nodes, file: partial.name, stack: &stack, into: &output, depth: depth + 1)
            }
        }
    }

    /// Resolves the first component from the top of the stack down, then the rest strictly
    /// inside that value: `a.b` never falls back to a `b` further down the stack.
    static func lookup(_ path: [String], in stack: [TemplateValue]) -> TemplateValue? {
        if path.count == 1 && path[0] == "." { return stack.last }
        guard let first = path.first else { return nil }
        for frame in stack.reversed() {
            guard case let .object(fields) = frame, var value = fields[first] else { continue }
            for component in path.dropFirst() {
                guard case let .object(inner) = value, let next = inner[component] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    /// Whether the page so far ends inside a tag (after a `<` not yet closed by `>`).
    static func isInsideTag(_ output: String) -> Bool {
        for byte in output.utf8.reversed() {
            if byte == UInt8(ascii: ">") { return false }
            if byte == UInt8(ascii: "<") { return true }
        }
        return false
    }

    private func checkSize(_ output: String, _ file: String) throws {
        guard output.utf8.count > Self.maximumOutputBytes else { return }
        throw SiteError.template(
            file: file, line: 1, column: 1,
            message: "the page grows past \(Self.maximumOutputBytes >> 20) MiB (partials: \(chainText))")
    }

    /// The chain as `index.html → a → b`, its middle cut when it is long.
    private var chainText: String {
        let names = chain.count > 12 ? chain.prefix(6) + ["…"] + chain.suffix(5) : chain[...]
        return names.joined(separator: " → ")
    }

    private func error(_ file: String, _ location: SourceLocation, _ message: String) -> SiteError {
        .template(file: file, line: location.line, column: location.column, message: message)
    }
}
