import Diagnostics
import Directives
import Foundation
import Rules

/// What one build parsed and checked, kept for the next build of the same site (`sitegen
/// serve`), so that a rebuild does again only the work whose inputs changed.
///
/// Each file read gets a version, which changes whenever its bytes do. An entry remembers the
/// files it was computed from and their versions, and is reused only while they are the same,
/// so reusing it gives exactly what computing it again would. Results that depend on the rules
/// (type checks, scenarios resolved against the facts) are also dropped whenever a file the
/// rules come from changes: `site.yml`, the rules files and the calendar.
///
/// Every kind of entry has its own table (``CacheTable``), typed by its key and its value, so a
/// lookup can neither miss through a misspelt key nor find a value of another type.
///
/// Bytes, not modification times, decide what is reused. A file is read again unless `stat`
/// shows it exactly as when it was last read (device, inode, size, modification and change
/// times) *and* it had been left alone for `settleTime` before that read. The second condition
/// is git's answer to "racily clean" files: the file system's clock ticks coarsely, so two
/// same-size saves within one tick look alike to `stat`; a file changed shortly before it was
/// read is therefore read again next time, until it has settled. The change time cannot be set
/// by programs, so a tool that restores a file's modification time is still seen.
///
/// ``disabled`` keeps nothing: a one-off build computes everything once and asks no `stat`.
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
            #if os(Linux)
                modified = info.st_mtim
                changed = info.st_ctim
            #else
                modified = info.st_mtimespec
                changed = info.st_ctimespec
            #endif
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

    /// A cache that keeps nothing, for a build that runs once.
    static var disabled: SiteCache { SiteCache(enabled: false) }

    /// Whether anything is kept; a disabled cache computes every unit and asks no `stat`.
    let isEnabled: Bool

    /// How long a file must have been left alone before it was read for its `stat` alone to
    /// vouch for its bytes later: well above a file system clock's tick (a few milliseconds
    /// here, two seconds for FAT's modification times).
    let settleTime: Double

    /// - Parameter settleTime: see ``settleTime``; tests make it short.
    init(settleTime: Double = 3) {
        self.settleTime = settleTime
        self.isEnabled = true
    }

    private init(enabled: Bool) {
        self.settleTime = 3
        self.isEnabled = enabled
    }

    // MARK: Tables

    /// Each guide's front matter and body, from its file.
    let guides = CacheTable<String, Guide?>()
    /// Each scenario file, parsed.
    let scenarioFiles = CacheTable<String, ScenarioFile?>()
    /// The holiday calendar, parsed.
    let calendars = CacheTable<String, HolidayCalendar?>()
    /// The glossary, parsed.
    let glossaries = CacheTable<String, Glossary>()
    /// The templates, parsed together; keyed by whether the glossary template is required.
    let templates = CacheTable<Bool, TemplateSet>()
    /// The rules library, loaded from the rules files and the calendar.
    let rules = CacheTable<RulesLibraryKey, RulesLibrary>()
    /// Each partial's directives.
    let partialDocuments = CacheTable<String, DirectiveDocument>()
    /// Each guide's title, description and body, parsed.
    let guideDocuments = CacheTable<String, GuideDocuments>()
    /// Each scenario file's titles, parsed, by scenario id.
    let scenarioTitles = CacheTable<String, [String: DirectiveDocument]>()
    /// The partials each guide's or partial's file names in its own includes.
    let directIncludes = CacheTable<String, Set<String>>()
    /// The check of each guide's step references against its steps; it has no value, only
    /// diagnostics. Keyed by the guide's path, it reads the partials the guide includes too.
    let stepReferenceChecks = CacheTable<String, Bool>()
    /// Each file's directive expressions parsed and type-checked against the rules.
    let expressionChecks = CacheTable<String, CheckedExpressions>(dependsOnRules: true)
    /// Each scenario file's scenarios grouped by guide, in file order.
    let scenarioGroups = CacheTable<String, [ScenarioGroup]>()
    /// The scenarios of one file for one guide, resolved against the facts the guide needs.
    let resolvedScenarios = CacheTable<ResolutionKey, [ResolvedScenario]>(dependsOnRules: true)
    /// The check that no two scenarios share an id; it has no value, only diagnostics.
    let duplicateIDs = CacheTable<DuplicateIDsKey, Bool>()
    /// A date stamper, which remembers the dates it formatted, for the settings it was made for.
    private var stamper: (settings: StamperSettings, stamper: DateStamper)?

    /// The key of the one rules library.
    struct RulesLibraryKey: Hashable, Sendable {}
    /// The key of the one duplicate-id check.
    struct DuplicateIDsKey: Hashable, Sendable {}

    /// One file's scenarios for one guide, resolved against exactly these facts.
    struct ResolutionKey: Hashable, Sendable {
        var path: String
        var guide: String
        var requiredFacts: [String]
        /// The names the guide uses, which a missing fact's message traces the fact from.
        var usedNames: Set<String>
    }

    /// What a date stamper is made from.
    struct StamperSettings: Equatable, Sendable {
        var language: String
        var timeZone: String
        var formats: [String: String]
    }

    // MARK: State

    // Guarded by `lock`: scenario files are parsed on all cores.
    private let lock = NSLock()
    private var sources: [String: (data: Data, file: SourceFile, version: Int, stamp: FileStamp?)] = [:]
    private var readCount = 0
    /// How many files were read from disk (not vouched for by `stat`), for tests and timings.
    var filesRead: Int { lock.withLock { readCount } }
    private var nextVersion = 1
    private var rulesVersions: [String: Int] = [:]
    private var knownPaths: Set<String> = []
    private var allTables: [any CacheTableProtocol] {
        [
            guides, scenarioFiles, calendars, glossaries, templates, rules, partialDocuments, guideDocuments,
            scenarioTitles, directIncludes, stepReferenceChecks, expressionChecks, scenarioGroups, resolvedScenarios, duplicateIDs,
        ]
    }

    // MARK: Sources

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
        guard isEnabled else { return }
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

    // MARK: Units

    /// `make(&diagnostics)`, computed from the files at `paths` (and from the rules too when
    /// `table` depends on them): its earlier result, and the diagnostics it gave, while those
    /// files have the same bytes (and the rules are the same). A file that was never read has
    /// no version, and a unit read from it is not kept.
    func unit<Key, Value>(
        _ table: CacheTable<Key, Value>, _ key: Key, reads paths: [String], diagnostics: inout [Diagnostic],
        make: (inout [Diagnostic]) -> Value
    ) -> Value {
        guard isEnabled else { return make(&diagnostics) }
        let (hit, versions) = lock.withLock { (table.entries[key], paths.map { sources[$0]?.version }) }
        if let hit, hit.paths == paths, hit.versions == versions {
            diagnostics += hit.diagnostics
            return hit.value
        }
        var own: [Diagnostic] = []
        let value = make(&own)
        diagnostics += own
        if versions.allSatisfy({ $0 != nil }) {
            let entry = CacheTable<Key, Value>.Entry(paths: paths, versions: versions, value: value, diagnostics: own)
            lock.withLock { table.entries[key] = entry }
        }
        return value
    }

    /// The unit of one file: ``unit(_:_:reads:diagnostics:make:)`` keyed by the file's path.
    func unit<Value>(
        _ table: CacheTable<String, Value>, at path: String, diagnostics: inout [Diagnostic], make: (inout [Diagnostic]) -> Value
    ) -> Value {
        unit(table, path, reads: [path], diagnostics: &diagnostics, make: make)
    }

    /// Starts a check against the rules read from the files at `paths`: results that depend on
    /// the rules are dropped when any of those files changed since the last check.
    func useRules(from paths: [String]) {
        guard isEnabled else { return }
        lock.withLock {
            let versions = Dictionary(paths.map { ($0, sources[$0]?.version ?? 0) }, uniquingKeysWith: { first, _ in first })
            guard versions != rulesVersions else { return }
            rulesVersions = versions
            for table in allTables where table.dependsOnRules { table.removeAll() }
        }
    }

    /// A date stamper for `settings`: the one made by an earlier build while the settings are
    /// the same, so the dates it formatted are not formatted again.
    func stamper(for settings: StamperSettings) -> DateStamper {
        let make = { DateStamper(language: settings.language, timeZone: settings.timeZone, formats: settings.formats) }
        guard isEnabled else { return make() }
        return lock.withLock {
            if let kept = stamper, kept.settings == settings { return kept.stamper }
            let made = make()
            stamper = (settings, made)
            return made
        }
    }

    /// Forgets the files that are no longer part of the site, so the cache does not grow with
    /// files that were deleted or renamed.
    func keepOnly(_ paths: Set<String>) {
        guard isEnabled else { return }
        lock.withLock {
            guard paths != knownPaths else { return }
            knownPaths = paths
            sources = sources.filter { paths.contains($0.key) }
            for table in allTables { table.keep { $0.allSatisfy(paths.contains) } }
        }
    }
}
