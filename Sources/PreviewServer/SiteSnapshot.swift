import Diagnostics
import SitegenKit
import Foundation

/// One complete state of the served site: the files of the last build that succeeded, and the
/// errors of the latest build when it failed. A snapshot never changes; a rebuild makes a new
/// one, so a request sees one build or the next, never a mix.
public struct SiteSnapshot: Sendable {
    /// Counts the builds that changed what is served, from 0 (nothing built yet).
    public var generation: Int
    /// The files of the last successful build, by site path (`guides/a/index.html`).
    public var files: [String: Data]
    /// Whether any build has succeeded yet.
    public var hasSucceeded: Bool
    /// The errors of the latest build, when it failed.
    public var overlay: ErrorOverlay?

    /// The state before the first build.
    public static let empty = SiteSnapshot(generation: 0, files: [:], hasSucceeded: false, overlay: nil)

    /// The snapshot that follows this one after a build that reported `result` and wrote
    /// `files`, or `nil` when nothing served would change (the same files, still no errors).
    ///
    /// - Parameter filesChanged: whether `newFiles` differ from ``files``, when the caller knows
    ///   (an incremental build does, from the pages it wrote); compared here when `nil`.
    public func next(after result: BuildResult, files newFiles: [String: Data], filesChanged: Bool? = nil) -> SiteSnapshot? {
        if result.succeeded {
            if hasSucceeded && overlay == nil && !(filesChanged ?? (newFiles != files)) { return nil }
            return SiteSnapshot(generation: generation + 1, files: newFiles, hasSucceeded: true, overlay: nil)
        }
        // A failed build keeps the pages of the last good one and covers them with its errors.
        let overlay = ErrorOverlay(diagnostics: result.diagnostics, sources: result.sources)
        if let current = self.overlay, current.text == overlay.text { return nil }
        return SiteSnapshot(generation: generation + 1, files: files, hasSucceeded: hasSucceeded, overlay: overlay)
    }
}
