/// Where the numbers came from: enough to reproduce the run and to trust its inputs.
public struct Provenance: Codable, Sendable, Equatable {
    /// The data file as named on the command line or in the config.
    public let dataFile: String
    public let dataSHA256: String
    public let dataBytes: Int
    /// Data rows in the file (header excluded).
    public let rowsRead: Int
    /// Rows left out of the evaluation, by reason (e.g. `missing label`, `missing score (candidate)`).
    public let rowsExcluded: [String: Int]
    public let toolVersion: String
    /// The effective configuration as `loupe build` arguments (`["--data", "eval.csv", ...]`).
    public let configuration: [String]

    public init(
        dataFile: String, dataSHA256: String, dataBytes: Int, rowsRead: Int,
        rowsExcluded: [String: Int], toolVersion: String, configuration: [String]
    ) {
        self.dataFile = dataFile
        self.dataSHA256 = dataSHA256
        self.dataBytes = dataBytes
        self.rowsRead = rowsRead
        self.rowsExcluded = rowsExcluded
        self.toolVersion = toolVersion
        self.configuration = configuration
    }

    /// What a results file without `provenance` gets: nothing known (empty texts, zero counts).
    public static let unknown = Provenance(
        dataFile: "", dataSHA256: "", dataBytes: 0, rowsRead: 0, rowsExcluded: [:], toolVersion: "", configuration: [])

    private enum CodingKeys: String, CodingKey {
        case dataFile, dataSHA256, dataBytes, rowsRead, rowsExcluded, toolVersion, configuration
    }

    /// Every field may be missing in a file another tool wrote; missing ones read as in `unknown`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dataFile = try c.decodeIfPresent(String.self, forKey: .dataFile) ?? ""
        dataSHA256 = try c.decodeIfPresent(String.self, forKey: .dataSHA256) ?? ""
        dataBytes = try c.decodeIfPresent(Int.self, forKey: .dataBytes) ?? 0
        rowsRead = try c.decodeIfPresent(Int.self, forKey: .rowsRead) ?? 0
        rowsExcluded = try c.decodeIfPresent([String: Int].self, forKey: .rowsExcluded) ?? [:]
        toolVersion = try c.decodeIfPresent(String.self, forKey: .toolVersion) ?? ""
        configuration = try c.decodeIfPresent([String].self, forKey: .configuration) ?? []
    }
}

/// How every interval was made: the confidence level, the bootstrap settings, and the method per
/// metric (`wilson`, `delong`, `normal`, `bootstrap`).
public struct IntervalSettings: Codable, Sendable, Equatable {
    public let confidence: Double
    public let bootstrapReplicates: Int
    public let seed: UInt64
    public let methods: [String: String]

    public init(confidence: Double, bootstrapReplicates: Int, seed: UInt64, methods: [String: String]) {
        self.confidence = confidence
        self.bootstrapReplicates = bootstrapReplicates
        self.seed = seed
        self.methods = methods
    }
}

/// A column of the input as the reader saw it.
public struct ColumnSummary: Codable, Sendable, Equatable {
    public let name: String
    /// `numeric`, `categorical` or `timestamp`.
    public let kind: String
    public let missing: Int
    /// Distinct values. Loupe counts a numeric or timestamp column's only up to
    /// `countedDistinctLimit` and writes one more for "more than that" (a categorical column's
    /// count is exact).
    public let distinct: Int?
    /// What the column was used for: `label`, `score`, `weight`, `timestamp`, `slice`, or nothing.
    public let role: String?

    /// The most distinct values Loupe counts in a numeric or timestamp column (the reader's
    /// `Column.distinctCountLimit`): enough to tell a 0/1 label or a code list from a measurement.
    public static let countedDistinctLimit = 1024

    /// Whether `distinct` stands for "more than `countedDistinctLimit`", not for an exact count.
    public var distinctIsOverLimit: Bool { kind != "categorical" && distinct == Self.countedDistinctLimit + 1 }

    public init(name: String, kind: String, missing: Int, distinct: Int?, role: String?) {
        self.name = name
        self.kind = kind
        self.missing = missing
        self.distinct = distinct
        self.role = role
    }
}
