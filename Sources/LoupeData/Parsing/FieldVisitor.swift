/// Receives the fields of delimited records; the parser is generic over it so the hot loop is
/// specialized for each use (header, data, re-parse) with no dynamic dispatch.
protocol FieldVisitor {
    /// Field `index` (0-based) of the current record: its bytes, unquoted and unescaped, valid only
    /// during the call; `offset` is the field's first byte in the file (its opening quote, if any).
    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int, offset: Int)
    /// The current record had the right number of fields.
    mutating func endRecord()
}
