import XCTest

@testable import LoupeMetrics

/// The χ², t, F and normal tails over a wide grid of arguments, against 50-digit mpmath values
/// (1e-12 relative) and scipy.stats (5e-9: scipy is itself that far off in places, e.g.
/// 2·t.sf(1e-8, 1)). Below 1e-280 the comparison is absolute.
final class DistributionTests: XCTestCase {
    func testChiSquaredSurvivalMatchesScipy() throws {
        var worst = 0.0, worstScipy = 0.0
        for row in try ResidualFixture.load().distributions.chi2_sf {
            let (x, k, scipy, expected) = (row[0], row[1], row[2], row[3])
            let value = Distributions.chiSquaredSurvival(x, degreesOfFreedom: k)
            let error = assertRelative(value, expected, 1e-12, absolute: 1e-290, "chi2.sf(\(x), \(k))")
            let scipyError = assertRelative(value, scipy, 5e-9, absolute: 1e-290, "chi2.sf(\(x), \(k)) vs scipy")
            worstScipy = max(worstScipy, scipy > 1e-280 ? scipyError : 0)
            worst = max(worst, expected > 1e-280 ? error : 0)
        }
        print("chi2.sf worst relative error \(worst), vs scipy \(worstScipy)")
    }

    func testStudentTSurvivalMatchesScipy() throws {
        var worst = 0.0, worstScipy = 0.0
        for row in try ResidualFixture.load().distributions.t_sf_two_sided {
            let (t, nu, scipy, expected) = (row[0], row[1], row[2], row[3])
            let value = Distributions.studentTSurvivalTwoSided(t, degreesOfFreedom: nu)
            let error = assertRelative(value, expected, 1e-12, absolute: 1e-290, "2·t.sf(\(t), \(nu))")
            let scipyError = assertRelative(value, scipy, 5e-9, absolute: 1e-290, "2·t.sf(\(t), \(nu)) vs scipy")
            worstScipy = max(worstScipy, scipy > 1e-280 ? scipyError : 0)
            XCTAssertEqual(
                Distributions.studentTSurvivalTwoSided(-t, degreesOfFreedom: nu),
                Distributions.studentTSurvivalTwoSided(t, degreesOfFreedom: nu))
            worst = max(worst, expected > 1e-280 ? error : 0)
        }
        print("t.sf worst relative error \(worst), vs scipy \(worstScipy)")
    }

    func testFSurvivalMatchesScipy() throws {
        var worst = 0.0, worstScipy = 0.0
        for row in try ResidualFixture.load().distributions.f_sf {
            let (f, d1, d2, scipy, expected) = (row[0], row[1], row[2], row[3], row[4])
            let value = Distributions.fSurvival(f, d1: d1, d2: d2)
            let error = assertRelative(
                value, expected, 1e-12, absolute: 1e-290, "f.sf(\(f), \(d1), \(d2))")
            let scipyError = assertRelative(value, scipy, 5e-9, absolute: 1e-290, "f.sf(\(f), \(d1), \(d2)) vs scipy")
            worstScipy = max(worstScipy, scipy > 1e-280 ? scipyError : 0)
            worst = max(worst, expected > 1e-280 ? error : 0)
        }
        print("f.sf worst relative error \(worst), vs scipy \(worstScipy)")
    }

    func testNormalSurvivalAndTQuantileMatchScipy() throws {
        let fixture = try ResidualFixture.load().distributions
        for row in fixture.norm_sf_two_sided {
            assertRelative(Distributions.normalSurvivalTwoSided(row[0]), row[1], 1e-12, "2·norm.sf(\(row[0]))")
        }
        var worst = 0.0
        for row in fixture.t_ppf {
            let error = assertRelative(
                Distributions.studentTQuantile(row[0], degreesOfFreedom: row[1]), row[2], 1e-12, "t.ppf(\(row[0]), \(row[1]))")
            worst = max(worst, error)
        }
        print("t.ppf worst relative error \(worst)")
    }

    func testEdgeCases() {
        XCTAssertEqual(Distributions.chiSquaredSurvival(0, degreesOfFreedom: 3), 1)
        XCTAssertEqual(Distributions.chiSquaredSurvival(-2, degreesOfFreedom: 3), 1)
        XCTAssertNil(Distributions.chiSquaredSurvival(1, degreesOfFreedom: 0))
        XCTAssertNil(Distributions.chiSquaredSurvival(.nan, degreesOfFreedom: 2))
        XCTAssertEqual(Distributions.studentTSurvivalTwoSided(0, degreesOfFreedom: 5), 1)
        XCTAssertNil(Distributions.studentTSurvivalTwoSided(1, degreesOfFreedom: -1))
        XCTAssertEqual(Distributions.fSurvival(0, d1: 2, d2: 3), 1)
        XCTAssertNil(Distributions.fSurvival(1, d1: 0, d2: 3))
        XCTAssertEqual(Distributions.normalSurvivalTwoSided(0), 1)
        XCTAssertEqual(Distributions.studentTQuantile(0.5, degreesOfFreedom: 7), 0)
        XCTAssertEqual(Distributions.studentTQuantile(1, degreesOfFreedom: 7), .infinity)
        XCTAssertNil(Distributions.studentTQuantile(1.5, degreesOfFreedom: 7))
        // χ²₂ has the closed form exp(−x/2); P + Q = 1.
        XCTAssertEqual(Distributions.chiSquaredSurvival(1400, degreesOfFreedom: 2)!, exp(-700), accuracy: exp(-700) * 1e-13)
        XCTAssertEqual(
            Distributions.regularizedGammaP(3.5, 2.25)! + Distributions.regularizedGammaQ(3.5, 2.25)!, 1, accuracy: 1e-15)
        XCTAssertEqual(Distributions.regularizedBeta(2, 3, x: 0.4)!, 0.5248, accuracy: 1e-15)
    }
}
