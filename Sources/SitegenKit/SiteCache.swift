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
/// Files are always read again: their bytes, not their modification times, decide what is
/// reused, so two saves within one tick of the file system's clock are never confused.
final class SiteCache: @unchecked Sendable {
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
    private var sources: [String: (data: Data, file: SourceFile, version: Int)] = [:]
    private var nextVersion = 1
    private var units: [Key: Entry] = [:]
    /// Results that also depend on the rules; valid for `rulesVersions` only.
    private var ruleUnits: [Key: Entry] = [:]
    private var rulesVersions: [String: Int] = [:]
    private var groupUnits: [String: (paths: [String], versions: [Int], value: Any, diagnostics: [Diagnostic])] = [:]
    private var knownPaths: Set<String> = []

    /// The source file for `data` read at `path`: the one made last time when the bytes are the
    /// same, so its text and line index are not built again; `nil` when it must be made.
    func source(at path: String, data: Data) -> SourceFile? {
        lock.withLock {
            guard let entry = sources[path], entry.data == data else { return nil }
            return entry.file
        }
    }

    /// Remembers the source file made from `data` at `path`, under a new version.
    func remember(_ file: SourceFile, data: Data, at path: String) {
        lock.withLock {
            sources[path] = (data, file, nextVersion)
            nextVersion += 1
        }
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
