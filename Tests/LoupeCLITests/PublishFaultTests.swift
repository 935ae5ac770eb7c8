import Foundation
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// The publish under faults: a kill at every step, a failing call at every step, a full disk, a
/// read-only folder, a second build holding the folder. After each, the output folder holds the
/// complete old site or the complete new one, and the user's files in it are untouched.
final class PublishFaultTests: XCTestCase {
    private var root: URL!
    private var site: String { root.appendingPathComponent("site").path }
    private var junit: String { root.appendingPathComponent("ci/junit.xml").path }

    private let oldSite: [SiteWriter.File] = [
        .init(path: "index.html", text: "old index"), .init(path: "model-a.html", text: "old a"),
        .init(path: "shared.html", text: "same in both"), .init(path: "results.json", text: "{\"old\":1}"),
    ]
    private let newSite: [SiteWriter.File] = [
        .init(path: "index.html", text: "new index"), .init(path: "model-b.html", text: "new b"),
        .init(path: "shared.html", text: "same in both"), .init(path: "results.json", text: "{\"new\":2}"),
    ]
    private var newOutputs: [SiteWriter.Output] {
        [.init(path: junit, contents: Array("new junit".utf8), what: "the JUnit report")]
    }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// The old site with its outputs, plus the user's files: notes, an empty folder, a FIFO, a
    /// hard link to a note from outside the folder.
    private func prepareOldSite() throws {
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try SiteWriter.write(
            oldSite, to: site, outputs: [.init(path: junit, contents: Array("old junit".utf8), what: "the JUnit report")])
        try "my notes".write(toFile: site + "/notes.md", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: site + "/empty", withIntermediateDirectories: false)
        XCTAssertEqual(mkfifo(site + "/pipe", 0o600), 0)
        XCTAssertEqual(link(site + "/notes.md", root.appendingPathComponent("notes-link").path), 0)
    }

    /// Path → kind, mode, mtime and bytes of everything under `path` and the folder itself.
    private func state(of path: String) -> [String: String] { TestWorkspace.fileState(atPath: path) }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The folder holds exactly one complete site (Loupe's files, its manifest, nothing staged)
    /// and the user's files; returns "old" or "new".
    private func assertCompleteSite(_ context: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: site)) ?? [])
        let user: Set<String> = ["notes.md", "empty", "pipe"]
        XCTAssertTrue(user.isSubset(of: names), "\(context): user files lost: \(names)", file: file, line: line)
        XCTAssertEqual(contents(site + "/notes.md"), "my notes", context, file: file, line: line)
        var info = stat()
        XCTAssertEqual(lstat(site + "/notes.md", &info), 0)
        XCTAssertEqual(info.st_nlink, 2, "\(context): the hard link was broken", file: file, line: line)
        XCTAssertEqual(lstat(site + "/pipe", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, context, file: file, line: line)
        for (label, files, junitText) in [("old", oldSite, "old junit"), ("new", newSite, "new junit")] {
            let expected = Set(files.map(\.path)).union(user).union([SiteWriter.manifestName])
            guard names == expected else { continue }
            for page in files {
                XCTAssertEqual(
                    FileManager.default.contents(atPath: site + "/" + page.path).map { Array($0) }, page.contents,
                    "\(context): \(page.path) of the \(label) site", file: file, line: line)
            }
            XCTAssertEqual(
                contents(site + "/" + SiteWriter.manifestName), files.map(\.path).sorted().joined(separator: "\n") + "\n",
                context, file: file, line: line)
            XCTAssertEqual(contents(junit), junitText, "\(context): --junit goes with the \(label) site", file: file, line: line)
            let beside = Set((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("ci").path)) ?? [])
            XCTAssertEqual(beside, ["junit.xml"], "\(context): left beside --junit", file: file, line: line)
            return label
        }
        XCTFail("\(context): neither the old nor the new site: \(names.sorted())", file: file, line: line)
        return nil
    }

    /// Counts the publish's operations, or acts at the `at`-th one.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        /// Returns the index of this operation.
        func next() -> Int {
            lock.withLock {
                defer { count += 1 }
                return count
            }
        }
    }

    /// The operations of a publish that nothing disturbs, in order.
    private func operationKinds() throws -> [PublishFaults.Operation] {
        try prepareOldSite()
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var operations: [PublishFaults.Operation] = []
        }
        let log = Log()
        try SiteWriter.write(
            newSite, to: site, outputs: newOutputs,
            faults: PublishFaults { operation, _ in log.lock.withLock { log.operations.append(operation) } })
        return log.operations
    }

    private func operationCount() throws -> Int {
        try prepareOldSite()
        let counter = Counter()
        try SiteWriter.write(newSite, to: site, outputs: newOutputs, faults: PublishFaults { _, _ in _ = counter.next() })
        return counter.value
    }

    func testAKillAtEveryStepOfThePublishLeavesTheOldOrTheNewSiteOnceTheNextBuildRecovers() throws {
        let steps = try operationCount()
        XCTAssertGreaterThan(steps, 10)
        var outcomes: [String: Int] = [:]
        for step in 0...steps {
            try prepareOldSite()
            let counter = Counter()
            let faults = PublishFaults { _, _ in if counter.next() == step { throw PublishFaults.Killed() } }
            do {
                try SiteWriter.write(newSite, to: site, outputs: newOutputs, faults: faults)
                XCTAssertEqual(step, steps, "the publish finished although it was killed at step \(step)")
            } catch is PublishFaults.Killed {}
            try SiteWriter.recover(site)
            if let label = assertCompleteSite("killed at step \(step) of \(steps)") { outcomes[label, default: 0] += 1 }
        }
        // Both outcomes occur: before the commit the old site, after it the new one.
        XCTAssertGreaterThan(outcomes["old", default: 0], 0)
        XCTAssertGreaterThan(outcomes["new", default: 0], 0)
    }

    func testAKillDuringTheRecoveryIsRecoveredByTheNextOne() throws {
        let steps = try operationCount()
        for step in stride(from: 0, through: steps, by: 3) {
            try prepareOldSite()
            let counter = Counter()
            do {
                try SiteWriter.write(
                    newSite, to: site, outputs: newOutputs,
                    faults: PublishFaults { _, _ in if counter.next() == step { throw PublishFaults.Killed() } })
            } catch is PublishFaults.Killed {}
            let again = Counter()
            do {
                try SiteWriter.recover(
                    site, faults: PublishFaults { _, _ in if again.next() == 1 { throw PublishFaults.Killed() } })
            } catch is PublishFaults.Killed {}
            try SiteWriter.recover(site)
            _ = assertCompleteSite("killed at step \(step), then during the recovery")
        }
    }

    func testAFailingCallAtEveryStepLeavesTheFolderExactlyAsItWasOrFinishesTheNewSite() throws {
        let steps = try operationCount()
        let operations = try operationKinds()
        // A full disk fails the calls that allocate; any call can fail with an I/O error.
        let allocating = operations.indices.filter { [.write, .sync, .makeFolder, .link].contains(operations[$0]) }
        for (code, steps) in [(EIO, Array(0..<steps)), (ENOSPC, allocating)] {
            for step in steps {
                try prepareOldSite()
                let before = state(of: root.path)
                let counter = Counter()
                let faults = PublishFaults { _, _ in if counter.next() == step { throw PublishFaults.Errno(code) } }
                do {
                    try SiteWriter.write(newSite, to: site, outputs: newOutputs, faults: faults)
                    // Only a failure while cleaning up after the new site is complete is not an
                    // error; what is left to clean up, the next build removes.
                    try SiteWriter.recover(site)
                    XCTAssertEqual(assertCompleteSite("errno \(code) at step \(step), then success"), "new")
                } catch let error as LoupeError {
                    XCTAssertTrue("\(error)".contains(String(cString: strerror(code))), "\(error)")
                    let after = state(of: root.path)
                    let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
                    XCTAssertEqual(changed, [], "errno \(code) at step \(step): \(error)")
                }
                XCTAssertNil(try PublishJournal.load(PublishJournal.name, root: site))
            }
        }
    }

    func testAFailingRenameOfAPageRollsBackFromTheHardLinks() throws {
        try prepareOldSite()
        let before = state(of: root.path)
        let faults = PublishFaults { operation, path in
            if operation == .rename, path.hasSuffix("/model-b.html") { throw PublishFaults.Errno(EIO) }
        }
        XCTAssertThrowsError(try SiteWriter.write(newSite, to: site, outputs: newOutputs, faults: faults)) { error in
            XCTAssertTrue("\(error)".hasSuffix("the previous site is unchanged"), "\(error)")
        }
        XCTAssertEqual(state(of: root.path), before)
    }

    func testAReadOnlyFolderFailsWithNothingChanged() throws {
        try prepareOldSite()
        let before = state(of: root.path)
        // Root ignores permissions, so the refusal is injected where the kernel would give it.
        let faults = PublishFaults { operation, _ in if operation == .makeFolder { throw PublishFaults.Errno(EACCES) } }
        XCTAssertThrowsError(try SiteWriter.write(newSite, to: site, faults: faults)) { error in
            XCTAssertTrue("\(error)".contains("Permission denied"), "\(error)")
        }
        XCTAssertEqual(state(of: root.path), before)
        guard getuid() != 0 else { return }
        chmod(site, 0o555)
        defer { chmod(site, 0o755) }
        XCTAssertThrowsError(try SiteWriter.write(newSite, to: site))
        XCTAssertEqual(state(of: root.path), before)
    }

    func testABuildWaitsForTheOneHoldingTheFolderAndSaysSoWhenItGivesUp() throws {
        try prepareOldSite()
        let descriptor = open(site, O_RDONLY | O_DIRECTORY)
        XCTAssertEqual(flock(descriptor, LOCK_EX), 0)
        XCTAssertThrowsError(try SiteWriter.write(newSite, to: site, lockTimeout: 0.2)) { error in
            XCTAssertEqual(
                "\(error)", "\(site): another loupe build is writing this folder (waited 0 s); try again when it has finished")
        }
        close(descriptor)
        try SiteWriter.write(newSite, to: site, outputs: newOutputs)
        XCTAssertEqual(assertCompleteSite("after the other build let go"), "new")
    }

    func testConcurrentBuildsIntoOneFolderEachPublishACompleteSite() throws {
        try prepareOldSite()
        let sites = [oldSite, newSite]
        let outputs = [[SiteWriter.Output(path: junit, contents: Array("old junit".utf8), what: "junit")], newOutputs]
        let failures = Counter()
        let folder = site
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                try SiteWriter.write(sites[index % 2], to: folder, outputs: outputs[index % 2])
            } catch {
                _ = failures.next()
            }
        }
        XCTAssertEqual(failures.value, 0)
        _ = assertCompleteSite("after 16 concurrent builds")
    }

    func testAFolderMovedAfterAKillIsStillRecovered() throws {
        try prepareOldSite()
        let faults = PublishFaults { operation, path in
            if operation == .rename, path.hasSuffix("/index.html") { throw PublishFaults.Killed() }
        }
        XCTAssertThrowsError(try SiteWriter.write(newSite, to: site, outputs: newOutputs, faults: faults))
        let moved = root.appendingPathComponent("moved").path
        XCTAssertEqual(rename(site, moved), 0)
        try SiteWriter.recover(moved)
        XCTAssertEqual(rename(moved, site), 0)
        XCTAssertEqual(assertCompleteSite("recovered after a move"), "new")
    }
}
