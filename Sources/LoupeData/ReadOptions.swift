/// How to read a data file.
public struct ReadOptions: Sendable {
    /// The file's format; `nil` infers it from the extension (an unknown extension is an error).
    public var format: DataFormat?
    /// Projection: only these columns are converted and kept; `nil` keeps every column.
    /// Columns outside the projection are still tokenized (field counts are checked) but never converted.
    public var columns: Set<String>?
    /// Target size of the byte ranges parsed in parallel. Big enough to amortize per-chunk work,
    /// small enough that both cores stay busy and file pages are released early; tests set it
    /// tiny to force chunk boundaries everywhere.
    public var parallelChunkBytes: Int
    /// Bytes the columns may take; `nil` measures what the machine and its limits allow.
    public var availableMemory: Int? = nil

    /// 4 MiB: ~85 chunks for the 341 MB reference file, which balances two cores well.
    public static let defaultChunkBytes = 4 << 20

    public init(
        format: DataFormat? = nil, columns: Set<String>? = nil,
        parallelChunkBytes: Int = ReadOptions.defaultChunkBytes
    ) {
        self.format = format
        self.columns = columns
        self.parallelChunkBytes = parallelChunkBytes
    }
}
