import LoupeCharts

/// Checks a rendered site for what a browser or a screen reader would stumble on, without a
/// browser: element ids unique per page; every same-page reference (`url(#…)`, `href="#…"`,
/// `xlink:href`, `aria-labelledby`, `aria-describedby`) naming an id on the page; every link
/// to another page of the site (`href="page.html#anchor"`) naming a page that exists and an id
/// on it; and in every chart, tick labels that do not overlap each other and text that stays
/// inside the chart's box (widths estimated with the charts' own `TextMetrics`).
///
/// The tests run it over every page of the demo and fixture sites; it is here, beside the pages,
/// so that every test target can use the one implementation.
public enum SiteAudit {
    /// Both checks below.
    public static func problems(_ pages: [(path: String, contents: String)]) -> [String] {
        referenceProblems(pages) + chartTextProblems(pages)
    }

    /// Text in charts that overlaps or leaves the chart, one sentence per problem.
    public static func chartTextProblems(_ pages: [(path: String, contents: String)]) -> [String] {
        pages.filter { $0.path.hasSuffix(".html") }.flatMap { ChartText.problems($0.path, Tag.scan($0.contents)) }
    }

    /// Duplicate ids and references that do not resolve, one sentence per problem (`page: what`),
    /// in page order; empty when the site is sound.
    public static func referenceProblems(_ pages: [(path: String, contents: String)]) -> [String] {
        var ids: [String: Set<String>] = [:]
        var parsed: [(path: String, tags: [Tag])] = []
        for page in pages where page.path.hasSuffix(".html") {
            let tags = Tag.scan(page.contents)
            parsed.append((page.path, tags))
            ids[page.path] = Set(tags.compactMap { $0.attributes["id"] })
        }
        var out: [String] = []
        for (path, tags) in parsed {
            out += idProblems(path, tags)
            out += referenceProblems(path, tags, ids: ids)
        }
        return out
    }

    private static func idProblems(_ path: String, _ tags: [Tag]) -> [String] {
        var seen: [String: Int] = [:]
        for id in tags.compactMap({ $0.attributes["id"] }) { seen[id, default: 0] += 1 }
        return seen.filter { $0.value > 1 }.keys.sorted().map { "\(path): id \"\($0)\" is used \(seen[$0] ?? 0) times" }
    }

    private static func referenceProblems(_ path: String, _ tags: [Tag], ids: [String: Set<String>]) -> [String] {
        let own = ids[path] ?? []
        var out: [String] = []
        func local(_ id: String, _ what: String) {
            if !own.contains(id) { out.append("\(path): \(what) names \"#\(id)\", which is not on the page") }
        }
        for tag in tags {
            for (name, value) in tag.attributes.sorted(by: { $0.key < $1.key }) {
                switch name {
                case "aria-labelledby", "aria-describedby":
                    for id in value.split(separator: " ") { local(String(id), name) }
                case "href", "xlink:href":
                    if value.hasPrefix("#") {
                        if value.count > 1 { local(String(value.dropFirst()), name) }
                    } else if !value.contains(":"), !value.hasPrefix("//") {
                        let parts = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                        let target = resolve(String(parts[0]), from: path)
                        guard target.hasSuffix(".html") else { continue }
                        guard let targetIDs = ids[target] else {
                            out.append("\(path): link to \(value), a page the site does not have")
                            continue
                        }
                        if parts.count == 2, !parts[1].isEmpty, !targetIDs.contains(String(parts[1])) {
                            out.append("\(path): link to \(value), but \(target) has no id \"\(parts[1])\"")
                        }
                    }
                default:
                    var rest = Substring(value)
                    while let start = rest.range(of: "url(#") {
                        let after = rest[start.upperBound...]
                        guard let close = after.firstIndex(of: ")") else { break }
                        local(String(after[..<close]), name)
                        rest = after[close...]
                    }
                }
            }
        }
        return out
    }

    /// `href` relative to the folder of `page`, both relative to the site's root.
    static func resolve(_ href: String, from page: String) -> String {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for piece in href.split(separator: "/") {
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if piece != "." {
                parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }
}

/// A start tag with its attributes (entities in values decoded), and for `text`, `tspan` and
/// `svg` elements the position in the page; `text` is the text up to the next tag.
struct Tag {
    var name: String
    var attributes: [String: String]
    var closing: Bool
    var selfClosing: Bool
    var text: String

    /// Every tag of `html` in order, comments and the insides of `script`/`style` skipped.
    static func scan(_ html: String) -> [Tag] {
        var tags: [Tag] = []
        let chars = Array(html.unicodeScalars)
        var i = 0
        var rawUntil: String? = nil
        while i < chars.count {
            guard chars[i] == "<" else { i += 1; continue }
            if let raw = rawUntil {
                // Inside script or style: only the matching end tag counts.
                let end = "</" + raw
                if String(String.UnicodeScalarView(chars[i..<Swift.min(chars.count, i + end.unicodeScalars.count)])).lowercased()
                    != end
                {
                    i += 1
                    continue
                }
                rawUntil = nil
            }
            if i + 3 < chars.count, chars[i + 1] == "!", chars[i + 2] == "-", chars[i + 3] == "-" {
                var j = i + 4
                while j + 2 < chars.count, !(chars[j] == "-" && chars[j + 1] == "-" && chars[j + 2] == ">") { j += 1 }
                i = j + 3
                continue
            }
            var j = i + 1
            var quote: Unicode.Scalar? = nil
            while j < chars.count {
                if let q = quote {
                    if chars[j] == q { quote = nil }
                } else if chars[j] == "\"" || chars[j] == "'" {
                    quote = chars[j]
                } else if chars[j] == ">" {
                    break
                }
                j += 1
            }
            let inside = String(String.UnicodeScalarView(chars[(i + 1)..<Swift.min(j, chars.count)]))
            var k = j + 1
            while k < chars.count, chars[k] != "<" { k += 1 }
            let text = String(String.UnicodeScalarView(chars[Swift.min(j + 1, chars.count)..<k]))
            if var tag = Tag(inside) {
                tag.text = decode(text)
                if !tag.closing, tag.name == "script" || tag.name == "style" { rawUntil = tag.name }
                tags.append(tag)
            }
            i = j + 1
        }
        return tags
    }

    init?(_ inside: String) {
        var body = Substring(inside)
        closing = body.hasPrefix("/")
        if closing { body = body.dropFirst() }
        selfClosing = body.hasSuffix("/")
        if selfClosing { body = body.dropLast() }
        guard let first = body.first, first.isLetter else { return nil }
        let nameEnd = body.firstIndex { $0 == " " || $0 == "\n" || $0 == "\t" } ?? body.endIndex
        name = body[..<nameEnd].lowercased()
        attributes = [:]
        text = ""
        var rest = body[nameEnd...]
        while true {
            rest = rest.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
            guard !rest.isEmpty else { break }
            let keyEnd = rest.firstIndex { $0 == "=" || $0 == " " || $0 == "\n" } ?? rest.endIndex
            let key = rest[..<keyEnd].lowercased()
            rest = rest[keyEnd...]
            if rest.first == "=" {
                rest = rest.dropFirst()
                if let q = rest.first, q == "\"" || q == "'" {
                    rest = rest.dropFirst()
                    let end = rest.firstIndex(of: q) ?? rest.endIndex
                    attributes[key] = Tag.decode(String(rest[..<end]))
                    rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
                } else {
                    let end = rest.firstIndex { $0 == " " || $0 == "\n" } ?? rest.endIndex
                    attributes[key] = Tag.decode(String(rest[..<end]))
                    rest = rest[end...]
                }
            } else {
                attributes[key] = ""
            }
        }
    }

    /// The entities `HTML.escape` writes, decoded.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"")
            .replacingAll("&#39;", "'").replacingAll("&#x27;", "'").replacingAll("&amp;", "&")
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Text inside the charts: tick labels of one axis must not overlap, and tick labels, category
/// labels and titles must lie inside the chart's view box.
enum ChartText {
    struct Box {
        var x0: Double, x1: Double, y0: Double, y1: Double
        var label: String
    }

    static func problems(_ path: String, _ tags: [Tag]) -> [String] {
        var out: [String] = []
        var chart: (id: String, width: Double)? = nil
        var axisStack: [String?] = []
        var boxes: [String: [Box]] = [:]
        var parent: Tag? = nil
        func finishChart() {
            guard let chart else { return }
            for (axis, list) in boxes.sorted(by: { $0.key < $1.key }) {
                for a in list.indices {
                    for b in list.indices where b > a {
                        let (p, q) = (list[a], list[b])
                        let apart = p.x1 + 2 <= q.x0 || q.x1 + 2 <= p.x0 || p.y1 <= q.y0 || q.y1 <= p.y0
                        if !apart {
                            out.append("\(path): chart \(chart.id): \(axis) labels \"\(p.label)\" and \"\(q.label)\" overlap")
                        }
                    }
                }
            }
            boxes = [:]
        }
        for tag in tags {
            if tag.name == "svg", !tag.closing, (tag.attributes["class"] ?? "").split(separator: " ").contains("chart") {
                let viewBox = (tag.attributes["viewbox"] ?? "").split(separator: " ").compactMap { Double($0) }
                chart = (
                    tag.attributes["aria-labelledby"]?.split(separator: " ").first.map(String.init) ?? "?",
                    viewBox.count == 4 ? viewBox[2] : .infinity
                )
                axisStack = []
                continue
            }
            guard let current = chart else { continue }
            if tag.name == "svg", tag.closing {
                finishChart()
                chart = nil
                continue
            }
            if tag.name == "g" {
                if tag.closing {
                    _ = axisStack.popLast()
                } else if !tag.selfClosing {
                    let classes = (tag.attributes["class"] ?? "").split(separator: " ")
                    axisStack.append(classes.first { $0.hasPrefix("axis-") }.map(String.init))
                }
                continue
            }
            if tag.name == "text", tag.closing { parent = nil }
            guard tag.name == "text" || tag.name == "tspan", !tag.closing else { continue }
            if tag.name == "text" { parent = tag }
            // A tspan inherits what it does not set from its text element.
            func attribute(_ name: String) -> String? { tag.attributes[name] ?? parent?.attributes[name] }
            let classes = (attribute("class") ?? "").split(separator: " ")
            let inTitle = classes.contains("chart-title")
            let label = tag.text
            guard !label.isEmpty, let x = attribute("x").flatMap(Double.init) else { continue }
            let size = attribute("font-size").flatMap(Double.init) ?? 13
            let width = TextMetrics.width(label, size: size)
            let anchor = attribute("text-anchor") ?? "start"
            let x0 = anchor == "end" ? x - width : (anchor == "middle" ? x - width / 2 : x)
            let isTick = classes.contains("tick")
            let checked = isTick || inTitle || classes.contains("category") || classes.contains("axis-title")
            if checked, attribute("transform") == nil, x0 < -0.5 || x0 + width > current.width + 0.5 {
                out.append("\(path): chart \(current.id): \"\(label)\" runs outside the chart")
            }
            if isTick, attribute("transform") == nil, let y = attribute("y").flatMap(Double.init),
                let axis = axisStack.last(where: { $0 != nil }) ?? nil
            {
                boxes[axis, default: []].append(Box(x0: x0, x1: x0 + width, y0: y - size * 0.8, y1: y + size * 0.2, label: label))
            }
        }
        return out
    }
}
