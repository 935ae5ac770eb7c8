import Foundation
import XCTest

@testable import LoupeData

/// Locating fixtures, temporary folders, and comparing tables bit for bit.
enum FixtureSupport {
    static func path(_ name: String) throws -> String {
        let dot = name.lastIndex(of: ".").map { name.distance(from: name.startIndex, to: $0) } ?? name.count
        let base = String(name.prefix(dot))
        let ext = String(name.dropFirst(dot + 1))
        guard let url = Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures") else {
            throw XCTSkip("fixture \(name) missing from the bundle")
        }
        return url.path
    }

    /// A fresh folder under the system temporary directory, removed by the caller's teardown.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("LoupeDataTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Asserts two tables hold the same values; NaNs compare by bit pattern.
    static func assertSame(_ a: Table, _ b: Table, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.columnNames, b.columnNames, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
        XCTAssertEqual(a.columns.map(\.name), b.columns.map(\.name), file: file, line: line)
        for column in a.columns {
            guard let other = b.column(column.name) else {
                XCTFail("column \(column.name) missing", file: file, line: line)
                continue
            }
            XCTAssertEqual(column.kind, other.kind, column.name, file: file, line: line)
            XCTAssertEqual(column.position, other.position, file: file, line: line)
            XCTAssertEqual(column.numbers.map(\.bitPattern), other.numbers.map(\.bitPattern), column.name, file: file, line: line)
            XCTAssertEqual(column.codes, other.codes, column.name, file: file, line: line)
            XCTAssertEqual(column.dictionary, other.dictionary, column.name, file: file, line: line)
            XCTAssertEqual(column.missingCount, other.missingCount, column.name, file: file, line: line)
            XCTAssertEqual(column.distinctCount, other.distinctCount, column.name, file: file, line: line)
            XCTAssertEqual(column.firstNonNumeric, other.firstNonNumeric, column.name, file: file, line: line)
        }
    }
}

extension Column {
    /// Categorical values as text, `nil` for missing.
    var texts: [String?] { (0..<codes.count).map { text(at: $0) } }
}
