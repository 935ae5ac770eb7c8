import XCTest
@testable import LoupeCharts

final class LoupeChartsSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
