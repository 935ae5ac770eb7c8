/// Turns byte offsets into line and column, lazily: rows carry no line numbers, so an error
/// costs one scan from the start of the file and a clean read costs nothing.
///
/// Sendable because it only reads the mapped file's bytes, which nothing writes after mapping.
struct TextPositions: @unchecked Sendable {
    let file: String
    let base: UnsafePointer<UInt8>
    let count: Int

    /// Lines end at LF, CRLF or a lone CR; the column counts UTF-8 characters (not bytes), and the
    /// byte-order mark is not a character.
    func location(of offset: Int, text: String? = nil) -> DataLocation {
        let end = min(max(offset, 0), count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            let byte = base[i]
            if byte == 0x0A {
                line += 1
                lineStart = i + 1
            } else if byte == 0x0D {
                if i + 1 < count && base[i + 1] == 0x0A {
                    if i + 1 < end { i += 1 } else { break }
                }
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var start = lineStart
        if start == 0 && count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF {
            start = min(3, end)
        }
        var column = 1
        var j = start
        while j < end {
            if base[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return DataLocation(file: file, line: line, column: column, text: text)
    }
}
