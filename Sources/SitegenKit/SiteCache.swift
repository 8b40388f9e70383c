import Diagnostics
import Directives
import Foundation
import Rules

/// What one build parsed and checked, kept for the next build of the same site (`sitegen
/// serve`), so that a rebuild does again only the work whose inputs changed.
///
/// Each file read gets a version, which changes whenever its bytes do. An entry remembers the
/// versions of the files it was computed from, and is reused only while they are the same, so
/// reusing it gives exactly what computing it again would. Results that depend on the rules
/// (type checks, scenarios resolved against the facts) are also dropped whenever a file the
/// rules come from changes: `site.yml`, the rules files and the calendar.
///
/// Bytes, not modification times, decide what is reused. A file is read again unless `stat`
/// shows it exactly as when it was last read (device, inode, size, modification and change
/// times) *and* it had been left alone for `settleTime` before that read. The second condition
/// is git's answer to "racily clean" files: the file system's clock ticks coarsely, so two
/// same-size saves within one tick look alike to `stat`; a file changed shortly before it was
/// read is therefore read again next time, until it has settled. The change time cannot be set
/// by programs, so a tool that restores a file's modification time is still seen.
final class SiteCache: @unchecked Sendable {
    /// What `stat` says of a file: enough to know it has not been written since.
    struct FileStamp: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec
        var changed: timespec

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = info.st_mtim
            changed = info.st_ctim
        }

        static func == (a: FileStamp, b: FileStamp) -> Bool {
            a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
                && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
        }

        /// Whether the file was last changed more than `seconds` before `time`.
        func settled(before time: timespec, by seconds: Double) -> Bool {
            func value(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
            let last = max(value(modified), value(changed))
            return last + seconds < value(time)
        }
    }

    /// How long a file must have been left alone before it was read for its `stat` alone to
    /// vouch for its bytes later: well above a file system clock's tick (a few milliseconds
    /// here, two seconds for FAT's modification times).
    let settleTime: Double

    /// - Parameter settleTime: see ``settleTime``; tests make it short.
    init(settleTime: Double = 3) {
        self.settleTime = settleTime
    }

    private struct Entry {
        var version: Int
        var value: Any
        var diagnostics: [Diagnostic]
    }

    /// A result computed from one file: the file, and what was computed from it.
    private struct Key: Hashable {
        var path: String
        var part: String
    }

    // Guarded by `lock`: scenario files are parsed on all cores.
    private let lock = NSLock()
    private var sources: [String: (data: Data, file: SourceFile, version: Int, stamp: FileStamp?)] = [:]
    private var readCount = 0
    /// How many files were read from disk (not vouched for by `stat`), for tests and timings.
    var filesRead: Int { lock.withLock { readCount } }
    private var nextVersion = 1
    private var units: [Key: Entry] = [:]
    /// Results that also depend on the rules; valid for `rulesVersions` only.
    private var ruleUnits: [Key: Entry] = [:]
    private var rulesVersions: [String: Int] = [:]
    private var groupUnits: [String: (paths: [String], versions: [Int], value: Any, diagnostics: [Diagnostic])] = [:]
    private var knownPaths: Set<String> = []

    /// The source file at `path` without reading it, when `stamp` is what `stat` gave for it
    /// when it was last read and it had settled then; `nil` when it must be read.
    func source(at path: String, unchangedAs stamp: FileStamp) -> SourceFile? {
        lock.withLock {
            guard let entry = sources[path], entry.stamp == stamp else { return nil }
            return entry.file
        }
    }

    /// The source file for `data` read at `path`: the one made last time when the bytes are the
    /// same, so its text and line index are not built again; `nil` when it must be made.
    /// `stamp` is what `stat` gave just before the read, which began at `readAt`.
    func source(at path: String, data: Data, stamp: FileStamp?, readAt: timespec) -> SourceFile? {
        lock.withLock {
            readCount += 1
            guard let entry = sources[path], entry.data == data else { return nil }
            sources[path]?.stamp = vouching(stamp, readAt: readAt)
            return entry.file
        }
    }

    /// Remembers the source file made from `data` at `path`, under a new version.
    func remember(_ file: SourceFile, data: Data, at path: String, stamp: FileStamp? = nil, readAt: timespec = timespec()) {
        lock.withLock {
            sources[path] = (data, file, nextVersion, vouching(stamp, readAt: readAt))
            nextVersion += 1
        }
    }

    /// `stamp` if it may vouch for the bytes read at `readAt` next time: the file had settled.
    private func vouching(_ stamp: FileStamp?, readAt: timespec) -> FileStamp? {
        guard let stamp, stamp.settled(before: readAt, by: settleTime) else { return nil }
        return stamp
    }

    /// `make(&diagnostics)`, computed from the file at `path` alone (and from the rules too
    /// when `dependsOnRules`): its earlier result, and the diagnostics it gave, while the file
    /// has the same bytes (and the rules are the same). `part` names what is computed.
    func unit<Value>(
        at path: String, _ part: String, dependsOnRules: Bool = false, diagnostics: inout [Diagnostic],
        make: (inout [Diagnostic]) -> Value
    ) -> Value {
        let key = Key(path: path, part: part)
        let (hit, version) = lock.withLock { ((dependsOnRules ? ruleUnits : units)[key], sources[path]?.version) }
        if let hit, let version, hit.version == version, let value = hit.value as? Value {
            diagnostics += hit.diagnostics
            return value
        }
        var own: [Diagnostic] = []
        let value = make(&own)
        diagnostics += own
        if let version {
            let entry = Entry(version: version, value: value, diagnostics: own)
            lock.withLock {
                if dependsOnRules { ruleUnits[key] = entry } else { units[key] = entry }
            }
        }
        return value
    }

    /// `make(&diagnostics)`, computed from the files at `paths` together: its earlier result
    /// while every one of them has the same bytes (and the set of files is the same).
    func unit<Value>(
        atAll paths: [String], _ part: String, diagnostics: inout [Diagnostic], make: (inout [Diagnostic]) -> Value
    ) -> Value {
        let (hit, versions) = lock.withLock { (groupUnits[part], paths.map { sources[$0]?.version ?? 0 }) }
        if let hit, hit.paths == paths, hit.versions == versions, let value = hit.value as? Value {
            diagnostics += hit.diagnostics
            return value
        }
        var own: [Diagnostic] = []
        let value = make(&own)
        diagnostics += own
        lock.withLock { groupUnits[part] = (paths, versions, value, own) }
        return value
    }

    /// Starts a check against the rules read from the files at `paths`: results that depend on
    /// the rules are dropped when any of those files changed since the last check.
    func useRules(from paths: [String]) {
        lock.withLock {
            let versions = Dictionary(paths.map { ($0, sources[$0]?.version ?? 0) }, uniquingKeysWith: { first, _ in first })
            guard versions != rulesVersions else { return }
            rulesVersions = versions
            ruleUnits = [:]
        }
    }

    /// Forgets the files that are no longer part of the site, so the cache does not grow with
    /// files that were deleted or renamed.
    func keepOnly(_ paths: Set<String>) {
        lock.withLock {
            guard paths != knownPaths else { return }
            knownPaths = paths
            sources = sources.filter { paths.contains($0.key) }
            units = units.filter { paths.contains($0.key.path) }
            ruleUnits = ruleUnits.filter { paths.contains($0.key.path) }
        }
    }
}
