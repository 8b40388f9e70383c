import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a build removes the folders it no longer needs: the output it replaced, and what builds
/// that were killed left beside the output.
public enum FolderRemoval: Sendable {
    /// Removed before the call returns, so a caller that looks next finds them gone.
    case now
    /// Handed to a process of its own (`rm -rf`) that goes on after sitegen has returned: the
    /// new output is in place already, so nobody waits for the old one to go. Removing the
    /// 10,410 files of a 10k-page site takes seconds, longer than some builds. A removal that
    /// cannot be started is done at once instead, and one that is stopped halfway is finished by
    /// the next build into the same output.
    case inBackground

    /// Removes `paths` (folders or files); what cannot be removed is left.
    func remove(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        if self == .inBackground, Self.startRemoval(of: paths) { return }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func startRemoval(of paths: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/rm")
        // `--` so that no path is read as an option; every path here starts with `/` anyway.
        process.arguments = ["-rf", "--"] + paths
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            return true
        } catch {
            return false
        }
    }
}

/// Exchanges two folders in one step, where the system can.
enum FolderExchange {
    /// Swaps what `first` and `second` name; `false` when the system cannot do that in one step
    /// (or either path is missing), and nothing has changed.
    static func exchange(_ first: String, _ second: String) -> Bool {
        #if os(Linux)
            guard let renameat2 else { return false }
            return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
        #elseif canImport(Darwin)
            return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0
        #else
            return false
        #endif
    }

    #if os(Linux)
        private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // glibc has `renameat2` since 2.28, but Swift's Glibc module does not declare it, so it
        // is looked up by name; without it (an older C library) folders are moved one by one.
        private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
        /// `RENAME_EXCHANGE` of `<linux/fs.h>`.
        private static let renameExchange: UInt32 = 1 << 1
    #endif
}
