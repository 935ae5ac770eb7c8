import Foundation
import XCTest

@testable import LoupeData

/// Reads that cannot finish end in an error with exit status 2, not a crash: a file truncated
/// under the mapping, more columns than memory holds; and wide headers cost linear memory.
final class ReadLimitsTests: XCTestCase {
    private static let childVariable = "LOUPE_TRUNCATION_CHILD"

    /// Run in a child process by the test below: maps the file, truncates it, touches its end.
    func testTruncationChild() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        let file = try MappedFile(path: path)
        XCTAssertEqual(truncate(path, 0), 0)
        var sum = 0
        for offset in stride(from: 0, to: file.count, by: 4096) { sum &+= Int(file.base[offset]) }
        print("read past the end without a fault: \(sum)")
        exit(0)
    }

    func testAFileTruncatedWhileMappedEndsWithAMessageAndStatus2() throws {
        let folder = try FixtureSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shrinking\u{1B}[2J.csv").path
        try Data(repeating: 0x41, count: 1 << 20).write(to: URL(fileURLWithPath: path))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments =
            Array(CommandLine.arguments.dropFirst().prefix { $0.hasPrefix("-") }) + [
                "LoupeDataTests.ReadLimitsTests/testTruncationChild"
            ]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: path]) { $1 }
        let errors = Pipe()
        child.standardError = errors
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .exit, message)
        XCTAssertEqual(child.terminationStatus, 2, message)
        XCTAssertTrue(message.contains("shrinking?[2J.csv: the file changed while it was read"), message)
    }

    func testColumnsThatCannotFitInMemoryFailBeforeTheyAreAllocated() throws {
        let folder = try FixtureSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wide.csv").path
        let text = "a,b,c\n" + String(repeating: "1,2,3\n", count: 10_000)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var options = ReadOptions()
        options.availableMemory = 100_000
        XCTAssertThrowsError(try TableReader.read(path: path, options: options)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(path + ": reading about "), message)
            XCTAssertTrue(message.contains("rows × 3 columns needs about"), message)
            XCTAssertTrue(message.contains("but only 1 MB is available"), message)
        }
        options.availableMemory = nil
        XCTAssertEqual(try TableReader.read(path: path, options: options).rowCount, 10_000, "this machine has room")
    }

    func testTheNeededBytesDoNotOverflow() {
        XCTAssertEqual(MemoryBudget.needed(rows: 1 << 40, columns: 1 << 30), Int.max)
        XCTAssertEqual(MemoryBudget.needed(rows: 1000, columns: 3), 24_000)
    }

    func testADistinctTrackerOfFewValuesStaysSmallSoWideHeadersReadInLinearMemory() {
        var few = DistinctTracker()
        few.insert(1)
        few.insert(2)
        XCTAssertLessThanOrEqual(few.tableSize, 16, "a million columns × 16 KB was 16 GB")
        var many = DistinctTracker()
        for value in 0..<1024 { many.insert(Double(value)) }
        XCTAssertEqual(many.count, 1024)
        many.insert(5000)
        XCTAssertEqual(many.count, Column.distinctCountLimit + 1)
    }
}
