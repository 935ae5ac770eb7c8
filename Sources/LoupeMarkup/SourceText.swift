/// Positions in a text file for messages: line and column from a byte offset, and where a file
/// stops being UTF-8. Lines end at LF, CRLF or a lone CR; columns count characters (UTF-8 lead
/// bytes), as the data readers' locations do.
public enum SourceText {
    /// The 1-based line and column of the byte at `offset`.
    public static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            let byte = bytes[i]
            if byte == 0x0A || (byte == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var column = 1
        for j in lineStart..<end where bytes[j] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    /// `file:line:column` of the byte at `offset`.
    public static func location(_ file: String, offset: Int, in bytes: [UInt8]) -> String {
        let (line, column) = position(of: offset, in: bytes)
        return "\(file):\(line):\(column)"
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, or `nil` when all is.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, high) = (3, 0x9F)
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, high) = (4, 0x8F)
            default: return i
            }
            guard i + 1 < n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length where !(i + k < n && bytes[i + k] & 0xC0 == 0x80) { return i }
            i += length
        }
        return nil
    }
}
