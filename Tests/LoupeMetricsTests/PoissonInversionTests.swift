import XCTest

@testable import LoupeMetrics

/// The tabulated inversion that replaced PTRS in the multiclass bootstraps (a cell's draws for all
/// replicates from one table, the tables of integer λ shared by the process) must still draw
/// Poisson(λ), reproducibly.
final class PoissonInversionTests: XCTestCase {
    /// Pearson's χ² of many draws against the Poisson pmf, cells pooled to at least 20 expected
    /// draws: far below the 0.1% critical value at every λ, small and at the limit.
    func testDrawsFollowThePoissonDistribution() {
        var inversion = PoissonInversion()
        var rng = SplitMix64(seed: 5)
        for lambda in [1.0, 3.0, 9.0, 10.0, 57.0, 400.0, 2047.0] {
            let n = 200_000
            var draws = [Double](repeating: -1, count: n)
            draws.withUnsafeMutableBufferPointer {
                inversion.draw(lambda: lambda, count: n, scale: 1, rng: &rng, into: $0.baseAddress!)
            }
            var counts: [Int: Int] = [:]
            for k in draws {
                XCTAssertEqual(k, k.rounded())
                XCTAssertGreaterThanOrEqual(k, 0)
                counts[Int(k), default: 0] += 1
            }
            // Poisson pmf by the log-gamma, cells pooled from the left until 20 are expected.
            var chiSquare = 0.0, cells = 0, expected = 0.0, observed = 0
            let top = Int(lambda + 12 * lambda.squareRoot() + 30)
            for k in 0...top {
                expected += Double(n) * exp(-lambda + Double(k) * log(lambda) - lgamma(Double(k) + 1))
                observed += counts[k] ?? 0
                if expected >= 20 || k == top {
                    chiSquare += (Double(observed) - expected) * (Double(observed) - expected) / expected
                    cells += 1
                    expected = 0
                    observed = 0
                }
            }
            XCTAssertEqual(counts.keys.filter { $0 > top }.count, 0, "λ = \(lambda)")
            // The 0.1% critical value of χ²(df) is below df + 3.1√(2df) + 10 for these df.
            let df = Double(cells - 1)
            XCTAssertLessThan(chiSquare, df + 3.1 * (2 * df).squareRoot() + 10, "λ = \(lambda), \(cells) cells")
            let mean = draws.reduce(0, +) / Double(n)
            XCTAssertEqual(mean, lambda, accuracy: 5 * (lambda / Double(n)).squareRoot(), "λ = \(lambda)")
        }
    }

    /// Every λ the bootstrap tabulates fits the scratch bound (the build stops with a
    /// precondition otherwise), and each draw is scaled by the copies' mean weight.
    func testEveryTabulatedLambdaFitsItsBoundAndScales() {
        var inversion = PoissonInversion()
        var rng = SplitMix64(seed: 9)
        var out = [Double](repeating: 0, count: 4)
        for rows in 1..<Int(PoissonInversion.lambdaLimit) {
            out.withUnsafeMutableBufferPointer {
                inversion.draw(lambda: Double(rows), count: 4, scale: 0.5, rng: &rng, into: $0.baseAddress!)
            }
            for x in out { XCTAssertEqual((2 * x).rounded(), 2 * x) }
        }
    }

    /// A cell's copies: zeros without rows, the table below the limit, PTRS from it (where a
    /// table would cost more than its draws), each scaled by the cell's mean weight.
    func testCopiesOfACellDrawByTheMethodItsRowsCall() {
        var inversion = PoissonInversion()
        var rng = SplitMix64(seed: 2)
        var out = [Double](repeating: 7, count: 4000)
        func copies(_ rows: Double, scale: Double) -> [Double] {
            out.withUnsafeMutableBufferPointer {
                inversion.copies(rows: rows, count: $0.count, scale: scale, rng: &rng, into: $0.baseAddress!)
            }
            return out
        }
        XCTAssertEqual(Set(copies(0, scale: 3)), [0])
        for rows in [5.0, 2047.0, 2048.0, 30_000.0] {
            let drawn = copies(rows, scale: 0.25), mean = drawn.reduce(0, +) / Double(drawn.count)
            XCTAssert(drawn.allSatisfy { (4 * $0).rounded() == 4 * $0 && $0 >= 0 }, "rows = \(rows)")
            XCTAssertEqual(mean, 0.25 * rows, accuracy: 0.25 * 5 * (rows / Double(drawn.count)).squareRoot(), "rows = \(rows)")
        }
    }

    /// The same seed gives the same draws, tables reused or not; another seed others.
    func testTheSameSeedGivesTheSameDraws() {
        func draws(_ seed: UInt64, reuse: inout PoissonInversion) -> [Double] {
            var rng = SplitMix64(seed: seed)
            var out = [Double](repeating: 0, count: 600)
            out.withUnsafeMutableBufferPointer { buffer in
                for (i, lambda) in [1500.0, 12.0, 300.0].enumerated() {
                    reuse.draw(lambda: lambda, count: 200, scale: 1, rng: &rng, into: buffer.baseAddress! + 200 * i)
                }
            }
            return out
        }
        var shared = PoissonInversion(), fresh = PoissonInversion(), other = PoissonInversion()
        _ = draws(3, reuse: &shared)
        XCTAssertEqual(draws(4, reuse: &shared), draws(4, reuse: &fresh))
        XCTAssertNotEqual(draws(4, reuse: &fresh), draws(5, reuse: &other))
    }

    /// The tables of integer λ are built once per process and shared by every cell of that λ
    /// (`PoissonTableBand`): the same seed drawn through a shared table, after tables of other
    /// λ (other bands too) were used, gives exactly the draws of a table built fresh for the cell,
    /// as every bootstrap did before the tables were shared.
    func testASharedTableDrawsExactlyWhatAFreshTableDraws() {
        var shared = PoissonInversion()
        var warmup = SplitMix64(seed: 1)
        var scratch = [Double](repeating: 0, count: 200)
        for lambda in [7.0, 900.0, 2047.0, 31.0] {
            scratch.withUnsafeMutableBufferPointer {
                shared.draw(lambda: lambda, count: 200, scale: 1, rng: &warmup, into: $0.baseAddress!)
            }
        }
        for lambda in [1.0, 31.0, 255.0, 256.0, 1023.0, 1500.0, 2047.0] {
            let capacity = PoissonInversion.capacity(lambda: lambda)
            var below = [Double](repeating: 0, count: capacity), cumulative = below
            var guide = [UInt16](repeating: 0, count: capacity)
            let (lowest, size) = PoissonInversion.tabulate(
                lambda: lambda, capacity: capacity, below: &below, cumulative: &cumulative, guide: &guide)
            var fresh = [Double](repeating: -1, count: 500), drawn = fresh
            var rng = SplitMix64(seed: 42), same = SplitMix64(seed: 42)
            fresh.withUnsafeMutableBufferPointer { out in
                PoissonInversion.draw(
                    lowest: lowest, size: size, cumulative: cumulative, guide: guide, count: out.count, scale: 0.5,
                    rng: &rng, into: out.baseAddress!)
            }
            drawn.withUnsafeMutableBufferPointer {
                shared.copies(rows: lambda, count: $0.count, scale: 0.5, rng: &same, into: $0.baseAddress!)
            }
            XCTAssertEqual(drawn, fresh, "λ = \(lambda)")
            XCTAssertEqual(rng.next(), same.next(), "λ = \(lambda): the same uniforms were used")
            // The shared table is the fresh one, term for term.
            let band = PoissonTableBand.band(of: Int(lambda)), i = Int(lambda) - band.first
            XCTAssertEqual(band.lowest[i], lowest)
            XCTAssertEqual(Array(band.cumulative[band.starts[i]..<band.starts[i + 1]]), Array(cumulative[..<size]))
            XCTAssertEqual(Array(band.guide[band.starts[i]..<band.starts[i + 1]]), Array(guide[..<size]))
        }
    }

    /// A λ that is not an integer has no shared table: it is tabulated into the value's scratch
    /// and still draws Poisson(λ) (mean λ), reproducibly.
    func testANonIntegerLambdaDrawsFromItsOwnTable() {
        var inversion = PoissonInversion()
        func draws(_ lambda: Double) -> [Double] {
            var rng = SplitMix64(seed: 8)
            var out = [Double](repeating: 0, count: 20_000)
            out.withUnsafeMutableBufferPointer {
                inversion.draw(lambda: lambda, count: $0.count, scale: 1, rng: &rng, into: $0.baseAddress!)
            }
            return out
        }
        let a = draws(40.5)
        XCTAssertEqual(a.reduce(0, +) / Double(a.count), 40.5, accuracy: 5 * (40.5 / 20_000).squareRoot())
        _ = draws(1999.25)
        XCTAssertEqual(draws(40.5), a)
    }

    /// All shared tables together stay under the documented 12 MB (10 bytes a term), each λ's
    /// table within its bound, and a band covers exactly its λ.
    func testTheSharedTablesStayWithinTheirBound() {
        var terms = 0
        let bands = Int(PoissonInversion.lambdaLimit) / PoissonTableBand.width
        for b in 0..<bands {
            let band = PoissonTableBand.band(of: b * PoissonTableBand.width)
            XCTAssertEqual(band.first, b * PoissonTableBand.width)
            XCTAssertEqual(band.starts.count, PoissonTableBand.width + 1)
            XCTAssertEqual(band.cumulative.count, band.guide.count)
            for i in 0..<PoissonTableBand.width where band.first + i > 0 {
                let size = band.starts[i + 1] - band.starts[i]
                XCTAssertGreaterThan(size, 0)
                XCTAssertLessThanOrEqual(size, PoissonInversion.capacity(lambda: Double(band.first + i)))
                XCTAssertLessThan(size, Int(UInt16.max))
            }
            terms += band.cumulative.count
        }
        XCTAssertLessThan(terms * (MemoryLayout<Double>.stride + MemoryLayout<UInt16>.stride), 12_000_000)
    }
}
