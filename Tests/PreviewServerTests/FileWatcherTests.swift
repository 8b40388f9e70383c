import Foundation
import PreviewServer
import Testing

/// Counts a watcher's callbacks.
final class ChangeCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}

@Suite(.timeLimit(.minutes(1))) struct FileWatcherTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("Content/guides"), withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func watching(
        _ mode: FileWatcher.Mode, debounce: Duration = .milliseconds(50), _ body: (URL, ChangeCounter) async throws -> Void
    ) async throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let counter = ChangeCounter()
        let watcher = FileWatcher(
            folders: [root.appendingPathComponent("Content"), root.appendingPathComponent("Templates")],
            debounce: debounce, mode: mode
        ) { counter.increment() }
        try watcher.start()
        defer { watcher.stop() }
        try await body(root, counter)
    }

    static let modes: [FileWatcher.Mode] = [.native, .polling(interval: .milliseconds(50))]

    /// Runs `change` and expects the watcher to report it.
    func expectReported(
        _ counter: ChangeCounter, sourceLocation: SourceLocation = #_sourceLocation, _ change: () throws -> Void
    ) async throws {
        let before = counter.count
        try change()
        #expect(await eventually { counter.count > before }, sourceLocation: sourceLocation)
        try await Task.sleep(for: .milliseconds(150))  // let the burst settle before the next
    }

    @Test(arguments: modes) func seesChangesDeepInside(mode: FileWatcher.Mode) async throws {
        try await watching(mode) { root, counter in
            try await expectReported(counter) { try write("a", to: root.appendingPathComponent("Content/guides/a.md")) }

            // A folder made after the start is watched too, and so is what is put in it.
            let partials = root.appendingPathComponent("Content/partials/deep")
            try await expectReported(counter) { try FileManager.default.createDirectory(at: partials, withIntermediateDirectories: true) }
            try await expectReported(counter) { try write("b", to: partials.appendingPathComponent("b.md")) }
            try await expectReported(counter) { try write("c", to: partials.appendingPathComponent("b.md")) }

            // A watched folder that did not exist yet.
            try await expectReported(counter) { try write("t", to: root.appendingPathComponent("Templates/index.mustache")) }
            try await expectReported(counter) { try write("u", to: root.appendingPathComponent("Templates/index.mustache")) }

            // Removing and renaming are changes too.
            try await expectReported(counter) {
                try FileManager.default.moveItem(
                    at: partials.appendingPathComponent("b.md"), to: partials.appendingPathComponent("c.md"))
            }
            try await expectReported(counter) { try FileManager.default.removeItem(at: partials) }
        }
    }

    @Test(arguments: modes) func aBurstOfChangesIsOneCallback(mode: FileWatcher.Mode) async throws {
        // The debounce is long enough that the ten writes stay one burst on a busy machine.
        try await watching(mode, debounce: .milliseconds(400)) { root, counter in
            for index in 0..<10 {
                try write("\(index)", to: root.appendingPathComponent("Content/guides/g\(index).md"))
            }
            #expect(await eventually { counter.count >= 1 })
            try await Task.sleep(for: .milliseconds(600))
            #expect(counter.count == 1)
        }
    }

    @Test func editorSwapFilesAreIgnored() async throws {
        try await watching(.native) { root, counter in
            try write("x", to: root.appendingPathComponent("Content/guides/.a.md.swp"))
            try write("x", to: root.appendingPathComponent("Content/guides/a.md~"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(counter.count == 0)
        }
    }

    @Test func noCallbackAfterStop() async throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let counter = ChangeCounter()
        let watcher = FileWatcher(folders: [root.appendingPathComponent("Content")], debounce: .milliseconds(20)) {
            counter.increment()
        }
        try watcher.start()
        watcher.stop()
        watcher.stop()
        try write("a", to: root.appendingPathComponent("Content/a.md"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(counter.count == 0)
    }
}
