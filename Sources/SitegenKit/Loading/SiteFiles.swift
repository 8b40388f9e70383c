import Diagnostics
import Foundation

/// Reads files under the site root, refusing anything that would lead outside it.
struct SiteFiles: Sendable {
    /// The site root.
    let root: URL
    /// The root's path, to which relative paths are joined as text: `URL.appendingPathComponent`
    /// costs more than reading an unchanged file's `stat` does, and a rebuild under `serve`
    /// joins a path for every file of the site.
    private let rootPath: String
    private let realRoot: String

    /// Sources made by an earlier build, reused when a file's bytes have not changed.
    let cache: SiteCache
    /// Folders already resolved: whether each is inside the root.
    private let folders = FolderVerdicts()

    init(root: URL, cache: SiteCache = .disabled) {
        self.cache = cache
        self.root = root.standardizedFileURL
        let path = self.root.path
        self.rootPath = path.hasSuffix("/") ? String(path.dropLast()) : path
        self.realRoot = self.root.resolvingSymlinksInPath().path
    }

    /// The absolute path of `relative`, a path under the root.
    private func fullPath(_ relative: String) -> String {
        rootPath + "/" + relative
    }

    /// Paths relative to the root, sorted, of the files (not folders) under `folder` whose names end
    /// with `suffix` (any file when `suffix` is empty). Hidden files are skipped. A symbolic link
    /// that leads outside the root is reported and skipped.
    func list(_ folder: String, suffix: String = "", recursive: Bool = true, diagnostics: inout [Diagnostic]) -> [String] {
        guard Self.isFolder(fullPath(folder)) else { return [] }
        var result: [String] = []
        // Links to folders are followed, so a link to a folder above it (a link to `.` is
        // enough) would make the walk endless. Each folder carries the folders it lies in,
        // known by device and inode whatever path reaches them, and one that is its own
        // ancestor is not entered again.
        var pending: [(path: String, ancestors: Set<FolderIdentity>)] = [(folder, [])]
        while let (current, ancestors) = pending.popLast() {
            let currentPath = fullPath(current)
            var inside = ancestors
            if let identity = FolderIdentity(path: currentPath), !inside.insert(identity).inserted {
                diagnostics.append(SiteProblem.linkLoop(current))
                continue
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: currentPath) else {
                // Skipped silently, an unreadable folder's files would each be reported as
                // missing (a partial that "does not exist"), far from the cause.
                // Foundation's error does not say why; opening the folder again does.
                var code = EIO
                if let folder = opendir(currentPath) { closedir(folder) } else { code = errno }
                diagnostics.append(SiteProblem.unreadable(current, .system(code)))
                continue
            }
            for name in names where !name.hasPrefix(".") {
                let relative = current + "/" + name
                let full = fullPath(relative)
                guard isInsideRoot(path: full) else {
                    diagnostics.append(SiteProblem.linkOutside(relative))
                    continue
                }
                if Self.isFolder(full) {
                    if recursive { pending.append((relative, inside)) }
                } else if suffix.isEmpty || name.hasSuffix(suffix) {
                    result.append(relative)
                }
            }
        }
        return result.sorted()
    }

    /// Whether the folder or file at `path` (absolute), links followed, is a folder.
    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether the file at `path` (absolute), with every symbolic link resolved, is inside the
    /// root.
    private func isInsideRoot(path: String) -> Bool {
        // Resolving every link of the path costs a system call per component, for every file
        // of the site. A file that is not a link is inside when its folder is, and the few
        // folders are resolved once each.
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            let name = path[path.utf8.index(after: slash)...]
            var info = stat()
            if name != "..", name != ".", !name.isEmpty, lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFLNK {
                let folder = String(path[..<slash])
                if let known = folders.value(folder) { return known }
                let inside = folder.isEmpty ? false : isInside(URL(fileURLWithPath: folder), folder: realRoot)
                folders.set(folder, inside)
                return inside
            }
        }
        return isInside(URL(fileURLWithPath: path), folder: realRoot)
    }

    /// Whether the file at `path`, with every symbolic link resolved, is inside `folder` (both
    /// relative to the root).
    func isInside(_ path: String, folder: String) -> Bool {
        isInside(root.appendingPathComponent(path), folder: root.appendingPathComponent(folder).resolvingSymlinksInPath().path)
    }

    private func isInside(_ url: URL, folder: String) -> Bool {
        let real = url.resolvingSymlinksInPath().path
        return real == folder || real.hasPrefix(folder + "/")
    }

    /// Whether a file exists at `path`.
    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: fullPath(path))
    }

    /// Reads a UTF-8 text file. Invalid UTF-8 and NUL bytes are errors, not crashes.
    func read(_ path: String, diagnostics: inout [Diagnostic]) -> SourceFile? {
        let fullPath = fullPath(path)
        guard isInsideRoot(path: fullPath) else {
            diagnostics.append(SiteProblem.readOutside(path))
            return nil
        }
        // The time is taken before `stat`, and `stat` before the read, so the cache never
        // vouches for bytes with a stamp or a time later than they are (SiteCache).
        var readAt = timespec()
        var stamp: SiteCache.FileStamp?
        if cache.isEnabled {
            clock_gettime(CLOCK_REALTIME, &readAt)
            var info = stat()
            if stat(fullPath, &info) == 0 {
                let current = SiteCache.FileStamp(info)
                if let cached = cache.source(at: path, unchangedAs: current) { return cached }
                stamp = current
            }
        }
        let data: Data
        switch FileContents.load(atPath: fullPath, limit: FileContents.sourceLimit) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            diagnostics.append(SiteProblem.unreadable(path, failure))
            return nil
        }
        if cache.isEnabled, let cached = cache.source(at: path, data: data, stamp: stamp, readAt: readAt) { return cached }
        guard let text = String(validatingUTF8Data: data) else {
            diagnostics.append(SiteProblem.notUTF8(path, at: Self.firstInvalidUTF8(in: data, file: path)))
            return nil
        }
        // Bytes first: finding the line is only worth it when there is a NUL to report.
        if data.withUnsafeBytes({ bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }) {
            let line = text.utf8.prefix { $0 != 0 }.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            diagnostics.append(SiteProblem.nulByte(at: SourceLocation(file: path, line: line, column: 1)))
            return nil
        }
        let file = SourceFile(path: path, text: text)
        cache.remember(file, data: data, at: path, stamp: stamp, readAt: readAt)
        return file
    }

    /// Where the first byte that is not UTF-8 stands (line, and column in characters of the
    /// valid text before it on its line), and that byte; `nil` when every byte is UTF-8.
    static func firstInvalidUTF8(in data: Data, file: String) -> (location: SourceLocation, byte: UInt8)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        var line = 1
        var lineStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = offset + 1
                }
                offset += encoded.count
            case .emptyInput:
                return nil
            case .error:
                let before = data[data.startIndex + lineStart..<data.startIndex + offset]
                let column = String(decoding: before, as: UTF8.self).count + 1
                return (SourceLocation(file: file, line: line, column: column), data[data.startIndex + offset])
            }
        }
    }

    /// Reads an asset's bytes (a default asset's from the binary), reporting an
    /// `asset.unreadable` error if it cannot.
    func asset(_ path: String, diagnostics: inout [Diagnostic]) -> Data? {
        // A default asset is in the binary, not under the root.
        if let data = BuiltInFiles.templateFile(at: path) { return data }
        switch FileContents.load(atPath: root.appendingPathComponent(path).path, limit: FileContents.assetLimit) {
        case .success(let data): return data
        case .failure(let failure):
            diagnostics.append(SiteProblem.assetUnreadable(path, failure))
            return nil
        }
    }
}

extension String {
    /// Decodes UTF-8, failing on invalid sequences instead of repairing them.
    init?(validatingUTF8Data data: Data) {
        guard let text = String(bytes: data, encoding: .utf8) else { return nil }
        self = text
    }
}

/// Whether each folder met is inside the site root; shared by the copies of one `SiteFiles`.
private final class FolderVerdicts: @unchecked Sendable {
    // Guarded by `lock`: files may be read from several threads.
    private var verdicts: [String: Bool] = [:]
    private let lock = NSLock()

    func value(_ folder: String) -> Bool? { lock.withLock { verdicts[folder] } }
    func set(_ folder: String, _ inside: Bool) { lock.withLock { verdicts[folder] = inside } }
}

/// A folder as the file system knows it, whatever path names it: a link to a folder and the
/// folder itself have the same identity.
private struct FolderIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the folder at `path`, following links; nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
