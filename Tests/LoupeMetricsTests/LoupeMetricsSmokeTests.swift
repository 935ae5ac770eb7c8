import XCTest
@testable import LoupeMetrics

final class LoupeMetricsSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
