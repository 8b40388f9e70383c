import Diagnostics
import Foundation
import Rules

/// Keeps a built site in memory and, when files change, re-renders only the pages that depend
/// on what changed (for `sitegen serve`). Every rebuild reads the whole site again, but parses
/// and checks again only what depends on files whose bytes changed (``SiteCache``); a page is
/// rendered again only when one of its sources changed. The bytes are always exactly those of
/// a clean build.
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
    private var lastToday: CivilDate?
    private var lastDiagnostics: [Diagnostic] = []
    private var lastAssets: Set<String> = []
    private var lastPagePaths: [String] = []
    private var lastBaseURL = ""
    private var stamper: DateStamper?
    private var stamperFormats: [String: String] = [:]
    private let cache: SiteCache
    private let lock = NSLock()

    /// A builder for the site that `options` describes; nothing is built until `rebuild()`.
    public convenience init(options: BuildOptions) {
        self.init(options: options, cache: SiteCache())
    }

    /// A builder that keeps what it parsed in `cache` (tests give one with a short settle time).
    init(options: BuildOptions, cache: SiteCache) {
        self.options = options
        self.cache = cache
    }

    /// How many source files the rebuilds so far read from disk rather than trusting `stat`.
    var filesRead: Int { cache.filesRead }

    /// Every file of the last successful build, by output path.
    public var files: [String: Data] { lock.withLock { snapshot } }

    /// Reads the site again and re-renders the pages whose sources changed. The first call
    /// renders everything.
    @discardableResult
    public func rebuild() -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        var diagnostics: [Diagnostic] = []
        var timings = PhaseTimings()
        defer { timings.report() }
        let site = Site.load(root: options.root, cache: cache, diagnostics: &diagnostics)
        timings.mark("load")
        let texts = site.sources.all.mapValues(\.text)
        // Unchanged files are the very strings of the last build (the cache hands them back),
        // so most of these comparisons end at the storage pointer.
        let changed = Set(texts.keys).union(sourceTexts.keys).filter { texts[$0] != sourceTexts[$0] }
        let today = Today.resolve(asOf: options.asOf, timeZone: site.configuration.timeZone)
        // Pages are a function of the sources and the date alone: when neither changed since the
        // last successful build (a save without changes), only the assets, copied as they are,
        // can differ.
        if hasBuilt, changed.isEmpty, today == lastToday, !diagnostics.containsErrors {
            return reuseLastBuild(of: site)
        }
        let checked = CheckedSite.check(site, cache: cache, diagnostics: &diagnostics)
        timings.mark("check")
        guard !diagnostics.containsErrors, let today else {
            return Outcome(diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: site.sources, renderedPages: [], changed: false)
        }
        let plan = BuildPlan(checked: checked)
        var dirty = plan.pages
        if hasBuilt {
            var formerGuides: Set<String> = []
            for path in changed { formerGuides.formUnion(scenarioGuides[path, default: []]) }
            let guides = IncrementalBuilder.guides(dependingOnAnyOf: changed, checked: checked)
            dirty = plan.pages.filter { page in
                switch page.kind {
                case .index: return guides.index
                case .glossary: return guides.glossary
                case .guide(let slug): return guides.all || guides.slugs.contains(slug) || formerGuides.contains(slug)
                case .scenario(let slug, _): return guides.all || guides.slugs.contains(slug)
                }
            }
        }

        timings.mark("plan")
        let output = MemoryOutput()
        // Dates formatted by earlier rebuilds are kept while the settings that format them are.
        let configuration = site.configuration
        if stamper == nil || stamper?.language != configuration.language
            || stamper?.timeZoneIdentifier != configuration.timeZone || stamperFormats != configuration.dateFormats
        {
            stamper = PageRenderer.stamper(for: configuration)
            stamperFormats = configuration.dateFormats
        }
        diagnostics += Builder.write(dirty, of: checked, plan: plan, today: today, jobs: options.jobs, into: output, stamper: stamper)
        timings.mark("render \(dirty.count) pages")
        // The sitemap lists the pages under the base URL; with both the same, it is the same.
        let pagePaths = plan.pages.map(\.path)
        let sameSitemap = hasBuilt && pagePaths == lastPagePaths && site.configuration.baseURL == lastBaseURL
        diagnostics += Builder.writeSiteFiles(of: site, plan: plan, into: output, sitemap: sameSitemap ? snapshot["sitemap.xml"] : nil)
        timings.mark("sitemap and assets")
        guard !diagnostics.containsErrors else {
            return Outcome(diagnostics: Array(Set(diagnostics)).sortedForDisplay(), sources: site.sources, renderedPages: [], changed: false)
        }
        // Pages that were not rendered again keep their bytes; pages that no longer exist go.
        // Only what was written can differ from before, besides pages that came or went.
        var next: [String: Data]
        if pagePaths == lastPagePaths {
            next = snapshot  // the same pages: only what was written changes
        } else {
            next = [:]
            next.reserveCapacity(plan.pages.count + output.files.count)
            for page in plan.pages {
                next[page.path] = snapshot[page.path]
                for path in page.companionPaths { next[path] = snapshot[path] }
            }
        }
        // Assets that are gone must not stay.
        let assetOutputs = Set(site.assets.map(\.output))
        for path in lastAssets.subtracting(assetOutputs) { next[path] = nil }
        var changedSnapshot = false
        for (path, data) in output.files {
            if !changedSnapshot, snapshot[path] != data { changedSnapshot = true }
            next[path] = data
        }
        // The files are the pages, the sitemap and the assets: with the same pages and assets,
        // and nothing written differently, nothing changed.
        if !changedSnapshot { changedSnapshot = pagePaths != lastPagePaths || assetOutputs != lastAssets }
        snapshot = next
        lastPagePaths = pagePaths
        lastBaseURL = site.configuration.baseURL
        sourceTexts = texts
        lastToday = today
        lastDiagnostics = Array(Set(diagnostics)).sortedForDisplay()
        lastAssets = assetOutputs
        scenarioGuides = Dictionary(site.scenarioFiles.map { ($0.path, Set($0.scenarios.flatMap(\.guides))) }, uniquingKeysWith: { $0.union($1) })
        cache.keepOnly(Set(texts.keys))
        hasBuilt = true
        timings.mark("snapshot")
        return Outcome(diagnostics: lastDiagnostics, sources: site.sources, renderedPages: dirty.map(\.path), changed: changedSnapshot)
    }

    /// The outcome of a rebuild whose sources are those of the last successful build: its
    /// pages stand, with its warnings; assets changed on disk are taken in.
    private func reuseLastBuild(of site: Site) -> Outcome {
        var diagnostics: [Diagnostic] = []
        let assetOutputs = Set(site.assets.map(\.output))
        var changed = assetOutputs != lastAssets
        var next = snapshot
        for path in lastAssets { next[path] = nil }
        let files = SiteFiles(root: site.root)
        for asset in site.assets {
            guard let data = files.asset(asset.source, diagnostics: &diagnostics) else { continue }
            if snapshot[asset.output] != data { changed = true }
            next[asset.output] = data
        }
        guard !diagnostics.containsErrors else {
            return Outcome(diagnostics: diagnostics, sources: site.sources, renderedPages: [], changed: false)
        }
        if changed {
            snapshot = next
            lastAssets = assetOutputs
        }
        return Outcome(diagnostics: lastDiagnostics, sources: site.sources, renderedPages: [], changed: changed)
    }

    /// Which pages depend on the files in `changed`: every page, or the index, the glossary
    /// and the pages of some guides.
    struct DirtyGuides {
        var all = false
        var index = false
        var glossary = false
        var slugs: Set<String> = []
    }

    /// The guides whose pages must be rendered again when the files in `changed` changed,
    /// worked out once per guide rather than once per page.
    static func guides(dependingOnAnyOf changed: Set<String>, checked: CheckedSite) -> DirtyGuides {
        var dirty = DirtyGuides()
        guard !changed.isEmpty else { return dirty }
        // Settings, rules, calendars and templates reach every page.
        let global = changed.contains { path in
            path == SitePaths.siteFile || path.hasPrefix(SitePaths.rules + "/") || path.hasPrefix(SitePaths.calendars + "/")
                || path.hasPrefix(SitePaths.templates + "/")
        }
        if global { return DirtyGuides(all: true, index: true, glossary: true) }
        // The index lists every guide's title and description.
        dirty.index = changed.contains { $0.hasPrefix(SitePaths.guides + "/") }
        if changed.contains(SitePaths.glossary) {
            // Terms are marked on every guide's pages.
            dirty.all = true
            dirty.glossary = true
            return dirty
        }
        let changedPartials = Set(changed.compactMap { path -> String? in
            guard path.hasPrefix(SitePaths.partials + "/"), path.hasSuffix(".md") else { return nil }
            return String(path.dropFirst(SitePaths.partials.count + 1).dropLast(3))
        })
        for file in checked.site.scenarioFiles where changed.contains(file.path) {
            dirty.slugs.formUnion(file.guides)
            for scenario in file.scenarios { dirty.slugs.formUnion(scenario.guides) }
        }
        for guide in checked.site.guides where !dirty.slugs.contains(guide.slug) {
            if changed.contains(guide.path) {
                dirty.slugs.insert(guide.slug)
            } else if !changedPartials.isEmpty, let body = checked.guideDocuments[guide.slug],
                !CheckedSite.includedPartials(of: body, partials: checked.partialDocuments).isDisjoint(with: changedPartials)
            {
                dirty.slugs.insert(guide.slug)
            }
        }
        return dirty
    }
}
