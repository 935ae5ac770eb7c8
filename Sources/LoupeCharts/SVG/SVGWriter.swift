import LoupeMarkup

/// An attribute value. Text is escaped when written; numbers are written as coordinates
/// (see `SVGWriter.coordinate(_:)`), and a non-finite number drops the attribute.
enum SVGValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case text(String)
    case number(Double)

    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(floatLiteral value: Double) { self = .number(value) }
}

/// Builds SVG markup element by element.
///
/// Tag and attribute names are `StaticString`s, so only literals written in this module can
/// become names; every attribute value and text node goes through `HTML.escape`, so chart code
/// cannot forget to escape a data string. Numbers are written with at most two decimals, no
/// exponent and no `-0`, so the same chart always gives the same bytes.
struct SVGWriter {
    private(set) var markup = ""
    private var openTags: [StaticString] = []

    /// Opens `<tag …>`; close it with `end()`.
    mutating func start(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, SVGValue> = [:]) {
        writeTag(tag, attributes)
        markup += ">"
        openTags.append(tag)
    }

    /// Closes the innermost open element.
    mutating func end() {
        guard let tag = openTags.popLast() else { return }
        markup += "</\(tag)>"
    }

    /// A childless element: `<tag …/>`.
    mutating func empty(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, SVGValue> = [:]) {
        writeTag(tag, attributes)
        markup += "/>"
    }

    /// An element holding escaped text: `<tag …>text</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, SVGValue> = [:], text: String) {
        writeTag(tag, attributes)
        markup += ">" + HTML.escape(DisplayText.shortened(text)) + "</\(tag)>"
    }

    /// A `<title>` child: the browser's tooltip for the enclosing element.
    mutating func tooltip(_ text: String) {
        element("title", text: text)
    }

    /// Appends everything another writer produced (its open elements are closed first).
    mutating func append(_ other: SVGWriter) {
        markup += other.finished
    }

    /// The markup with every still-open element closed.
    var finished: String {
        var copy = self
        while !copy.openTags.isEmpty { copy.end() }
        return copy.markup
    }

    var html: HTML { HTML(trusted: finished) }

    private mutating func writeTag(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, SVGValue>) {
        markup += "<\(tag)"
        for (name, value) in attributes {
            switch value {
            case .text(let text):
                markup += " \(name)=\"" + HTML.escape(text) + "\""
            case .number(let number):
                guard number.isFinite else { continue }
                markup += " \(name)=\"" + SVGWriter.coordinate(number) + "\""
            }
        }
    }

    /// A coordinate with at most two decimals and no trailing zeros: `12.5`, `0`, `-3.25`.
    /// Never `-0`, never an exponent; values are clamped to ±10,000,000 and non-finite values
    /// read `0` (callers skip non-finite points before they get here).
    static func coordinate(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let hundredths = Int((Swift.min(Swift.max(x, -1e7), 1e7) * 100).rounded(.toNearestOrEven))
        if hundredths == 0 { return "0" }
        let magnitude = hundredths.magnitude
        var text = hundredths < 0 ? "-" : ""
        text += String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
        }
        return text
    }

}

/// Path data (`d`) for lines and polygons. Non-finite points are skipped and break the line.
struct SVGPath {
    private(set) var data = ""
    private var penDown = false

    var isEmpty: Bool { data.isEmpty }

    mutating func move(_ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { penDown = false; return }
        command("M", x, y)
        penDown = true
    }

    /// A line to (x, y), or a move if the line was broken.
    mutating func line(_ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { penDown = false; return }
        command(penDown ? "L" : "M", x, y)
        penDown = true
    }

    /// Lifts the pen: the next `line` starts a new piece.
    mutating func lift() { penDown = false }

    mutating func close() {
        guard penDown else { return }
        data += "Z"
        penDown = false
    }

    private mutating func command(_ letter: String, _ x: Double, _ y: Double) {
        data += letter + SVGWriter.coordinate(x) + " " + SVGWriter.coordinate(y)
    }
}
