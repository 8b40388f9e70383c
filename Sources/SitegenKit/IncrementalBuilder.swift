import Diagnostics
import Foundation
import Rules

/// Keeps a built site in memory and, when files change, re-renders only the pages that depend
/// on what changed (for `sitegen serve`). Every rebuild reads and checks the whole site again,
/// which is cheap next to rendering; a page is rendered again only when one of its sources
/// changed. The bytes are always exactly those of a clean build.
public final class IncrementalBuilder: @unchecked Sendable {
    /// What one rebuild did.
    public struct Outcome: Sendable {
        /// Problems found; with errors, the previous snapshot stays in place.
        public var diagnostics: [Diagnostic]
        /// Files read, for quoting lines.
        public var sources: SourceFiles
        /// The output paths that were rendered again (pages only).
        public var renderedPages: [String]
        /// Whether the snapshot changed.
        public var changed: Bool

        /// Whether the build succeeded.
        public var succeeded: Bool { !diagnostics.containsErrors }
    }

    private let options: BuildOptions
    // Guarded by `lock`: rebuilds may be asked for from the watcher while requests read.
    private var snapshot: [String: Data] = [:]
    private var sourceTexts: [String: String] = [:]
    /// The guides each scenario file named at the last build, so moving scenarios away from a
    /// guide re-renders that guide too.
    private var scenarioGuides: [String: Set<String>] = [:]
    private var hasBuilt = false
    private let lock = NSLock()

    /// A builder for the site that `options` describes; nothing is built until `rebuild()`.
    public init(options: BuildOptions) {
        self.options = options
    }

    /// Every file of the last successful build, by output path.
    public var files: [String: Data] { lock.withLock { snapshot } }

    /// Reads the site again and re-renders the pages whose sources changed. The first call
    /// renders everything.
    @discardableResult
    public func rebuild() -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        var diagnostics: [Diagnostic] = []
        let site = Site.load(root: options.root, diagnostics: &diagnostics)
        let checked = CheckedSite.check(site, diagnostics: &diagnostics)
        guard !diagnostics.containsErrors,
            let today = Today.resolve(asOf: options.asOf, timeZone: site.configuration.timeZone)
        else {
            return Outcome(diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: site.sources, renderedPages: [], changed: false)
        }
        let plan = BuildPlan(checked: checked)
        let texts = site.sources.all.mapValues(\.text)
        let changed = Set(texts.keys).union(sourceTexts.keys).filter { texts[$0] != sourceTexts[$0] }
        var formerGuides: Set<String> = []
        for path in changed { formerGuides.formUnion(scenarioGuides[path, default: []]) }
        let dirty = hasBuilt
            ? plan.pages.filter { page in
                if case .guide(let slug) = page.kind, formerGuides.contains(slug) { return true }
                return IncrementalBuilder.page(page, dependsOnAnyOf: changed, checked: checked)
            }
            : plan.pages

        let output = MemoryOutput()
        diagnostics += Builder.write(dirty, of: checked, plan: plan, today: today, jobs: options.jobs, into: output)
        diagnostics += Builder.writeSiteFiles(of: site, plan: plan, into: output)
        guard !diagnostics.containsErrors else {
            return Outcome(diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: site.sources, renderedPages: [], changed: false)
        }
        // Pages that were not rendered again keep their bytes; pages that no longer exist go.
        var next: [String: Data] = [:]
        for page in plan.pages { next[page.path] = snapshot[page.path] }
        for (path, data) in output.files { next[path] = data }
        let changedSnapshot = next != snapshot
        snapshot = next
        sourceTexts = texts
        scenarioGuides = Dictionary(site.scenarioFiles.map { ($0.path, Set($0.scenarios.flatMap(\.guides))) }, uniquingKeysWith: { $0.union($1) })
        hasBuilt = true
        return Outcome(
            diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: site.sources,
            renderedPages: dirty.map(\.path), changed: changedSnapshot)
    }

    /// Whether `page` must be rendered again when the files in `changed` changed.
    static func page(_ page: Page, dependsOnAnyOf changed: Set<String>, checked: CheckedSite) -> Bool {
        guard !changed.isEmpty else { return false }
        // Settings, rules, calendars and templates reach every page.
        let global = changed.contains { path in
            path == SitePaths.siteFile || path.hasPrefix(SitePaths.rules + "/") || path.hasPrefix(SitePaths.calendars + "/")
                || path.hasPrefix(SitePaths.templates + "/")
        }
        if global { return true }
        let glossaryChanged = changed.contains(SitePaths.glossary)
        switch page.kind {
        case .index:
            // The index lists every guide's title and description.
            return changed.contains { $0.hasPrefix(SitePaths.guides + "/") }
        case .glossary:
            return glossaryChanged
        case .guide(let slug), .scenario(let slug, _):
            if glossaryChanged { return true }
            guard let guide = checked.site.guides.first(where: { $0.slug == slug }) else { return true }
            if changed.contains(guide.path) { return true }
            if let body = checked.guideDocuments[slug] {
                let partials = CheckedSite.includedPartials(of: body, partials: checked.partialDocuments)
                if partials.contains(where: { changed.contains("\(SitePaths.partials)/\($0).md") }) { return true }
            }
            return checked.site.scenarioFiles.contains { $0.guides.contains(slug) && changed.contains($0.path) }
        }
    }
}
