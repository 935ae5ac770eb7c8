import Foundation
import XCTest

/// `Fixtures/residual_statistics.json`, written by `Fixtures/make_residual_fixtures.py` from
/// scipy and statsmodels; `nil` where they return NaN.
struct ResidualFixture: Decodable {
    struct Moments: Decodable {
        var mean: Double
        var sd: Double?
        var skewness: Double?
        var kurtosis: Double?
        var jarque_bera: Double?
        var jarque_bera_p: Double?
    }
    struct Group: Decodable {
        var count: Int
        var mean: Double
        var sd: Double?
        var lower: Double?
        var upper: Double?
    }
    struct Anova: Decodable {
        var f: Double?
        var p: Double?
        var eta_squared: Double?
        var groups: [Group?]
    }
    struct Case: Decodable {
        var name: String
        var residual: [Double]
        var prediction: [Double]
        var moments: Moments
        var durbin_watson: Double?
        var nlags: Int
        var acf: [Double]?
        var bartlett_half_width: [Double]?
        var ljung_box: [Double]?
        var ljung_box_p: [Double]?
        var breusch_pagan: [Double?]?
        var extra_regressors: [[Double]]?
        var breusch_pagan_extra: [Double?]?
        var pearson: [Double?]?
        var spearman: [Double?]?
        var codes: [Int64]?
        var group_count: Int?
        var anova: Anova?
    }
    struct DistributionValues: Decodable {
        var chi2_sf: [[Double]]
        var t_sf_two_sided: [[Double]]
        var f_sf: [[Double]]
        var norm_sf_two_sided: [[Double]]
        var t_ppf: [[Double]]
    }
    var confidence: Double
    var nlags: Int
    var cases: [Case]
    var distributions: DistributionValues

    static func load() throws -> ResidualFixture {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "residual_statistics", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(ResidualFixture.self, from: Data(contentsOf: url))
    }
}

/// Asserts |actual − expected| ≤ tolerance·|expected| (relative), or ≤ absolute when that is larger;
/// returns the relative error for reporting.
@discardableResult
func assertRelative(
    _ actual: Double?, _ expected: Double?, _ tolerance: Double, absolute: Double = 0, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
) -> Double {
    switch (actual, expected) {
    case (nil, nil): return 0
    case let (a?, e?):
        if a == e { return 0 }
        let error = (a - e).magnitude
        XCTAssert(
            error <= max(tolerance * e.magnitude, absolute), "\(message): \(a) vs expected \(e)", file: file, line: line)
        return e == 0 ? error : error / e.magnitude
    default:
        XCTFail("\(message): \(String(describing: actual)) vs expected \(String(describing: expected))", file: file, line: line)
        return .infinity
    }
}
