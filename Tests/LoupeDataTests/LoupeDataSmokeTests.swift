import XCTest
@testable import LoupeData

final class LoupeDataSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
