import LoupeMarkup

/// Turns template source into a node tree in two steps: a scan into text runs and tags (with
/// standalone-line trimming), then a pass that nests sections and checks that they close.
struct TemplateParser {
    let file: String
    let bytes: [UInt8]
    /// Byte offset where each line starts, for turning offsets into line and column.
    private let lineStarts: [Int]

    init(file: String, source: String) {
        self.file = file
        self.bytes = Array(source.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.lineStarts = starts
    }

    enum TagKind {
        case variable, section, inverted, close, partial, comment

        /// Tags that produce no output of their own may stand alone on a line.
        var canStandAlone: Bool { self != .variable }
    }

    enum Token {
        case text(Range<Int>)
        case tag(kind: TagKind, name: String, offset: Int)
    }

    func parse() throws -> [TemplateNode] {
        let tokens = try trimStandaloneLines(scan())
        return try nest(tokens)
    }

    // MARK: Scanning

    func scan() throws -> [Token] {
        var tokens: [Token] = []
        var position = 0
        while position < bytes.count {
            guard let open = find("{{", from: position) else {
                tokens.append(.text(position..<bytes.count))
                break
            }
            if open > position { tokens.append(.text(position..<open)) }
            if open + 2 < bytes.count, bytes[open + 2] == UInt8(ascii: "{") {
                throw error(at: open, "'{{{' is not supported: raw markup must come from an HTML value")
            }
            guard let close = find("}}", from: open + 2) else {
                throw error(at: open, "unclosed tag: '{{' without a matching '}}'")
            }
            let content = bytes[(open + 2)..<close]
            let sigil = content.first.map { Character(Unicode.Scalar($0)) }
            var kind = TagKind.variable
            switch sigil {
            case "!": kind = .comment
            case "#": kind = .section
            case "^": kind = .inverted
            case "/": kind = .close
            case ">": kind = .partial
            case "&": throw error(at: open, "'{{&' is not supported: raw markup must come from an HTML value")
            case "=": throw error(at: open, "changing delimiters ('{{=') is not supported")
            default: break
            }
            let body = kind == .variable ? content : content.dropFirst()
            let name = String(decoding: body, as: UTF8.self).trimmingSpaces()
            if kind != .comment { try validate(name, kind: kind, at: open) }
            tokens.append(.tag(kind: kind, name: name, offset: open))
            position = close + 2
        }
        return tokens
    }

    private func validate(_ name: String, kind: TagKind, at offset: Int) throws {
        let word: (Unicode.Scalar) -> Bool = { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
        let valid: Bool
        if kind == .partial {
            valid = !name.isEmpty && name.unicodeScalars.allSatisfy { word($0) || $0 == "." }
        } else if name == "." {
            valid = kind == .variable
        } else {
            valid =
                !name.isEmpty
                && name.split(separator: ".", omittingEmptySubsequences: false)
                    .allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(word) }
        }
        if !valid {
            throw error(at: offset, name.isEmpty ? "empty tag name" : "invalid name '\(name)'")
        }
    }

    private func find(_ pattern: StaticString, from start: Int) -> Int? {
        let first = pattern.utf8Start[0], second = pattern.utf8Start[1]
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first && bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    // MARK: Standalone lines

    /// Removes the whitespace and line break around a non-output tag that is alone on its line.
    /// Which tags stand alone is decided on the untrimmed tokens, then all trims are applied.
    func trimStandaloneLines(_ tokens: [Token]) -> [Token] {
        var lower: [Int: Int] = [:]  // token index → new start of its text range
        var upper: [Int: Int] = [:]  // token index → new end of its text range
        for (index, token) in tokens.enumerated() {
            guard case let .tag(kind, _, _) = token, kind.canStandAlone else { continue }
            // Before the tag: start of template, or a text run whose last line is blank.
            var lineStart: (index: Int, end: Int)? = nil
            if index == 0 {
                lineStart = nil
            } else if case let .text(range) = tokens[index - 1] {
                let newline = range.last(where: { bytes[$0] == UInt8(ascii: "\n") })
                guard newline != nil || index - 1 == 0 else { continue }
                let tailStart = newline.map { $0 + 1 } ?? range.lowerBound
                guard (tailStart..<range.upperBound).allSatisfy({ isBlank(bytes[$0]) }) else { continue }
                lineStart = (index - 1, tailStart)
            } else {
                continue
            }
            // After the tag: end of template, or a text run whose first line is blank.
            var lineEnd: (index: Int, start: Int)? = nil
            if index + 1 < tokens.count {
                guard case let .text(range) = tokens[index + 1] else { continue }
                var cursor = range.lowerBound
                while cursor < range.upperBound, isBlank(bytes[cursor]) { cursor += 1 }
                if cursor < range.upperBound, bytes[cursor] == UInt8(ascii: "\r") { cursor += 1 }
                if cursor < range.upperBound, bytes[cursor] == UInt8(ascii: "\n") {
                    lineEnd = (index + 1, cursor + 1)
                } else if cursor == range.upperBound, index + 2 == tokens.count {
                    lineEnd = (index + 1, cursor)
                } else {
                    continue
                }
            }
            if let lineStart { upper[lineStart.index] = lineStart.end }
            if let lineEnd { lower[lineEnd.index] = lineEnd.start }
        }
        return tokens.enumerated().compactMap { index, token in
            guard case let .text(range) = token else { return token }
            let start = lower[index] ?? range.lowerBound
            let end = max(start, upper[index] ?? range.upperBound)
            return start < end ? .text(start..<end) : nil
        }
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    // MARK: Nesting

    private struct OpenSection {
        var path: [String]
        var inverted: Bool
        var location: SourceLocation
        var children: [TemplateNode] = []
    }

    func nest(_ tokens: [Token]) throws -> [TemplateNode] {
        var root: [TemplateNode] = []
        var open: [OpenSection] = []
        func append(_ node: TemplateNode) {
            if open.isEmpty { root.append(node) } else { open[open.count - 1].children.append(node) }
        }
        for token in tokens {
            switch token {
            case let .text(range):
                append(.text(String(decoding: bytes[range], as: UTF8.self)))
            case let .tag(kind, name, offset):
                let location = self.location(of: offset)
                let path = name == "." ? ["."] : name.split(separator: ".").map(String.init)
                switch kind {
                case .comment: break
                case .variable: append(.variable(path: path, location: location))
                case .partial: append(.partial(name: name, location: location))
                case .section, .inverted:
                    open.append(OpenSection(path: path, inverted: kind == .inverted, location: location))
                case .close:
                    guard let section = open.popLast() else {
                        throw error(at: offset, "'{{/\(name)}}' closes no open section")
                    }
                    let opened = section.path.joined(separator: ".")
                    guard opened == name else {
                        throw error(
                            at: offset,
                            "'{{/\(name)}}' does not match section '\(opened)' opened at \(section.location.line):\(section.location.column)"
                        )
                    }
                    append(
                        .section(
                            path: section.path, inverted: section.inverted, children: section.children, location: section.location
                        ))
                }
            }
        }
        if let unclosed = open.last {
            throw SiteError.template(
                file: file, line: unclosed.location.line, column: unclosed.location.column,
                message: "section '\(unclosed.path.joined(separator: "."))' is never closed")
        }
        return root
    }

    // MARK: Locations

    func location(of offset: Int) -> SourceLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let column = bytes[lineStarts[low]..<offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return SourceLocation(line: low + 1, column: column)
    }

    private func error(at offset: Int, _ message: String) -> SiteError {
        let location = location(of: offset)
        return .template(file: file, line: location.line, column: location.column, message: message)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (no Foundation needed).
    func trimmingSpaces() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
