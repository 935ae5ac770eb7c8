/// A running sum of doubles, so a hot loop can be specialised for unit weights (`RowCount`,
/// where every sum is a count and exact without compensation) and for real weights
/// (`CompensatedSum`).
protocol RunningSum {
    init()
    mutating func add(_ x: Double)
    var value: Double { get }
}

extension CompensatedSum: RunningSum {}

/// A plain sum, exact while every term and total is an integer below 2⁵³ (counts of rows).
struct RowCount: RunningSum {
    private(set) var value = 0.0

    @inline(__always) mutating func add(_ x: Double) { value += x }
}
