/// Receives the members of one JSON object.
protocol JSONMemberHandler {
    /// A member; `keyOffset` is the key's opening quote in the file.
    mutating func member(
        _ key: UnsafePointer<UInt8>, _ keyLength: Int, keyOffset: Int,
        value: JSONScalar, valueOffset: Int
    ) -> ParseFailure?
    /// The object ended.
    mutating func endObject()
}

/// A scalar JSON value, its bytes valid only during the handler call.
enum JSONScalar {
    /// A string's decoded UTF-8 bytes.
    case text(UnsafePointer<UInt8>, Int)
    /// A number's text exactly as written.
    case number(UnsafePointer<UInt8>, Int)
    case bool(Bool)
    case null
}
