import Foundation

/// The RFC 4180 tokenizer for CSV and TSV, over a byte buffer.
///
/// A field that starts with `"` is quoted: it ends at a `"` not followed by another (`""` is a
/// literal quote) and may hold delimiters and CR/LF; after its closing quote only a delimiter or a
/// line end may follow. A `"` anywhere else is an ordinary character (`5"`). Records end at LF,
/// CRLF or a lone CR, or at the end of the buffer; blank lines are skipped wherever they are.
struct DelimitedParser {
    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// Fields every record must have; 0 accepts any number (the header).
    let expectedFields: Int

    private static let quote = UInt8(ascii: "\"")
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Parses the records that start before `limit`, beginning at `start` (which must be the start
    /// of a record for the result to mean anything). The last record may run past `limit`. A
    /// quoted field still open at `overrunLimit` (< `end`) abandons the parse: a speculative
    /// chunk that began inside a quoted field must not scan the rest of the file.
    func parse<V: FieldVisitor>(
        from start: Int, limit: Int, maxRecords: Int = .max,
        overrunLimit: Int, visitor: inout V,
        scratch: inout [UInt8]
    ) -> ParseOutcome {
        let quote = DelimitedParser.quote, lf = DelimitedParser.lf, cr = DelimitedParser.cr
        let delimiter = self.delimiter
        let end = self.end
        let base = self.base
        // Every byte above this is ordinary, which lets the field scan test one comparison per byte.
        let ordinaryAbove = max(delimiter, quote)
        let lowBytes = DelimitedParser.lowBits &* UInt64(ordinaryAbove &+ 1)
        let searchEnd = min(max(overrunLimit, 0), end)
        var p = start
        var records = 0
        while p < limit && p < end && records < maxRecords {
            let first = base[p]
            if first == lf { p &+= 1; continue }
            if first == cr {
                p &+= 1
                if p < end && base[p] == lf { p &+= 1 }
                continue
            }
            let recordStart = p
            var field = 0
            while true {
                if p < end && base[p] == quote {
                    let open = p
                    var q = p &+ 1
                    var escaped = false
                    var close = -1
                    while q < searchEnd {
                        guard let found = memchr(base + q, Int32(quote), searchEnd &- q) else { break }
                        let k = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                        if k &+ 1 < end && base[k &+ 1] == quote {
                            escaped = true
                            q = k &+ 2
                            continue
                        }
                        close = k
                        break
                    }
                    if close < 0 {
                        if searchEnd < end {
                            return ParseOutcome(end: p, records: records, failure: nil, abandoned: true)
                        }
                        return ParseOutcome(
                            end: p, records: records,
                            failure: .unterminatedQuote(offset: open), abandoned: false)
                    }
                    let contentStart = open &+ 1
                    let length = close &- contentStart
                    if escaped {
                        let unescaped = DelimitedParser.unescape(base + contentStart, length, into: &scratch)
                        scratch.withUnsafeBufferPointer { buffer in
                            visitor.field(field, buffer.baseAddress ?? base, unescaped, offset: open)
                        }
                    } else {
                        visitor.field(field, base + contentStart, length, offset: open)
                    }
                    p = close &+ 1
                    if p < end {
                        let next = base[p]
                        if next != delimiter && next != lf && next != cr {
                            return ParseOutcome(
                                end: p, records: records,
                                failure: .textAfterClosingQuote(offset: p), abandoned: false)
                        }
                    }
                } else {
                    let fieldStart = p
                    // Eight bytes at a time: the lowest byte below `ordinaryAbove + 1` is found
                    // exactly by the "has less than" bit trick, so a short field ends without a
                    // per-byte loop (and its branch mispredictions).
                    var ended = false
                    while p &+ 8 <= end {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                        let candidates = (word &- lowBytes) & ~word & DelimitedParser.highBits
                        if candidates == 0 { p &+= 8; continue }
                        p &+= candidates.trailingZeroBitCount &>> 3
                        let byte = base[p]
                        if byte == delimiter || byte == lf || byte == cr { ended = true; break }
                        p &+= 1
                    }
                    if !ended {
                        while p < end {
                            let byte = base[p]
                            if byte > ordinaryAbove { p &+= 1; continue }
                            if byte == delimiter || byte == lf || byte == cr { break }
                            p &+= 1
                        }
                    }
                    visitor.field(field, base + fieldStart, p &- fieldStart, offset: fieldStart)
                }
                field &+= 1
                if p >= end { break }
                let separator = base[p]
                p &+= 1
                if separator == delimiter { continue }
                if separator == cr && p < end && base[p] == lf { p &+= 1 }
                break
            }
            if expectedFields > 0 && field != expectedFields {
                return ParseOutcome(
                    end: p, records: records,
                    failure: .fieldCount(expected: expectedFields, found: field, offset: recordStart),
                    abandoned: false)
            }
            visitor.endRecord()
            records &+= 1
        }
        return ParseOutcome(end: max(p, start), records: records, failure: nil, abandoned: false)
    }

    /// Copies a quoted field's content with each `""` turned into `"`; returns the length.
    static func unescape(_ p: UnsafePointer<UInt8>, _ n: Int, into scratch: inout [UInt8]) -> Int {
        scratch.removeAll(keepingCapacity: true)
        var i = 0
        while i < n {
            let byte = p[i]
            scratch.append(byte)
            i &+= byte == quote && i + 1 < n && p[i + 1] == quote ? 2 : 1
        }
        return scratch.count
    }
}
