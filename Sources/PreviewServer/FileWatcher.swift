import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches folders recursively and calls back once a burst of changes has settled.
///
/// On Linux it uses inotify: a watch on every folder, and a watch added for each new folder.
/// Elsewhere (or when asked) it compares the folders' listings and modification dates at an
/// interval. Editors' swap and backup files (names starting with `.` or ending in `~`, `.swp`,
/// `.swx`) are ignored, so an open editor does not reload the page.
public final class FileWatcher: @unchecked Sendable {
    /// How changes are noticed.
    public enum Mode: Sendable, Equatable {
        /// inotify on Linux, polling every 300 ms elsewhere.
        case native
        /// Listing the folders every `interval`.
        case polling(interval: Duration)
    }

    /// The folders watched, with everything in them. A folder that does not exist yet is
    /// watched for from its parent.
    public let folders: [URL]
    /// How long the files must stay unchanged before `onChange` is called.
    public let debounce: Duration
    /// How changes are noticed.
    public let mode: Mode

    private let onChange: @Sendable () -> Void
    // Guarded by `lock`.
    private var stopRequested = false
    private var started = false
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private var wakePipe: [Int32] = [-1, -1]

    /// A watcher for `folders` that calls `onChange` (on its own thread) after each settled
    /// burst of changes. Call ``start()`` to begin.
    public init(
        folders: [URL], debounce: Duration = .milliseconds(30), mode: Mode = .native,
        onChange: @escaping @Sendable () -> Void
    ) {
        self.folders = folders.map(\.standardizedFileURL)
        self.debounce = debounce
        self.mode = mode
        self.onChange = onChange
    }

    deinit { stop() }

    /// Starts watching on a thread of its own. Changes made after `start` returns are seen.
    /// Throws only when no thread can be set up at all.
    public func start() throws {
        try lock.withLock {
            guard !started else { return }
            started = true
            guard pipe(&wakePipe) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        }
        let loop: WatchLoop
        #if os(Linux)
        if mode == .native {
            // Out of inotify instances (another watcher hogs them): polling still works.
            loop = (try? InotifyLoop(folders: folders)) ?? PollingLoop(folders: folders)
        } else {
            loop = PollingLoop(folders: folders)
        }
        #else
        loop = PollingLoop(folders: folders)
        #endif
        let interval: Duration
        if case .polling(let value) = mode { interval = value } else { interval = .milliseconds(300) }
        let wake = wakePipe[0]
        let thread = Thread { [self] in
            run(loop, pollInterval: interval, wake: wake)
            finished.signal()
        }
        thread.name = "sitegen file watcher"
        thread.start()
    }

    /// Stops watching and waits for the watcher's thread to end. No `onChange` call starts after
    /// `stop` returns.
    public func stop() {
        let (wasRunning, wake) = lock.withLock {
            defer { stopRequested = true }
            return (started && !stopRequested, wakePipe[1])
        }
        guard wasRunning else { return }
        var byte: UInt8 = 1
        _ = write(wake, &byte, 1)
        finished.wait()
        close(wakePipe[0])
        close(wakePipe[1])
    }

    private var isStopping: Bool { lock.withLock { stopRequested } }

    /// The watcher thread: waits for changes or the wake pipe, and calls `onChange` once the
    /// changes have been quiet for `debounce` (or have gone on for ten times as long).
    private func run(_ loop: WatchLoop, pollInterval: Duration, wake: Int32) {
        let clock = ContinuousClock()
        var quietDeadline: ContinuousClock.Instant?
        var hardDeadline: ContinuousClock.Instant?
        while !isStopping {
            var timeout = loop.needsPolling ? pollInterval : nil
            if let quietDeadline, let hardDeadline {
                let wait = max(min(quietDeadline, hardDeadline) - clock.now, .zero)
                timeout = timeout.map { min($0, wait) } ?? wait
            }
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            if let fd = loop.descriptor { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            let milliseconds = timeout.map { Int32(clamping: $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? -1
            let ready = poll(&fds, nfds_t(fds.count), milliseconds)
            if ready < 0 && errno != EINTR { break }
            if fds[0].revents != 0 || isStopping { break }
            if loop.collectChanges() {
                let now = clock.now
                quietDeadline = now + debounce
                if hardDeadline == nil { hardDeadline = now + debounce * 10 }
            }
            if let quiet = quietDeadline, let hard = hardDeadline, clock.now >= min(quiet, hard) {
                quietDeadline = nil
                hardDeadline = nil
                if isStopping { break }
                onChange()
            }
        }
        loop.close()
    }

    /// Whether a changed entry named `name` is worth a rebuild.
    static func isRelevant(_ name: String) -> Bool {
        !(name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx"))
    }
}

/// One way of noticing changes. Made on the thread that calls `start`, then used only by the
/// watcher's thread, hence `Sendable` without checks.
protocol WatchLoop: AnyObject, Sendable {
    /// A descriptor that becomes readable when there are changes, if any.
    var descriptor: Int32? { get }
    /// Whether `collectChanges` must be called at an interval.
    var needsPolling: Bool { get }
    /// Reads what changed since the last call; whether anything relevant did.
    func collectChanges() -> Bool
    /// Releases what the loop holds.
    func close()
}

/// Notices changes by comparing listings of the folders (path, size, modification date).
final class PollingLoop: WatchLoop, @unchecked Sendable {
    private let folders: [URL]
    private var listing: [String: [Double]]

    init(folders: [URL]) {
        self.folders = folders
        listing = [:]
        listing = scan()
    }

    var descriptor: Int32? { nil }
    var needsPolling: Bool { true }

    func collectChanges() -> Bool {
        let now = scan()
        defer { listing = now }
        return now != listing
    }

    func close() {}

    private func scan() -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isDirectoryKey]
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys) else { continue }
            for case let url as URL in enumerator where FileWatcher.isRelevant(url.lastPathComponent) {
                let values = try? url.resourceValues(forKeys: Set(keys))
                result[url.path] = [
                    values?.contentModificationDate?.timeIntervalSinceReferenceDate ?? 0,
                    Double(values?.fileSize ?? 0),
                ]
            }
        }
        return result
    }
}

#if os(Linux)
/// Notices changes with inotify: a watch on every folder under the watched ones (new folders
/// get one as they appear), and a watch on each watched folder's parent, for a watched folder
/// that is created, removed or renamed.
final class InotifyLoop: WatchLoop, @unchecked Sendable {
    private let fd: Int32
    private let folders: [URL]
    /// Watch descriptor → the folder it watches.
    private var watched: [Int32: String] = [:]
    /// Watch descriptors on parents of watched folders → the parent's path and the names of
    /// watched folders in it.
    private var parents: [Int32: (path: String, names: Set<String>)] = [:]

    private static let folderMask = UInt32(
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR)
    private static let parentMask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) | UInt32(IN_ONLYDIR)

    init(folders: [URL]) throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.folders = folders
        addAllWatches()
    }

    var descriptor: Int32? { fd }
    var needsPolling: Bool { false }

    func close() { _ = Glibc.close(fd) }

    private func addAllWatches() {
        for folder in folders {
            let parent = folder.deletingLastPathComponent().path
            let wd = inotify_add_watch(fd, parent, Self.parentMask)
            if wd >= 0 { parents[wd, default: (parent, [])].names.insert(folder.lastPathComponent) }
            addTree(folder.path)
        }
    }

    /// Watches `path` and every folder under it. A watched folder may itself be a symbolic link;
    /// links to folders inside it are not followed (no loops, nothing outside the site).
    private func addTree(_ path: String) {
        let wd = inotify_add_watch(fd, path, Self.folderMask)
        guard wd >= 0 else { return }
        watched[wd] = path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries {
            let child = path + "/" + entry
            var info = stat()
            if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { addTree(child) }
        }
    }

    func collectChanges() -> Bool {
        var relevant = false
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, size)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len))
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset = nameStart + Int(event.len)
                if handle(wd: event.wd, mask: event.mask, name: name) { relevant = true }
            }
        }
        return relevant
    }

    /// Updates the watches for one event; whether it is a change worth a rebuild.
    private func handle(wd: Int32, mask: UInt32, name: String) -> Bool {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            // Events were lost: watch everything again and rebuild.
            addAllWatches()
            return true
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            watched[wd] = nil
            return false
        }
        if let parent = parents[wd] {
            guard parent.names.contains(name) else { return false }
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { addTree(parent.path + "/" + name) }
            return true
        }
        guard let folder = watched[wd] else { return false }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { return true }
        guard FileWatcher.isRelevant(name) else { return false }
        if mask & UInt32(IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            addTree(folder + "/" + name)
        }
        return true
    }
}
#endif
