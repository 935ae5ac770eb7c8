import XCTest

@testable import LoupeCLI
@testable import LoupeDemo
@testable import LoupeEvaluation

final class SiteWriterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-sitewriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func read(_ path: String) -> String? {
        try? String(contentsOf: folder.appendingPathComponent("site/\(path)"), encoding: .utf8)
    }

    func testReplacesStalePagesButKeepsFilesLoupeDidNotWrite() throws {
        let site = folder.appendingPathComponent("site").path
        try SiteWriter.write([.init(path: "index.html", text: "one"), .init(path: "model-old.html", text: "old")], to: site)
        try "keep".write(toFile: site + "/.gitkeep", atomically: true, encoding: .utf8)
        try SiteWriter.write([.init(path: "index.html", text: "two")], to: site)
        XCTAssertEqual(read("index.html"), "two")
        XCTAssertNil(read("model-old.html"))
        XCTAssertEqual(read(".gitkeep"), "keep")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(leftovers, ["site"])
    }

    func testRefusesAFileWhereTheFolderShouldBe() throws {
        let path = folder.appendingPathComponent("site").path
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SiteWriter.write([.init(path: "index.html", text: "x")], to: path)) { error in
            XCTAssertEqual("\(error)", "\(path): exists and is not a folder")
        }
    }

    private func inode(_ path: String) -> UInt64 {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0, path)
        return UInt64(info.st_ino)
    }

    private func info(_ path: String) -> stat {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0, path)
        return info
    }

    func testARebuildKeepsTheFolderItselfAndEverythingLoupeDidNotWrite() throws {
        let site = folder.appendingPathComponent("site").path
        try SiteWriter.write([.init(path: "index.html", text: "one"), .init(path: "same.html", text: "same")], to: site)
        try FileManager.default.createDirectory(atPath: site + "/empty", withIntermediateDirectories: false)
        try "notes".write(toFile: site + "/notes.md", atomically: false, encoding: .utf8)
        chmod(site + "/notes.md", 0o600)
        XCTAssertEqual(link(site + "/notes.md", folder.appendingPathComponent("outside-link").path), 0)
        XCTAssertEqual(mkfifo(site + "/pipe", 0o644), 0)  // opened, this would block the build
        chmod(site, 0o750)
        chmod(site + "/index.html", 0o640)
        let notesBefore = info(site + "/notes.md")
        let sameBefore = info(site + "/same.html")
        let folderInode = inode(site)
        // A shell or web server whose working folder is the site holds it open.
        let held = open(site, O_RDONLY | O_DIRECTORY)
        defer { close(held) }
        usleep(20_000)

        try SiteWriter.write([.init(path: "index.html", text: "two"), .init(path: "same.html", text: "same")], to: site)

        XCTAssertEqual(inode(site), folderInode, "the folder was replaced")
        XCTAssertEqual(info(site).st_mode & 0o7777, 0o750)
        XCTAssertEqual(info(site + "/empty").st_mode & S_IFMT, S_IFDIR)
        XCTAssertEqual(info(site + "/pipe").st_mode & S_IFMT, S_IFIFO)
        let notesAfter = info(site + "/notes.md")
        XCTAssertEqual(notesAfter.st_ino, notesBefore.st_ino)
        XCTAssertEqual(notesAfter.st_nlink, 2, "the hard link was broken")
        XCTAssertEqual(notesAfter.st_mode, notesBefore.st_mode)
        XCTAssertEqual(notesAfter.st_mtim.tv_nsec, notesBefore.st_mtim.tv_nsec)
        let sameAfter = info(site + "/same.html")
        XCTAssertEqual(sameAfter.st_ino, sameBefore.st_ino, "an unchanged page was rewritten")
        XCTAssertEqual(sameAfter.st_mtim.tv_nsec, sameBefore.st_mtim.tv_nsec)
        XCTAssertEqual(info(site + "/index.html").st_mode & 0o7777, 0o640, "a page's mode was reset")
        XCTAssertEqual(read("index.html"), "two")
        let descriptor = openat(held, "index.html", O_RDONLY)
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 8)
        XCTAssertEqual(Foundation.read(descriptor, &bytes, 8), 3, "the open folder does not see the new site")
        XCTAssertEqual(Array(bytes.prefix(3)), Array("two".utf8))
    }

    func testASymlinkedOutputFolderStaysALink() throws {
        let real = folder.appendingPathComponent("real").path
        let link = folder.appendingPathComponent("site").path
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try SiteWriter.write([.init(path: "index.html", text: "one")], to: link)
        try SiteWriter.write([.init(path: "index.html", text: "two")], to: link)
        XCTAssertEqual(info(link).st_mode & S_IFMT, S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: real + "/index.html", encoding: .utf8), "two")
    }

    func testAManifestNamingFilesElsewhereNeverRemovesThem() throws {
        let site = folder.appendingPathComponent("site").path
        try SiteWriter.write([.init(path: "index.html", text: "one")], to: site)
        try "precious".write(to: folder.appendingPathComponent("precious.txt"), atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: site + "/sub", withIntermediateDirectories: false)
        try "mine".write(toFile: site + "/sub/x.html", atomically: false, encoding: .utf8)
        try "index.html\n../precious.txt\nsub/x.html\n\(folder.path)/precious.txt\n"
            .write(toFile: site + "/.loupe-manifest", atomically: false, encoding: .utf8)
        try SiteWriter.write([.init(path: "index.html", text: "two")], to: site)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("precious.txt").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site + "/sub/x.html"))
    }

    func testRefusesToReplaceAPageThatIsNotARegularFile() throws {
        let site = folder.appendingPathComponent("site").path
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: false)
        XCTAssertEqual(mkfifo(site + "/index.html", 0o644), 0)
        XCTAssertThrowsError(try SiteWriter.write([.init(path: "index.html", text: "x")], to: site)) { error in
            XCTAssertEqual(
                "\(error)", "\(site)/index.html: is a FIFO where the site has a page; Loupe replaces only regular files")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site), ["index.html"])
    }

    func testAFailedFirstPublishLeavesNoFolderBehind() throws {
        let site = folder.appendingPathComponent("new/site").path
        let faults = PublishFaults { operation, _ in if operation == .rename { throw PublishFaults.Errno(EIO) } }
        let before = info(folder.path).st_mtim
        usleep(10_000)
        XCTAssertThrowsError(try SiteWriter.write([.init(path: "index.html", text: "x")], to: site, faults: faults))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        XCTAssertEqual(info(folder.path).st_mtim.tv_nsec, before.tv_nsec)
        // Refused before anything is written, with the folder made and removed again.
        let page = site + "/index.html"
        XCTAssertThrowsError(
            try SiteWriter.write(
                [.init(path: "index.html", text: "x")], to: site, outputs: [.init(path: page, contents: [1], what: "junit")]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        XCTAssertEqual(info(folder.path).st_mtim.tv_nsec, before.tv_nsec)
    }
}
