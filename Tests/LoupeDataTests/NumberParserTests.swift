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
        var random = SplitMix(state: 0x5EED)
        func next() -> UInt64 { random.next() }
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

    /// Parses `text` with `trailing` bytes after it (as in a file, where the next field follows),
    /// so that the word path may read past the field.
    private func parseInContext(_ text: [UInt8], trailing: [UInt8]) -> Double? {
        let bytes = text + trailing
        return bytes.withUnsafeBufferPointer {
            NumberParser.parse($0.baseAddress!, text.count, readable: $0.count)
        }
    }

    /// Reading short fields a word at a time must give exactly what the byte-at-a-time parse and
    /// the standard library give, whatever bytes follow the field (digits included).
    func testWordPathAgreesBitForBitWithByteParseAndStandardLibrary() {
        var random = SplitMix(state: 0xC0FFEE)
        func next() -> UInt64 { random.next() }
        let alphabet = Array("0123456789.-+eE x,\"".utf8)
        var wordPathFields = 0
        for round in 0..<200_000 {
            var field: [UInt8] = []
            let length = Int(next() % 12)
            if round % 3 == 0 {
                for _ in 0..<length { field.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
            } else {
                let point = Int(next() % 10)
                for j in 0..<length { field.append(j == point ? 0x2E : UInt8(0x30 + next() % 10)) }
                if !field.isEmpty && next() % 3 == 0 { field[0] = next() % 2 == 0 ? 0x2D : 0x2B }
            }
            var trailing: [UInt8] = []
            for _ in 0..<Int(next() % 12) {
                trailing.append(next() % 2 == 0 ? UInt8(0x30 + next() % 10) : UInt8(truncatingIfNeeded: next()))
            }
            let text = String(decoding: field, as: UTF8.self)
            let viaWord = parseInContext(field, trailing: trailing)
            let viaBytes = field.withUnsafeBufferPointer {
                NumberParser.parseBytes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
            }
            XCTAssertEqual(viaWord?.bitPattern, viaBytes?.bitPattern, text)
            if field.count + trailing.count >= 9 { wordPathFields += 1 }
            // The standard library also reads hex (`0x1p3`), which is not a number in data files.
            if !text.contains(" "), !text.contains("x"), let expected = Double(text) {
                XCTAssertEqual(viaWord?.bitPattern, expected.bitPattern, text)
            }
        }
        XCTAssertGreaterThan(wordPathFields, 100_000)
    }

    func testWordPathEdgeForms() {
        let after = Array(",0.123456\n".utf8)
        func word(_ text: String) -> Double? { parseInContext(Array(text.utf8), trailing: after) }
        let exact: [String: Double] = [
            "0.004971": 0.004971, "0.1": 0.1, "-0": -0.0, "+0": 0, "0": 0, "-1.5": -1.5, "5.": 5, ".5": 0.5,
            "-.5": -0.5, "+.5": 0.5, "00012.50": 12.5, "99999999": 99_999_999, "-9999999": -9_999_999,
            "0.000001": 0.000001, ".0000001": 1e-7, "1234.567": 1234.567, "1e22": 1e22, "1e23": 1e23,
            "5e-324": .leastNonzeroMagnitude, "-1.5e-3": -1.5e-3, "9007199254740993": 0x1p53,
            "123456789": 123_456_789, "0.1234567": 0.1234567, "1.2345678": 1.2345678,
        ]
        for (text, value) in exact {
            XCTAssertEqual(word(text)?.bitPattern, value.bitPattern, text)
            XCTAssertEqual(word(text)?.bitPattern, Double(text)?.bitPattern, text)
        }
        for text in ["", "-", "+", ".", "-.", "1e", "e5", "1.2.3", "1..2", "1-2", "12345678.", "1,5", "5\"", "--1", " 1"] {
            XCTAssertEqual(
                word(text)?.bitPattern,
                Array(text.utf8).withUnsafeBufferPointer {
                    NumberParser.parseBytes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
                }?.bitPattern, text)
        }
        for text in ["", "-", "+", ".", "-.", "1e", "e5", "1.2.3", "1..2", "1-2", "1,5", "5\"", "--1"] {
            XCTAssertNil(word(text), text)
        }
        XCTAssertEqual(word(" 1"), 1)
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

/// SplitMix64, for the generated fields (LoupeData's tests do not see LoupeMetrics' generator).
private struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
