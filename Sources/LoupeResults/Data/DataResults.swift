/// The data analysis of a build (results.json `data`): statistics of every column of the current
/// data set and, with `--reference`, of the reference, with the schema validated against.
///
/// Present when the build described its data (a data-only build, `--reference` or `--schema`);
/// `nil`, and left out of results.json, otherwise.
public struct DataResults: Codable, Sendable, Equatable {
    /// The data evaluated (`--data`).
    public let current: DatasetStatistics
    /// The data compared against (`--reference`); `nil` without one.
    public let reference: DatasetStatistics?
    /// The schema file validated against (`--schema`), as given; `nil` without one.
    public let schemaFile: String?
    /// The schema environment (`--environment`), e.g. `serving`; `nil` without one.
    public let environment: String?

    public init(
        current: DatasetStatistics, reference: DatasetStatistics? = nil, schemaFile: String? = nil,
        environment: String? = nil
    ) {
        self.current = current
        self.reference = reference
        self.schemaFile = schemaFile
        self.environment = environment
    }
}

/// One data set's statistics: its file, rows and every column in file order.
public struct DatasetStatistics: Codable, Sendable, Equatable {
    /// The file as given on the command line or in the config.
    public let file: String
    public let rowCount: Int
    public let columns: [DataColumnStatistics]

    public init(file: String, rowCount: Int, columns: [DataColumnStatistics]) {
        self.file = file
        self.rowCount = rowCount
        self.columns = columns
    }
}
