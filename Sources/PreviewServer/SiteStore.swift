import Foundation
import SitegenKit

/// Holds the snapshot that requests are served from, and swaps in a new one atomically.
public final class SiteStore: @unchecked Sendable {
    // Guarded by `lock`. Requests read the whole snapshot at once, so they never see half a build.
    private var snapshot: SiteSnapshot
    private let lock = NSLock()

    /// A store holding `snapshot`.
    public init(_ snapshot: SiteSnapshot = .empty) { self.snapshot = snapshot }

    /// The snapshot to serve now.
    public var current: SiteSnapshot { lock.withLock { snapshot } }

    /// Makes `result`'s build current when it changes what is served; returns the new snapshot,
    /// or `nil` when nothing changed.
    @discardableResult
    ///
    /// - Parameter filesChanged: whether `files` differ from the current snapshot's, when the
    ///   caller knows; otherwise they are compared.
    public func publish(_ result: BuildResult, files: [String: Data], filesChanged: Bool? = nil) -> SiteSnapshot? {
        lock.withLock {
            guard let next = snapshot.next(after: result, files: files, filesChanged: filesChanged) else { return nil }
            snapshot = next
            return next
        }
    }
}
