import Foundation
import LoupeMetrics

/// The few distributions the data generators draw from, all built on `SplitMix64` alone.
extension SplitMix64 {
    /// A uniform double in (0, 1] — safe to take the logarithm of.
    @inline(__always)
    mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) &+ 1) * 0x1.0p-53
    }

    /// Two independent standard normals (Marsaglia's polar method: one logarithm and no
    /// trigonometry per pair; on average 2.55 draws).
    @inline(__always)
    mutating func nextNormalPair() -> (Double, Double) {
        while true {
            let x = 2 * nextUnit() - 1
            let y = 2 * nextUnit() - 1
            let s = x * x + y * y
            if s < 1 && s > 0 {
                let factor = (-2 * log(s) / s).squareRoot()
                return (x * factor, y * factor)
            }
        }
    }

    /// An index drawn with the probabilities whose running sums are `cumulative` (last ≈ 1);
    /// rounding slack at the top falls into the last index.
    @inline(__always)
    mutating func nextIndex(_ cumulative: [Double]) -> Int {
        let u = nextUnit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) >> 1
            if u < cumulative[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// A uniform integer in 0 ..< `count` (count ≤ 2^20; the bias is below 2^-33).
    @inline(__always)
    mutating func nextInt(below count: Int) -> Int {
        Int(((next() >> 32) &* UInt64(count)) >> 32)
    }

    /// Running sums of `weights`, normalised to end at 1.
    static func cumulative(_ weights: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        var sum = 0.0
        return weights.map { weight in
            sum += weight
            return sum / total
        }
    }
}

/// The logistic function 1 / (1 + e^-x).
@inline(__always)
func logistic(_ x: Double) -> Double {
    1 / (1 + exp(-x))
}
