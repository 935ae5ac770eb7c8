import XCTest
@testable import LoupeCore

final class LoupeCoreSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
