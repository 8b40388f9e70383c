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

    func watching(_ mode: FileWatcher.Mode, _ body: (URL, ChangeCounter) async throws -> Void) async throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let counter = ChangeCounter()
        let watcher = FileWatcher(
            folders: [root.appendingPathComponent("Content"), root.appendingPathComponent("Templates")],
            debounce: .milliseconds(50), mode: mode
        ) { counter.increment() }
        try watcher.start()
        defer { watcher.stop() }
        try await body(root, counter)
    }

    static let modes: [FileWatcher.Mode] = [.native, .polling(interval: .milliseconds(50))]

    @Test(arguments: modes) func seesChangesDeepInside(mode: FileWatcher.Mode) async throws {
        try await watching(mode) { root, counter in
            try write("a", to: root.appendingPathComponent("Content/guides/a.md"))
            #expect(await eventually { counter.count == 1 })

            // A folder made after the start is watched too, and so is what is put in it.
            let partials = root.appendingPathComponent("Content/partials/deep")
            try FileManager.default.createDirectory(at: partials, withIntermediateDirectories: true)
            #expect(await eventually { counter.count == 2 })
            try await Task.sleep(for: .milliseconds(100))
            try write("b", to: partials.appendingPathComponent("b.md"))
            #expect(await eventually { counter.count == 3 })

            // A watched folder that did not exist yet.
            try write("t", to: root.appendingPathComponent("Templates/index.mustache"))
            #expect(await eventually { counter.count == 4 })
            try await Task.sleep(for: .milliseconds(150))
            try write("u", to: root.appendingPathComponent("Templates/index.mustache"))
            #expect(await eventually { counter.count == 5 })
        }
    }

    @Test(arguments: modes) func aBurstOfChangesIsOneCallback(mode: FileWatcher.Mode) async throws {
        try await watching(mode) { root, counter in
            for index in 0..<10 {
                try write("\(index)", to: root.appendingPathComponent("Content/guides/g\(index).md"))
            }
            #expect(await eventually { counter.count >= 1 })
            try await Task.sleep(for: .milliseconds(300))
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
