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

    /// Stores `bytes` at `path`, as ``write(_:to:)`` does. A page is rendered into an array of
    /// bytes: an output that writes them as they are saves copying each page into `Data`.
    func write(bytes: [UInt8], to path: String) throws
}

extension OutputSink {
    /// Stores `bytes` as `Data`.
    public func write(bytes: [UInt8], to path: String) throws {
        try write(Data(bytes), to: path)
    }
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
