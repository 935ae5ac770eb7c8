import XCTest

@testable import LoupeDigest

final class SHA256Tests: XCTestCase {
    /// Both the hardware and the portable path, which must agree.
    private func digest(_ text: String) -> String {
        var portable = SHA256(hardware: false)
        portable.update(Array(text.utf8))
        let expected = portable.finalizeHex()
        var fast = SHA256()
        fast.update(Array(text.utf8))
        XCTAssertEqual(fast.finalizeHex(), expected)
        return expected
    }

    /// FIPS 180-4 examples and the empty string.
    func testKnownDigests() {
        XCTAssertEqual(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            digest(String(repeating: "a", count: 1_000_000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testFeedingInPiecesGivesTheSameDigest() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var whole = SHA256()
        whole.update(bytes)
        var pieces = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) {
            pieces.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)]))
        }
        XCTAssertEqual(whole.finalizeHex(), pieces.finalizeHex())
    }
}
