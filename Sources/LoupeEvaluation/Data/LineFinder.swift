import LoupeData

/// The lines of a few data rows, for anomaly examples: one walk of the file per row asked for (at
/// most five per anomaly, on the error path only), as `RecordLine` walks it, remembered.
struct LineFinder {
    let path: String
    let format: DataFormat?
    private var known: [Int: Int] = [:]

    init(path: String, format: DataFormat?) {
        self.path = path
        self.format = format
    }

    /// Row (0-based, header excluded) → 1-based line, for the rows that could be found.
    mutating func lines(ofRows rows: [Int]) -> [Int: Int] {
        for row in Set(rows) where known[row] == nil {
            if let line = RecordLine.line(ofRow: row, path: path, format: format) { known[row] = line }
        }
        var found: [Int: Int] = [:]
        for row in rows { found[row] = known[row] }
        return found
    }
}
