import XCTest

@testable import LoupeData

/// The byte-level number parser must agree bit for bit with the standard library.
final class NumberParserTests: XCTestCase {
    private func parse(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, $0.count - 1) }
    }

    func testAgreesWithStandardLibraryOnGeneratedDecimals() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<5000 {
            let digitCount = Int(next() % 26) + 1
            var digits = (0..<digitCount).map { _ in String(next() % 10) }.joined()
            let point = Int(next() % UInt64(digitCount + 1))
            if next() % 3 != 0 { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point)) }
            if digits == "." { digits = "0.5" }
            var text = (next() % 2 == 0 ? "-" : "") + digits
            switch next() % 4 {
            case 0: text += "e\(Int(next() % 60) - 30)"
            case 1: text += "E\(Int(next() % 700) - 350)"
            default: break
            }
            guard let expected = Double(text) else { continue }
            let parsed = parse(text)
            XCTAssertEqual(parsed?.bitPattern, expected.bitPattern, text)
        }
    }

    func testEdgeForms() {
        XCTAssertEqual(parse("0.1"), 0.1)
        XCTAssertEqual(parse("9007199254740993"), Double("9007199254740993"))
        XCTAssertEqual(parse("1e23"), 1e23)
        XCTAssertEqual(parse("2.2250738585072011e-308"), Double("2.2250738585072011e-308"))
        XCTAssertEqual(parse("1e400"), .infinity)
        XCTAssertEqual(parse("-1e-400")?.bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(parse("00012.5000"), 12.5)
        XCTAssertEqual(parse("+.5"), 0.5)
        XCTAssertEqual(parse("5."), 5)
        XCTAssertEqual(parse(" 42 "), 42)
        XCTAssertEqual(parse("0.000000000000000000000000000001"), 1e-30)
        for text in [
            "", " ", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "inf", "-inf", "nan", "NaN",
            "0x10", "1_000", "1,5", "1 2", "--1", "5\"",
        ] {
            XCTAssertNil(parse(text), text)
        }
    }

    func testTimestampParserRejectsImpossibleDates() {
        func ts(_ text: String) -> Double? {
            var bytes = Array(text.utf8)
            bytes.append(0)
            return bytes.withUnsafeBufferPointer { TimestampParser.parse($0.baseAddress!, $0.count - 1) }
        }
        XCTAssertEqual(ts("2000-02-29"), 951_782_400)
        XCTAssertNil(ts("1900-02-29"))
        XCTAssertNil(ts("2024-13-01"))
        XCTAssertNil(ts("2024-01-01T24:00"))
        XCTAssertNil(ts("2024-01-01T10:00:00+0200"))
        XCTAssertNil(ts("2024-01-01T10"))
        XCTAssertNil(ts("2024-1-01"))
        XCTAssertEqual(ts("2024-01-01T10:00:00-01:30"), 1_704_103_200 + 5400)
    }
}
