import Diagnostics
import Foundation

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
            var held = stat()
            var current = stat()
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
        DiagnosticsError([OutputProblem.lock(message)])
    }
}
