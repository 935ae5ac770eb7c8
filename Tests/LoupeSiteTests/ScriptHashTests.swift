import XCTest

@testable import LoupeSite

final class ScriptHashTests: XCTestCase {
    func testContentSecurityPolicySource() {
        XCTAssertEqual(
            ScriptHash.contentSecurityPolicySource(for: "abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='")
    }

    func testBase64Padding() {
        XCTAssertEqual(ScriptHash.base64([0xFF]), "/w==")
        XCTAssertEqual(ScriptHash.base64([0xFF, 0x00]), "/wA=")
        XCTAssertEqual(ScriptHash.base64([0xFF, 0x00, 0x10]), "/wAQ")
    }
}
