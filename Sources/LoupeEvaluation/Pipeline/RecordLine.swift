import Foundation
import LoupeData

/// The physical line where a data row starts, for errors found after reading (a negative weight),
/// so every message about the data says `line N` as the readers' own errors do.
///
/// Used on the error path only: it reads the file again and walks its records as the readers do
/// (a quoted field may hold line breaks in CSV/TSV, whose first record is the header; blank lines
/// hold no record).
enum RecordLine {
    /// The 1-based line of data row `row` (0-based, header excluded), or nil if the file cannot be read.
    static func line(ofRow row: Int, path: String, format: DataFormat?) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let jsonLines = (format ?? DataFormat.infer(fromPath: path)) == .jsonLines
        var record = jsonLines ? 0 : -1  // the header is record -1
        var line = 1
        var inQuotes = false
        var recordIsEmpty = true
        var recordLine = 1
        for byte in data {
            if byte == UInt8(ascii: "\"") && !jsonLines { inQuotes.toggle() }
            if byte == UInt8(ascii: "\n") && !inQuotes {
                if !recordIsEmpty {
                    if record == row { return recordLine }
                    record += 1
                }
                line += 1
                recordIsEmpty = true
                recordLine = line
                continue
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            if recordIsEmpty, byte != UInt8(ascii: "\r"), byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") {
                recordIsEmpty = false
            }
        }
        return !recordIsEmpty && record == row ? recordLine : nil
    }
}
