import XCTest

@testable import LoupeMetrics

/// `PoissonOne` counts its first four thresholds without a branch: every word must draw what the
/// scan to the first threshold above it drew (the bootstraps' output depends on each draw).
final class PoissonOneTests: XCTestCase {
    /// The scan the branchless count replaced.
    private func scanned(_ u: UInt64, _ t: [UInt64]) -> Int {
        var k = 0
        while k < t.count && u >= t[k] { k += 1 }
        return k
    }

    func testEveryWordDrawsWhatTheScanDrew() {
        let sampler = PoissonOne.shared, t = sampler.thresholds
        XCTAssertEqual(t, t.sorted(), "rising thresholds")
        var words: [UInt64] = [0, 1, .max, .max - 1]
        for x in t { words += [x, x &- 1, x &+ 1] }
        var rng = SplitMix64(seed: 17)
        for _ in 0..<200_000 { words.append(rng.next()) }
        for u in words { XCTAssertEqual(sampler.copies(u), scanned(u, t), "u = \(u)") }
        // Every k up to 7 is reached, at its threshold and not just below it.
        for k in 1...7 {
            XCTAssertEqual(sampler.copies(t[k - 1]), k)
            XCTAssertEqual(sampler.copies(t[k - 1] - 1), k - 1)
        }
        // And draws through the generator are the scan's of the same words.
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        for _ in 0..<10_000 { XCTAssertEqual(sampler.draw(&a), Double(scanned(b.next(), t))) }
    }
}
