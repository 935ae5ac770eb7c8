import Foundation

/// One row of class probabilities as the multiclass generators write them: the softmax of a
/// model's logits, in whole units of 10^-decimals that sum to exactly 1, every class at least one
/// unit (so no true class has probability 0 and an infinite log loss).
///
/// Rounding each probability on its own leaves rows that sum to 1 ± K/2 units, which Loupe
/// (rightly) warns about; the rounding slack goes to the largest entry instead, so the written
/// decimals sum to 1 and parse back to doubles whose sum is 1 within a few ulps.
struct ProbabilityRow {
    /// The units of each class (Σ = 10^decimals).
    private(set) var units: [UInt64]
    let decimals: Int
    private let total: UInt64

    init(classCount: Int, decimals: Int) {
        units = [UInt64](repeating: 0, count: classCount)
        self.decimals = decimals
        var total: UInt64 = 1
        for _ in 0..<decimals { total *= 10 }
        self.total = total
    }

    /// Sets the row to softmax(`logits`) in units.
    mutating func set(softmaxOf logits: [Double]) {
        let top = logits.max() ?? 0
        var sum = 0.0
        var largest = 0
        for (c, logit) in logits.enumerated() {
            sum += exp(logit - top)
            if logit > logits[largest] { largest = c }
        }
        var used: UInt64 = 0
        for (c, logit) in logits.enumerated() {
            let unit = max(1, UInt64((exp(logit - top) / sum * Double(total)).rounded()))
            units[c] = unit
            used += unit
        }
        // |slack| ≤ K units, the largest entry holds at least total / K.
        units[largest] = units[largest] + total - used
    }

    /// Writes `,p_0,p_1,…` (each with `decimals` digits).
    func write(into cursor: inout ByteCursor) {
        let scale = Double(total)
        for unit in units {
            cursor.byte(UInt8(ascii: ","))
            cursor.fixed(Double(unit) / scale, decimals: decimals)
        }
    }
}
