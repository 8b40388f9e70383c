import Diagnostics
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a build's files go: a folder on disk, swapped in only when the build succeeds
/// (`build`), or memory (`serve`, tests).
public protocol OutputSink: Sendable {
    /// Stores `data` at `path`, relative to the output root. Called from several threads.
    func write(_ data: Data, to path: String) throws
}

/// Collects a build's files in memory.
public final class MemoryOutput: OutputSink, @unchecked Sendable {
    // Guarded by `lock`; writes come from the rendering threads.
    private var storage: [String: Data] = [:]
    private let lock = NSLock()

    /// An empty output.
    public init() {}

    public func write(_ data: Data, to path: String) throws {
        lock.withLock { storage[path] = data }
    }

    /// Every file written, by path.
    public var files: [String: Data] { lock.withLock { storage } }
}

/// Writes a build into a fresh folder beside the output folder, then swaps it in (SPEC §11):
/// a failed or interrupted build leaves the previous output as it was.
public final class StagedDiskOutput: OutputSink, @unchecked Sendable {
    /// The name of the file that marks a folder as written by sitegen.
    public static let markerName = ".sitegen-output"

    /// The folder that will be replaced.
    public let destination: URL
    /// The folder being written.
    public let staging: URL

    /// Prepares a staging folder for `destination`. Refuses a destination that exists, is not
    /// empty and was not written by sitegen, so `--output ~` cannot wipe a home folder.
    public init(destination: URL) throws(DiagnosticsError) {
        let destination = destination.standardizedFileURL
        self.destination = destination
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw DiagnosticsError([Diagnostic(
                    .error, "output.not-a-folder", "output '\(destination.path)' exists and is not a folder", file: nil)])
            }
            let contents = (try? fileManager.contentsOfDirectory(atPath: destination.path)) ?? []
            if !contents.isEmpty && !contents.contains(StagedDiskOutput.markerName) {
                throw DiagnosticsError([Diagnostic(
                    .error, "output.foreign",
                    "refusing to replace '\(destination.path)': it is not empty and was not written by sitegen (no \(StagedDiskOutput.markerName) file)",
                    file: nil)])
            }
        }
        let parent = destination.deletingLastPathComponent()
        // Builds into the same output take turns: a build cleans up after killed builds before
        // it starts, and without the lock it would remove the staging folder of a build that is
        // still writing, which then said "built" over an output missing files.
        lockFile = try OutputLock(for: destination)
        StagedDiskOutput.recoverLeftovers(of: destination)
        staging = parent.appendingPathComponent(".\(destination.lastPathComponent).sitegen-new-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            lockFile.release()
            throw DiagnosticsError([Diagnostic(
                .error, "output.write", "cannot create '\(staging.path)': \(error.localizedDescription)", file: nil)])
        }
    }

    // Held from before the leftovers are cleaned until the build is swapped in or discarded.
    private let lockFile: OutputLock

    deinit { lockFile.release() }

    // Folders already made in the staging folder; guarded by `lock`.
    private var madeFolders: Set<String> = []
    private let lock = NSLock()

    public func write(_ data: Data, to path: String) throws {
        let url = staging.appendingPathComponent(path)
        let folder = url.deletingLastPathComponent().path
        if !lock.withLock({ madeFolders.contains(folder) }) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            lock.withLock { _ = madeFolders.insert(folder) }
        }
        try StagedDiskOutput.writeFile(data, to: url.path)
    }

    /// Writes a file with plain POSIX calls. Foundation's `Data.write(to:)` syncs every file to
    /// the disk, which costs milliseconds per page and buys nothing here: the staging folder is
    /// swapped in by a rename only when the whole build is written, so a killed build never
    /// shows, and a build that is lost to a power cut is simply made again.
    static func writeFile(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                    let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                #else
                    let written = Darwin.write(descriptor, base + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                offset += written
            }
        }
    }

    /// Puts the staged build in place of the destination. The old output is moved aside first
    /// and removed only after the new one is in place.
    public func commit() throws(DiagnosticsError) {
        let fileManager = FileManager.default
        do {
            try Data("This folder is written by sitegen; a build replaces all of it.\n".utf8)
                .write(to: staging.appendingPathComponent(StagedDiskOutput.markerName))
            let old = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).sitegen-old-\(UUID().uuidString)")
            let hadOld = fileManager.fileExists(atPath: destination.path)
            if hadOld { try fileManager.moveItem(at: destination, to: old) }
            do {
                try fileManager.moveItem(at: staging, to: destination)
            } catch {
                if hadOld { try? fileManager.moveItem(at: old, to: destination) }
                throw error
            }
            if hadOld { try? fileManager.removeItem(at: old) }
            lockFile.release()
        } catch {
            discard()
            throw DiagnosticsError([Diagnostic(
                .error, "output.write", "cannot replace '\(destination.path)': \(error.localizedDescription)", file: nil)])
        }
    }

    /// Removes the staging folder, leaving the destination untouched.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        lockFile.release()
    }

    /// Cleans up after a build that was killed: its staging folder is removed, and if it was
    /// killed between moving the old output aside and moving the new one in, the old output is
    /// put back first, so the destination is always one complete build.
    private static func recoverLeftovers(of destination: URL) {
        let fileManager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        guard let entries = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries.sorted() where entry.hasPrefix(".\(name).sitegen-old-") {
            let old = parent.appendingPathComponent(entry)
            if !fileManager.fileExists(atPath: destination.path) {
                try? fileManager.moveItem(at: old, to: destination)
            } else {
                try? fileManager.removeItem(at: old)
            }
        }
        for entry in entries where entry.hasPrefix(".\(name).sitegen-new-") {
            try? fileManager.removeItem(at: parent.appendingPathComponent(entry))
        }
    }
}

/// An exclusive lock on an output folder, held by one build at a time: `flock` on the file
/// `.<name>.sitegen-lock` beside the folder. The kernel lets go of it when its holder dies, so a
/// killed build never leaves the output locked.
final class OutputLock: @unchecked Sendable {
    /// The lock file.
    let path: String
    // The open lock file while it is held, -1 once released; guarded by `mutex`.
    private var descriptor: Int32
    private let mutex = NSLock()

    /// Takes the lock on `destination`, waiting while another build holds it.
    init(for destination: URL) throws(DiagnosticsError) {
        let parent = destination.deletingLastPathComponent()
        path = parent.appendingPathComponent(".\(destination.lastPathComponent).sitegen-lock").path
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw Self.failure("cannot create '\(parent.path)': \(error.localizedDescription)")
        }
        // The holder removes the lock file when it is done, so no file is left beside the
        // output; a build that was waiting on the removed file finds a different file (or none)
        // at the path once it gets its lock, and tries again on the current one.
        while true {
            let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard opened >= 0 else {
                throw Self.failure("cannot lock '\(destination.path)': cannot open '\(path)': \(String(cString: strerror(errno)))")
            }
            var result: Int32
            repeat { result = flock(opened, LOCK_EX) } while result != 0 && errno == EINTR
            guard result == 0 else {
                let reason = String(cString: strerror(errno))
                close(opened)
                throw Self.failure("cannot lock '\(destination.path)' with '\(path)': \(reason)")
            }
            var held = stat(), current = stat()
            if fstat(opened, &held) == 0, stat(path, &current) == 0, held.st_dev == current.st_dev, held.st_ino == current.st_ino {
                descriptor = opened
                return
            }
            close(opened)
        }
    }

    /// Lets go of the lock; the next build waiting for it goes on. Releasing twice does nothing.
    func release() {
        mutex.withLock {
            guard descriptor >= 0 else { return }
            // Removed while still locked, so no other build can lock this file after it is gone.
            unlink(path)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }

    private static func failure(_ message: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(.error, "output.lock", message, file: nil)])
    }
}
