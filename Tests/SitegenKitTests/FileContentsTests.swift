import Diagnostics
import Foundation
import Testing

@testable import SitegenKit

@Suite struct FileContentsTests {
    /// A folder that cannot be listed is reported with its path and why (permission denied),
    /// not as partials that do not exist. Root may list any folder, so this runs as another
    /// user only (as root, `sitegen check` run as `nobody` shows the same).
    @Test(.enabled(if: getuid() != 0)) func anUnreadablePartialsFolderIsReportedWithWhy() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/guides/g.md", "---\ntitle: t\n---\n{% include \"note\" %}\n")
        let partials = site.root.appendingPathComponent("Content/partials").path
        chmod(partials, 0)
        defer { chmod(partials, 0o755) }
        let diagnostics = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), into: MemoryOutput()).diagnostics
        let error = try #require(diagnostics.first { $0.id == "site.unreadable" })
        #expect(error.file == "Content/partials")
        #expect(error.message == "cannot read 'Content/partials': \(String(cString: strerror(EACCES)))")
        #expect(!diagnostics.contains { $0.id == "include.missing" })
    }

    @Test func readsEmptyAndNonEmptyFiles() throws {
        let site = try FixtureSite("rules")
        try site.write("empty.txt", "")
        try site.write("text.txt", String(repeating: "手順", count: 5000))
        #expect(FileContents.load(atPath: site.root.appendingPathComponent("empty.txt").path, limit: FileContents.sourceLimit) == .success(Data()))
        #expect(FileContents.load(atPath: site.root.appendingPathComponent("text.txt").path, limit: FileContents.sourceLimit)
            == .success(Data(String(repeating: "手順", count: 5000).utf8)))
    }

    @Test func readsAFileWhoseSizeIsNotKnownBeforehand() throws {
        // /proc files report a size of 0 but have content: the read must go on to the end.
        let data = try FileContents.load(atPath: "/proc/self/status", limit: FileContents.sourceLimit).get()
        let text = try #require(String(bytes: data, encoding: .utf8))
        #expect(text.hasPrefix("Name:"))
        #expect(text.contains("\nVmRSS:"))
    }

    @Test func refusesFilesOverTheLimit() throws {
        let site = try FixtureSite("rules")
        try site.write("text.txt", String(repeating: "x", count: 100))
        let path = site.root.appendingPathComponent("text.txt").path
        #expect(FileContents.load(atPath: path, limit: 100) == .success(Data(repeating: UInt8(ascii: "x"), count: 100)))
        #expect(FileContents.load(atPath: path, limit: 99) == .failure(.tooLarge(limit: 99)))
        // /proc reports a size of 0, so the limit is caught while reading, not from `fstat`.
        #expect(FileContents.load(atPath: "/proc/self/status", limit: 16) == .failure(.tooLarge(limit: 16)))
    }

    @Test func aSparseGuideOfAHundredGigabytesIsRefusedUnread() throws {
        let site = try ScenarioSiteTests().makeSite()
        // Takes no room on disk, but reading it into memory would exhaust the machine.
        let path = site.root.appendingPathComponent("Content/guides/huge.md").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 100 << 30) == 0)
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), toFolder: site.output)
        #expect(!result.succeeded)
        let error = try #require(result.diagnostics.first { $0.id == "site.unreadable" })
        #expect(error.message == "cannot read 'Content/guides/huge.md': it is larger than 64 MiB, the most sitegen reads of one file")
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func refusesWhatIsNotARegularFile() throws {
        let site = try FixtureSite("rules")
        #expect(FileContents.load(atPath: site.root.path, limit: FileContents.sourceLimit) == .failure(.notRegularFile))
        #expect(FileContents.load(atPath: site.root.appendingPathComponent("missing").path, limit: FileContents.sourceLimit) == .failure(.system(ENOENT)))
        let fifo = site.root.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(FileContents.load(atPath: fifo.path, limit: FileContents.sourceLimit) == .failure(.notRegularFile))
    }

    @Test func anEmptySiteFileIsEmptyText() throws {
        let site = try FixtureSite("rules")
        try site.write("Content/partials/empty.md", "")
        var diagnostics: [Diagnostic] = []
        let file = SiteFiles(root: site.root).read("Content/partials/empty.md", diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        #expect(file?.text == "")
    }
}

/// Opening a FIFO for reading waits for a writer, so a build that opened one plainly would hang.
/// These tests run the build on a thread of its own and play the writer only if it has not
/// finished long after it should have: the FIFO is opened for writing and closed again, which
/// lets a waiting build go on (and fail the test) instead of hanging. (Watching for a reader all
/// along instead took the build's own brief, non-blocking open for a wait, now and then, when
/// the machine was busy.)
@Suite struct SpecialFileTests {
    @Test(arguments: zip(
        ["Content/guides/pipe.md", "Content/partials/pipe.md", "Content/rules/pipe.yml", "Content/assets/pipe.css"],
        ["site.unreadable", "site.unreadable", "site.unreadable", "asset.unreadable"]))
    func aFIFONamedLikeASiteFileIsRefusedWithoutWaiting(path: String, id: String) throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/assets/logo.svg", "<svg/>")
        let fifo = site.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: fifo.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let root = site.root
        let output = site.output
        let (outcome, waited) = Self.run(unblocking: fifo.path) {
            Builder.build(BuildOptions(root: root, asOf: "2026-01-15"), toFolder: output)
        }
        #expect(!waited, "the build waited for a writer on the FIFO")
        #expect(!outcome.succeeded)
        let error = try #require(outcome.diagnostics.first { $0.id == id })
        #expect(error.message == "cannot read '\(path)': it is not a regular file")
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func emptyAssetsAreCopied() throws {
        let site = try ScenarioSiteTests().makeSite()
        try site.write("Content/assets/empty.css", "")
        let result = Builder.build(BuildOptions(root: site.root, asOf: "2026-01-15"), toFolder: site.output)
        #expect(result.succeeded)
        #expect(FileContents.load(atPath: site.output.appendingPathComponent("assets/empty.css").path, limit: FileContents.sourceLimit) == .success(Data()))
    }

    /// Runs `work` on a thread of its own; if it has not finished after `patience` seconds
    /// (a build of this site takes well under one), opens `fifo` for writing until it has, so
    /// that a reader waiting in `open` goes on. Returns what `work` gave and whether that was
    /// needed.
    private static func run(
        unblocking fifo: String, patience: Double = 30, _ work: @escaping @Sendable () -> BuildResult
    ) -> (BuildResult, waited: Bool) {
        let box = ResultBox()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = work()
            finished.signal()
        }
        thread.start()
        if finished.wait(timeout: .now() + patience) == .success { return (box.result!, false) }
        // Without O_NONBLOCK this open would wait for a reader; with it, it succeeds only
        // while one is there, which lets a reader waiting for a writer go on.
        repeat {
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { close(descriptor) }
        } while finished.wait(timeout: .now() + 0.02) == .timedOut
        return (box.result!, true)
    }
}

/// What the build's thread gave, read by the test once the thread has signalled.
private final class ResultBox: @unchecked Sendable {
    // Written by the build's thread before it signals, read by the test after it waited.
    var result: BuildResult?
}
