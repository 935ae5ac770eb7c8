extension Array {
    /// The elements at `rows` (a column's values for the evaluated rows, in evaluation order).
    /// When every row is evaluated in file order (`inFileOrder` and as many rows as elements) the
    /// array itself is returned, shared rather than copied: on a file of millions of rows each
    /// copy is tens of megabytes of fresh memory.
    func gathered(at rows: [Int], inFileOrder: Bool) -> [Element] {
        if inFileOrder && rows.count == count { return self }
        return withUnsafeBufferPointer { source in rows.map { source[$0] } }
    }
}
