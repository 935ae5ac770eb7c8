import XCTest

@testable import LoupeData

/// Problems with the file itself are errors naming the file, never crashes.
final class FileErrorTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try FixtureSupport.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func message(_ body: () throws -> Any) -> String? {
        do { _ = try body() } catch { return (error as? DataError)?.description ?? "non-DataError \(error)" }
        return nil
    }

    func testMissingFileDirectoryAndUnknownExtension() throws {
        let missing = folder.appendingPathComponent("nope.csv").path
        XCTAssertEqual(message { try TableReader.read(path: missing) }, "\(missing): no such file")
        let directory = folder.appendingPathComponent("dir.csv")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        XCTAssertEqual(message { try TableReader.read(path: directory.path) }, "\(directory.path): not a regular file")
        let text = folder.appendingPathComponent("data.txt")
        try Data("a\n1\n".utf8).write(to: text)
        XCTAssertEqual(
            message { try TableReader.read(path: text.path) },
            "\(text.path): cannot tell the format from the file name; use .csv, .tsv, .jsonl or .ndjson, or name the format")
        XCTAssertEqual(try TableReader.read(path: text.path, options: ReadOptions(format: .csv)).rowCount, 1)
    }

    func testUnreadableFile() throws {
        let url = folder.appendingPathComponent("locked.csv")
        try Data("a\n1\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
        if getuid() == 0 { throw XCTSkip("root reads any file") }
        XCTAssertEqual(
            message { try TableReader.read(path: url.path) },
            "\(url.path): cannot read the file (Permission denied)")
    }

    /// Invalid UTF-8 becomes U+FFFD; byte strings that decode alike share one dictionary entry.
    func testInvalidUTF8IsReplacedNotFatal() throws {
        let url = folder.appendingPathComponent("bad_utf8.csv")
        var bytes = Array("name,v\n".utf8)
        bytes += [0xFF, 0x2C, 0x31, 0x0A]  // \xFF,1
        bytes += [0xFE, 0x2C, 0x32, 0x0A]  // \xFE,2
        bytes += Array("ok,3\n".utf8)
        try Data(bytes).write(to: url)
        let column = try XCTUnwrap(TableReader.read(path: url.path).column("name"))
        XCTAssertEqual(column.dictionary, ["\u{FFFD}", "ok"])
        XCTAssertEqual(column.codes, [0, 0, 1])
    }

    /// Random bytes must give a table or a DataError, nothing else.
    func testRandomBytesNeverCrash() throws {
        var state: UInt64 = 7
        let alphabet = Array("ab,\"\r\n1.e-\t{}:[]\\ ".utf8) + [0xC3, 0xFF, 0x00]
        for trial in 0..<80 {
            var bytes: [UInt8] = []
            for _ in 0..<(Int(trial % 60) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            for (name, format) in [("r.csv", DataFormat.csv), ("r.jsonl", .jsonLines), ("r.tsv", .tsv)] {
                let url = folder.appendingPathComponent(name)
                try Data(bytes).write(to: url)
                for chunkBytes in [1, 1 << 20] {
                    do {
                        _ = try TableReader.read(
                            path: url.path, options: ReadOptions(format: format, parallelChunkBytes: chunkBytes))
                    } catch {
                        XCTAssertTrue(error is DataError, "\(error)")
                    }
                }
            }
        }
    }
}
