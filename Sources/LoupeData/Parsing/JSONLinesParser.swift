import Foundation

/// JSON Lines: one flat object per line, over a byte buffer.
///
/// Values may be strings (all JSON escapes, `\u` surrogate pairs; a lone surrogate becomes U+FFFD),
/// numbers, `true`, `false` and `null`; arrays and objects are rejected. Blank lines are skipped.
struct JSONLinesParser {
    let base: UnsafePointer<UInt8>
    let end: Int

    /// Parses the lines that start in `start..<limit` (or `maxRecords` objects). Returns the
    /// position after the last line, the object count, and the first failure.
    func parse<H: JSONMemberHandler>(
        from start: Int, limit: Int, maxRecords: Int = .max,
        handler: inout H, keyScratch: inout [UInt8],
        valueScratch: inout [UInt8]
    ) -> (end: Int, records: Int, failure: ParseFailure?) {
        var p = start
        var records = 0
        while p < limit && p < end && records < maxRecords {
            var lineEnd = end
            if let found = memchr(base + p, 0x0A, end - p) {
                lineEnd = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            }
            let next = min(lineEnd + 1, end)
            var cursor = skipSpace(p, lineEnd)
            if cursor == lineEnd { p = next; continue }
            if let failure = parseObject(
                &cursor, lineEnd, handler: &handler,
                keyScratch: &keyScratch, valueScratch: &valueScratch)
            {
                return (p, records, failure)
            }
            cursor = skipSpace(cursor, lineEnd)
            if cursor != lineEnd {
                return (p, records, .invalidJSON(reason: "unexpected text after the object", offset: cursor))
            }
            records += 1
            p = next
        }
        return (max(p, start), records, nil)
    }

    @inline(__always)
    private func skipSpace(_ from: Int, _ lineEnd: Int) -> Int {
        var i = from
        while i < lineEnd {
            let byte = base[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D { i += 1 } else { break }
        }
        return i
    }

    private func parseObject<H: JSONMemberHandler>(
        _ p: inout Int, _ lineEnd: Int, handler: inout H,
        keyScratch: inout [UInt8],
        valueScratch: inout [UInt8]
    ) -> ParseFailure? {
        guard base[p] == UInt8(ascii: "{") else {
            return .invalidJSON(reason: "expected an object", offset: p)
        }
        p = skipSpace(p + 1, lineEnd)
        if p < lineEnd && base[p] == UInt8(ascii: "}") {
            p += 1
            handler.endObject()
            return nil
        }
        while true {
            guard p < lineEnd, base[p] == UInt8(ascii: "\"") else {
                return .invalidJSON(reason: "expected a key in double quotes", offset: min(p, lineEnd))
            }
            let keyOffset = p
            let key: (start: Int, length: Int, escaped: Bool)
            switch scanString(&p, lineEnd, scratch: &keyScratch) {
            case .success(let scanned): key = scanned
            case .failure(let failure): return failure
            }
            p = skipSpace(p, lineEnd)
            guard p < lineEnd, base[p] == UInt8(ascii: ":") else {
                return .invalidJSON(reason: "expected ':'", offset: min(p, lineEnd))
            }
            p = skipSpace(p + 1, lineEnd)
            guard p < lineEnd else { return .invalidJSON(reason: "expected a value", offset: lineEnd) }
            let valueOffset = p
            let failure: ParseFailure?
            let byte = base[p]
            switch byte {
            case UInt8(ascii: "\""):
                switch scanString(&p, lineEnd, scratch: &valueScratch) {
                case .failure(let stringFailure):
                    return stringFailure
                case .success(let value):
                    failure = withKey(key, keyScratch) { keyPointer, keyLength in
                        withBytes(value, valueScratch) { valuePointer, valueLength in
                            handler.member(
                                keyPointer, keyLength, keyOffset: keyOffset,
                                value: .text(valuePointer, valueLength), valueOffset: valueOffset)
                        }
                    }
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let numberStart = p
                guard scanNumber(&p, lineEnd) else {
                    return .invalidJSON(reason: "malformed number", offset: numberStart)
                }
                failure = withKey(key, keyScratch) { keyPointer, keyLength in
                    handler.member(
                        keyPointer, keyLength, keyOffset: keyOffset,
                        value: .number(base + numberStart, p - numberStart), valueOffset: valueOffset)
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let value: JSONScalar
                if matches("true", at: p, lineEnd) {
                    value = .bool(true); p += 4
                } else if matches("false", at: p, lineEnd) {
                    value = .bool(false); p += 5
                } else if matches("null", at: p, lineEnd) {
                    value = .null; p += 4
                } else {
                    return .invalidJSON(reason: "unexpected character", offset: p)
                }
                failure = withKey(key, keyScratch) { keyPointer, keyLength in
                    handler.member(keyPointer, keyLength, keyOffset: keyOffset, value: value, valueOffset: valueOffset)
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                return .nestedValue(offset: p)
            default:
                return .invalidJSON(reason: "unexpected character", offset: p)
            }
            if let failure { return failure }
            p = skipSpace(p, lineEnd)
            guard p < lineEnd else { return .invalidJSON(reason: "unterminated object", offset: lineEnd) }
            if base[p] == UInt8(ascii: ",") {
                p = skipSpace(p + 1, lineEnd)
                continue
            }
            if base[p] == UInt8(ascii: "}") {
                p += 1
                handler.endObject()
                return nil
            }
            return .invalidJSON(reason: "expected ',' or '}'", offset: p)
        }
    }

    private func withKey<R>(
        _ key: (start: Int, length: Int, escaped: Bool), _ scratch: [UInt8],
        _ body: (UnsafePointer<UInt8>, Int) -> R
    ) -> R {
        withBytes(key, scratch, body)
    }

    private func withBytes<R>(
        _ value: (start: Int, length: Int, escaped: Bool), _ scratch: [UInt8],
        _ body: (UnsafePointer<UInt8>, Int) -> R
    ) -> R {
        if !value.escaped { return body(base + value.start, value.length) }
        return scratch.withUnsafeBufferPointer { buffer in
            body(buffer.baseAddress ?? base, buffer.count)
        }
    }

    private func matches(_ word: StaticString, at p: Int, _ lineEnd: Int) -> Bool {
        let n = word.utf8CodeUnitCount
        guard p + n <= lineEnd else { return false }
        return memcmp(base + p, word.utf8Start, n) == 0
    }

    /// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private func scanNumber(_ p: inout Int, _ lineEnd: Int) -> Bool {
        func digits(_ p: inout Int) -> Int {
            let start = p
            while p < lineEnd && base[p] &- 0x30 < 10 { p += 1 }
            return p - start
        }
        if base[p] == UInt8(ascii: "-") { p += 1 }
        guard p < lineEnd else { return false }
        if base[p] == UInt8(ascii: "0") { p += 1 } else if digits(&p) == 0 { return false }
        if p < lineEnd && base[p] == UInt8(ascii: ".") {
            p += 1
            if digits(&p) == 0 { return false }
        }
        if p < lineEnd && (base[p] | 0x20) == UInt8(ascii: "e") {
            p += 1
            if p < lineEnd && (base[p] == UInt8(ascii: "+") || base[p] == UInt8(ascii: "-")) { p += 1 }
            if digits(&p) == 0 { return false }
        }
        return true
    }

    /// Scans a string starting at its opening quote; leaves `p` after the closing quote. Strings
    /// without escapes are returned as a range of the buffer, others decoded into `scratch`.
    private func scanString(
        _ p: inout Int, _ lineEnd: Int,
        scratch: inout [UInt8]
    ) -> Result<(start: Int, length: Int, escaped: Bool), ParseFailure> {
        let open = p
        var i = p + 1
        let contentStart = i
        while i < lineEnd {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") {
                p = i + 1
                return .success((contentStart, i - contentStart, false))
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return .failure(.invalidJSON(reason: "control character in a string", offset: i)) }
            i += 1
        }
        if i >= lineEnd { return .failure(.invalidJSON(reason: "unterminated string", offset: open)) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + contentStart, count: i - contentStart))
        while i < lineEnd {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") {
                p = i + 1
                return .success((0, scratch.count, true))
            }
            if byte < 0x20 { return .failure(.invalidJSON(reason: "control character in a string", offset: i)) }
            if byte != UInt8(ascii: "\\") {
                scratch.append(byte)
                i += 1
                continue
            }
            guard i + 1 < lineEnd else { break }
            let escape = base[i + 1]
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(i + 2, lineEnd) else {
                    return .failure(.invalidJSON(reason: "invalid \\u escape", offset: i))
                }
                var scalar = unit
                var consumed = 6
                if (0xD800...0xDBFF).contains(unit) {
                    if i + 7 < lineEnd, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u"),
                        let low = hex4(i + 8, lineEnd), (0xDC00...0xDFFF).contains(low)
                    {
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        consumed = 12
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar, to: &scratch)
                i += consumed
                continue
            default:
                return .failure(.invalidJSON(reason: "invalid escape", offset: i))
            }
            i += 2
        }
        return .failure(.invalidJSON(reason: "unterminated string", offset: open))
    }

    private func hex4(_ at: Int, _ lineEnd: Int) -> UInt32? {
        guard at + 4 <= lineEnd else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            let byte = base[at + k]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18 & 0x07))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
