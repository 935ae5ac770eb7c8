import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

final class JSONTextTests: XCTestCase {
    func testParsesValuesEscapesAndKeepsKeyOrder() throws {
        let root = try JSONText.parse(#"{"b": [1, -2.5e3, true, null], "a": "x\"\u00e9\ud83d\ude00\n"}"#)
        guard case .object(let members) = root.value else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["b", "a"])
        XCTAssertEqual(members[1].value.value, .string("x\"é😀\n"))
        guard case .array(let items) = members[0].value.value else { return XCTFail("not an array") }
        XCTAssertEqual(items.map(\.value), [.number(1, text: "1"), .number(-2500, text: "-2.5e3"), .bool(true), .null])
    }

    func testErrorsCarryLineAndColumnCountingCharacters() {
        XCTAssertThrowsError(try JSONText.parse("{\n  \"é\": tru\n}")) { error in
            let error = error as! JSONTextError
            XCTAssertEqual(error.position, .init(line: 2, column: 8))
        }
        XCTAssertThrowsError(try JSONText.parse("{\"a\": 1} x")) { error in
            XCTAssertEqual((error as! JSONTextError).message, "unexpected text after the end of the JSON value")
        }
        XCTAssertThrowsError(try JSONText.parse("\"open")) { error in
            XCTAssertEqual((error as! JSONTextError).message, "unterminated string")
        }
        XCTAssertThrowsError(try JSONText.parse("{\"a\": 1, \"a\": 2}")) { error in
            XCTAssertEqual((error as! JSONTextError).message, "duplicate key 'a'")
        }
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000)
        XCTAssertThrowsError(try JSONText.parse(deep))
    }
}
