/// What a parse of some records found.
struct ParseOutcome {
    /// Just past the last record parsed: where the next record begins.
    var end: Int
    var records: Int
    var failure: ParseFailure?
    /// A speculative parse met a record running past its overrun limit; nothing it found counts.
    var abandoned: Bool = false
}
