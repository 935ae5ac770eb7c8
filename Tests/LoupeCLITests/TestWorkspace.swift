import Foundation
import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

/// A temporary folder per test, and helpers to run `loupe` commands in it.
struct TestWorkspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    func path(_ name: String) -> String {
        root.appendingPathComponent(name).path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// Copies a committed fixture into the workspace and returns its path there.
    func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw XCTSkip("fixture \(name) missing")
        }
        let target = root.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: url, to: target)
        return target.path
    }

    /// Runs `loupe ARGS`, returning the exit status and both streams.
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        var streams = CapturedStreams()
        let status = CommandLineInterface.run(arguments, streams: &streams)
        return (status, streams.stdout, streams.stderr)
    }

    /// Every file below `folder` with its bytes, for before/after comparisons.
    func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let base = URL(fileURLWithPath: path(folder))
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return files }
        for case let url as URL in walker {
            if let data = try? Data(contentsOf: url) {
                files[String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count))] = data
            }
        }
        return files
    }
}
