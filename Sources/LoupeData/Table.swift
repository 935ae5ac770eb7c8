/// A data file read into columns: the header names in file order, and the projected columns.
public struct Table: Sendable {
    /// The path as the user gave it.
    public let path: String
    /// Every header name (or first-object key), in file order, projected or not.
    public let columnNames: [String]
    /// Data rows; the header is not counted.
    public let rowCount: Int
    private let columnsByName: [String: Column]

    public init(path: String, columnNames: [String], rowCount: Int, columns: [Column]) {
        self.path = path
        self.columnNames = columnNames
        self.rowCount = rowCount
        var byName: [String: Column] = [:]
        for column in columns { byName[column.name] = column }
        self.columnsByName = byName
    }

    /// A materialized column; `nil` for unknown names and for columns left out of the projection.
    public func column(_ name: String) -> Column? { columnsByName[name] }

    /// The materialized columns in file order.
    public var columns: [Column] {
        columnNames.compactMap { columnsByName[$0] }
    }
}
